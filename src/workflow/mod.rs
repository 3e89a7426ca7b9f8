//! The governance workflow: where each adoption stands, what was approved, when it is due.
//!
//! `assemble` and `publish` ask this module questions; the commands that record events
//! (`approve`, `record`, `agree`) live in `commands`.

pub mod calendar;
pub mod commands;
pub mod fingerprint;
pub mod integrity;
pub mod records;
pub mod redline;
pub mod snapshot;
pub mod status;

use jiff::civil::Date;
use serde::Serialize;

use crate::assemble::Merged;
use crate::dates;
use crate::load::Project;
use crate::model::{Adoption, EventKind, ModelPolicy};
use snapshot::Snapshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Populating,
    Ready,
    SentForComment,
    Approved,
    Received,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Populating => "populating",
            Stage::Ready => "ready",
            Stage::SentForComment => "sent-for-comment",
            Stage::Approved => "approved",
            Stage::Received => "received",
        }
    }

    /// Words for a person, never colour alone.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Populating => "Populating: contextual areas still to fill",
            Stage::Ready => "Ready: complete, awaiting approval",
            Stage::SentForComment => "Sent to the trust officer for comment",
            Stage::Approved => "Approved by the local governing body",
            Stage::Received => "Approved and received by the trust",
        }
    }
}

/// Where one school's adoption of one policy stands today.
#[derive(Debug, Clone)]
pub struct AdoptionState {
    pub stage: Stage,
    pub model_version: Option<u32>,
    pub approved_version: Option<u32>,
    pub approved_on: Option<Date>,
    pub review_due: Option<Date>,
    pub due_soon: bool,
    pub overdue: bool,
    pub behind_model: bool,
    /// The draft differs from the latest approved text.
    pub changed_since_approval: bool,
    pub missing: Vec<String>,
}

/// Works out the stage of an adoption from its records, its current draft and its latest snapshot.
pub fn state_of(
    project: &Project,
    policy: &ModelPolicy,
    adoption: &Adoption,
    draft: Option<&Merged>,
    latest: Option<&Snapshot>,
    today: Date,
) -> AdoptionState {
    let approval = adoption.latest_approval();
    let matches_approved = match (draft, latest) {
        (Some(d), Some(s)) => d.missing.is_empty() && d.markdown == s.markdown,
        _ => false,
    };
    let missing = draft.map(|d| d.missing.clone()).unwrap_or_default();
    let stage = if matches_approved {
        if approval.is_some_and(|a| a.received_on.is_some()) {
            Stage::Received
        } else {
            Stage::Approved
        }
    } else if draft.is_none() || !missing.is_empty() {
        Stage::Populating
    } else if sent_since_last_approval(adoption) {
        Stage::SentForComment
    } else {
        Stage::Ready
    };
    let approved_on = approval.and_then(|a| dates::parse(&a.approved_on.value));
    let cycle = latest.map_or(policy.meta.review_cycle_months, |s| {
        s.meta.review_cycle_months
    });
    let months = adoption.review_months().map_or(cycle, |m| m.min(cycle));
    let review_due = approved_on.map(|d| dates::add_months(d, months));
    let overdue = review_due.is_some_and(|d| d < today);
    let due_soon = !overdue
        && review_due.is_some_and(|d| {
            dates::days_between(today, d) <= i64::from(project.book.review.due_soon_days)
        });
    let model_version = if policy.is_local() {
        Some(policy.version())
    } else {
        policy.latest_agreed()
    };
    let behind_model = !policy.is_local()
        && match (approval.and_then(|a| a.model_version), model_version) {
            (Some(approved), Some(current)) => approved < current,
            _ => false,
        };
    AdoptionState {
        stage,
        model_version,
        approved_version: approval.map(|a| a.version.value),
        approved_on,
        review_due,
        due_soon,
        overdue,
        behind_model,
        changed_since_approval: approval.is_some() && !matches_approved,
        missing,
    }
}

/// A request for the officer's comment made after the last approval puts the draft with the trust.
fn sent_since_last_approval(adoption: &Adoption) -> bool {
    let after = adoption
        .events
        .iter()
        .rposition(|e| e.event == EventKind::Approved)
        .map_or(0, |i| i + 1);
    adoption.events[after..]
        .iter()
        .any(|e| e.event == EventKind::SentForComment)
}

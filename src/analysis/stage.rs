//! Where an adoption stands: its stage, its versions' review dates and the flags a clerk acts on.
//!
//! These rules run once per adoption, during the analysis; every output reads their result.

use jiff::civil::Date;
use serde::Serialize;

use crate::assemble::Merged;
use crate::dates;
use crate::model::{Adoption, Approval, EventKind, ModelPolicy};
use crate::workflow::snapshot::Snapshot;

use super::terms::Terms;

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

    /// Words for a person, never colour alone, in the trust's own words for its bodies. There
    /// is no generic form: whoever shows a stage knows the school, so it has its terms.
    pub fn describe_in(self, terms: &Terms) -> String {
        match self {
            Stage::Populating => "Populating: contextual areas still to fill".to_string(),
            Stage::Ready => "Ready: complete, awaiting approval".to_string(),
            Stage::SentForComment => "Sent to the trust officer for comment".to_string(),
            Stage::Approved => format!("Approved by the {}", terms.local_body),
            Stage::Received => "Approved and received by the trust".to_string(),
        }
    }

    /// The stage of a published version: approved, or also received by the trust.
    pub fn of_approval(approval: &Approval) -> Stage {
        if approval.received_on.is_some() {
            Stage::Received
        } else {
            Stage::Approved
        }
    }
}

/// Where one school's adoption of one policy stands today.
#[derive(Debug, Clone)]
pub struct AdoptionState {
    pub stage: Stage,
    /// Who decides the text and who approves it: trust-wide, model or local.
    pub tier: crate::model::Tier,
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

impl AdoptionState {
    /// The stage in words, in the trust's terms: a trust-wide policy's approval is its board's
    /// agreement (its stage code stays `approved`, so every reader of stages treats it alike).
    pub fn describe_in(&self, terms: &Terms) -> String {
        match (self.tier, self.stage) {
            (crate::model::Tier::TrustWide, Stage::Approved) => {
                format!("Trust-wide: agreed by the {}", terms.board)
            }
            (crate::model::Tier::TrustWide, _) => {
                format!("Trust-wide: not yet agreed by the {}", terms.board)
            }
            (_, stage) => stage.describe_in(terms),
        }
    }
}

/// The months between approval and review: the policy's cycle (as frozen with the approved
/// text), or the school's own interval when that is shorter.
pub fn review_months(adoption: &Adoption, cycle: u32) -> u32 {
    adoption.review_months().map_or(cycle, |m| m.min(cycle))
}

/// When a version approved on `approved_on` is to be reviewed.
pub fn review_due(approved_on: Option<Date>, adoption: &Adoption, cycle: u32) -> Option<Date> {
    approved_on.map(|d| dates::add_months(d, review_months(adoption, cycle)))
}

/// Is a review due on `due` overdue today, or due within `due_soon_days`?
pub fn review_flags(due: Option<Date>, today: Date, due_soon_days: u32) -> (bool, bool) {
    let overdue = due.is_some_and(|d| d < today);
    let due_soon =
        !overdue && due.is_some_and(|d| dates::days_between(today, d) <= i64::from(due_soon_days));
    (overdue, due_soon)
}

/// Works out the stage of an adoption from its records, its current draft and its latest snapshot.
pub fn state_of(
    policy: &ModelPolicy,
    adoption: &Adoption,
    draft: Option<&Merged>,
    latest: Option<&Snapshot>,
    today: Date,
    due_soon_days: u32,
) -> AdoptionState {
    let approval = adoption.latest_approval();
    let matches_approved = match (draft, latest) {
        (Some(d), Some(s)) => d.missing.is_empty() && d.markdown == s.markdown,
        _ => false,
    };
    let missing = draft.map(|d| d.missing.clone()).unwrap_or_default();
    let stage = if matches_approved {
        approval.map_or(Stage::Approved, Stage::of_approval)
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
    let review_due = review_due(approved_on, adoption, cycle);
    let (overdue, due_soon) = review_flags(review_due, today, due_soon_days);
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
        tier: policy.tier(),
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

//! Where an adoption stands: its stage, its versions' review dates and the flags a clerk acts on.
//!
//! These rules run once per adoption, during the analysis; every output reads their result.

use jiff::civil::Date;
use serde::Serialize;

use crate::assemble::Merged;
use crate::dates;
use crate::model::{Adoption, Approval, Event, EventKind, ModelPolicy};
use crate::workflow::snapshot::Snapshot;

use super::terms::Terms;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The trust's model is agreed, but the school has no adoption file for it yet.
    NotStarted,
    Populating,
    Ready,
    SentForComment,
    /// The officer's comment came back after the draft was sent.
    Commented,
    Approved,
    Received,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::NotStarted => "not-started",
            Stage::Populating => "populating",
            Stage::Ready => "ready",
            Stage::SentForComment => "sent-for-comment",
            Stage::Commented => "commented",
            Stage::Approved => "approved",
            Stage::Received => "received",
        }
    }

    /// Words for a person, never colour alone, in the trust's own words for its bodies. There
    /// is no generic form: whoever shows a stage knows the school, so it has its terms.
    pub fn describe_in(self, terms: &Terms) -> String {
        match self {
            Stage::NotStarted => "Not started: no adoption file yet".to_string(),
            Stage::Populating => "Populating: contextual areas still to fill".to_string(),
            Stage::Ready => format!(
                "Ready: complete, awaiting approval by the {}",
                terms.local_body_short
            ),
            Stage::SentForComment => "Sent to the trust officer for comment".to_string(),
            Stage::Commented => "Commented on by the trust officer".to_string(),
            Stage::Approved => format!("Approved by the {}", terms.local_body),
            Stage::Received => "Approved and received by the trust".to_string(),
        }
    }

    /// Is the school working on a text that is not yet approved?
    pub fn is_in_progress(self) -> bool {
        matches!(
            self,
            Stage::NotStarted
                | Stage::Populating
                | Stage::Ready
                | Stage::SentForComment
                | Stage::Commented
        )
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
    /// The model version the latest approved version was based on.
    pub based_on: Option<u32>,
    /// Since when the adoption has been at its stage, when the records say.
    pub stage_since: Option<Date>,
    /// The officer's most recent comment.
    pub last_comment: Option<OfficerComment>,
}

/// A trust officer's comment on a school's draft, as recorded by `record comment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerComment {
    pub on: Option<Date>,
    pub officer: Option<String>,
    pub text: String,
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
    let model_version = if policy.is_local() {
        Some(policy.version())
    } else {
        policy.latest_agreed()
    };
    let based_on = approval.and_then(|a| a.model_version);
    let work = work_since_last_approval(adoption);
    // A newer model changes the draft, but an approved version keeps its stage until the school
    // starts on the new text: it records a step, or says it fills the newer model.
    let only_the_model_moved = !policy.is_local()
        && !work.iter().any(|e| {
            matches!(
                e.event,
                EventKind::Populated | EventKind::SentForComment | EventKind::Comment
            )
        })
        && matches!((based_on, model_version), (Some(b), Some(m)) if b < m)
        && adoption
            .model_version
            .as_ref()
            .is_none_or(|claimed| based_on.is_some_and(|b| claimed.value <= b));
    let stage = if matches_approved || (approval.is_some() && only_the_model_moved) {
        approval.map_or(Stage::Approved, Stage::of_approval)
    } else if draft.is_none() || !missing.is_empty() {
        Stage::Populating
    } else {
        match work
            .iter()
            .rev()
            .find(|e| matches!(e.event, EventKind::SentForComment | EventKind::Comment))
        {
            Some(e) if e.event == EventKind::Comment => Stage::Commented,
            Some(_) => Stage::SentForComment,
            None => Stage::Ready,
        }
    };
    let stage_since = stage_since(policy, adoption, stage, work);
    let last_comment = adoption
        .events
        .iter()
        .rev()
        .find(|e| e.event == EventKind::Comment)
        .map(|e| OfficerComment {
            on: dates::parse(&e.date.value),
            officer: e.officer.clone(),
            text: e.comment.clone().unwrap_or_default(),
        });
    let approved_on = approval.and_then(|a| dates::parse(&a.approved_on.value));
    let cycle = latest.map_or(policy.meta.review_cycle_months, |s| {
        s.meta.review_cycle_months
    });
    let review_due = review_due(approved_on, adoption, cycle);
    let (overdue, due_soon) = review_flags(review_due, today, due_soon_days);
    let behind_model = !policy.is_local()
        && match (based_on, model_version) {
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
        based_on,
        stage_since,
        last_comment,
    }
}

/// The events recorded since the last approval: the work on the next version.
fn work_since_last_approval(adoption: &Adoption) -> &[Event] {
    let after = adoption
        .events
        .iter()
        .rposition(|e| e.event == EventKind::Approved)
        .map_or(0, |i| i + 1);
    &adoption.events[after..]
}

/// When the adoption reached `stage`: the record that put it there, else the agreement of the
/// model it is working from, or its last approval, whichever came later.
fn stage_since(
    policy: &ModelPolicy,
    adoption: &Adoption,
    stage: Stage,
    work: &[Event],
) -> Option<Date> {
    let last_of = |kinds: &[EventKind]| {
        work.iter()
            .rev()
            .find(|e| kinds.contains(&e.event))
            .and_then(|e| dates::parse(&e.date.value))
    };
    let approval = adoption.latest_approval();
    match stage {
        Stage::Received => approval
            .and_then(|a| a.received_on.as_ref())
            .and_then(|d| dates::parse(&d.value)),
        Stage::Approved => approval.and_then(|a| dates::parse(&a.approved_on.value)),
        Stage::SentForComment => last_of(&[EventKind::SentForComment]),
        Stage::Commented => last_of(&[EventKind::Comment]),
        Stage::NotStarted | Stage::Populating | Stage::Ready => {
            let agreed = agreed_on(policy, policy.latest_agreed());
            let approved = approval.and_then(|a| dates::parse(&a.approved_on.value));
            let populated = last_of(&[EventKind::Populated]);
            [agreed, approved, populated].into_iter().flatten().max()
        }
    }
}

/// The day the board agreed a version of the model.
pub fn agreed_on(policy: &ModelPolicy, version: Option<u32>) -> Option<Date> {
    policy
        .record_of(version?)
        .and_then(|r| r.agreed_on.as_ref())
        .and_then(|d| dates::parse(&d.value))
}

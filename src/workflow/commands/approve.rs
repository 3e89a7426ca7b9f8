//! The rules of `approve`: whether a school's text may be approved now, and what approving it
//! writes — the frozen text, its record, the message — as a plan, without touching the files.

use std::path::PathBuf;

use jiff::civil::Date;

use super::{ApproveRequest, Candidate, RecordsPlan, Terms, cli_error, one, parse_date, spanned};
use crate::assemble::Merged;
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{Adoption, Approval, Event, EventKind, ModelStatus};
use crate::workflow::snapshot::{self, Snapshot, SnapshotMeta, sha256_hex};

/// The meeting that approved the text, as the clerk gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub date: Date,
    /// The date as written, for messages.
    pub given_date: String,
    pub minute: String,
    pub chair: String,
}

/// What approving a text writes.
#[derive(Debug, Clone)]
pub struct ApprovalPlan {
    pub school: String,
    pub policy: String,
    pub version: u32,
    /// `schools/<school>/snapshots/<policy>/v<N>.md`.
    pub snapshot_file: PathBuf,
    /// The frozen text's exact bytes; its SHA-256 is in the new approval record.
    pub snapshot_text: String,
    pub records: RecordsPlan,
    /// What the command tells the clerk.
    pub message: String,
}

/// The meeting's details: a past date, a minute reference and a chair.
pub fn meeting(req: &ApproveRequest, terms: &Terms, today: Date) -> Result<Meeting, Diagnostics> {
    let date = parse_date(
        &req.date,
        &format!("date of the {} meeting", terms.local_body_short),
        today,
    )?;
    if req.minute.trim().is_empty() {
        return Err(cli_error(
            "the minute reference is empty",
            format!(
                "give the reference of the minute recording the approval, such as --minute {}/25/07",
                terms.minute_prefix()
            ),
        ));
    }
    if req.chair.trim().is_empty() {
        return Err(cli_error(
            "the chair is empty",
            format!(
                "give the name or role of the chair who signs the policy, such as --chair \"Chair of the {}\"",
                terms.local_body_short
            ),
        ));
    }
    Ok(Meeting {
        date,
        given_date: req.date.clone(),
        minute: req.minute.trim().to_string(),
        chair: req.chair.trim().to_string(),
    })
}

/// The text to approve, whole: every required field filled in. Each missing field is an error
/// at the adoption's `values:` line (`values_line`, asked only when needed).
pub fn complete<'a>(
    candidate: &Candidate<'a>,
    values_line: impl FnOnce() -> Position,
) -> Result<&'a Merged, Diagnostics> {
    let file = &candidate.adoption.file;
    let draft = candidate.draft.ok_or_else(|| {
        one(Diagnostic::error(
            file,
            Position::new(1, 1),
            "the policy text cannot be put together",
        )
        .with_hint("run `policyforge check` and fix the errors it shows"))
    })?;
    if draft.missing.is_empty() {
        return Ok(draft);
    }
    let at = values_line();
    let mut all = Diagnostics::default();
    for name in &draft.missing {
        let help = candidate
            .policy
            .field(name)
            .map(|f| f.help.clone())
            .unwrap_or_default();
        all.push(
            Diagnostic::error(
                file,
                at,
                format!("cannot approve: `{name}` is not filled in"),
            )
            .with_hint(format!("add it under `values:`. {help}")),
        );
    }
    Err(all)
}

/// The version number the next approval gets: one more than the newest recorded.
pub fn next_version(adoption: &Adoption) -> u32 {
    adoption
        .approvals
        .iter()
        .map(|a| a.version.value)
        .max()
        .unwrap_or(0)
        + 1
}

/// The model version a school's text may be approved on: the trust's current one, agreed by
/// its board before the meeting. `None` for a school's own local policy.
fn model_version(
    candidate: &Candidate<'_>,
    meeting: &Meeting,
    terms: &Terms,
) -> Result<Option<u32>, Diagnostics> {
    let policy = candidate.policy;
    if policy.is_local() {
        return Ok(None);
    }
    let file = &candidate.adoption.file;
    let claimed = candidate.adoption.model_version.as_ref().map(|v| v.value);
    if claimed != Some(policy.version()) {
        return Err(one(Diagnostic::error(file, Position::new(1, 1), format!(
            "cannot approve: this adoption fills model version {}, but the trust's current text is version {}",
            claimed.map_or("(none)".to_string(), |v| v.to_string()),
            policy.version()
        )).with_hint(format!("review the model's changes, set `model_version: {}` and check the values", policy.version()))));
    }
    let record = policy
        .record_of(policy.version())
        .filter(|r| r.status == ModelStatus::Agreed)
        .ok_or_else(|| {
            one(Diagnostic::error(
                &policy.file,
                Position::new(1, 1),
                format!(
                    "cannot approve: model version {} has not been agreed by the {}",
                    policy.version(),
                    terms.board
                ),
            )
            .with_hint(format!(
                "schools adopt only versions the {} has agreed",
                terms.board
            )))
        })?;
    if let Some(agreed) = record
        .agreed_on
        .as_ref()
        .and_then(|d| dates::parse(&d.value))
        && meeting.date < agreed
    {
        return Err(cli_error(
            format!(
                "the approval date {} is before the {} agreed model version {} on {}",
                meeting.given_date,
                terms.board,
                policy.version(),
                dates::iso(agreed)
            ),
            format!(
                "a school's text is approved by the {} only after the {} has agreed its model version: check the meeting date",
                terms.local_body_short, terms.board
            ),
        ));
    }
    Ok(Some(policy.version()))
}

/// A new text, approved after the last one: else nothing is approved.
fn newer_than_latest(
    candidate: &Candidate<'_>,
    draft: &Merged,
    meeting: &Meeting,
) -> Result<(), Diagnostics> {
    let Some(latest) = candidate.latest else {
        return Ok(());
    };
    if latest.markdown == draft.markdown {
        return Err(one(Diagnostic::error(
            &candidate.adoption.file,
            Position::new(1, 1),
            format!(
                "this text is already approved as version {}",
                latest.meta.version
            ),
        )
        .with_hint(
            "change the values (or adopt a new model version) before approving again",
        )));
    }
    if let Some(previous) = dates::parse(&latest.meta.approved_on)
        && meeting.date < previous
    {
        return Err(cli_error(
            format!(
                "the approval date {} is before version {} was approved on {}",
                meeting.given_date, latest.meta.version, latest.meta.approved_on
            ),
            "give the date of the meeting that approved this new text",
        ));
    }
    Ok(())
}

/// What approving `draft` at `meeting` writes, or why it may not be approved.
pub fn plan(
    candidate: &Candidate<'_>,
    draft: &Merged,
    meeting: &Meeting,
    changes: Option<&str>,
) -> Result<ApprovalPlan, Diagnostics> {
    let terms = candidate.terms();
    let model_version = model_version(candidate, meeting, &terms)?;
    newer_than_latest(candidate, draft, meeting)?;
    let (school, policy, adoption) = (candidate.school, candidate.policy, candidate.adoption);
    let version = next_version(adoption);
    let frozen = Snapshot {
        meta: SnapshotMeta {
            school: school.id.clone(),
            school_name: school.name.value.clone(),
            trust_name: candidate.trust.map(|t| t.name.clone()).unwrap_or_default(),
            policy: policy.id().to_string(),
            title: policy.meta.title.clone(),
            version,
            model_version,
            approved_on: dates::iso(meeting.date),
            minute: meeting.minute.clone(),
            chair: meeting.chair.clone(),
            review_cycle_months: policy.meta.review_cycle_months,
        },
        markdown: draft.markdown.clone(),
    };
    let snapshot_text = snapshot::freeze(&frozen, &terms.local_body_short);
    let snapshot_file = snapshot::path_for(&school.id, policy.id(), version);
    let mut approvals = adoption.approvals.clone();
    approvals.push(Approval {
        version: spanned(version),
        model_version,
        approved_on: spanned(dates::iso(meeting.date)),
        minute: meeting.minute.clone(),
        chair: meeting.chair.clone(),
        changes: Some(match changes {
            Some(c) => c.to_string(),
            None if version == 1 => "First adoption.".to_string(),
            None => "Updated contextual areas.".to_string(),
        }),
        sha256: spanned(sha256_hex(snapshot_text.as_bytes())),
        received_on: None,
    });
    let mut events = adoption.events.clone();
    events.push(Event {
        event: EventKind::Approved,
        date: spanned(dates::iso(meeting.date)),
        officer: None,
        comment: None,
        version: Some(version),
    });
    let cycle = policy.meta.review_cycle_months;
    let due = dates::add_months(
        meeting.date,
        adoption.review_months().map_or(cycle, |m| m.min(cycle)),
    );
    let message = format!(
        "Approved {} for {} as version {version} ({} minute {}, chair {}). Review due {}; frozen text: {}",
        policy.meta.title,
        school.name.value,
        terms.local_body_short,
        meeting.minute,
        meeting.chair,
        dates::british(due),
        snapshot_file.display()
    );
    Ok(ApprovalPlan {
        school: school.id.clone(),
        policy: policy.id().to_string(),
        version,
        snapshot_file,
        snapshot_text,
        records: RecordsPlan {
            adoption_file: adoption.file.clone(),
            events,
            approvals,
        },
        message,
    })
}

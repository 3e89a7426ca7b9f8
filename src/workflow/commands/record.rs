//! The rules of `record`: which workflow events may be recorded now, and the records and
//! message that recording one leaves — as a plan, without touching the files.

use jiff::civil::Date;

use super::{Candidate, RecordRequest, RecordsPlan, cli_error, one, spanned};
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{Event, EventKind};

/// The adoption's records with the event added, and what to tell the clerk.
pub fn plan(
    candidate: &Candidate<'_>,
    req: &RecordRequest,
    date: Date,
) -> Result<(RecordsPlan, String), Diagnostics> {
    let terms = candidate.terms();
    // Who receives an approved policy: the school's trust, by name.
    let receiver = candidate
        .trust
        .map_or_else(|| "the trust".to_string(), |t| t.name.clone());
    let file = &candidate.adoption.file;
    let mut events = candidate.adoption.events.clone();
    let mut approvals = candidate.adoption.approvals.clone();
    let mut event = Event {
        event: req.kind,
        date: spanned(dates::iso(date)),
        officer: req.officer.clone(),
        comment: req.comment.clone(),
        version: None,
    };
    let message = match req.kind {
        EventKind::Populated => {
            if !candidate.draft.is_some_and(|d| d.missing.is_empty()) {
                return Err(one(Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    "not every required field is filled in yet",
                )
                .with_hint(format!("still missing: {}", candidate.missing.join(", ")))));
            }
            "Recorded that the contextual areas are populated.".to_string()
        }
        EventKind::SentForComment => {
            if candidate.draft.is_none_or(|d| !d.missing.is_empty()) {
                return Err(one(Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    "the draft is incomplete, so it cannot be sent for comment",
                )
                .with_hint(format!("fill in: {}", candidate.missing.join(", ")))));
            }
            event
                .officer
                .get_or_insert_with(|| "Trust officer".to_string());
            "Recorded that the draft was sent to the trust officer for comment.".to_string()
        }
        EventKind::Comment => {
            if req.comment.as_deref().is_none_or(|c| c.trim().is_empty()) {
                return Err(cli_error(
                    "a comment event needs the officer's comment",
                    "add --comment \"...\"",
                ));
            }
            event
                .officer
                .get_or_insert_with(|| "Trust officer".to_string());
            "Recorded the trust officer's comment.".to_string()
        }
        EventKind::Received => {
            let Some(latest) = approvals.iter_mut().max_by_key(|a| a.version.value) else {
                return Err(one(Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    format!("nothing has been approved, so {receiver} cannot have received it"),
                )
                .with_hint(format!(
                    "record the approval by the {} first with `policyforge approve`",
                    terms.local_body_short
                ))));
            };
            if latest.received_on.is_some() {
                return Err(one(Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    format!(
                        "version {} is already recorded as received",
                        latest.version.value
                    ),
                )
                .with_hint("nothing to do")));
            }
            if dates::parse(&latest.approved_on.value).is_some_and(|a| date < a) {
                return Err(cli_error(
                    format!(
                        "{} is before the approval on {}",
                        dates::iso(date),
                        latest.approved_on.value
                    ),
                    format!(
                        "{receiver} receives a policy only after its approval by the {}",
                        terms.local_body_short
                    ),
                ));
            }
            latest.received_on = Some(spanned(dates::iso(date)));
            event.version = Some(latest.version.value);
            format!(
                "Recorded that {receiver} received version {}.",
                latest.version.value
            )
        }
        EventKind::Approved => {
            return Err(cli_error(
                "approvals are recorded with `policyforge approve`",
                "use `policyforge approve`",
            ));
        }
    };
    events.push(event);
    let records = RecordsPlan {
        adoption_file: file.clone(),
        events,
        approvals,
    };
    Ok((records, message))
}

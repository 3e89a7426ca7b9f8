//! The commands that record workflow events: `approve`, `record`, `agree`.
//!
//! Each checks everything first and writes nothing unless all is well; files are written
//! atomically, and only their record sections are rewritten.
//!
//! Why over 700 lines: each command's rules and its writing live together today; issue 10 splits
//! `approve` into pure rules returning a plan and the code that writes it.

use std::path::{Path, PathBuf};

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity};
use crate::durable::{Transaction, write_atomic};
use crate::load::{self, yaml::nearest};
use crate::model::{Approval, Event, EventKind, ModelStatus, ModelVersion};
use crate::validate::{self, Checked, CheckedAdoption};
use crate::workflow::fingerprint;
use crate::workflow::records::{block, replace_blocks};
use crate::workflow::snapshot::{self, Snapshot, SnapshotMeta, sha256_hex};
use serde_saphyr::Spanned;

/// What `approve` does about an approval that an interrupted command left half-recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    /// Record the approval of a frozen text that has no record, from the text's own details.
    Finish,
    /// Remove a frozen text without a record, or the newest record whose frozen text is missing.
    Undo,
}

pub struct ApproveRequest {
    pub interrupted: Option<Interrupted>,
    pub school: String,
    pub policy: String,
    pub date: String,
    pub minute: String,
    pub chair: String,
    pub changes: Option<String>,
}

pub struct RecordRequest {
    pub kind: EventKind,
    pub school: String,
    pub policy: String,
    pub date: Option<String>,
    pub officer: Option<String>,
    pub comment: Option<String>,
}

pub struct AgreeRequest {
    pub trust: String,
    pub policy: String,
    pub date: Option<String>,
    pub minute: Option<String>,
    pub changes: Option<String>,
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

fn cli_error(message: impl Into<String>, hint: impl Into<String>) -> Diagnostics {
    one(Diagnostic::error("command line", Position::new(1, 1), message).with_hint(hint))
}

fn spanned<T>(value: T) -> Spanned<T> {
    let at = serde_saphyr::Location::UNKNOWN;
    Spanned::new(value, at, at)
}

/// Loads and validates, failing on errors in the files this command depends on.
/// Those files are the school's folder and, when `policy_text` is set, the folder holding the
/// policy text it adopts (a trust's models, or the school's own).
fn with_project<R>(
    root: &Path,
    school: &str,
    policy_text: Option<&str>,
    then: impl FnOnce(&Checked<'_>) -> Result<R, Diagnostics>,
) -> Result<R, Diagnostics> {
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    let school_dir = PathBuf::from("schools").join(school);
    let policy_dir = policy_text.and_then(|policy| {
        let text = project.policy_for(project.school(school)?, policy)?;
        text.file.parent().map(Path::to_path_buf)
    });
    let relevant = |file: &Path| {
        file.starts_with(&school_dir) || policy_dir.as_deref().is_some_and(|d| file.starts_with(d))
    };
    let today = dates::today();
    let (checked, more) = validate::validate(&project, today);
    let mut blocking = Diagnostics::default();
    for d in problems.into_iter().chain(more) {
        if d.severity == Severity::Error && (relevant(&d.file) || d.file == Path::new("book.toml"))
        {
            blocking.push(d);
        }
    }
    if blocking.has_errors() {
        return Err(blocking);
    }
    then(&checked)
}

fn find<'c>(
    checked: &'c Checked<'_>,
    school: &str,
    policy: &str,
) -> Result<&'c CheckedAdoption<'c>, Diagnostics> {
    if checked.project.school(school).is_none() {
        return Err(one(crate::cli::unknown_school(checked.project, school)));
    }
    checked
        .adoptions
        .iter()
        .find(|a| a.school.id == school && a.policy.id() == policy)
        .ok_or_else(|| {
            let known: Vec<&str> = checked.adoptions.iter().filter(|a| a.school.id == school).map(|a| a.policy.id()).collect();
            cli_error(
                format!("{school} has no adoption of a policy `{policy}`"),
                match nearest(policy, &known) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("create schools/{school}/policies/{policy}.yaml first (`policyforge context --school {school} --policy {policy}` prints one); its policies: {}", known.join(", ")),
                },
            )
        })
}

fn parse_date(text: &str, what: &str) -> Result<jiff::civil::Date, Diagnostics> {
    let date = dates::parse(text).ok_or_else(|| {
        cli_error(
            format!("`{text}` is not a date: {}", dates::explain(text)),
            format!("give the {what} as YYYY-MM-DD, for example 2025-09-01"),
        )
    })?;
    if date > dates::today() {
        return Err(cli_error(
            format!("the {what} {text} is in the future"),
            "record a decision on or after the day the meeting happened",
        ));
    }
    Ok(date)
}

pub fn approve(root: &Path, req: &ApproveRequest) -> Result<String, Diagnostics> {
    if let Some(step) = req.interrupted {
        return resolve_interrupted(root, req, step);
    }
    let date = parse_date(&req.date, "date of the LGB meeting")?;
    if req.minute.trim().is_empty() {
        return Err(cli_error(
            "the minute reference is empty",
            "give the reference of the minute recording the approval, such as --minute LGB/25/07",
        ));
    }
    if req.chair.trim().is_empty() {
        return Err(cli_error(
            "the chair is empty",
            "give the name or role of the chair who signs the policy, such as --chair \"Chair of the LGB\"",
        ));
    }
    with_project(root, &req.school, Some(&req.policy), |checked| {
        let item = find(checked, &req.school, &req.policy)?;
        let file = &item.adoption.file;
        let draft = item.draft.as_ref().ok_or_else(|| {
            one(Diagnostic::error(
                file,
                Position::new(1, 1),
                "the policy text cannot be put together",
            )
            .with_hint("run `policyforge check` and fix the errors it shows"))
        })?;
        if !draft.missing.is_empty() {
            let mut all = Diagnostics::default();
            for name in &draft.missing {
                let help = item
                    .policy
                    .field(name)
                    .map(|f| f.help.clone())
                    .unwrap_or_default();
                all.push(
                    Diagnostic::error(
                        file,
                        validate::values_line(checked.project, item.adoption),
                        format!("cannot approve: `{name}` is not filled in"),
                    )
                    .with_hint(format!("add it under `values:`. {help}")),
                );
            }
            return Err(all);
        }
        let policy = item.policy;
        if policy.is_leaflet() {
            // A leaflet that cannot be printed whole is not approved in the first place.
            crate::leaflet::check_fits(checked.project, item.school, policy, &draft.markdown)
                .map_err(one)?;
        }
        let model_version = if policy.is_local() {
            None
        } else {
            let claimed = item.adoption.model_version.as_ref().map(|v| v.value);
            if claimed != Some(policy.version()) {
                return Err(one(Diagnostic::error(file, Position::new(1, 1), format!(
                    "cannot approve: this adoption fills model version {}, but the trust's current text is version {}",
                    claimed.map_or("(none)".to_string(), |v| v.to_string()),
                    policy.version()
                )).with_hint(format!("review the model's changes, set `model_version: {}` and check the values", policy.version()))));
            }
            let record = policy.record_of(policy.version()).filter(|r| r.status == ModelStatus::Agreed).ok_or_else(|| {
                one(Diagnostic::error(&policy.file, Position::new(1, 1), format!("cannot approve: model version {} has not been agreed by the trust board", policy.version()))
                    .with_hint("schools adopt only board-agreed versions"))
            })?;
            if let Some(agreed) = record
                .agreed_on
                .as_ref()
                .and_then(|d| dates::parse(&d.value))
                && date < agreed
            {
                return Err(cli_error(
                    format!(
                        "the approval date {} is before the trust board agreed model version {} on {}",
                        req.date,
                        policy.version(),
                        dates::iso(agreed)
                    ),
                    "an LGB approves a model only after the board has agreed it: check the meeting date",
                ));
            }
            Some(policy.version())
        };
        if let Some(latest) = item.snapshots.last() {
            if latest.markdown == draft.markdown {
                return Err(one(Diagnostic::error(
                    file,
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
                && date < previous
            {
                return Err(cli_error(
                    format!(
                        "the approval date {} is before version {} was approved on {}",
                        req.date, latest.meta.version, latest.meta.approved_on
                    ),
                    "give the date of the meeting that approved this new text",
                ));
            }
        }
        let version = item
            .adoption
            .approvals
            .iter()
            .map(|a| a.version.value)
            .max()
            .unwrap_or(0)
            + 1;
        let trust = item
            .school
            .trust_id()
            .and_then(|t| checked.project.trust(t));
        let snap = Snapshot {
            meta: SnapshotMeta {
                school: item.school.id.clone(),
                school_name: item.school.name.value.clone(),
                trust_name: trust.map(|t| t.name.clone()).unwrap_or_default(),
                policy: policy.id().to_string(),
                title: policy.meta.title.clone(),
                version,
                model_version,
                approved_on: dates::iso(date),
                minute: req.minute.trim().to_string(),
                chair: req.chair.trim().to_string(),
                review_cycle_months: policy.meta.review_cycle_months,
            },
            markdown: draft.markdown.clone(),
        };
        let snap_text = snapshot::serialise(&snap);
        let snap_rel = snapshot::path_for(&item.school.id, policy.id(), version);
        let snap_path = root.join(&snap_rel);
        if snap_path.exists() {
            return Err(one(Diagnostic::error(
                &snap_rel,
                Position::new(1, 1),
                format!(
                    "a frozen text of version {version} already exists, but {} has no record of it",
                    file.display()
                ),
            )
            .with_hint(interrupted_hint(&item.school.id, policy.id(), file))));
        }
        let mut approvals = item.adoption.approvals.clone();
        approvals.push(Approval {
            version: spanned(version),
            model_version,
            approved_on: spanned(dates::iso(date)),
            minute: req.minute.trim().to_string(),
            chair: req.chair.trim().to_string(),
            changes: req.changes.clone().or_else(|| {
                Some(if version == 1 {
                    "First adoption.".to_string()
                } else {
                    "Updated contextual areas.".to_string()
                })
            }),
            sha256: spanned(sha256_hex(snap_text.as_bytes())),
            received_on: None,
        });
        let mut events = item.adoption.events.clone();
        events.push(Event {
            event: EventKind::Approved,
            date: spanned(dates::iso(date)),
            officer: None,
            comment: None,
            version: Some(version),
        });
        write_snapshot_then_records(root, &snap_path, &snap_text, file, &events, &approvals)?;
        let due = dates::add_months(
            date,
            item.adoption
                .review_months()
                .map_or(policy.meta.review_cycle_months, |m| {
                    m.min(policy.meta.review_cycle_months)
                }),
        );
        Ok(format!(
            "Approved {} for {} as version {version} (minute {}, chair {}). Review due {}.\nFrozen text: {}",
            policy.meta.title,
            item.school.name.value,
            req.minute.trim(),
            req.chair.trim(),
            dates::british(due),
            snap_rel.display()
        ))
    })
}

fn write_snapshot_then_records(
    root: &Path,
    snap_path: &Path,
    snap_text: &str,
    adoption_file: &Path,
    events: &[Event],
    approvals: &[Approval],
) -> Result<(), Diagnostics> {
    let records = records_text(root, adoption_file, events, approvals)?;
    let snap_rel = snap_path.strip_prefix(root).unwrap_or(snap_path);
    // The frozen text and its record are committed together: a crash leaves both or neither.
    let mut change = Transaction::new(root);
    change.write(snap_rel, snap_text.as_bytes());
    change.write(adoption_file, records.into_bytes());
    change.commit().map_err(|(file, e)| {
        cli_error(
            format!("cannot write {}: {e}", file.display()),
            "check the folder is writable and the disk is not full; nothing was changed",
        )
    })
}

/// How to settle an approval an interrupted command left half-recorded.
pub fn interrupted_hint(school: &str, policy: &str, adoption_file: &Path) -> String {
    format!(
        "if `policyforge approve` was interrupted, run `policyforge approve --school {school} --policy {policy} --finish` to record the approval from the frozen text, or `--undo` to remove it; if the records were deleted from {}, restore it from version control (`git checkout -- {}`)",
        adoption_file.display(),
        adoption_file.display()
    )
}

/// How to restore approval records that were deleted (older frozen texts lost their records).
pub fn deleted_records_hint(school: &str, policy: &str, adoption_file: &Path) -> String {
    format!(
        "the approval records were removed from {}: restore it from version control (`git checkout -- {}`), or run `policyforge approve --school {school} --policy {policy} --finish` to rebuild them from the frozen texts",
        adoption_file.display(),
        adoption_file.display()
    )
}

/// Is the only frozen text without a record the next version (what an interrupted approve
/// leaves), rather than older versions whose records were deleted?
pub fn looks_interrupted(adoption: &crate::model::Adoption, orphans: &[(u32, PathBuf)]) -> bool {
    let newest = adoption
        .approvals
        .iter()
        .map(|a| a.version.value)
        .max()
        .unwrap_or(0);
    matches!(orphans, [(v, _)] if *v == newest + 1)
}

/// The adoption file with its record sections replaced (values and comments kept).
fn records_text(
    root: &Path,
    adoption_file: &Path,
    events: &[Event],
    approvals: &[Approval],
) -> Result<String, Diagnostics> {
    let text = load::yaml::read_text(root, adoption_file).map_err(one)?;
    let records = format!(
        "# Records below are written by policyforge (approve, record). Do not edit them by hand.\n{}{}",
        block("events", events),
        if approvals.is_empty() {
            String::new()
        } else {
            block("approvals", approvals)
        }
    );
    let cleaned: String = text
        .lines()
        .filter(|l| !l.starts_with("# Records below are written by policyforge"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(replace_blocks(&cleaned, &["events", "approvals"], &records))
}

fn write_records(
    root: &Path,
    adoption_file: &Path,
    events: &[Event],
    approvals: &[Approval],
) -> Result<(), Diagnostics> {
    let updated = records_text(root, adoption_file, events, approvals)?;
    write_atomic(&root.join(adoption_file), updated.as_bytes()).map_err(|e| {
        cli_error(
            format!("cannot write {}: {e}", adoption_file.display()),
            "check the file is writable",
        )
    })
}

/// `approve --finish` / `--undo`: settles what an interrupted approval (or deleted records) left.
fn resolve_interrupted(
    root: &Path,
    req: &ApproveRequest,
    step: Interrupted,
) -> Result<String, Diagnostics> {
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    if project.school(&req.school).is_none() {
        return Err(one(crate::cli::unknown_school(&project, &req.school)));
    }
    let adoption_file = PathBuf::from("schools")
        .join(&req.school)
        .join("policies")
        .join(format!("{}.yaml", req.policy));
    let Some(adoption) = project.adoption(&req.school, &req.policy) else {
        let blocking: Vec<Diagnostic> = problems
            .into_iter()
            .filter(|d| d.file == adoption_file && d.severity == Severity::Error)
            .collect();
        if !blocking.is_empty() {
            let mut all = Diagnostics::default();
            blocking.into_iter().for_each(|d| all.push(d));
            return Err(all);
        }
        return Err(cli_error(
            format!("{} does not exist", adoption_file.display()),
            format!(
                "restore it from version control (`git checkout -- {}`); the frozen texts alone cannot say what else it held",
                adoption_file.display()
            ),
        ));
    };
    let orphans = snapshot::orphans(root, adoption);
    let mut approvals = adoption.approvals.clone();
    let mut events = adoption.events.clone();
    match step {
        Interrupted::Finish => {
            if orphans.is_empty() {
                return Err(cli_error(
                    format!(
                        "nothing to finish: every frozen text of {} has its approval record",
                        req.policy
                    ),
                    "run `policyforge check` to see the state of the records",
                ));
            }
            let mut done = Vec::new();
            for (version, rel) in &orphans {
                let (snap, print) = snapshot::read_unrecorded(root, rel).map_err(one)?;
                let meta = &snap.meta;
                if meta.school != req.school
                    || meta.policy != req.policy
                    || meta.version != *version
                {
                    return Err(one(Diagnostic::error(rel, Position::new(3, 1), format!(
                        "this frozen text says it is version {} of {} for {}, so it cannot be recorded here",
                        meta.version, meta.policy, meta.school
                    )).with_hint("restore the snapshot folder from version control")));
                }
                approvals.push(Approval {
                    version: spanned(*version),
                    model_version: meta.model_version,
                    approved_on: spanned(meta.approved_on.clone()),
                    minute: meta.minute.clone(),
                    chair: meta.chair.clone(),
                    changes: req.changes.clone().or_else(|| {
                        Some(
                            "Recorded from the frozen text after an interrupted approval."
                                .to_string(),
                        )
                    }),
                    sha256: spanned(print),
                    received_on: None,
                });
                if !events
                    .iter()
                    .any(|e| e.event == EventKind::Approved && e.version == Some(*version))
                {
                    events.push(Event {
                        event: EventKind::Approved,
                        date: spanned(meta.approved_on.clone()),
                        officer: None,
                        comment: None,
                        version: Some(*version),
                    });
                }
                done.push(format!(
                    "version {version} (approved on {}, minute {})",
                    meta.approved_on, meta.minute
                ));
            }
            approvals.sort_by_key(|a| a.version.value);
            write_records(root, &adoption.file, &events, &approvals)?;
            Ok(format!(
                "Recorded the approval of {} from its frozen text.",
                done.join(", ")
            ))
        }
        Interrupted::Undo => {
            if !orphans.is_empty() && !looks_interrupted(adoption, &orphans) {
                return Err(cli_error(
                    format!(
                        "the frozen texts without records ({}) are not an interrupted approval, so they were kept",
                        orphans
                            .iter()
                            .map(|(_, p)| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    deleted_records_hint(&req.school, &req.policy, &adoption.file),
                ));
            }
            if !orphans.is_empty() {
                let mut removed = Vec::new();
                for (_, rel) in &orphans {
                    std::fs::remove_file(root.join(rel)).map_err(|e| {
                        cli_error(
                            format!("cannot remove {}: {e}", rel.display()),
                            "check the folder is writable",
                        )
                    })?;
                    removed.push(rel.display().to_string());
                }
                let dir = root.join(snapshot::folder_for(&req.school, &req.policy));
                let _ = crate::durable::sync_dir(&dir);
                return Ok(format!(
                    "Removed the frozen text without a record: {}.",
                    removed.join(", ")
                ));
            }
            let latest = approvals.iter().map(|a| a.version.value).max();
            let missing = latest.filter(|v| {
                !root
                    .join(snapshot::path_for(&req.school, &req.policy, *v))
                    .exists()
            });
            let Some(version) = missing else {
                return Err(cli_error(
                    format!(
                        "nothing to undo: every approval record of {} has its frozen text, and every frozen text its record",
                        req.policy
                    ),
                    "run `policyforge check` to see the state of the records",
                ));
            };
            approvals.retain(|a| a.version.value != version);
            events.retain(|e| !(e.event == EventKind::Approved && e.version == Some(version)));
            write_records(root, &adoption.file, &events, &approvals)?;
            Ok(format!(
                "Removed the record of version {version}, whose frozen text was never written. Approve the text again with `policyforge approve`."
            ))
        }
    }
}

pub fn record(root: &Path, req: &RecordRequest) -> Result<String, Diagnostics> {
    let today = dates::today();
    let date = match &req.date {
        Some(d) => parse_date(d, "date")?,
        None => today,
    };
    with_project(root, &req.school, None, |checked| {
        let item = find(checked, &req.school, &req.policy)?;
        let file = &item.adoption.file;
        let mut events = item.adoption.events.clone();
        let mut approvals = item.adoption.approvals.clone();
        let mut event = Event {
            event: req.kind,
            date: spanned(dates::iso(date)),
            officer: req.officer.clone(),
            comment: req.comment.clone(),
            version: None,
        };
        let message = match req.kind {
            EventKind::Populated => {
                if !item.draft.as_ref().is_some_and(|d| d.missing.is_empty()) {
                    return Err(one(Diagnostic::error(
                        file,
                        Position::new(1, 1),
                        "not every required field is filled in yet",
                    )
                    .with_hint(format!(
                        "still missing: {}",
                        item.state.missing.join(", ")
                    ))));
                }
                "Recorded that the contextual areas are populated.".to_string()
            }
            EventKind::SentForComment => {
                if item.draft.as_ref().is_none_or(|d| !d.missing.is_empty()) {
                    return Err(one(Diagnostic::error(
                        file,
                        Position::new(1, 1),
                        "the draft is incomplete, so it cannot be sent for comment",
                    )
                    .with_hint(format!("fill in: {}", item.state.missing.join(", ")))));
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
                        "nothing has been approved, so the trust cannot have received it",
                    )
                    .with_hint(
                        "record the LGB's approval first with `policyforge approve`",
                    )));
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
                        "the trust receives a policy after the LGB approves it",
                    ));
                }
                latest.received_on = Some(spanned(dates::iso(date)));
                event.version = Some(latest.version.value);
                format!(
                    "Recorded that the trust received version {}.",
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
        write_records(root, file, &events, &approvals)?;
        Ok(message)
    })
}

pub fn agree(root: &Path, req: &AgreeRequest) -> Result<String, Diagnostics> {
    let model_file = PathBuf::from("model-policies")
        .join(&req.trust)
        .join(format!("{}.md", req.policy));
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    let blocking: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| {
            d.severity == Severity::Error
                && d.file
                    .starts_with(model_file.parent().unwrap_or(Path::new("")))
        })
        .collect();
    if !blocking.is_empty() {
        let mut all = Diagnostics::default();
        blocking.into_iter().for_each(|d| all.push(d));
        return Err(all);
    }
    let Some(policy) = project
        .policies
        .iter()
        .find(|p| p.trust.as_deref() == Some(req.trust.as_str()) && p.id() == req.policy)
    else {
        let ids: Vec<&str> = project
            .policies
            .iter()
            .filter(|p| p.trust.as_deref() == Some(req.trust.as_str()))
            .map(|p| p.id())
            .collect();
        return Err(cli_error(
            format!("trust `{}` has no model policy `{}`", req.trust, req.policy),
            match nearest(&req.policy, &ids) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("its model policies: {}", ids.join(", ")),
            },
        ));
    };
    let print = fingerprint::of_model(policy);
    let mut versions = policy.meta.versions.clone();
    let current = policy.version();
    let message;
    match versions.iter_mut().find(|v| v.version.value == current) {
        Some(record) if record.status == ModelStatus::Agreed => match &record.sha256 {
            Some(s) if *s == print => return Err(cli_error(format!("version {current} is already agreed, and its text is unchanged"), "nothing to do")),
            Some(_) => return Err(one(Diagnostic::error(&policy.file, Position::new(1, 1), format!("version {current} was agreed with a different text"))
                .with_hint(format!("an agreed version never changes: set `version: {}` for the new text and agree that", current + 1)))),
            None => {
                record.sha256 = Some(print.clone());
                message = format!("Recorded the fingerprint of version {current}, agreed earlier.");
            }
        },
        existing => {
            let date = parse_date(req.date.as_deref().ok_or_else(|| cli_error("the board meeting's date is missing", "add --date YYYY-MM-DD"))?, "date of the board meeting")?;
            let minute = req.minute.clone().filter(|m| !m.trim().is_empty()).ok_or_else(|| cli_error("the minute reference is missing", "add --minute with the board minute, such as TB/25/017"))?;
            let record = ModelVersion {
                version: spanned(current),
                status: ModelStatus::Agreed,
                agreed_on: Some(spanned(dates::iso(date))),
                minute: Some(minute.clone()),
                changes: req.changes.clone().or_else(|| existing.as_ref().and_then(|e| e.changes.clone())),
                sha256: Some(print.clone()),
            };
            match existing {
                Some(e) => *e = record,
                None => versions.push(record),
            }
            message = format!("Recorded the {}'s agreement of {} version {current} (minute {minute}).", project.trust(&req.trust).map_or("board".to_string(), |t| t.board.clone()), policy.meta.title);
        }
    }
    versions.sort_by_key(|v| v.version.value);
    let path = root.join(&policy.file);
    let text = load::yaml::read_text(root, &policy.file).map_err(one)?;
    let (front, body, _) = load::yaml::split_front_matter(&text, &policy.file).map_err(one)?;
    let new_front = replace_blocks(front, &["versions"], &block("versions", &versions));
    let updated = format!("---\n{new_front}---\n{body}");
    write_atomic(&path, updated.as_bytes()).map_err(|e| {
        cli_error(
            format!("cannot write {}: {e}", policy.file.display()),
            "check the file is writable",
        )
    })?;
    Ok(message)
}

//! The rules of `approve --finish` and `--undo`: settling what an interrupted approval (or
//! records deleted by hand) left — a frozen text without its record, or a record without its
//! text — as a plan, without touching the files.

use std::path::{Path, PathBuf};

use super::{RecordsPlan, cli_error, one, spanned};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{Adoption, Approval, Event, EventKind};
use crate::workflow::snapshot::{self, Snapshot};

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
pub fn looks_interrupted(adoption: &Adoption, orphans: &[(u32, PathBuf)]) -> bool {
    let newest = adoption
        .approvals
        .iter()
        .map(|a| a.version.value)
        .max()
        .unwrap_or(0);
    matches!(orphans, [(v, _)] if *v == newest + 1)
}

/// `--finish`: the records of every frozen text without one (`orphans`, read with `read`, which
/// gives the text and its fingerprint), taken from the texts' own details.
pub fn plan_finish(
    adoption: &Adoption,
    orphans: &[(u32, PathBuf)],
    changes: Option<&str>,
    mut read: impl FnMut(&Path) -> Result<(Snapshot, String), Diagnostic>,
) -> Result<(RecordsPlan, String), Diagnostics> {
    if orphans.is_empty() {
        return Err(cli_error(
            format!(
                "nothing to finish: every frozen text of {} has its approval record",
                adoption.policy
            ),
            "run `policyforge check` to see the state of the records",
        ));
    }
    let mut approvals = adoption.approvals.clone();
    let mut events = adoption.events.clone();
    let mut done = Vec::new();
    for (version, rel) in orphans {
        let (frozen, print) = read(rel).map_err(one)?;
        let meta = &frozen.meta;
        if meta.school != adoption.school
            || meta.policy != adoption.policy
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
            changes: Some(changes.map_or_else(
                || "Recorded from the frozen text after an interrupted approval.".to_string(),
                str::to_string,
            )),
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
    let records = RecordsPlan {
        adoption_file: adoption.file.clone(),
        events,
        approvals,
    };
    let message = format!(
        "Recorded the approval of {} from its frozen text.",
        done.join(", ")
    );
    Ok((records, message))
}

/// What `--undo` removes.
#[derive(Debug, Clone)]
pub enum UndoPlan {
    /// The frozen text an interrupted approve wrote before its record.
    RemoveFrozen {
        files: Vec<PathBuf>,
        /// Their folder, synced after the removal.
        folder: PathBuf,
        message: String,
    },
    /// The newest approval record, whose frozen text was never written.
    DropRecord {
        records: RecordsPlan,
        message: String,
    },
}

impl UndoPlan {
    pub fn message(&self) -> &str {
        match self {
            UndoPlan::RemoveFrozen { message, .. } | UndoPlan::DropRecord { message, .. } => {
                message
            }
        }
    }
}

/// `--undo`: a frozen text without a record goes, if it is what an interrupted approve left;
/// else the newest record whose frozen text is missing (`has_frozen` says which exist).
pub fn plan_undo(
    adoption: &Adoption,
    orphans: &[(u32, PathBuf)],
    has_frozen: impl Fn(u32) -> bool,
) -> Result<UndoPlan, Diagnostics> {
    if !orphans.is_empty() && !looks_interrupted(adoption, orphans) {
        return Err(cli_error(
            format!(
                "the frozen texts without records ({}) are not an interrupted approval, so they were kept",
                orphans
                    .iter()
                    .map(|(_, p)| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            deleted_records_hint(&adoption.school, &adoption.policy, &adoption.file),
        ));
    }
    if !orphans.is_empty() {
        let files: Vec<PathBuf> = orphans.iter().map(|(_, p)| p.clone()).collect();
        let message = format!(
            "Removed the frozen text without a record: {}.",
            files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(UndoPlan::RemoveFrozen {
            files,
            folder: snapshot::folder_for(&adoption.school, &adoption.policy),
            message,
        });
    }
    let latest = adoption.approvals.iter().map(|a| a.version.value).max();
    let Some(version) = latest.filter(|v| !has_frozen(*v)) else {
        return Err(cli_error(
            format!(
                "nothing to undo: every approval record of {} has its frozen text, and every frozen text its record",
                adoption.policy
            ),
            "run `policyforge check` to see the state of the records",
        ));
    };
    let mut approvals = adoption.approvals.clone();
    let mut events = adoption.events.clone();
    approvals.retain(|a| a.version.value != version);
    events.retain(|e| !(e.event == EventKind::Approved && e.version == Some(version)));
    Ok(UndoPlan::DropRecord {
        records: RecordsPlan {
            adoption_file: adoption.file.clone(),
            events,
            approvals,
        },
        message: format!(
            "Removed the record of version {version}, whose frozen text was never written. Approve the text again with `policyforge approve`."
        ),
    })
}

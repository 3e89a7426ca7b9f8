//! Carries out a command's plan: a frozen text and its record committed together (a crash leaves
//! both or neither), record sections rewritten atomically, values and comments kept.

use std::path::Path;

use super::agree::AgreementPlan;
use super::approve::ApprovalPlan;
use super::interrupted::{UndoPlan, interrupted_hint};
use super::{RecordsPlan, cli_error, one};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::durable::{Transaction, write_atomic};
use crate::load;
use crate::workflow::records::{block, replace_blocks};

/// Writes an approval's frozen text and records; refused if a frozen text of that version
/// already exists (an earlier approve was interrupted, or its records were deleted).
pub fn approval(root: &Path, plan: &ApprovalPlan) -> Result<(), Diagnostics> {
    let adoption_file = &plan.records.adoption_file;
    if root.join(&plan.snapshot_file).exists() {
        return Err(one(Diagnostic::error(
            &plan.snapshot_file,
            Position::new(1, 1),
            format!(
                "a frozen text of version {} already exists, but {} has no record of it",
                plan.version,
                adoption_file.display()
            ),
        )
        .with_hint(interrupted_hint(
            &plan.school,
            &plan.policy,
            adoption_file,
        ))));
    }
    let records = records_text(root, &plan.records)?;
    // The frozen text and its record are committed together: a crash leaves both or neither.
    let mut change = Transaction::new(root);
    change.write(&plan.snapshot_file, plan.snapshot_text.as_bytes());
    change.write(adoption_file, records.into_bytes());
    change.commit().map_err(|(file, e)| {
        cli_error(
            format!("cannot write {}: {e}", file.display()),
            "check the folder is writable and the disk is not full; nothing was changed",
        )
    })
}

/// Rewrites an adoption file's record sections.
pub fn records(root: &Path, plan: &RecordsPlan) -> Result<(), Diagnostics> {
    let updated = records_text(root, plan)?;
    write_atomic(&root.join(&plan.adoption_file), updated.as_bytes()).map_err(|e| {
        cli_error(
            format!("cannot write {}: {e}", plan.adoption_file.display()),
            "check the file is writable",
        )
    })
}

/// Removes a frozen text without a record, or drops a record without its frozen text.
pub fn undo(root: &Path, plan: &UndoPlan) -> Result<(), Diagnostics> {
    match plan {
        UndoPlan::RemoveFrozen { files, folder, .. } => {
            for rel in files {
                std::fs::remove_file(root.join(rel)).map_err(|e| {
                    cli_error(
                        format!("cannot remove {}: {e}", rel.display()),
                        "check the folder is writable",
                    )
                })?;
            }
            let _ = crate::durable::sync_dir(&root.join(folder));
            Ok(())
        }
        UndoPlan::DropRecord { records: plan, .. } => records(root, plan),
    }
}

/// Rewrites a model policy's `versions:` records in its front matter, keeping its body.
pub fn agreement(root: &Path, plan: &AgreementPlan) -> Result<(), Diagnostics> {
    let file = &plan.model_file;
    let text = load::yaml::read_text(root, file).map_err(one)?;
    let (front, body, _) = load::yaml::split_front_matter(&text, file).map_err(one)?;
    let new_front = replace_blocks(front, &["versions"], &block("versions", &plan.versions));
    let updated = format!("---\n{new_front}---\n{body}");
    let Some((frozen_file, frozen)) = &plan.frozen else {
        return write_atomic(&root.join(file), updated.as_bytes()).map_err(|e| {
            cli_error(
                format!("cannot write {}: {e}", file.display()),
                "check the file is writable",
            )
        });
    };
    // A trust-wide policy's frozen text and its record are committed together.
    let mut change = Transaction::new(root);
    change.write(frozen_file, frozen.as_bytes());
    change.write(file, updated.into_bytes());
    change.commit().map_err(|(file, e)| {
        cli_error(
            format!("cannot write {}: {e}", file.display()),
            "check the folder is writable and the disk is not full; nothing was changed",
        )
    })
}

/// The adoption file with its record sections replaced (values and comments kept).
fn records_text(root: &Path, plan: &RecordsPlan) -> Result<String, Diagnostics> {
    let text = load::yaml::read_text(root, &plan.adoption_file).map_err(one)?;
    let records = format!(
        "# Records below are written by policyforge (approve, record). Do not edit them by hand.\n{}{}",
        block("events", &plan.events),
        if plan.approvals.is_empty() {
            String::new()
        } else {
            block("approvals", &plan.approvals)
        }
    );
    let cleaned: String = text
        .lines()
        .filter(|l| !l.starts_with("# Records below are written by policyforge"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(replace_blocks(&cleaned, &["events", "approvals"], &records))
}

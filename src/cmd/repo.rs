//! Opening the repository for a command: a reader's or writer's lock, tidying what a killed
//! build left, then loading and validating.

use std::path::Path;
use std::process::ExitCode;

use policyforge::diagnostic::{Diagnostic, Diagnostics, Position};
use policyforge::validate::{self, Checked};
use policyforge::workspace::Workspace;
use policyforge::{config, dates, load, lock, publish};

use super::report::{fail, report};

/// Loads and validates under a reader's lock; on a repository that cannot be loaded, prints
/// why and fails.
pub fn load_checked<R>(
    root: &Path,
    then: impl FnOnce(&Checked<'_>, &Diagnostics) -> R,
) -> Result<R, ExitCode> {
    let _lock = read_lock(root)?;
    let (project, mut problems) = load::load(root);
    let Some(project) = project else {
        report(&problems, root);
        return Err(ExitCode::from(1));
    };
    let (checked, more) = validate::validate(&project, dates::today());
    problems.extend(more);
    Ok(then(&checked, &problems))
}

/// Loads, validates and analyses once under a reader's lock, for the commands that only read;
/// on a repository that cannot be loaded, prints why and fails.
pub fn open_workspace(root: &Path) -> Result<Workspace, ExitCode> {
    let _lock = read_lock(root)?;
    Workspace::open(root, dates::today()).map_err(|problems| {
        report(&problems, root);
        ExitCode::from(1)
    })
}

/// A reader's lock: it waits for a writer to finish, so it never reads half a change. A folder
/// that cannot be locked (it does not exist) is left for `load` to report.
pub fn read_lock(root: &Path) -> Result<Option<lock::RepoLock>, ExitCode> {
    if !root.is_dir() {
        return Ok(None);
    }
    match lock::read(root) {
        Ok(held) => {
            note_recovered(&held);
            tidy_site(root);
            Ok(Some(held))
        }
        Err(e) => Err(lock_failed(e, root)),
    }
}

/// A writer's lock, naming the command for anyone who has to wait.
pub fn write_lock(root: &Path, command: &str) -> Result<lock::RepoLock, ExitCode> {
    match lock::write(root, command) {
        Ok(held) => {
            note_recovered(&held);
            tidy_site(root);
            Ok(held)
        }
        Err(e) => Err(lock_failed(e, root)),
    }
}

fn note_recovered(held: &lock::RepoLock) {
    for line in &held.recovered {
        eprintln!("note: {line}");
    }
}

/// Removes what a killed build left beside book.toml's output folder (`.site.new`), putting the
/// old site back if it stopped between two renames. Safe under any lock: no build is running.
fn tidy_site(root: &Path) {
    let Ok(book) = config::load(root) else {
        return;
    };
    if let Ok(output) = publish::resolve(&root.join(&book.build.output))
        && let Err(e) = publish::clean_leftovers(&output)
    {
        eprintln!("warning: cannot remove what an interrupted build left: {e}");
    }
}

fn lock_failed(e: lock::LockError, root: &Path) -> ExitCode {
    fail(
        Diagnostic::error(lock::HOLDER_FILE, Position::new(1, 1), e.message).with_hint(e.hint),
        root,
    )
}

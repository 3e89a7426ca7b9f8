//! `policyforge context` and `policyforge init`: the files people fill in.

use std::path::Path;
use std::process::ExitCode;

use policyforge::{load, scaffold};

use super::repo::{read_lock, write_lock};
use super::report::{fail, report};

/// Prints a policy's contextual fields for a school, or writes them into its adoption file.
pub fn context(root: &Path, school: &str, policy: &str, write: bool) -> ExitCode {
    let _lock = if write {
        let command = format!("context --write --school {school} --policy {policy}");
        match write_lock(root, &command) {
            Ok(held) => Some(held),
            Err(code) => return code,
        }
    } else {
        match read_lock(root) {
            Ok(held) => held,
            Err(code) => return code,
        }
    };
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        report(&problems, root);
        return ExitCode::from(1);
    };
    if write {
        match scaffold::write_context(&project, school, policy) {
            Ok(message) => {
                println!("{message}");
                ExitCode::SUCCESS
            }
            Err(d) => fail(d, root),
        }
    } else {
        match scaffold::context_to_paste(&project, school, policy) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(d) => fail(d, root),
        }
    }
}

/// Starts a new policy repository.
pub fn init(root: &Path) -> ExitCode {
    // Into an existing folder, as a writer: never beside another command.
    let _lock = if root.is_dir() {
        match write_lock(root, "init") {
            Ok(held) => Some(held),
            Err(code) => return code,
        }
    } else {
        None
    };
    match scaffold::init(root) {
        Ok(()) => {
            println!(
                "Created a policy repository in {}. Build it with `policyforge build {}`.",
                root.display(),
                root.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => fail(d, root),
    }
}

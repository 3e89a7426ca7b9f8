//! `policyforge check`: every problem in the repository at once; exit 1 on an error.

use std::path::Path;
use std::process::ExitCode;

use super::repo::load_checked;
use super::report::report;

pub fn run(root: &Path) -> ExitCode {
    match load_checked(root, |checked, problems| {
        report(problems, root);
        if problems.has_errors() {
            ExitCode::from(1)
        } else {
            eprintln!(
                "checked {} trusts, {} policies, {} schools, {} adoptions: no errors",
                checked.project.trusts.len(),
                checked.project.policies.len(),
                checked.project.schools.len(),
                checked.adoptions.len()
            );
            ExitCode::SUCCESS
        }
    }) {
        Ok(code) | Err(code) => code,
    }
}

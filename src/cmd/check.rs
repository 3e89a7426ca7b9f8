//! `policyforge check`: every problem in the repository at once; exit 1 on an error.

use std::path::Path;
use std::process::ExitCode;

use super::repo::open_workspace;
use super::report::report;

pub fn run(root: &Path) -> ExitCode {
    let workspace = match open_workspace(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let problems = workspace.diagnostics();
    report(problems, root);
    if problems.has_errors() {
        return ExitCode::from(1);
    }
    let project = workspace.project();
    eprintln!(
        "checked {} trusts, {} policies, {} schools, {} adoptions: no errors",
        project.trusts.len(),
        project.policies.len(),
        project.schools.len(),
        workspace.analysis().publications.len()
    );
    ExitCode::SUCCESS
}

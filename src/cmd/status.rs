//! `policyforge status`: where every school's policies stand, as a table, JSON or CSV.

use std::path::Path;
use std::process::ExitCode;

use policyforge::diagnostic::Diagnostic;
use policyforge::load::Project;
use policyforge::workflow::status;

use super::args::Format;
use super::repo::open_workspace;
use super::report::{fail, report};

pub fn run(root: &Path, format: Format, school: Option<&str>, trust: Option<&str>) -> ExitCode {
    let workspace = match open_workspace(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    if let Some(d) = unknown_filter(workspace.project(), school, trust) {
        return fail(d, root);
    }
    let problems = workspace.diagnostics();
    if problems.has_errors() {
        report(problems, root);
        eprintln!("note: the rows below may be incomplete until these errors are fixed");
    }
    let rows = status::rows(workspace.analysis(), school, trust);
    let text = match format {
        Format::Table => status::to_table(&rows),
        Format::Json => status::to_json(&rows) + "\n",
        Format::Csv => status::to_csv(&rows),
    };
    print!("{text}");
    if problems.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A `--school` or `--trust` that names nothing is an error, not an empty table.
fn unknown_filter(
    project: &Project,
    school: Option<&str>,
    trust: Option<&str>,
) -> Option<Diagnostic> {
    if let Some(s) = school
        && let Err(d) = project.find_school(s)
    {
        return Some(d);
    }
    if let Some(t) = trust
        && let Err(d) = project.find_trust(t)
    {
        return Some(d);
    }
    None
}

//! `policyforge compliance`: which schools' websites lack a policy they must publish, or show
//! one past its review date. Exits 0 when every school complies, 1 otherwise (for CI).

use std::path::Path;
use std::process::ExitCode;

use policyforge::workflow::reports;

use super::args::Format;
use super::repo::open_workspace;
use super::report::{fail, report};

pub fn run(root: &Path, format: Format, trust: Option<&str>, school: Option<&str>) -> ExitCode {
    let workspace = match open_workspace(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let project = workspace.project();
    if let Some(t) = trust
        && let Err(d) = project.find_trust(t)
    {
        return fail(d, root);
    }
    if let Some(s) = school
        && let Err(d) = project.find_school(s)
    {
        return fail(d, root);
    }
    let problems = workspace.diagnostics();
    if problems.has_errors() {
        report(problems, root);
        eprintln!("note: the report below may be incomplete until these errors are fixed");
    }
    let schools: Vec<_> = workspace
        .analysis()
        .compliance
        .iter()
        .filter(|c| trust.is_none_or(|t| c.trust.as_deref() == Some(t)))
        .filter(|c| school.is_none_or(|s| c.school == s))
        .collect();
    let text = match format {
        Format::Table => reports::compliance_table(&schools),
        Format::Json => reports::compliance_json(&schools),
        Format::Csv => reports::compliance_csv(&schools),
    };
    print!("{text}");
    if problems.has_errors() || schools.iter().any(|c| !c.complies) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

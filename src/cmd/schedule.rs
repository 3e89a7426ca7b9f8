//! `policyforge schedule`: every trust's policy schedule (or one trust's), as a table, JSON or CSV.

use std::path::Path;
use std::process::ExitCode;

use policyforge::workflow::reports;

use super::args::Format;
use super::repo::open_workspace;
use super::report::{fail, report};

pub fn run(root: &Path, format: Format, trust: Option<&str>) -> ExitCode {
    let workspace = match open_workspace(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    if let Some(t) = trust
        && let Err(d) = workspace.project().find_trust(t)
    {
        return fail(d, root);
    }
    let problems = workspace.diagnostics();
    if problems.has_errors() {
        report(problems, root);
        eprintln!("note: the schedule below may be incomplete until these errors are fixed");
    }
    let rows: Vec<_> = workspace
        .analysis()
        .schedule
        .iter()
        .filter(|r| trust.is_none_or(|t| r.trust == t))
        .collect();
    let text = match format {
        Format::Table => reports::schedule_table(&rows),
        Format::Json => reports::schedule_json(&rows),
        Format::Csv => reports::schedule_csv(&rows),
    };
    print!("{text}");
    if problems.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

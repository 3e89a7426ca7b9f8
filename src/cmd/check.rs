//! `policyforge check`: every problem in the repository at once, then one summary line; exit 1
//! on an error.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::repo::open_workspace;

pub fn run(root: &Path) -> ExitCode {
    let workspace = match open_workspace(root) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let problems = workspace.diagnostics();
    let project = workspace.project();
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", problems.render_each(root));
    let _ = writeln!(
        err,
        "checked {}, {}, {}, {}: {}",
        count(project.trusts.len(), "trust", "trusts"),
        count(project.policies.len(), "policy", "policies"),
        count(project.schools.len(), "school", "schools"),
        count(
            workspace.analysis().publications.len(),
            "adoption",
            "adoptions"
        ),
        match problems.error_count() {
            0 if problems.is_empty() => "no errors".to_string(),
            0 => problems.counts().replacen("0 errors", "no errors", 1),
            _ => problems.counts(),
        }
    );
    if problems.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// "1 trust", "3 trusts".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

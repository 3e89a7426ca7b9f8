//! How a command tells the user what happened: diagnostics on stderr, a message on stdout, and
//! the exit code that goes with them.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use policyforge::diagnostic::{Diagnostic, Diagnostics};

/// Prints diagnostics to stderr.
pub fn report(problems: &Diagnostics, root: &Path) {
    if problems.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", problems.render(root));
}

/// Prints one error and fails.
pub fn fail(d: Diagnostic, root: &Path) -> ExitCode {
    let mut all = Diagnostics::default();
    all.push(d);
    report(&all, root);
    ExitCode::from(1)
}

/// Prints a command's message, or its errors and fails.
pub fn outcome(result: Result<String, Diagnostics>, root: &Path) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            report(&problems, root);
            ExitCode::from(1)
        }
    }
}

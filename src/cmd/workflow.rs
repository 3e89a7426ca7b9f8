//! `policyforge approve`, `record`, `agree` and `diff`: the governance records, written under a
//! writer's lock, and what changed between approved versions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use policyforge::diagnostic::{Diagnostic, Position};
use policyforge::model::EventKind;
use policyforge::workflow::{commands, redline};

use super::args::EventArg;
use super::repo::{load_checked, write_lock};
use super::report::{fail, outcome};

/// `approve`'s arguments, as given.
pub struct Approve {
    pub school: String,
    pub policy: String,
    pub date: Option<String>,
    pub minute: Option<String>,
    pub chair: Option<String>,
    pub changes: Option<String>,
    pub finish: bool,
    pub undo: bool,
}

/// `record`'s arguments, as given.
pub struct Record {
    pub event: EventArg,
    pub school: String,
    pub policy: String,
    pub date: Option<String>,
    pub officer: Option<String>,
    pub comment: Option<String>,
}

pub fn approve(root: &Path, args: Approve) -> ExitCode {
    let command = format!("approve --school {} --policy {}", args.school, args.policy);
    let _lock = match write_lock(root, &command) {
        Ok(held) => held,
        Err(code) => return code,
    };
    let request = commands::ApproveRequest {
        interrupted: if args.finish {
            Some(commands::Interrupted::Finish)
        } else if args.undo {
            Some(commands::Interrupted::Undo)
        } else {
            None
        },
        school: args.school,
        policy: args.policy,
        date: args.date.unwrap_or_default(),
        minute: args.minute.unwrap_or_default(),
        chair: args.chair.unwrap_or_default(),
        changes: args.changes,
    };
    outcome(commands::approve(root, &request), root)
}

pub fn record(root: &Path, args: Record) -> ExitCode {
    let command = format!("record --school {} --policy {}", args.school, args.policy);
    let _lock = match write_lock(root, &command) {
        Ok(held) => held,
        Err(code) => return code,
    };
    let kind = match args.event {
        EventArg::Populated => EventKind::Populated,
        EventArg::SentForComment => EventKind::SentForComment,
        EventArg::Comment => EventKind::Comment,
        EventArg::Received => EventKind::Received,
    };
    let request = commands::RecordRequest {
        kind,
        school: args.school,
        policy: args.policy,
        date: args.date,
        officer: args.officer,
        comment: args.comment,
    };
    outcome(commands::record(root, &request), root)
}

pub fn agree(root: &Path, request: commands::AgreeRequest) -> ExitCode {
    let command = format!(
        "agree --trust {} --policy {}",
        request.trust, request.policy
    );
    let _lock = match write_lock(root, &command) {
        Ok(held) => held,
        Err(code) => return code,
    };
    outcome(commands::agree(root, &request), root)
}

/// `diff [DIR] [FROM] [TO]` as clap filled the slots, sorted out: a version is a number or
/// `draft` and never a folder, so `diff draft` or `diff 1 2` leaves DIR to its default. A
/// repository folder named like a version is written `./draft`.
pub struct DiffArgs {
    pub dir: Option<PathBuf>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl DiffArgs {
    /// The repository and the versions, or an error naming the argument left over.
    pub fn sort(self) -> Result<(PathBuf, Option<String>, Option<String>), Diagnostic> {
        let dir_is_version = self
            .dir
            .as_deref()
            .and_then(Path::to_str)
            .is_some_and(is_version);
        if !dir_is_version {
            let root = self.dir.unwrap_or_else(|| PathBuf::from("."));
            return Ok((root, self.from, self.to));
        }
        let mut versions = self
            .dir
            .and_then(|d| d.to_str().map(str::to_string))
            .into_iter()
            .chain(self.from)
            .chain(self.to);
        let (from, to) = (versions.next(), versions.next());
        if let Some(extra) = versions.next() {
            return Err(Diagnostic::error(
                "command line",
                Position::new(1, 1),
                format!("`{extra}` is one version too many: `diff` compares two"),
            )
            .with_hint(
                "give at most two versions, such as `1 2` or `draft`; a repository folder named like a version is written `./draft`",
            ));
        }
        Ok((PathBuf::from("."), from, to))
    }
}

/// A version as `diff` reads it: a number, or `draft` for the unapproved text.
fn is_version(word: &str) -> bool {
    word == "draft" || word.parse::<u32>().is_ok()
}

/// Colour on a terminal, unless `NO_COLOR` is set; markers anywhere else.
fn terminal_style() -> redline::TerminalStyle {
    use std::io::IsTerminal;
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stdout().is_terminal() && !no_colour {
        redline::TerminalStyle::Colour
    } else {
        redline::TerminalStyle::Markers
    }
}

/// `diff [FROM] [TO]`: versions are numbers; `draft` alone compares the draft with the latest.
pub fn diff(
    root: &Path,
    school: &str,
    policy: &str,
    from: Option<&str>,
    to: Option<String>,
) -> ExitCode {
    let (from, to) = match (from, to) {
        (Some("draft"), None) => (None, Some("draft".to_string())),
        (Some(f), to) => match f.parse::<u32>() {
            Ok(v) => (Some(v), to),
            Err(_) => {
                return fail(
                    Diagnostic::error(
                        "command line",
                        Position::new(1, 1),
                        format!("`{f}` is not a version number"),
                    )
                    .with_hint("give version numbers such as `1 2`, or `draft`"),
                    root,
                );
            }
        },
        (None, to) => (None, to),
    };
    match load_checked(root, |checked, _| {
        redline::describe(checked, school, policy, from, to.as_deref())
    }) {
        Ok(Ok(comparison)) => {
            print!("{}", comparison.to_terminal(terminal_style()));
            ExitCode::SUCCESS
        }
        Ok(Err(d)) => fail(d, root),
        Err(code) => code,
    }
}

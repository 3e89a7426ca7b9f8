//! The command line: parse arguments, call the library, print diagnostics, choose the exit code.
//! One module per job; none of them is visible to the library.

pub mod args;
mod build;
mod check;
mod compliance;
mod manual;
mod progress;
mod repo;
mod report;
mod scaffold;
mod schedule;
mod serve;
mod status;
mod workflow;

use std::path::PathBuf;
use std::process::ExitCode;

use args::{Cli, Command};

/// Runs one parsed command line and says how it ended.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { command } => manual::man_page(command.as_deref()),
        Command::Build {
            dir,
            drafts,
            dest_dir,
            speed,
        } => build::run(&root_of(dir), drafts, dest_dir, &speed),
        Command::Check { dir } => check::run(&root_of(dir)),
        Command::Context {
            dir,
            school,
            policy,
            write,
        } => scaffold::context(&root_of(dir), &school, &policy, write),
        Command::Init { dir } => scaffold::init(&root_of(dir)),
        Command::Status {
            dir,
            format,
            school,
            trust,
        } => status::run(&root_of(dir), format, school.as_deref(), trust.as_deref()),
        Command::Schedule { dir, trust, format } => {
            schedule::run(&root_of(dir), format, trust.as_deref())
        }
        Command::Compliance {
            dir,
            trust,
            school,
            format,
        } => compliance::run(&root_of(dir), format, trust.as_deref(), school.as_deref()),
        Command::Approve {
            dir,
            school,
            policy,
            date,
            minute,
            chair,
            changes,
            finish,
            undo,
        } => workflow::approve(
            &root_of(dir),
            workflow::Approve {
                school,
                policy,
                date,
                minute,
                chair,
                changes,
                finish,
                undo,
            },
        ),
        Command::Record {
            dir,
            event,
            school,
            policy,
            date,
            officer,
            comment,
        } => workflow::record(
            &root_of(dir),
            workflow::Record {
                event,
                school,
                policy,
                date,
                officer,
                comment,
            },
        ),
        Command::Agree {
            dir,
            trust,
            policy,
            date,
            minute,
            changes,
        } => workflow::agree(
            &root_of(dir),
            policyforge::workflow::commands::AgreeRequest {
                trust,
                policy,
                date,
                minute,
                changes,
            },
        ),
        Command::Serve {
            dir,
            port,
            open,
            bind,
        } => serve::run(root_of(dir), port, open, bind),
        Command::Diff {
            dir,
            school,
            policy,
            from,
            to,
        } => match (workflow::DiffArgs { dir, from, to }).sort() {
            Ok((root, from, to)) => workflow::diff(&root, &school, &policy, from.as_deref(), to),
            Err(d) => report::fail(d, std::path::Path::new(".")),
        },
    }
}

fn root_of(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| PathBuf::from("."))
}

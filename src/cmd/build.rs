//! `policyforge build`: check everything, render the site, and swap it in whole — or change
//! nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use policyforge::diagnostic::{Diagnostic, Diagnostics, Position};
use policyforge::{dates, load, publish, site, validate};

use super::repo::write_lock;
use super::report::report;

pub fn run(root: &Path, drafts: bool, dest_dir: Option<PathBuf>) -> ExitCode {
    let _lock = if root.is_dir() {
        match write_lock(root, "build") {
            Ok(held) => Some(held),
            Err(code) => return code,
        }
    } else {
        None
    };
    // A folder given on the command line is checked before anything else: a usage error.
    let flagged = match dest_dir.map(|d| publish::check_output(root, &d).map_err(|r| (d, r))) {
        Some(Ok(resolved)) => Some(resolved),
        Some(Err((dest, refused))) => {
            let mut all = Diagnostics::default();
            all.push(
                Diagnostic::error(
                    "command line",
                    Position::new(1, 1),
                    format!("--dest-dir {}: {}", dest.display(), refused.message),
                )
                .with_hint(refused.hint),
            );
            report(&all, root);
            eprintln!("error: nothing was built; the published site is unchanged");
            return ExitCode::from(2);
        }
        None => None,
    };
    let today = dates::today();
    let (project, mut problems) = load::load(root);
    let Some(project) = project else {
        report(&problems, root);
        eprintln!("error: nothing was built; the published site is unchanged");
        return ExitCode::from(1);
    };
    let (checked, more) = validate::validate(&project, today);
    problems.extend(more);
    if problems.has_errors() {
        report(&problems, root);
        eprintln!("error: nothing was built; the published site is unchanged");
        return ExitCode::from(1);
    }
    // book.toml's output folder was checked when book.toml was read.
    let output = match flagged {
        Some(resolved) => resolved,
        None => match publish::resolve(&root.join(&project.book.build.output)) {
            Ok(resolved) => resolved,
            Err(e) => {
                eprintln!("error: cannot find the output folder: {e}");
                return ExitCode::from(1);
            }
        },
    };
    let options = site::BuildOptions { drafts, today };
    let files = match site::build(&checked, &options) {
        Ok(files) => files,
        Err(more) => {
            problems.extend(more);
            report(&problems, root);
            eprintln!("error: nothing was built; the published site is unchanged");
            return ExitCode::from(1);
        }
    };
    if problems.warning_count() > 0 {
        eprintln!(
            "{} warning{} (run `policyforge check` to read them)",
            problems.warning_count(),
            if problems.warning_count() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    for note in &files.notes {
        eprintln!("note: {note}");
    }
    if let Err(e) = publish::publish(&files, &output) {
        eprintln!(
            "error: cannot write the site: {e}\nhelp: check that the folder is writable and the disk is not full; the previous site is unchanged"
        );
        return ExitCode::from(1);
    }
    let pages = files.files.keys().filter(|k| k.ends_with(".html")).count();
    let pdfs = files.files.keys().filter(|k| k.ends_with(".pdf")).count();
    println!(
        "Built {pages} pages and {pdfs} PDFs into {}",
        output.display()
    );
    ExitCode::SUCCESS
}

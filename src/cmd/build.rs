//! `policyforge build`: check everything, render the site, and swap it in whole — or change
//! nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use policyforge::diagnostic::{Diagnostic, Diagnostics, Position};
use policyforge::{analysis, cache, config, dates, load, publish, site, validate};

use super::args::BuildSpeed;
use super::progress::Bar;
use super::repo::write_lock;
use super::report::report;

pub fn run(root: &Path, drafts: bool, dest_dir: Option<PathBuf>, speed: &BuildSpeed) -> ExitCode {
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
    let t0 = std::time::Instant::now();
    let timing = std::env::var_os("POLICYFORGE_TIMING").is_some();
    let lap = |what: &str| {
        if timing {
            eprintln!("timing: {what} {:?}", t0.elapsed())
        }
    };
    let options = site::BuildOptions {
        drafts,
        today,
        trust: speed.trust.clone(),
    };
    let cache = if speed.no_cache {
        None
    } else {
        match cache::Cache::open(&root.join(cache::DIR)) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!(
                    "note: building without the cache ({}: {e}); the next build will make everything again",
                    root.join(cache::DIR).display()
                );
                None
            }
        }
    };
    // Nothing changed since the last build, and its site is intact: nothing to do.
    let early_output = flagged.clone().or_else(|| {
        let book = config::load(root).ok()?;
        publish::resolve(&root.join(&book.build.output)).ok()
    });
    let (whole, digests) = early_output
        .as_ref()
        .filter(|_| cache.is_some())
        .map(|output| site::keys::whole_site(root, &options, output))
        .unzip();
    if let (Some(cache), Some(key), Some(output)) = (&cache, &whole, &early_output)
        && let Some((last, index)) = site::last_build::unchanged(cache, key, output)
    {
        lap("unchanged");
        if !speed.quiet {
            for note in &last.notes {
                eprintln!("note: {note}");
            }
            println!(
                "Nothing changed: {} already holds these {} pages and {} PDFs{}",
                output.display(),
                index.count(".html"),
                index.count(".pdf"),
                warnings_part(last.warnings)
            );
        }
        return ExitCode::SUCCESS;
    }
    lap("inputs");
    // Something will be built (or refused): what other programs left unwritten on this file
    // system starts going to disk now, not in the flush before the swap.
    publish::start_flush(root);
    let (project, mut problems) = load::load(root);
    lap("load");
    let Some(project) = project else {
        report(&problems, root);
        eprintln!("error: nothing was built; the published site is unchanged");
        return ExitCode::from(1);
    };
    let (checked, more) = validate::validate(&project, today);
    lap("validate");
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
    if let Some(trust) = &speed.trust
        && project.trust(trust).is_none()
    {
        let mut all = Diagnostics::default();
        all.push(
            Diagnostic::error(
                "command line",
                Position::new(1, 1),
                format!("--trust {trust}: there is no such trust"),
            )
            .with_hint(format!(
                "use one of: {}",
                project
                    .trusts
                    .iter()
                    .map(|t| t.id().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        report(&all, root);
        return ExitCode::from(2);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(speed.jobs.map_or(0, usize::from))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: cannot start the build's threads: {e}");
            return ExitCode::from(1);
        }
    };
    let store = cache.map(site::store::Store::cache);
    let store = store.unwrap_or_else(site::store::Store::memory);
    let bar = Bar::new(speed.quiet);
    let mut checked = checked;
    let analysis = analysis::analyse_taking(&mut checked, today);
    problems.extend(analysis.findings());
    // The analysis owns what the outputs need; the checked copies (every draft and frozen
    // text) go now, so a large trust is not held in memory twice.
    drop(checked);
    lap("analyse");
    let built =
        pool.install(|| site::render_into(&project, &analysis, &options, &store, &bar, digests));
    bar.finish();
    lap("render");
    let index = match built {
        Ok(index) => index,
        Err(more) => {
            problems.extend(more);
            report(&problems, root);
            eprintln!("error: nothing was built; the published site is unchanged");
            return ExitCode::from(1);
        }
    };
    if !speed.quiet {
        for note in &index.notes {
            eprintln!("note: {note}");
        }
    }
    let written = if let site::store::Store::Cache(c) = &store {
        let published = std::time::SystemTime::now();
        let written = publish::publish_cached(&index, &c.cache, &output);
        if written.is_ok() {
            c.cache.settle_written(published);
            if let Some(key) = whole.filter(|_| early_output.as_ref() == Some(&output)) {
                let last = site::last_build::LastBuild {
                    warnings: problems.warning_count(),
                    notes: index.notes.clone(),
                };
                site::last_build::remember(&store, &key, &index, &last);
            }
            store.sweep();
        }
        written
    } else {
        let files = site::SiteFiles {
            files: store.into_memory(),
            notes: Vec::new(),
        };
        publish::publish(&files, &output).map(|()| true)
    };
    lap("publish");
    let written = match written {
        Ok(written) => written,
        Err(e) => {
            eprintln!(
                "error: cannot write the site: {e}\nhelp: check that the folder is writable and the disk is not full; the previous site is unchanged"
            );
            return ExitCode::from(1);
        }
    };
    if !speed.quiet {
        let (pages, pdfs) = (index.count(".html"), index.count(".pdf"));
        let reused = if index.reused > 0 {
            format!(
                " ({} of {} schools unchanged)",
                index.reused,
                index.reused + index.made
            )
        } else {
            String::new()
        };
        let warnings = warnings_part(problems.warning_count());
        if written {
            println!(
                "Built {pages} pages and {pdfs} PDFs into {}{reused}{warnings}",
                output.display()
            );
        } else {
            println!(
                "Nothing changed: {} already holds these {pages} pages and {pdfs} PDFs{reused}{warnings}",
                output.display()
            );
        }
    }
    ExitCode::SUCCESS
}

/// How many warnings `check` would show, when there are any, for the one summary line.
fn warnings_part(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "; 1 warning (run `policyforge check` to read it)".to_string(),
        n => format!("; {n} warnings (run `policyforge check` to read them)"),
    }
}

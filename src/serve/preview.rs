//! Builds the site into memory, drafts included, keeping the last good build when a file breaks.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::diagnostic::Diagnostics;
use crate::{config, dates, load, site, validate};

use super::Desk;

/// The book's title, or the folder's name while book.toml cannot be read.
pub fn title(root: &Path) -> String {
    match config::load(root) {
        Ok(book) => book.book.title,
        Err(_) => root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "the policy repository".to_string()),
    }
}

/// The whole site with drafts, or every problem found, rendered as `check` prints them.
fn build(root: &Path) -> Result<(site::SiteFiles, usize), String> {
    let (project, mut problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems.render(root));
    };
    let (checked, more) = validate::validate(&project, dates::today());
    problems.extend(more);
    if problems.has_errors() {
        return Err(errors_only(problems).render(root));
    }
    let options = site::BuildOptions {
        trust: None,
        drafts: true,
        today: dates::today(),
    };
    match site::build(&checked, &options) {
        Ok(files) => Ok((files, problems.warning_count())),
        Err(more) => {
            problems.extend(more);
            Err(errors_only(problems).render(root))
        }
    }
}

/// While something is broken, the errors are what matters; warnings are for `check`.
fn errors_only(problems: Diagnostics) -> Diagnostics {
    let mut errors = Diagnostics::default();
    for d in problems {
        if d.severity == crate::diagnostic::Severity::Error {
            errors.push(d);
        }
    }
    errors
}

/// Rebuilds once; tells the terminal and every open page what happened.
pub fn rebuild(desk: &Desk, announce: bool) {
    let started = std::time::Instant::now();
    // Shared with other readers; waits for a writer, so a build never sees half an approval.
    let held = match crate::lock::read(&desk.root) {
        Ok(held) => held,
        Err(e) => {
            (desk.say)(&format!(
                "note: {}; the pages will be rebuilt once it is free",
                e.message
            ));
            desk.rebuild_soon();
            return;
        }
    };
    for line in &held.recovered {
        (desk.say)(&format!("note: {line}"));
    }
    let outcome = build(&desk.root);
    drop(held);
    let mut state = match desk.site.write() {
        Ok(state) => state,
        Err(poisoned) => poisoned.into_inner(),
    };
    state.generation += 1;
    match outcome {
        Ok((files, warnings)) => {
            let pages = files.files.keys().filter(|k| k.ends_with(".html")).count();
            state.files = files.files;
            let was_broken = state.problems.take().is_some();
            if announce || was_broken {
                (desk.say)(&format!(
                    "Rebuilt {pages} pages in {:.1} s{}",
                    started.elapsed().as_secs_f32(),
                    match warnings {
                        0 => String::new(),
                        1 => " (1 warning: run `policyforge check` to read it)".to_string(),
                        n => format!(" ({n} warnings: run `policyforge check` to read them)"),
                    }
                ));
            }
        }
        Err(text) => {
            (desk.say)(&format!(
                "{text}The pages you see are from the last build that worked; they update once this is fixed."
            ));
            state.problems = Some(text);
        }
    }
    let generation = state.generation;
    let problems = state.problems.clone();
    drop(state);
    desk.live.announce(generation, problems.as_deref());
}

/// Rebuilds whenever asked (by the watcher or a write), coalescing requests that pile up.
pub fn spawn_rebuilder(desk: Arc<Desk>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while desk
            .live
            .wait_for_rebuild(std::time::Duration::from_millis(100))
        {
            if desk.stopping.load(Ordering::SeqCst) {
                break;
            }
            rebuild(&desk, true);
        }
    })
}

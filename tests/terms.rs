//! A trust's own words reach everything policyforge writes for it.
//!
//! `tests/fixtures/differently-worded-trust` is Heronsgate Learning Trust: a Board of Trustees,
//! Local Academy Councils (LAC), academies led by a Principal. Taken through the whole workflow
//! (board agreement, context, comment, approval, receipt, build with drafts, status, diff), no
//! page, calendar, feed, manifest, PDF, snapshot header or command message may say "LGB" or
//! "local governing body", and the pages and messages that name the approving body name the LAC.

mod common;

use std::path::{Path, PathBuf};

use common::pdf::Pdf;
use common::{Run, copy_dir, files_under, run, scratch};

struct Fixture {
    dir: PathBuf,
    /// Everything every command printed, for the words check at the end.
    said: std::cell::RefCell<String>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Fixture {
    fn new() -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = scratch("terms");
        copy_dir(&root.join("tests/fixtures/differently-worded-trust"), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Fixture {
            dir,
            said: std::cell::RefCell::new(String::new()),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let out = run(&args, &self.dir);
        let mut said = self.said.borrow_mut();
        said.push_str(&out.stdout);
        said.push_str(&out.stderr);
        out
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }
}

/// The help of `school.head_title` on a model preview: examples of titles, not the trust's words.
const HEAD_TITLE_HELP: &str =
    "What the school calls its head: Headteacher, Principal, Head of School.";

/// The generic words a trust with its own must never be given.
fn foreign_words(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    if text.contains("LGB") {
        found.push("LGB");
    }
    if lower.contains("local governing body") {
        found.push("local governing body");
    }
    if lower.contains("headteacher") {
        found.push("headteacher");
    }
    found
}

#[test]
fn every_output_uses_the_trusts_own_words() {
    let t = Fixture::new();
    let school = ["--school", "heron-brook-primary"];
    let policy = ["--policy", "social-media"];
    let with = |cmd: &[&str], extra: &[&str]| -> Vec<String> {
        cmd.iter()
            .chain(school.iter())
            .chain(policy.iter())
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let go = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        t.run(&refs)
    };

    t.run(&[
        "agree",
        "--trust",
        "heronsgate",
        "--policy",
        "social-media",
        "--date",
        "2026-01-14",
        "--minute",
        "BT/26/01",
    ])
    .ok()
    .says("Board of Trustees");

    // Help texts reach the clerk rendered, in the trust's words.
    let context = go(with(&["context"], &[]));
    context.ok();
    assert!(
        !context.stdout.contains("{{"),
        "a help text is shown unrendered:\n{}",
        context.stdout
    );
    // The help is wrapped into comment lines; read it as one sentence.
    let unwrapped = context.stdout.replace("\n  # ", " ");
    assert!(
        unwrapped.contains("The LAC checks this each year"),
        "the help text does not name the LAC:\n{}",
        context.stdout
    );

    go(with(&["record", "populated"], &["--date", "2026-01-20"])).ok();
    go(with(
        &["record", "sent-for-comment"],
        &[
            "--officer",
            "Trust Governance Officer",
            "--date",
            "2026-01-21",
        ],
    ))
    .ok();
    go(with(
        &["record", "comment"],
        &["--comment", "Clear and complete.", "--date", "2026-01-25"],
    ))
    .ok();
    // The README's own form of `diff`: `draft` is a version, not the folder. Before the first
    // approval there is nothing to compare the draft with.
    go(with(&["diff"], &["draft"]))
        .fails()
        .says("nothing has been approved yet");
    go(with(
        &["approve"],
        &[
            "--date",
            "2026-02-10",
            "--minute",
            "LAC/26/03",
            "--chair",
            "Chair of the LAC",
        ],
    ))
    .ok();
    go(with(&["diff"], &["draft"]))
        .ok()
        .says("version 1 -> the current draft");
    go(with(&["diff"], &["1", "draft"])).ok();
    go(with(&["record", "received"], &["--date", "2026-02-12"])).ok();
    // The shared parent leaflet, agreed in September 2026, approved by the LAC after it.
    t.run(&[
        "approve",
        "--school",
        "heron-brook-primary",
        "--policy",
        "parent-leaflet",
        "--date",
        "2026-10-07",
        "--minute",
        "LAC/26/09",
        "--chair",
        "Chair of the LAC",
    ])
    .ok();
    // A refused approval speaks of the LAC too: Kingfisher Lane's policy is incomplete.
    t.run(&[
        "approve",
        "--school",
        "kingfisher-lane-academy",
        "--policy",
        "social-media",
        "--date",
        "2026-02-10",
        "--minute",
        "LAC/26/04",
        "--chair",
        "Chair of the LAC",
    ])
    .fails();
    t.run(&["status"]).ok();
    t.run(&["status", "--format", "json"]).ok();
    t.run(&["check"]).ok();
    t.run(&["build", "--drafts"]).ok();

    let snapshot = t.read("schools/heron-brook-primary/snapshots/social-media/v1.md");
    assert_eq!(
        foreign_words(&snapshot),
        Vec::<&str>::new(),
        "the snapshot's header:\n{snapshot}"
    );

    // Every text file of the site, drafts included.
    let site = t.dir.join("site");
    let mut checked = 0;
    for rel in files_under(&site) {
        let path = site.join(&rel);
        let words = if rel.ends_with(".pdf") {
            let pdf = Pdf::read(&path);
            foreign_words(&pdf.all_text())
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            // A model preview explains `school.head_title` by listing what schools call their
            // heads; a school's title is its own (school.yaml), not the trust's word.
            foreign_words(&text.replace(HEAD_TITLE_HELP, ""))
        } else {
            continue;
        };
        assert!(words.is_empty(), "{rel} says {words:?}");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files were read");

    let dashboard = t.read("site/trusts/heronsgate/dashboard.html");
    assert!(
        dashboard.contains("Local Academy Council") || dashboard.contains("LAC"),
        "the dashboard never names the LAC"
    );
    let page = t.read("site/schools/heron-brook-primary/social-media/index.html");
    assert!(
        page.contains("LAC"),
        "the policy page does not say who approved it"
    );
    let calendar = t.read("site/trusts/heronsgate/reviews.ics");
    assert!(
        calendar.contains("BEGIN:VEVENT"),
        "no review in the calendar"
    );

    let said = t.said.borrow();
    assert_eq!(
        foreign_words(&said),
        Vec::<&str>::new(),
        "the commands said:\n{said}"
    );
}

#[test]
fn the_model_preview_shows_help_rendered() {
    let t = Fixture::new();
    // The schools adopt version 1, so the site builds only once the board has agreed it.
    t.run(&[
        "agree",
        "--trust",
        "heronsgate",
        "--policy",
        "social-media",
        "--date",
        "2026-01-14",
        "--minute",
        "BT/26/01",
    ])
    .ok();
    t.run(&["build"]).ok();
    let preview = t.read("site/trusts/heronsgate/models/social-media.html");
    assert!(
        !preview.contains("{{"),
        "unrendered template text on the preview"
    );
    assert!(
        preview.contains("The LAC checks this each year"),
        "the preview's help text does not name the LAC"
    );
    assert!(
        preview.contains("The Board of Trustees asks for a shared office address"),
        "the preview's help text does not name the board"
    );
}

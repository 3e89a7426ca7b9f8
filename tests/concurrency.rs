//! Two writers at once, and commands killed at random instants: nothing is lost or mixed.
//!
//! Each round starts from a fresh copy of the sample. The kills use `Child::kill` (SIGKILL on
//! Unix), at instants spread over the whole run of the command; the next command must see the
//! repository exactly as before or exactly as after, and a reader must always find a whole site.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sample, assert_same_tree, tree};

type Tree = BTreeMap<String, Vec<u8>>;

fn approve_args(school: &str, minute: &str) -> Vec<String> {
    [
        "approve",
        ".",
        "--school",
        school,
        "--policy",
        "social-media",
        "--date",
        "2026-11-20",
        "--minute",
        minute,
        "--chair",
        "Chair of the LGB",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn spawn(args: &[String], dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .args(args)
        .current_dir(dir)
        .env("POLICYFORGE_TODAY", "2026-11-21")
        .env("POLICYFORGE_LOCK_WAIT", "30")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start policyforge")
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait for policyforge");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The repository's own files (everything but the built site).
fn inputs(dir: &Path) -> Tree {
    tree(dir)
        .into_iter()
        // The build cache is made by builds, from the repository: not part of it.
        .filter(|(k, _)| !k.starts_with("site/") && !k.starts_with(".policyforge-cache/"))
        .collect()
}

/// Nothing a command holds only while it runs is left behind.
fn no_leftovers(dir: &Path) {
    for rel in common::files_under(dir) {
        assert!(
            !rel.contains(".policyforge-tmp")
                && !rel.ends_with(".policyforge-journal")
                && !rel.ends_with(".policyforge.lock"),
            "left behind: {rel}"
        );
    }
}

/// A small deterministic random number generator (xorshift), so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn two_approves_at_once_twenty_times_never_lose_or_mix_a_record() {
    for round in 0..20 {
        let s = Sample::new("two-approves");
        let same = round % 2 == 0;
        let (a, b) = if same {
            ("holy-trinity-brackenmere", "holy-trinity-brackenmere")
        } else {
            ("holy-trinity-brackenmere", "sallowdene-academy")
        };
        let first = spawn(&approve_args(a, "LGB/26/40"), &s.dir);
        let second = spawn(&approve_args(b, "LGB/26/41"), &s.dir);
        let results = [finish(first), finish(second)];
        let wins = results.iter().filter(|(code, _)| *code == 0).count();
        if same {
            assert_eq!(wins, 1, "round {round}: {results:?}");
            let loser = results.iter().find(|(code, _)| *code != 0).unwrap();
            assert_eq!(loser.0, 1, "round {round}: {results:?}");
            assert!(
                loser.1.contains("already approved as version 2"),
                "round {round}: {}",
                loser.1
            );
        } else {
            assert_eq!(wins, 2, "round {round}: {results:?}");
        }
        // Every approval that succeeded is recorded with its frozen text, and nothing else.
        for school in if same { vec![a] } else { vec![a, b] } {
            let adoption = s.read(&format!("schools/{school}/policies/social-media.yaml"));
            assert_eq!(
                adoption.matches("- version: 2\n").count(),
                1,
                "round {round}: {adoption}"
            );
            assert!(
                s.path(&format!("schools/{school}/snapshots/social-media/v2.md"))
                    .is_file()
            );
            assert!(
                !s.path(&format!("schools/{school}/snapshots/social-media/v3.md"))
                    .exists()
            );
        }
        s.run(&["check", "{dir}"]).ok().says("no errors");
        no_leftovers(&s.dir);
    }
}

#[test]
fn approve_killed_at_thirty_random_instants_leaves_before_or_after() {
    let school = "holy-trinity-brackenmere";
    let before = Sample::new("kill-approve-before");
    let before_tree = inputs(&before.dir);
    let after = Sample::new("kill-approve-after");
    let start = Instant::now();
    let (code, out) = finish(spawn(&approve_args(school, "LGB/26/40"), &after.dir));
    assert_eq!(code, 0, "{out}");
    let took = start.elapsed().as_micros() as u64;
    let after_tree = inputs(&after.dir);
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let (mut saw_before, mut saw_after) = (0, 0);
    for round in 0..30 {
        let s = Sample::new("kill-approve");
        let mut child = spawn(&approve_args(school, "LGB/26/40"), &s.dir);
        std::thread::sleep(Duration::from_micros(dice.below(took * 6 / 5)));
        let _ = child.kill();
        let _ = child.wait();
        // The next command finishes or undoes whatever the killed one left.
        let check = s.run(&["check", "{dir}"]);
        assert_eq!(check.code, 0, "round {round}: {}", check.stderr);
        let now = inputs(&s.dir);
        if now == before_tree {
            saw_before += 1;
        } else {
            assert_same_tree(
                &after_tree,
                &now,
                &format!("round {round}: neither before nor after"),
            );
            saw_after += 1;
        }
        no_leftovers(&s.dir);
    }
    eprintln!("approve killed 30 times: {saw_before} left it as before, {saw_after} as after");
}

#[test]
fn build_killed_at_thirty_random_instants_always_leaves_a_whole_site() {
    // Site A is built from the sample; then an approval changes what a build publishes (B).
    let template = Sample::new("kill-build-template");
    template.run(&["build", "{dir}"]).ok();
    let site_a = tree(&template.path("site"));
    let (code, out) = finish(spawn(
        &approve_args("holy-trinity-brackenmere", "LGB/26/40"),
        &template.dir,
    ));
    assert_eq!(code, 0, "{out}");
    let reference = Sample::new("kill-build-reference");
    std::fs::remove_dir_all(&reference.dir).unwrap();
    copy(&template.dir, &reference.dir);
    let start = Instant::now();
    reference.run(&["build", "{dir}"]).ok();
    let took = start.elapsed().as_micros() as u64;
    let site_b = tree(&reference.path("site"));
    assert_ne!(site_a, site_b, "the approval must change the site");
    let inputs_b = inputs(&template.dir);
    let mut dice = Dice(0x2545_f491_4f6c_dd1d);
    let (mut saw_a, mut saw_b) = (0, 0);
    for round in 0..30 {
        let s = Sample::new("kill-build");
        std::fs::remove_dir_all(&s.dir).unwrap();
        copy(&template.dir, &s.dir);
        let mut child = spawn(&["build".to_string(), ".".to_string()], &s.dir);
        std::thread::sleep(Duration::from_micros(dice.below(took * 6 / 5)));
        let _ = child.kill();
        let _ = child.wait();
        // A reader finds a whole site, old or new, never a missing or mixed one.
        let site = tree(&s.path("site"));
        if site == site_a {
            saw_a += 1;
        } else {
            assert_same_tree(&site_b, &site, &format!("round {round}: the site is mixed"));
            saw_b += 1;
        }
        // The repository itself is untouched (a killed command's lock note is not a record).
        let now: Tree = inputs(&s.dir)
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".site.") && k != ".policyforge.lock")
            .collect();
        assert_same_tree(&inputs_b, &now, "a build changed the repository");
        // The next build removes what the killed one left and publishes B.
        if round % 6 == 5 {
            s.run(&["build", "{dir}"]).ok();
            assert_same_tree(&site_b, &tree(&s.path("site")), "rebuilt site");
            assert!(!s.path(".site.new").exists() && !s.path(".site.old").exists());
            no_leftovers(&s.dir);
        }
    }
    eprintln!("build killed 30 times: {saw_a} left the old site, {saw_b} the new one");
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

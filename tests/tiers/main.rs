//! Policy tiers, the trust's schedule and website compliance, on `tests/fixtures/policy-tiers`
//! (Larkfield Learning Trust: a Board of Trustees and Local Academy Councils): a trust-wide
//! policy with a variant for one school, a trust-wide policy one school is excluded from (it has
//! its own, local one) and a model the schools adopt — through board agreement, adoption and a
//! second board version.

#[path = "../common/mod.rs"]
mod common;
mod compliance;
mod publication;
mod schedule;

use std::path::{Path, PathBuf};

use common::{copy_dir, run, scratch};

pub struct Trust {
    pub dir: PathBuf,
}

impl Drop for Trust {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Trust {
    /// The fixture as it is before any board meeting.
    pub fn new(name: &str) -> Trust {
        let dir = scratch(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("tests/fixtures/policy-tiers"), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Trust { dir }
    }

    /// The fixture after the board agreed every policy and three schools approved theirs.
    pub fn agreed(name: &str) -> Trust {
        let t = Trust::new(name);
        t.run(&[
            "agree",
            "{dir}",
            "--trust",
            "larkfield",
            "--policy",
            "complaints",
            "--date",
            "2024-11-01",
            "--minute",
            "BT/24/40",
        ])
        .ok();
        t.run(&[
            "agree",
            "{dir}",
            "--trust",
            "larkfield",
            "--policy",
            "behaviour",
            "--date",
            "2025-09-10",
            "--minute",
            "BT/25/07",
            "--changes",
            "First trust-wide behaviour policy.",
        ])
        .ok();
        t.run(&[
            "agree",
            "{dir}",
            "--trust",
            "larkfield",
            "--policy",
            "behaviour-east",
            "--date",
            "2025-09-10",
            "--minute",
            "BT/25/08",
        ])
        .ok();
        t.run(&[
            "agree",
            "{dir}",
            "--trust",
            "larkfield",
            "--policy",
            "charging-and-remissions",
            "--date",
            "2025-09-10",
            "--minute",
            "BT/25/09",
        ])
        .ok();
        for (school, policy, date, minute) in [
            ("north-academy", "complaints", "2026-02-02", "LAC/26/02"),
            ("south-academy", "complaints", "2025-01-10", "LAC/25/01"),
            (
                "east-academy",
                "charging-and-remissions",
                "2025-10-01",
                "LAC/25/09",
            ),
        ] {
            t.run(&[
                "approve",
                "{dir}",
                "--school",
                school,
                "--policy",
                policy,
                "--date",
                date,
                "--minute",
                minute,
                "--chair",
                "Chair of the LAC",
            ])
            .ok();
        }
        t
    }

    /// The board agrees a second version of the behaviour policy.
    pub fn second_behaviour_version(&self) {
        let file = "model-policies/larkfield/behaviour.md";
        self.replace(file, "version: 1\n", "version: 2\n");
        self.replace(
            file,
            "A consequence is always calm, fair and proportionate.",
            "A consequence is always calm, fair and proportionate, and is followed by a conversation that repairs the relationship.",
        );
        self.run(&[
            "agree",
            "{dir}",
            "--trust",
            "larkfield",
            "--policy",
            "behaviour",
            "--date",
            "2026-06-01",
            "--minute",
            "BT/26/03",
            "--changes",
            "Restorative conversations after every consequence.",
        ])
        .ok()
        .says("Board of Trustees");
    }

    pub fn run(&self, args: &[&str]) -> common::Run {
        let dir = self.dir.to_string_lossy().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        run(&args, &self.dir)
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    pub fn text(&self, rel: &str) -> String {
        let html = self.read(rel);
        let mut out = String::new();
        let mut inside = false;
        for c in html.chars() {
            match c {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    out.push(' ');
                }
                _ if !inside => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

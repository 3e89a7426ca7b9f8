//! The two-year-cycle fixture (`tests/fixtures/two-year-cycle/`) lived through: five academies
//! of one trust, two versions of its complaints procedure, and a leaflet that quotes it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Run, copy_dir, scratch};

/// The fixture copied into a scratch folder, with the sample's themes.
pub struct Cycle {
    pub dir: PathBuf,
}

impl Drop for Cycle {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Cycle {
    pub fn new(name: &str) -> Cycle {
        let dir = scratch(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("tests/fixtures/two-year-cycle"), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Cycle { dir }
    }

    /// Runs policyforge in the repository as on `today`.
    pub fn on(&self, today: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_policyforge"))
            .args(args)
            .current_dir(&self.dir)
            .env("POLICYFORGE_TODAY", today)
            .env_remove("CI")
            .output()
            .expect("run policyforge");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn approve(&self, today: &str, school: &str, policy: &str, minute: &str) {
        self.on(
            today,
            &[
                "approve",
                "--school",
                school,
                "--policy",
                policy,
                "--date",
                today,
                "--minute",
                minute,
                "--chair",
                "Chair of the LAC",
            ],
        )
        .ok();
    }

    pub fn record(&self, today: &str, event: &str, school: &str, extra: &[&str]) {
        let mut args = vec![
            "record",
            event,
            "--school",
            school,
            "--policy",
            "complaints",
            "--date",
            today,
        ];
        args.extend_from_slice(extra);
        self.on(today, &args).ok();
    }

    /// Two years: the board agrees the models, the academies approve, the board agrees a new
    /// complaints procedure, and the academies go their own ways.
    pub fn lived() -> Cycle {
        let c = Cycle::new("cycle");
        let jan = "2025-01-20";
        c.on(
            jan,
            &["agree", "--trust", "fenwold", "--policy", "complaints"],
        )
        .ok()
        .says("Recorded the fingerprint of version 1");
        c.on(
            jan,
            &["agree", "--trust", "fenwold", "--policy", "parent-leaflet"],
        )
        .ok();
        c.approve("2025-02-10", "elm-field", "complaints", "LAC/25/04");
        c.approve("2025-02-12", "elm-field", "parent-leaflet", "LAC/25/05");
        c.approve("2025-02-20", "ash-grove", "complaints", "LAC/25/01");
        c.approve("2025-02-20", "ash-grove", "parent-leaflet", "LAC/25/02");
        c.approve("2025-02-25", "birch-lane", "complaints", "LAC/25/03");
        c.on(
            "2025-03-01",
            &[
                "record",
                "received",
                "--school",
                "ash-grove",
                "--policy",
                "complaints",
                "--date",
                "2025-03-01",
            ],
        )
        .ok();
        // Year two: version 2 of the model.
        let model = "model-policies/fenwold/complaints.md";
        c.edit(model, "version: 1\nreview", "version: 2\nreview");
        c.edit(
            model,
            "Please speak to them first.",
            "Please speak to them first; most concerns are settled within a week.",
        );
        c.on(
            "2026-03-04",
            &[
                "agree",
                "--trust",
                "fenwold",
                "--policy",
                "complaints",
                "--date",
                "2026-03-04",
                "--minute",
                "TB/26/011",
            ],
        )
        .ok();
        // The day the board agreed version 2, nobody has started on it: every approved version
        // keeps its stage (approved, or received), flagged behind the model.
        let out = c.on("2026-03-04", &["status", "--format", "json"]);
        let day: Vec<serde_json::Value> = serde_json::from_str(&out.ok().stdout).unwrap();
        for (school, stage) in [
            ("ash-grove", "received"),
            ("birch-lane", "approved"),
            ("elm-field", "approved"),
        ] {
            let r = row(&day, school, "complaints");
            assert_eq!(
                (r["stage"].as_str(), r["behind_model"].as_bool()),
                (Some(stage), Some(true)),
                "{school}"
            );
        }
        // Birch Lane starts on version 2 and hears back from the officer.
        c.edit(
            "schools/birch-lane/policies/complaints.yaml",
            "model_version: 1",
            "model_version: 2",
        );
        c.record("2026-03-20", "populated", "birch-lane", &[]);
        c.record(
            "2026-04-01",
            "sent-for-comment",
            "birch-lane",
            &["--officer", "Trust Governance Officer"],
        );
        c.record(
            "2026-04-10",
            "comment",
            "birch-lane",
            &[
                "--officer",
                "Trust Governance Officer",
                "--comment",
                "Say who acknowledges the complaint, by role.",
            ],
        );
        // Elm Field adopts version 2 and shortens its acknowledgement to three days.
        let elm = "schools/elm-field/policies/complaints.yaml";
        c.edit(elm, "model_version: 1", "model_version: 2");
        c.edit(
            elm,
            "acknowledgement_days: five",
            "acknowledgement_days: three",
        );
        c.approve("2026-05-06", "elm-field", "complaints", "LAC/26/09");
        c
    }
}

pub const TODAY: &str = "2026-06-20";

pub fn rows(c: &Cycle) -> Vec<serde_json::Value> {
    let out = c.on(TODAY, &["status", "--format", "json"]);
    out.ok();
    serde_json::from_str(&out.stdout).unwrap()
}

pub fn row<'a>(rows: &'a [serde_json::Value], school: &str, policy: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["school"] == school && r["policy"] == policy)
        .unwrap_or_else(|| panic!("no row {school}/{policy}"))
}

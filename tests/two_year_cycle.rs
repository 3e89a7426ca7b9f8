//! Five academies of one trust through two years and two versions of its complaints procedure
//! (`tests/fixtures/two-year-cycle/`): every school and model has a row, approved versions keep
//! their stage when the model moves on, comments come back, the stalled school is flagged, and a
//! leaflet that draws on the complaints procedure is flagged when the procedure moves — in the
//! status table, JSON, CSV, the dashboard and `check`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, copy_dir, scratch};

/// The fixture copied into a scratch folder, with the sample's themes.
struct Cycle {
    dir: PathBuf,
}

impl Drop for Cycle {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Cycle {
    fn new(name: &str) -> Cycle {
        let dir = scratch(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("tests/fixtures/two-year-cycle"), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Cycle { dir }
    }

    /// Runs policyforge in the repository as on `today`.
    fn on(&self, today: &str, args: &[&str]) -> Run {
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

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn approve(&self, today: &str, school: &str, policy: &str, minute: &str) {
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

    fn record(&self, today: &str, event: &str, school: &str, extra: &[&str]) {
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
    fn lived() -> Cycle {
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

const TODAY: &str = "2026-06-20";

fn rows(c: &Cycle) -> Vec<serde_json::Value> {
    let out = c.on(TODAY, &["status", "--format", "json"]);
    out.ok();
    serde_json::from_str(&out.stdout).unwrap()
}

fn row<'a>(rows: &'a [serde_json::Value], school: &str, policy: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["school"] == school && r["policy"] == policy)
        .unwrap_or_else(|| panic!("no row {school}/{policy}"))
}

#[test]
fn two_years_of_status_tell_the_whole_truth() {
    let c = Cycle::lived();
    let rows = rows(&c);
    // Every school x every model: 5 x 2, not-started included.
    assert_eq!(rows.len(), 10, "{rows:#?}");
    for school in [
        "ash-grove",
        "birch-lane",
        "cedar-hill",
        "damson-park",
        "elm-field",
    ] {
        for policy in ["complaints", "parent-leaflet"] {
            row(&rows, school, policy);
        }
    }
    let not_started: Vec<_> = rows
        .iter()
        .filter(|r| r["stage"] == "not-started")
        .map(|r| {
            format!(
                "{}/{}",
                r["school"].as_str().unwrap(),
                r["policy"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        not_started,
        [
            "birch-lane/parent-leaflet",
            "cedar-hill/parent-leaflet",
            "damson-park/complaints",
            "damson-park/parent-leaflet"
        ]
    );

    // Ash Grove did nothing after the new model: still received, flagged behind (v1 -> v2).
    let ash = row(&rows, "ash-grove", "complaints");
    assert_eq!(ash["stage"], "received");
    assert_eq!(ash["based_on_model"], 1);
    assert_eq!(ash["model_version"], 2);
    assert_eq!(ash["behind_model"], true);
    assert_eq!(ash["stage_since"], "2025-03-01");
    assert_eq!(ash["days_in_stage"], 476);
    assert_eq!(ash["stalled"], false, "a received version waits on nobody");
    assert_eq!(ash["overdue"], true);

    // Birch Lane: the officer's comment came back.
    let birch = row(&rows, "birch-lane", "complaints");
    assert_eq!(birch["stage"], "commented");
    assert_eq!(
        birch["last_comment"],
        "Say who acknowledges the complaint, by role."
    );
    assert_eq!(birch["last_comment_on"], "2026-04-10");
    assert_eq!(birch["last_comment_by"], "Trust Governance Officer");
    assert_eq!(birch["days_in_stage"], 71);
    assert_eq!(
        birch["stalled"], false,
        "71 days is under the 90 of book.toml"
    );
    assert_eq!(birch["approved_version"], 1);

    // Cedar Hill has sat at populating since the board agreed version 2: stalled.
    let cedar = row(&rows, "cedar-hill", "complaints");
    assert_eq!(cedar["stage"], "populating");
    assert_eq!(cedar["stage_since"], "2026-03-04");
    assert_eq!(cedar["days_in_stage"], 108);
    assert_eq!(cedar["stalled"], true);
    let damson = row(&rows, "damson-park", "parent-leaflet");
    assert_eq!(
        (
            damson["days_in_stage"].as_i64(),
            damson["stalled"].as_bool()
        ),
        (Some(521), Some(true))
    );

    // Elm Field is up to date with the model; its leaflet is behind the procedure it quotes.
    let elm = row(&rows, "elm-field", "complaints");
    assert_eq!(
        (
            elm["stage"].as_str(),
            elm["approved_version"].as_u64(),
            elm["behind_model"].as_bool()
        ),
        (Some("approved"), Some(2), Some(false))
    );
    let leaflet = row(&rows, "elm-field", "parent-leaflet");
    assert_eq!(leaflet["behind_policy"][0]["policy"], "complaints");
    assert_eq!(leaflet["behind_policy"][0]["version"], 2);
    assert_eq!(leaflet["stage_since"], "2026-05-06");
    assert!(
        row(&rows, "ash-grove", "parent-leaflet")["behind_policy"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The table says the same, in words.
    let table = c.on(TODAY, &["status"]);
    table.ok();
    let line = |school: &str, policy: &str| {
        table
            .stdout
            .lines()
            .find(|l| l.starts_with(school) && l.contains(policy))
            .unwrap_or_else(|| panic!("no {school} {policy} line:\n{}", table.stdout))
            .to_string()
    };
    let ash = line("ash-grove", "complaints");
    assert!(
        ash.contains("received") && ash.contains("Behind the model (v1 → v2)"),
        "{ash}"
    );
    assert!(ash.contains("476"), "{ash}");
    let birch = line("birch-lane", "complaints");
    assert!(
        birch.contains("commented")
            && birch.contains("2026-04-10: Say who acknowledges the complaint, by role."),
        "{birch}"
    );
    assert!(line("cedar-hill", "complaints").contains("Stalled: 108 days"));
    assert!(line("damson-park", "complaints").contains("not-started"));
    assert!(
        line("elm-field", "parent-leaflet").contains("Behind its policy (Complaints Procedure v2)")
    );

    // CSV: one line per row, the same facts in columns.
    let csv = c.on(TODAY, &["status", "--format", "csv"]);
    csv.ok();
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 11);
    let header: Vec<&str> = lines[0].split(',').collect();
    let birch = lines
        .iter()
        .find(|l| l.starts_with("birch-lane,fenwold,complaints,"))
        .unwrap();
    let cells: Vec<&str> = birch.split(',').collect();
    let cell = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("stage"), "commented");
    assert_eq!(cell("based_on_model"), "1");
    assert_eq!(cell("model_version"), "2");
    assert_eq!(cell("stage_since"), "2026-04-10");
    assert_eq!(cell("days_in_stage"), "71");
    assert_eq!(cell("behind_model"), "true");
    assert_eq!(cell("last_comment"), "\"Say who acknowledges the complaint");
    assert!(birch.ends_with(",\"Say who acknowledges the complaint, by role.\""));
    assert!(lines.iter().any(
        |l| l.starts_with("cedar-hill,fenwold,complaints,populating,")
            && l.contains(",108,")
            && l.contains(",true,")
    ));
}

#[test]
fn the_dashboard_shows_the_same_rows_with_totals_and_links() {
    let c = Cycle::lived();
    c.on(TODAY, &["build", "--quiet"]).ok();
    let html = c.read("site/trusts/fenwold/dashboard.html");
    // Totals first: 2 overdue (Ash Grove, Birch Lane), behind (Ash, Birch, Elm's leaflet),
    // stalled (two complaints procedures, three leaflets not started), awaiting approval (Birch commented, Elm's leaflet ready), not started (4).
    let total = |key: &str, n: usize| {
        let needle = format!("total-{key}");
        let at = html.find(&needle).unwrap_or_else(|| panic!("no {needle}"));
        let count = format!("<span class=\"total-count\">{n}</span>");
        assert!(
            html[at..at + 200].contains(&count),
            "{key}: expected {n} in {}",
            &html[at..at + 200]
        );
    };
    total("overdue", 2);
    total("behind", 3);
    total("stalled", 5);
    total("awaiting", 2);
    total("not-started", 4);
    assert!(html.find("total-overdue") < html.find("Ash Grove Academy"));
    // Rows link to the school's page and the policy's page; dates are compact.
    assert!(html.contains("href=\"../../schools/ash-grove/index.html\""));
    assert!(html.contains("href=\"../../schools/elm-field/complaints/index.html\""));
    assert!(
        html.contains("href=\"models/complaints.html\""),
        "a not-started row links the model"
    );
    assert!(html.contains("20 Feb 2026"), "compact dates");
    assert!(!html.contains("20 February 2026"));
    for words in [
        "Approved and received by the trust",
        "Commented on by the trust officer",
        "Not started: no adoption file yet",
        "Behind the model (v1 → v2)",
        "Behind its policy (Complaints Procedure v2)",
        "Stalled: 108 days",
        "Say who acknowledges the complaint, by role.",
        "since 10 Apr 2026 (71 days)",
    ] {
        assert!(
            html.contains(&words.replace('\'', "&#x27;")),
            "dashboard lacks {words:?}"
        );
    }
    assert!(!html.contains(">LGB<") && !html.contains("Local Governing Body"));
    // Grouped by policy too, each grouping linking the other.
    let by_policy = c.read("site/trusts/fenwold/dashboard-by-policy.html");
    assert!(html.contains("href=\"dashboard-by-policy.html\""));
    assert!(by_policy.contains("href=\"dashboard.html\""));
    let complaints = by_policy.find(">Complaints Procedure</a></h2>").unwrap();
    let leaflet = by_policy.find(">Talking to us</a></h2>").unwrap();
    assert!(complaints < leaflet);
    assert!(by_policy[complaints..leaflet].contains("Cedar Hill Academy"));
    // The calendar is made from the same rows.
    let ics = c
        .read("site/trusts/fenwold/reviews.ics")
        .replace("\r\n ", "");
    assert!(
        ics.contains("UID:elm-field-complaints-v2@policyforge"),
        "{ics}"
    );
    assert!(ics.contains("The Local Academy Council should review it by 6 May 2027"));
}

#[test]
fn a_leaflet_takes_its_values_from_the_policy_and_is_flagged_when_it_moves() {
    let c = Cycle::lived();
    // The leaflet Ash Grove approved quotes its complaints procedure.
    let ash = c.read("schools/ash-grove/snapshots/parent-leaflet/v1.md");
    assert!(ash.contains("within five school days"), "{ash}");
    // Elm Field's procedure now says three; its approved leaflet still says five: check says so.
    let check = c.on(TODAY, &["check"]);
    check.ok().says(
        "the leaflet is behind its policy: it was approved before version 2 of the Complaints Procedure (6 May 2026)",
    );
    assert!(
        check
            .stderr
            .contains("schools/elm-field/policies/parent-leaflet.yaml")
    );
    let summaries = check
        .stderr
        .lines()
        .filter(|l| {
            l.starts_with("checked ") || l.ends_with(" warnings") || l.ends_with(" warning")
        })
        .count();
    assert_eq!(summaries, 1, "one summary line:\n{}", check.stderr);
    c.on(
        TODAY,
        &[
            "diff",
            "--school",
            "elm-field",
            "--policy",
            "parent-leaflet",
            "draft",
        ],
    )
    .ok()
    .says("[-five-]{+three+}");
    // Approving the leaflet again brings it in step.
    c.approve(TODAY, "elm-field", "parent-leaflet", "LAC/26/12");
    let text = c.read("schools/elm-field/snapshots/parent-leaflet/v2.md");
    assert!(text.contains("within three school days"), "{text}");
    let r = rows(&c);
    let leaflet = row(&r, "elm-field", "parent-leaflet");
    assert!(leaflet["behind_policy"].as_array().unwrap().is_empty());
    assert_eq!(leaflet["stage"], "approved");
    assert!(!c.on(TODAY, &["check"]).stderr.contains("behind its policy"));
}

#[test]
fn a_leaflet_drawing_on_a_policy_the_school_lacks_is_an_error() {
    let c = Cycle::new("no-policy");
    let folder = c.dir.join("schools/damson-park/policies");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("parent-leaflet.yaml"),
        "model_version: 1\nvalues:\n  leadership_contact: Deputy Headteacher\n",
    )
    .unwrap();
    c.on(TODAY, &["check"])
        .fails()
        .says("the leaflet draws on the `complaints` policy, which Damson Park Academy has not adopted")
        .says("model-policies/fenwold/parent-leaflet.md:5:");
}

#[test]
fn agreeing_an_agreed_unchanged_version_says_so_and_succeeds() {
    let c = Cycle::new("agree-twice");
    let args = ["agree", "--trust", "fenwold", "--policy", "complaints"];
    c.on("2025-01-20", &args).ok();
    let before = c.read("model-policies/fenwold/complaints.md");
    c.on("2025-01-21", &args)
        .ok()
        .says("Complaints Procedure version 1 was already agreed by the Board of Trustees on 15 January 2025 (minute TB/25/003), and its text is unchanged: nothing to record.");
    assert_eq!(c.read("model-policies/fenwold/complaints.md"), before);
}

#[test]
fn a_leaflet_waits_for_the_policy_values_it_uses() {
    let c = Cycle::new("drawn-gap");
    std::fs::write(
        c.dir
            .join("schools/cedar-hill/policies/parent-leaflet.yaml"),
        "model_version: 1\nvalues:\n  leadership_contact: Deputy Headteacher\n",
    )
    .unwrap();
    c.on(TODAY, &["check"]).ok().says(
        "Talking to us uses `acknowledgement_days` from the school's `complaints` policy, which is not filled in yet, so it cannot be approved",
    ).says("fill in `acknowledgement_days` under `values:` in schools/cedar-hill/policies/complaints.yaml");
    let r = rows(&c);
    assert_eq!(
        row(&r, "cedar-hill", "parent-leaflet")["stage"],
        "populating"
    );
    c.on(
        TODAY,
        &[
            "approve",
            "--school",
            "cedar-hill",
            "--policy",
            "parent-leaflet",
            "--date",
            TODAY,
            "--minute",
            "LAC/26/01",
            "--chair",
            "Chair of the LAC",
        ],
    )
    .fails();
    // The model preview marks the drawn areas, named and explained.
    c.on(TODAY, &["build", "--quiet"]).ok();
    let preview = c.read("site/trusts/fenwold/models/parent-leaflet.html");
    assert!(
        preview.contains("policies.complaints.acknowledgement_days"),
        "{preview}"
    );
    assert!(
        preview.contains("From the school&#39;s Complaints Procedure"),
        "{preview}"
    );
}

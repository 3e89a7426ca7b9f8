//! Policy tiers, the trust's schedule and website compliance, on `tests/fixtures/policy-tiers`
//! (Larkfield Learning Trust: a Board of Trustees and Local Academy Councils): a trust-wide
//! policy with a variant for one school, a trust-wide policy one school is excluded from (it has
//! its own, local one) and a model the schools adopt — through board agreement, adoption and a
//! second board version.

mod common;

use std::path::{Path, PathBuf};

use common::pdf::Pdf;
use common::{copy_dir, run, scratch};

struct Trust {
    dir: PathBuf,
}

impl Drop for Trust {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Trust {
    /// The fixture as it is before any board meeting.
    fn new(name: &str) -> Trust {
        let dir = scratch(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("tests/fixtures/policy-tiers"), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Trust { dir }
    }

    /// The fixture after the board agreed every policy and three schools approved theirs.
    fn agreed(name: &str) -> Trust {
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
    fn second_behaviour_version(&self) {
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

    fn run(&self, args: &[&str]) -> common::Run {
        let dir = self.dir.to_string_lossy().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        run(&args, &self.dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    fn text(&self, rel: &str) -> String {
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

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn a_trust_wide_policy_is_published_in_every_school_it_applies_to_with_the_boards_control_block() {
    let t = Trust::agreed("tiers-publish");
    assert!(t.exists("model-policies/larkfield/snapshots/behaviour/v1.md"));
    t.run(&["build", "{dir}"]).ok();
    // Every school but the one with a variant publishes the trust's text; that one its variant.
    for school in ["north-academy", "south-academy", "west-academy"] {
        assert!(
            t.exists(&format!("site/schools/{school}/behaviour/index.html")),
            "{school}"
        );
        assert!(!t.exists(&format!("site/schools/{school}/behaviour-east/index.html")));
        assert!(t.exists(&format!(
            "site/schools/{school}/charging-and-remissions/{school}-charging-and-remissions-v1.pdf"
        )));
    }
    assert!(!t.exists("site/schools/east-academy/behaviour/index.html"));
    assert!(t.exists("site/schools/east-academy/behaviour-east/index.html"));
    // East is excluded from the trust's charging policy and publishes its own.
    let own = t.text("site/schools/east-academy/charging-and-remissions/index.html");
    assert!(
        own.contains("charges for nothing that is part of a pupil's education plan"),
        "{own}"
    );
    assert!(own.contains("Date agreed by the LAC"));

    let page = t.text("site/schools/north-academy/behaviour/index.html");
    assert!(page.contains("ready, respectful and safe"));
    assert!(
        page.contains("Version 1, agreed by the Board of Trustees on 10 September 2025"),
        "{page}"
    );
    for words in [
        "Policy type Trust-wide: one policy for every school of Larkfield Learning Trust",
        "Reviewed by The Board of Trustees",
        "Date of policy 10 September 2025",
        "Minute reference BT/25/07",
        "Review date 10 September 2026",
        "Status Agreed by the Board of Trustees",
        "Versions agreed by the Board of Trustees",
    ] {
        assert!(page.contains(words), "{words:?} missing from:\n{page}");
    }
    // No local body adopted it, so none is named as its approver.
    assert!(!page.contains("Chair of the LAC"), "{page}");
    assert!(
        !page.contains("approved by the Local Academy Council"),
        "{page}"
    );
    assert!(
        page.contains("Download the PDF"),
        "every policy page links its PDF"
    );

    let pdf =
        Pdf::read(&t.path("site/schools/north-academy/behaviour/north-academy-behaviour-v1.pdf"))
            .all_text();
    for words in [
        "Reviewed by",
        "The Board of Trustees",
        "Date of policy",
        "Version history",
        "Signed, Chair of the Board of Trustees",
    ] {
        assert!(
            pdf.contains(words),
            "{words:?} missing from the PDF:\n{pdf}"
        );
    }

    let manifest = json(&t.read("site/manifest.json"));
    let tier_of = |school: &str, policy: &str| {
        manifest["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["school"] == school && d["policy"] == policy)
            .map(|d| d["tier"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{school} {policy} not in the manifest"))
    };
    assert_eq!(tier_of("north-academy", "behaviour"), "trust-wide");
    assert_eq!(tier_of("east-academy", "behaviour-east"), "trust-wide");
    assert_eq!(tier_of("north-academy", "complaints"), "model");
    assert_eq!(tier_of("east-academy", "charging-and-remissions"), "local");

    let trust = t.text("site/trusts/larkfield/index.html");
    assert!(trust.contains("Trust-wide policies"), "{trust}");
    assert!(trust.contains("Behaviour Policy Version 1, agreed by the Board of Trustees on 10 September 2025 (minute BT/25/07)"), "{trust}");
    let dashboard = t.text("site/trusts/larkfield/dashboard.html");
    assert!(
        dashboard.contains("Trust-wide: agreed by the Board of Trustees"),
        "{dashboard}"
    );
    let status = t.run(&["status", "{dir}", "--format", "json"]);
    assert!(
        status.stdout.contains("\"stage\": \"agreed\""),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("\"tier\": \"trust-wide\""));
    let csv = t
        .run(&["status", "{dir}", "--format", "csv"])
        .ok()
        .stdout
        .clone();
    assert!(csv.contains("north-academy,larkfield,behaviour,agreed,1,1,2025-09-10,2026-09-10,false,true,false,trust-wide\n"), "{csv}");
}

#[test]
fn a_second_board_version_replaces_the_first_everywhere_and_both_are_in_the_version_table() {
    let t = Trust::agreed("tiers-second");
    t.second_behaviour_version();
    assert!(t.exists("model-policies/larkfield/snapshots/behaviour/v2.md"));
    t.run(&["build", "{dir}"]).ok();
    for school in ["north-academy", "south-academy", "west-academy"] {
        let current = t.text(&format!("site/schools/{school}/behaviour/index.html"));
        assert!(current.contains("repairs the relationship"), "{school}");
        assert!(current.contains("Version 2, agreed by the Board of Trustees on 1 June 2026"));
        assert!(current.contains("Review date 1 June 2027"));
        assert!(
            current.contains(
                "The Board of Trustees (minute BT/25/07) First trust-wide behaviour policy."
            ),
            "{current}"
        );
        assert!(current.contains("The Board of Trustees (minute BT/26/03) Restorative conversations after every consequence."));
        let old = t.text(&format!("site/schools/{school}/behaviour/v1/index.html"));
        assert!(old.contains("has been replaced by version 2"));
        assert!(!old.contains("repairs the relationship"));
        assert!(t.exists(&format!("site/schools/{school}/behaviour/changes-v2.html")));
    }
    let pdf =
        Pdf::read(&t.path("site/schools/west-academy/behaviour/west-academy-behaviour-v2.pdf"))
            .all_text();
    assert!(
        pdf.contains("BT/25/07") && pdf.contains("BT/26/03"),
        "both versions in the PDF's table:\n{pdf}"
    );
    // The variant's school is untouched by the new version.
    assert!(!t.exists("site/schools/east-academy/behaviour/index.html"));
    // An agreed text is frozen: editing it is caught.
    t.replace(
        "model-policies/larkfield/snapshots/behaviour/v1.md",
        "ready, respectful",
        "ready, polite",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("has been changed since the Board of Trustees agreed it")
        .says("snapshots/behaviour/v1.md:1:1");
}

#[test]
fn the_schedule_lists_every_policy_with_its_tier_agreement_and_flags() {
    let t = Trust::agreed("tiers-schedule");
    let rows = json(
        &t.run(&["schedule", "{dir}", "--format", "json"])
            .ok()
            .stdout,
    );
    let row = |policy: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["policy"] == policy)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {policy}: {rows}"))
    };
    let behaviour = row("behaviour");
    assert_eq!(behaviour["tier"], "trust-wide");
    assert_eq!(behaviour["owner"], "Director of Education");
    assert_eq!(behaviour["agreed_on"], "2025-09-10");
    assert_eq!(behaviour["minute"], "BT/25/07");
    assert_eq!(behaviour["next_review"], "2026-09-10");
    assert_eq!(
        behaviour["overdue"], true,
        "due 10 September 2026, today 21 November 2026"
    );
    assert_eq!(behaviour["statutory"], true);
    assert_eq!(
        behaviour["publish_online"], "required",
        "the DfE list: a behaviour policy"
    );
    assert_eq!(
        (
            behaviour["schools"].as_u64(),
            behaviour["schools_published"].as_u64(),
            behaviour["schools_in_date"].as_u64()
        ),
        (Some(3), Some(3), Some(0)),
        "published by all three, and past its review date in all three"
    );
    let complaints = row("complaints");
    assert_eq!(complaints["tier"], "model");
    assert_eq!(complaints["next_review"], "2025-11-01");
    assert_eq!(complaints["overdue"], true);
    assert_eq!(
        (
            complaints["schools"].as_u64(),
            complaints["schools_published"].as_u64(),
            complaints["schools_in_date"].as_u64()
        ),
        (Some(4), Some(2), Some(1))
    );
    let charging = row("charging-and-remissions");
    assert_eq!(charging["overdue"], false);
    assert_eq!(charging["due_soon"], false);
    assert_eq!(row("behaviour-east")["schools"], 1);
    let local = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tier"] == "local")
        .expect("East's own policy");
    assert_eq!(local["policy"], "charging-and-remissions");

    let csv = t
        .run(&[
            "schedule",
            "{dir}",
            "--format",
            "csv",
            "--trust",
            "larkfield",
        ])
        .ok()
        .stdout
        .clone();
    assert!(csv.starts_with("trust,policy,title,tier,owner,review_cycle_months,agreed_version,agreed_on,minute,next_review,due_soon,overdue,statutory,publish_online,schools,schools_published,schools_in_date\n"));
    assert!(csv.contains("larkfield,behaviour,Behaviour Policy,trust-wide,Director of Education,12,1,2025-09-10,BT/25/07,2026-09-10,false,true,true,required,3,3,0\n"), "{csv}");
    let table = t.run(&["schedule", "{dir}"]).ok().stdout.clone();
    assert!(table.contains("Review overdue"), "{table}");
    t.run(&["schedule", "{dir}", "--trust", "larkfeld"])
        .fails()
        .says("did you mean `larkfield`?");

    // After the second version the board's review is in date again.
    t.second_behaviour_version();
    let rows = json(
        &t.run(&["schedule", "{dir}", "--format", "json"])
            .ok()
            .stdout,
    );
    let behaviour = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["policy"] == "behaviour")
        .unwrap();
    assert_eq!(behaviour["agreed_version"], 2);
    assert_eq!(behaviour["overdue"], false);
    assert_eq!(behaviour["schools_in_date"], 3);

    t.run(&["build", "{dir}"]).ok();
    let page = t.text("site/trusts/larkfield/schedule.html");
    assert!(page.contains("Policy schedule: LLT"));
    assert!(page.contains("Complaints Procedure Trust model Governance Lead 12 months Version 1, 1 November 2024 (minute BT/24/40) 1 November 2025"), "{page}");
    assert!(page.contains("Review overdue"));
    let calendar = t
        .read("site/trusts/larkfield/reviews.ics")
        .replace("\r\n ", "");
    assert!(
        calendar.contains("SUMMARY:Board review due: Complaints Procedure (trust model)"),
        "{calendar}"
    );
    assert!(calendar.contains("SUMMARY:Board review due: Behaviour Policy (trust-wide)"));
    assert!(calendar.contains("The Board of Trustees agreed version 1 on 1 November 2024"));
    // A trust-wide policy has one review, the board's: no school's event repeats it.
    assert!(
        !calendar.contains("Review due: Behaviour Policy –"),
        "{calendar}"
    );
}

#[test]
fn compliance_reports_each_schools_required_policies_and_exits_1_until_all_comply() {
    let t = Trust::agreed("tiers-compliance");
    t.second_behaviour_version();
    let out = t.run(&["compliance", "{dir}", "--format", "json"]);
    out.fails();
    let schools = json(&out.stdout);
    let state = |school: &str, policy: &str| -> String {
        let s = schools
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["school"] == school)
            .unwrap();
        s["policies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["policy"] == policy)
            .map_or("absent".to_string(), |p| {
                p["state"].as_str().unwrap().to_string()
            })
    };
    let complies = |school: &str| {
        schools
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["school"] == school)
            .unwrap()["complies"]
            == true
    };
    assert_eq!(state("north-academy", "complaints"), "published");
    assert_eq!(state("north-academy", "behaviour"), "published");
    assert!(complies("north-academy"));
    assert_eq!(
        state("south-academy", "complaints"),
        "past-review",
        "its own six-month review fell due in July 2025"
    );
    assert_eq!(state("east-academy", "complaints"), "not-approved");
    assert_eq!(
        state("east-academy", "behaviour"),
        "published",
        "its trust-approved variant counts"
    );
    assert_eq!(
        state("east-academy", "charging-and-remissions"),
        "published",
        "its own policy counts"
    );
    assert_eq!(state("west-academy", "complaints"), "not-started");
    assert!(!complies("south-academy") && !complies("east-academy") && !complies("west-academy"));

    let csv = t
        .run(&["compliance", "{dir}", "--format", "csv"])
        .fails()
        .stdout
        .clone();
    assert!(csv.starts_with("trust,school,policy,title,tier,state,version,review_due\n"));
    assert!(csv.contains("larkfield,south-academy,complaints,Complaints Procedure,model,past-review,1,2025-07-10\n"), "{csv}");
    assert!(
        csv.contains(
            "larkfield,west-academy,complaints,Complaints Procedure,model,not-started,,\n"
        )
    );
    let table = t.run(&["compliance", "{dir}"]).fails().stdout.clone();
    assert!(
        table.contains("Published but past its review date"),
        "{table}"
    );
    assert!(
        table.contains("3 of 4 schools do not comply: east-academy, south-academy, west-academy."),
        "{table}"
    );
    t.run(&["compliance", "{dir}", "--school", "north-academy"])
        .ok()
        .says("All 1 schools publish every required policy");

    t.run(&["build", "{dir}"]).ok();
    let dashboard = t.text("site/trusts/larkfield/dashboard.html");
    assert!(dashboard.contains("Website compliance"));
    assert!(
        dashboard.contains(
            "West Larkfield Academy Does not comply: 1 of 3 required policies need action"
        ),
        "{dashboard}"
    );
    assert!(dashboard.contains("Not started Complaints Procedure"));
    assert!(dashboard.contains(
        "North Larkfield Academy Complies: all 3 required policies are published and in date"
    ));
    let home = t.text("site/schools/south-academy/index.html");
    assert!(home.contains("Policies the school must publish"), "{home}");
    assert!(
        home.contains("Complaints Procedure Published but past its review date"),
        "{home}"
    );
    assert!(home.contains("Request a paper copy: every policy on this page is available on paper, free of charge, from the school office. Email office@south.larkfield.example.org.uk"), "{home}");
    assert!(home.contains("01632 960102"));
    assert!(home.contains("and the trust-wide policies agreed by the Board of Trustees"));

    // book.toml may override the shipped DfE list: with complaints only recommended, all comply.
    let book = t.read("book.toml") + "\n[publish-online]\ncomplaints = \"recommended\"\n";
    t.write("book.toml", &book);
    t.run(&["check", "{dir}"]).ok();
    t.run(&["compliance", "{dir}"])
        .ok()
        .says("All 4 schools publish every required policy, in date.");
}

#[test]
fn a_school_home_page_follows_the_day_past_a_review_date() {
    let t = Trust::agreed("tiers-day");
    t.second_behaviour_version();
    t.run(&["build", "{dir}"]).ok();
    let home = "site/schools/north-academy/index.html";
    assert!(
        t.text(home)
            .contains("Complaints Procedure Published and in date")
    );
    // North's complaints procedure falls due on 2 February 2027; a build a month later (with
    // its cache from the first) says so.
    let later = std::process::Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .arg("build")
        .arg(&t.dir)
        .env("POLICYFORGE_TODAY", "2027-03-01")
        .output()
        .expect("run policyforge");
    assert!(
        later.status.success(),
        "{}",
        String::from_utf8_lossy(&later.stderr)
    );
    assert!(
        t.text(home)
            .contains("Complaints Procedure Published but past its review date"),
        "{}",
        t.text(home)
    );
}

#[test]
fn a_trust_wide_policy_is_never_adopted_and_its_tier_is_checked() {
    let t = Trust::new("tiers-errors");
    t.write(
        "schools/north-academy/policies/behaviour.yaml",
        "values: {}\n",
    );
    t.run(&["check", "{dir}"]).fails()
        .says("Behaviour Policy is trust-wide: the Board of Trustees agrees it for every school and no Local Academy Council adopts it")
        .says("schools/north-academy/policies/behaviour.yaml:1:1");
    std::fs::remove_file(t.path("schools/north-academy/policies/behaviour.yaml")).unwrap();

    t.replace(
        "model-policies/larkfield/complaints.md",
        "owner: Governance Lead\n",
        "owner: Governance Lead\ntier: local\n",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("a trust's policy cannot be `tier: local`")
        .says("complaints.md:5:7");
    t.replace(
        "model-policies/larkfield/complaints.md",
        "tier: local\n",
        "tier: trustwide\n",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("trustwide")
        .says("complaints.md:5:7");
    t.replace(
        "model-policies/larkfield/complaints.md",
        "tier: trustwide\n",
        "",
    );

    t.replace(
        "model-policies/larkfield/charging-and-remissions.md",
        "exclude: [east-academy]",
        "exclude: [east-acadmy]",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("`east-acadmy` under `exclude` is not a school of LLT")
        .says("did you mean `east-academy`?");
    // Only the trust's files leave a school out: East's own policy cannot replace the trust's.
    t.replace(
        "model-policies/larkfield/charging-and-remissions.md",
        "exclude: [east-acadmy]\n",
        "",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("Charging and Remissions Policy is a trust-wide policy of LLT for this school")
        .says("schools/east-academy/local/charging-and-remissions.md:2:5")
        .says("exclude: [east-academy]");
    t.replace(
        "model-policies/larkfield/charging-and-remissions.md",
        "tier: trust-wide\n",
        "tier: trust-wide\nexclude: [east-academy]\n",
    );

    t.replace(
        "model-policies/larkfield/behaviour.md",
        "## Our expectations",
        "## Our expectations\n\n{{ school.name }} expects",
    );
    t.run(&["check", "{dir}"])
        .fails()
        .says("it can use `trust.*` and `policy.*`, not `school.*`");
    t.replace(
        "model-policies/larkfield/behaviour.md",
        "\n\n{{ school.name }} expects",
        "",
    );

    // book.toml's duties name policies by id.
    let book = t.read("book.toml") + "\n[publish-online]\ncomplaint = \"required\"\n";
    t.write("book.toml", &book);
    t.run(&["check", "{dir}"])
        .says("`[publish-online]` names `complaint`")
        .says("did you mean `complaints`?");
    let book = t
        .read("book.toml")
        .replace("complaint = \"required\"", "complaints = \"compulsory\"");
    t.write("book.toml", &book);
    t.run(&["check", "{dir}"])
        .fails()
        .says("compulsory")
        .says("book.toml");

    // A trust-wide text is agreed like any model, and its frozen text must be there.
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
    ])
    .ok();
    std::fs::remove_file(t.path("model-policies/larkfield/snapshots/behaviour/v1.md")).unwrap();
    t.run(&["check", "{dir}"])
        .fails()
        .says("the agreed text of version 1 is missing")
        .says("policyforge agree --trust larkfield --policy behaviour");
}

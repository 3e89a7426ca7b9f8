//! Website compliance: the report in three formats with its exit codes, the dashboard section,
//! the school home page and its paper-copy line, and the book.toml override.

use crate::{Trust, json};

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

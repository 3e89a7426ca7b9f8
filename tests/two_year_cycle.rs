//! Five academies of one trust through two years and two versions of its complaints procedure
//! (`tests/fixtures/two-year-cycle/`): every school and model has a row, approved versions keep
//! their stage when the model moves on, comments come back and the stalled school is flagged — in
//! the status table, JSON, CSV, the dashboard and the calendar.

mod common;

use common::cycle::{Cycle, TODAY, row, rows};

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
fn an_officer_s_comment_is_data_everywhere() {
    let c = Cycle::lived();
    let comment = "<script>alert(1)</script> Say \"who\", by role;\nthen resend.";
    c.record(
        TODAY,
        "comment",
        "birch-lane",
        &["--officer", "Trust <b>Officer</b>", "--comment", comment],
    );
    let r = rows(&c);
    assert_eq!(row(&r, "birch-lane", "complaints")["last_comment"], comment);
    let csv = c.on(TODAY, &["status", "--format", "csv"]);
    assert!(
        csv.ok()
            .stdout
            .contains("\"<script>alert(1)</script> Say \"\"who\"\", by role;\nthen resend.\""),
        "{}",
        csv.stdout
    );
    let table = c.on(TODAY, &["status", "--school", "birch-lane"]);
    assert_eq!(table.ok().stdout.lines().count(), 3, "one line per row");
    c.on(TODAY, &["build", "--quiet"]).ok();
    let html = c.read("site/trusts/fenwold/dashboard.html");
    assert!(!html.contains("<script>alert") && !html.contains("<b>Officer"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped"
    );
}

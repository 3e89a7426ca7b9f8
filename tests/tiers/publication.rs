//! Where trust-wide policies are published, with the board's control block and version table,
//! and how a second board version replaces the first.

use crate::common::pdf::Pdf;
use crate::{Trust, json};

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
        status.stdout.contains("\"stage\": \"approved\""),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("\"tier\": \"trust-wide\""));
    let csv = t
        .run(&["status", "{dir}", "--format", "csv"])
        .ok()
        .stdout
        .clone();
    // The tier column, read by its header.
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines
        .find(|l| l.starts_with("north-academy,larkfield,behaviour,"))
        .unwrap_or_else(|| panic!("{csv}"))
        .split(',')
        .collect();
    assert_eq!(row[column("tier")], "trust-wide", "{csv}");
    assert_eq!(row[column("stage")], "approved", "{csv}");
    assert_eq!(row[column("review_due")], "2026-09-10", "{csv}");
    assert_eq!(row[column("overdue")], "true", "{csv}");
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

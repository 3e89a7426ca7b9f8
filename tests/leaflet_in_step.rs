//! A leaflet in step with the policies it quotes (`draws_on:`), over the two-year-cycle fixture:
//! its text takes the policy's values, a gap there keeps it unfinished, a newer approved policy
//! flags it "behind its policy" in `status` and `check`; and `agree` on an agreed version.

mod common;

use common::cycle::{Cycle, TODAY, row, rows};

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

//! The trust's policy schedule: rows, flags, formats, page and calendar; and the errors a
//! trust-wide policy's files can hold.

use crate::{Trust, json};

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

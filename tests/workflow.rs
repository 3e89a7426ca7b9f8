//! The governance workflow: stages, approvals, frozen snapshots, drafts, review dates, calendar.

mod common;

use common::{Sample, files_under};

fn status(s: &Sample) -> Vec<serde_json::Value> {
    let out = s.run(&["status", "{dir}", "--format", "json"]);
    out.ok();
    serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout).unwrap()
}

fn row<'a>(rows: &'a [serde_json::Value], school: &str, policy: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|r| r["school"] == school && r["policy"] == policy)
        .unwrap_or_else(|| panic!("no row {school}/{policy}"))
}

const APPROVE: [&str; 14] = [
    "approve",
    "{dir}",
    "--school",
    "holy-trinity-brackenmere",
    "--policy",
    "social-media",
    "--date",
    "2026-11-20",
    "--minute",
    "LGB/26/40",
    "--chair",
    "Chair of the LGB",
    "--changes",
    "Adopted model version 3.",
];

#[test]
fn the_sample_shows_every_stage_in_every_trust() {
    let s = Sample::new("stages");
    let rows = status(&s);
    let keys = [
        "school",
        "trust",
        "policy",
        "stage",
        "model_version",
        "approved_version",
        "approved_on",
        "review_due",
        "due_soon",
        "overdue",
        "behind_model",
    ];
    for r in &rows {
        for k in keys {
            assert!(r.get(k).is_some(), "row lacks {k}: {r}");
        }
    }
    for trust in ["cdat", "cmat", "cidari"] {
        let mine: Vec<_> = rows.iter().filter(|r| r["trust"] == trust).collect();
        let has = |f: &dyn Fn(&serde_json::Value) -> bool| mine.iter().any(|r| f(r));
        assert!(
            has(
                &|r| matches!(r["stage"].as_str(), Some("approved" | "received"))
                    && r["approved_version"] == 2
            ),
            "{trust}: an approved school with two versions"
        );
        assert!(
            has(&|r| r["stage"] == "sent-for-comment"),
            "{trust}: one sent for comment"
        );
        assert!(
            has(&|r| r["stage"] == "populating"),
            "{trust}: one populating"
        );
        assert!(has(&|r| r["overdue"] == true), "{trust}: one overdue");
        assert!(
            has(&|r| r["behind_model"] == true),
            "{trust}: one behind the model"
        );
    }
    let w = row(&rows, "wybunbury-delves", "social-media");
    assert_eq!(w["stage"], "received");
    assert_eq!(w["approved_on"], "2025-06-18");
    assert_eq!(w["review_due"], "2027-06-18");
    let h = row(&rows, "holy-trinity-brackenmere", "social-media");
    assert_eq!(
        h["review_due"], "2024-10-11",
        "the school's shorter review cycle (12 months) wins"
    );

    let csv = s.run(&["status", "{dir}", "--format", "csv", "--trust", "cmat"]);
    csv.ok();
    assert!(csv.stdout.starts_with("school,trust,policy,stage,"));
    assert!(
        csv.stdout.lines().skip(1).all(|l| l.contains(",cmat,")),
        "{}",
        csv.stdout
    );
    let table = s.run(&["status", "{dir}", "--school", "wybunbury-delves"]);
    table.ok().says("received");
    s.run(&["status", "{dir}", "--school", "nowhere"])
        .fails()
        .says("there is no school `nowhere`");
}

#[test]
fn approve_freezes_the_text_as_the_next_version() {
    let s = Sample::new("approve");
    s.run(&APPROVE)
        .ok()
        .says("as version 2")
        .says("Review due 20 November 2027");
    let snapshot = s.read("schools/holy-trinity-brackenmere/snapshots/social-media/v2.md");
    assert!(snapshot.contains("minute: LGB/26/40"));
    let adoption = s.read("schools/holy-trinity-brackenmere/policies/social-media.yaml");
    assert!(
        adoption.contains("review_months: 12"),
        "the clerk's values are kept"
    );
    assert!(
        adoption.contains("    - sixth-form students"),
        "a Markdown value keeps its layout"
    );
    let recorded = adoption.split("- version: 2").nth(1).unwrap();
    let digest = policyforge::workflow::snapshot::sha256_hex(snapshot.as_bytes());
    assert!(
        recorded.contains(&digest),
        "the approval records the snapshot's SHA-256"
    );

    let r = row(&status(&s), "holy-trinity-brackenmere", "social-media").clone();
    assert_eq!(r["stage"], "approved");
    assert_eq!(r["approved_version"], 2);
    assert_eq!(r["overdue"], false);
    assert_eq!(r["behind_model"], false);

    s.run(&APPROVE)
        .fails()
        .says("already approved as version 2");
    s.run(&[
        "record",
        "received",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-media",
        "--date",
        "2026-11-21",
    ])
    .ok();
    assert_eq!(
        row(&status(&s), "holy-trinity-brackenmere", "social-media")["stage"],
        "received"
    );

    s.run(&["build", "{dir}"]).ok();
    let docs = s.manifest()["documents"].as_array().unwrap().clone();
    let mine: Vec<_> = docs
        .iter()
        .filter(|d| {
            d["school"] == "holy-trinity-brackenmere"
                && d["kind"] == "policy"
                && d["policy"] == "social-media"
        })
        .collect();
    assert_eq!(mine.len(), 2, "both versions published");
    let current = mine.iter().find(|d| d["current"] == true).unwrap();
    assert_eq!(current["version"], 2);
    assert_eq!(current["stage"], "received");
    assert_eq!(
        current["html"],
        "schools/holy-trinity-brackenmere/social-media/index.html"
    );
    let old = mine.iter().find(|d| d["version"] == 1).unwrap();
    assert_eq!(
        old["html"],
        "schools/holy-trinity-brackenmere/social-media/v1/index.html"
    );
    let old_page = s.read("site/schools/holy-trinity-brackenmere/social-media/v1/index.html");
    assert!(old_page.contains("replaced by version 2"));
    let changes = s.read("site/schools/holy-trinity-brackenmere/social-media/changes-v2.html");
    assert!(
        changes.contains("<ins>") && changes.contains("<del>"),
        "a word-level redline"
    );
}

/// Each bad approval fails with exit 1 and writes nothing.
fn approval_refused(s: &Sample, args: &[&str], expected: &str) {
    let before = files_under(&s.path("schools"));
    let adoption = s.read("schools/holy-trinity-brackenmere/policies/social-media.yaml");
    s.run(args).fails().says(expected);
    assert_eq!(
        files_under(&s.path("schools")),
        before,
        "a refused approval wrote a file"
    );
    assert_eq!(
        s.read("schools/holy-trinity-brackenmere/policies/social-media.yaml"),
        adoption
    );
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn with(date: &str, minute: &str, chair: &str) -> Vec<String> {
    let mut v: Vec<String> = APPROVE.iter().map(|a| a.to_string()).collect();
    v[7] = date.into();
    v[9] = minute.into();
    v[11] = chair.into();
    v
}

/// A trust with its own names for its bodies: every message of approve and record, and the
/// header of a new frozen text, use them — never "LGB" — while the texts frozen before keep
/// their header and still verify.
#[test]
fn commands_speak_in_the_trust_s_own_words() {
    let s = Sample::new("trust-words");
    let trust = "model-policies/cdat/trust.yaml";
    s.replace(
        trust,
        "local_body: Local Governing Body",
        "local_body: Local Academy Council",
    );
    s.replace(trust, "local_body_short: LGB", "local_body_short: LAC");
    let frozen_before = "schools/holy-trinity-brackenmere/snapshots/social-media/v1.md";
    let old_header = s.read(frozen_before);
    let words = |out: &common::Run| format!("{}{}", out.stdout, out.stderr);
    let mut said = Vec::new();

    let future = s.run(&args(&with("2027-01-01", "LAC/1", "Chair")));
    future
        .fails()
        .says("the date of the LAC meeting 2027-01-01 is in the future");
    said.push(words(&future));
    let before_board = s.run(&args(&with("2025-01-01", "LAC/1", "Chair")));
    before_board
        .fails()
        .says("before the Board of Directors agreed model version 3")
        .says("approved by the LAC only after the Board of Directors has agreed its model version");
    said.push(words(&before_board));
    let no_minute = s.run(&args(&with("2026-11-20", " ", "Chair")));
    no_minute.fails().says("such as --minute LAC/25/07");
    said.push(words(&no_minute));
    let no_chair = s.run(&args(&with("2026-11-20", "LAC/1", "")));
    no_chair
        .fails()
        .says("such as --chair \"Chair of the LAC\"");
    said.push(words(&no_chair));

    let approved = s.run(&args(&with(
        "2026-11-20",
        "LAC/26/40",
        "Chair of the Council",
    )));
    approved
        .ok()
        .says("as version 2 (LAC minute LAC/26/40, chair Chair of the Council)");
    said.push(words(&approved));
    let header = s.read("schools/holy-trinity-brackenmere/snapshots/social-media/v2.md");
    let first_line = header.lines().next().unwrap_or_default();
    assert_eq!(
        first_line,
        "# Frozen by `policyforge approve`: the text the LAC approved. Never edit this file."
    );
    assert!(!header.contains("LGB"), "{header}");

    let record = |date: &str| {
        s.run(&[
            "record",
            "received",
            "{dir}",
            "--school",
            "holy-trinity-brackenmere",
            "--policy",
            "social-media",
            "--date",
            date,
        ])
    };
    let early = record("2026-11-19");
    early.fails().says(
        "Chester Diocesan Academies Trust receives a policy only after its approval by the LAC",
    );
    said.push(words(&early));
    let received = record("2026-11-21");
    received.ok().says("received version 2");
    said.push(words(&received));
    for text in &said {
        assert!(!text.contains("LGB"), "a message says LGB: {text}");
    }

    assert_eq!(
        s.read(frozen_before),
        old_header,
        "a frozen text is never rewritten"
    );
    assert!(
        old_header.starts_with("# Frozen by `policyforge approve`: the text the LGB approved.")
    );
    let check = s.run(&["check", "{dir}"]);
    assert!(
        !check.stderr.contains("no longer matches its fingerprint"),
        "{}",
        check.stderr
    );
    s.run(&["status", "{dir}", "--school", "holy-trinity-brackenmere"])
        .ok();
}

#[test]
fn bad_approvals_are_refused_and_write_nothing() {
    let s = Sample::new("bad-approvals");
    let future = with("2027-01-01", "LGB/1", "Chair");
    approval_refused(&s, &args(&future), "is in the future");
    let before_board = with("2025-01-01", "LGB/1", "Chair");
    approval_refused(
        &s,
        &args(&before_board),
        "before the Board of Directors agreed model version 3 on 2025-03-12",
    );
    let no_minute = with("2026-11-20", " ", "Chair");
    approval_refused(&s, &args(&no_minute), "the minute reference is empty");
    let no_chair = with("2026-11-20", "LGB/1", "");
    approval_refused(&s, &args(&no_chair), "the chair is empty");
    let not_a_date = with("20/11/2026", "LGB/1", "Chair");
    approval_refused(&s, &args(&not_a_date), "is not a date");
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
        "--date",
        "2026-11-20",
        "--minute",
        "LGB/1",
        "--chair",
        "Chair",
    ])
    .fails()
    .says("cannot approve: `last_staff_training` is not filled in");
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-medias",
        "--date",
        "2026-11-20",
        "--minute",
        "LGB/1",
        "--chair",
        "Chair",
    ])
    .fails()
    .says("did you mean `social-media`?");
}

#[test]
fn a_tampered_snapshot_is_an_error() {
    let s = Sample::new("tamper");
    s.run(&["build", "{dir}"]).ok();
    let before = s.site_hash();
    s.replace(
        "schools/wybunbury-delves/snapshots/social-media/v2.md",
        "Rationale",
        "Rationales",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("has been changed since the LGB approved it")
        .says("schools/wybunbury-delves/policies/social-media.yaml:");
    s.run(&["build", "{dir}"]).fails();
    assert_eq!(s.site_hash(), before);
}

#[test]
fn a_claimed_model_version_must_exist_and_be_agreed() {
    let s = Sample::new("claim");
    s.replace(
        "schools/wybunbury-delves/policies/social-media.yaml",
        "model_version: 3",
        "model_version: 7",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("model version 7 of Social Media Policy does not exist")
        .says("schools/wybunbury-delves/policies/social-media.yaml:1:");
}

#[test]
fn editing_after_approval_never_changes_the_published_text() {
    let s = Sample::new("frozen");
    s.run(&["build", "{dir}"]).ok();
    let page = "site/schools/wybunbury-delves/social-media/index.html";
    let published = s.read(page);
    s.replace(
        "schools/wybunbury-delves/policies/social-media.yaml",
        "social_media_lead: Deputy Headteacher",
        "social_media_lead: Office Manager ZZZ",
    );
    s.run(&["check", "{dir}"])
        .ok()
        .says("has changed since the LGB approved version 2");
    assert_eq!(
        row(&status(&s), "wybunbury-delves", "social-media")["stage"],
        "ready"
    );
    s.run(&["build", "{dir}"]).ok();
    assert_eq!(
        s.read(page),
        published,
        "the approved page is byte-identical"
    );
    let diff = s.run(&[
        "diff",
        "{dir}",
        "--school",
        "wybunbury-delves",
        "--policy",
        "social-media",
        "draft",
    ]);
    diff.ok()
        .says("[-Deputy Headteacher.-]{+Office Manager ZZZ.+}");
}

#[test]
fn a_model_edited_without_a_new_version_is_an_error() {
    let s = Sample::new("model-edit");
    s.run(&["build", "{dir}"]).ok();
    let page = "site/schools/kestrel-vale-academy/social-media/index.html";
    let published = s.read(page);
    s.append(
        "model-policies/cmat/social-media.md",
        "\nZZZ unapproved sentence.\n",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("the text of version 3 has changed since the board agreed it")
        .says("set `version: 4`");
    s.run(&["build", "{dir}"]).fails();
    assert_eq!(s.read(page), published);
    s.run(&[
        "agree",
        "{dir}",
        "--trust",
        "cmat",
        "--policy",
        "social-media",
        "--date",
        "2026-11-01",
        "--minute",
        "TB/1",
    ])
    .fails()
    .says("was agreed with a different text");
}

#[test]
fn a_new_model_version_goes_through_the_board_then_the_schools() {
    let s = Sample::new("new-model");
    s.replace(
        "model-policies/cmat/social-media.md",
        "version: 3\n",
        "version: 4\n",
    );
    s.append(
        "model-policies/cmat/social-media.md",
        "\nA new closing sentence for version four.\n",
    );
    s.run(&["check", "{dir}"]).ok();
    s.run(&[
        "agree",
        "{dir}",
        "--trust",
        "cmat",
        "--policy",
        "social-media",
        "--date",
        "2026-11-10",
        "--minute",
        "TB/26/099",
        "--changes",
        "A closing sentence.",
    ])
    .ok();
    let model = s.read("model-policies/cmat/social-media.md");
    assert!(model.contains("minute: TB/26/099") && model.contains("version: 4"));
    let r = row(&status(&s), "kestrel-vale-academy", "social-media").clone();
    assert_eq!(
        r["behind_model"], true,
        "approved against 3, the board has agreed 4"
    );
    assert_eq!(r["model_version"], 4);
    s.replace(
        "schools/kestrel-vale-academy/policies/social-media.yaml",
        "model_version: 3",
        "model_version: 4",
    );
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "kestrel-vale-academy",
        "--policy",
        "social-media",
        "--date",
        "2026-11-20",
        "--minute",
        "LGB/26/50",
        "--chair",
        "Chair of the LGB",
    ])
    .ok();
    let r = row(&status(&s), "kestrel-vale-academy", "social-media").clone();
    assert_eq!(
        (r["approved_version"].as_u64(), r["behind_model"].as_bool()),
        (Some(3), Some(false))
    );
}

#[test]
fn workflow_events_move_the_stage() {
    let s = Sample::new("events");
    // Sallowdene: sent for comment; the officer's comment moves it to `commented`, with the comment.
    s.run(&[
        "record",
        "comment",
        "{dir}",
        "--school",
        "sallowdene-academy",
        "--policy",
        "social-media",
        "--date",
        "2026-11-05",
        "--comment",
        "Please name the moderator.",
    ])
    .ok();
    let r = row(&status(&s), "sallowdene-academy", "social-media").clone();
    assert_eq!(r["stage"], "commented");
    assert_eq!(r["last_comment"], "Please name the moderator.");
    assert_eq!(r["last_comment_on"], "2026-11-05");
    s.run(&[
        "record",
        "comment",
        "{dir}",
        "--school",
        "sallowdene-academy",
        "--policy",
        "social-media",
    ])
    .fails()
    .says("needs the officer's comment");
    // Alderbeck: populating until the missing value is filled, then ready, then sent for comment.
    s.run(&[
        "record",
        "sent-for-comment",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
    ])
    .fails()
    .says("incomplete");
    let adoption = s.read("schools/alderbeck-primary/policies/social-media.yaml");
    s.write(
        "schools/alderbeck-primary/policies/social-media.yaml",
        &adoption.replace("values:\n", "values:\n  last_staff_training: 2026-09-01\n"),
    );
    assert_eq!(
        row(&status(&s), "alderbeck-primary", "social-media")["stage"],
        "ready"
    );
    s.run(&[
        "record",
        "populated",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
    ])
    .ok();
    s.run(&[
        "record",
        "sent-for-comment",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
        "--officer",
        "Trust Governance Officer",
    ])
    .ok();
    assert_eq!(
        row(&status(&s), "alderbeck-primary", "social-media")["stage"],
        "sent-for-comment"
    );
    let text = s.read("schools/alderbeck-primary/policies/social-media.yaml");
    assert!(
        text.contains("last_staff_training: 2026-09-01"),
        "values kept"
    );
    assert!(
        text.contains("event: sent-for-comment")
            && text.contains("officer: Trust Governance Officer")
    );
    s.run(&[
        "record",
        "received",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
    ])
    .fails()
    .says("nothing has been approved");
    s.run(&[
        "record",
        "populated",
        "{dir}",
        "--school",
        "alderbeck-primary",
        "--policy",
        "social-media",
        "--date",
        "2030-01-01",
    ])
    .fails()
    .says("in the future");
}

#[test]
fn drafts_are_built_apart_and_never_public() {
    let s = Sample::new("drafts");
    s.run(&["build", "{dir}"]).ok();
    assert!(
        !s.path("site/drafts").exists(),
        "no drafts without --drafts"
    );
    s.run(&["build", "{dir}", "--drafts"]).ok();
    let draft = s.read("site/drafts/schools/st-aidans-fernhollow/social-media/index.html");
    assert!(draft.contains("DRAFT") && draft.contains("not yet approved"));
    assert!(draft.contains("noindex"));
    assert!(
        draft.contains("to be completed: report_concerns_email"),
        "a gap is visible, never a silent blank"
    );
    let manifest = s.read("site/manifest.json");
    assert!(
        !manifest.contains("drafts/"),
        "drafts are never in the manifest"
    );
    for file in files_under(&s.path("site"))
        .iter()
        .filter(|f| f.ends_with(".html") && !f.starts_with("drafts/"))
    {
        assert!(
            !s.read(&format!("site/{file}")).contains("drafts/"),
            "{file} links to a draft"
        );
    }
    let pdf = files_under(&s.path("site/drafts/schools/st-aidans-fernhollow/social-media"));
    assert!(pdf.iter().any(|f| f.ends_with(".pdf")), "{pdf:?}");
}

#[test]
fn the_review_calendar_parses_back() {
    let s = Sample::new("ics");
    s.run(&["build", "{dir}"]).ok();
    let ics = s.read("site/trusts/cdat/reviews.ics");
    assert!(ics.contains("\r\n"), "lines end CRLF");
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "lines folded at 75 octets"
    );
    let unfolded = ics.replace("\r\n ", "");
    let mut events = Vec::new();
    let mut current: Option<std::collections::BTreeMap<String, String>> = None;
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Default::default()),
            "END:VEVENT" => events.push(current.take().unwrap()),
            _ => {
                if let (Some(map), Some((k, v))) = (current.as_mut(), line.split_once(':')) {
                    map.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    assert!(
        unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
            && unfolded.trim_end().ends_with("END:VCALENDAR")
    );
    let rows = status(&s);
    let due: Vec<_> = rows
        .iter()
        .filter(|r| r["trust"] == "cdat" && !r["review_due"].is_null())
        .collect();
    // Beside the schools' reviews, the board's own review of each model it agreed.
    let (board, events): (Vec<_>, Vec<_>) = events
        .into_iter()
        .partition(|e| e["UID"].contains("-board-"));
    assert_eq!(events.len(), due.len(), "one event per review date");
    assert!(
        board
            .iter()
            .all(|e| e["SUMMARY"].starts_with("Board review due: ")),
        "{board:?}"
    );
    assert_eq!(board.len(), 2, "CDAT's social media and complaints models");
    for r in due {
        let date = r["review_due"].as_str().unwrap().replace('-', "");
        let e = events
            .iter()
            .find(|e| {
                e["UID"].starts_with(&format!(
                    "{}-{}-v",
                    r["school"].as_str().unwrap(),
                    r["policy"].as_str().unwrap()
                ))
            })
            .unwrap();
        assert_eq!(e["DTSTART;VALUE=DATE"], date);
        assert!(e["SUMMARY"].starts_with("Review due: "));
        assert!(e.contains_key("DTSTAMP"));
    }
    let dashboard = s.read("site/trusts/cdat/dashboard.html");
    assert!(dashboard.contains("Review overdue"), "state in words");
    assert!(dashboard.contains("Sent to the trust officer for comment"));
}

#[test]
fn builds_are_byte_identical() {
    let a = Sample::new("det-a");
    let b = Sample::new("det-b");
    a.run(&["build", "{dir}"]).ok();
    b.run(&["build", "{dir}"]).ok();
    let files = files_under(&a.path("site"));
    assert_eq!(files, files_under(&b.path("site")));
    for f in files {
        assert!(
            std::fs::read(a.path(&format!("site/{f}"))).unwrap()
                == std::fs::read(b.path(&format!("site/{f}"))).unwrap(),
            "{f} differs"
        );
    }
}

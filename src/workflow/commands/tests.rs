//! The rules of approve, record and undo, run on values built in memory: no repository, no files.

use std::path::PathBuf;

use jiff::civil::date;

use super::approve::{self, Meeting};
use super::interrupted::{UndoPlan, plan_undo};
use super::*;
use crate::model::{ModelPolicy, PolicyFrontMatter};

struct World {
    school: School,
    trust: Trust,
    policy: ModelPolicy,
    adoption: Adoption,
    draft: Merged,
}

fn world(approvals: &str) -> World {
    let mut school: School = serde_saphyr::from_str(
        "name: Hazel Primary School\ntrust: oak\nphase: primary\nurn: '100001'\nhead_title: Headteacher\n",
    )
    .unwrap();
    school.id = "hazel".into();
    let trust: Trust = serde_saphyr::from_str(
        "id: oak\nname: Oak Learning Trust\nshort_name: OLT\nboard: Board of Directors\nlocal_body: Local Academy Council\nlocal_body_short: LAC\n",
    )
    .unwrap();
    let meta: PolicyFrontMatter = serde_saphyr::from_str(
        "id: visitors\ntitle: Visitors Policy\nversion: 2\nreview_cycle_months: 12\nfields:\n- name: lead\n  type: text\n  required: true\n  help: Who leads it.\nversions:\n- version: 2\n  status: agreed\n  agreed_on: 2025-03-01\n",
    )
    .unwrap();
    let policy = ModelPolicy {
        meta,
        body: String::new(),
        body_line: 1,
        file: PathBuf::from("model-policies/oak/visitors.md"),
        trust: Some("oak".into()),
        compiled: Default::default(),
    };
    let mut adoption: Adoption =
        serde_saphyr::from_str(&format!("model_version: 2\nevents: []\n{approvals}")).unwrap();
    adoption.school = "hazel".into();
    adoption.policy = "visitors".into();
    adoption.file = PathBuf::from("schools/hazel/policies/visitors.yaml");
    World {
        school,
        trust,
        policy,
        adoption,
        draft: Merged {
            markdown: "# Visitors\n".into(),
            missing: Vec::new(),
        },
    }
}

const TWO_APPROVALS: &str = "approvals:\n- version: 1\n  approved_on: 2025-04-01\n  minute: LAC/1\n  chair: Chair\n  sha256: aa\n- version: 2\n  approved_on: 2025-05-01\n  minute: LAC/2\n  chair: Chair\n  sha256: bb\n";

fn candidate<'a>(w: &'a World, latest: Option<&'a Snapshot>) -> Candidate<'a> {
    Candidate {
        school: &w.school,
        trust: Some(&w.trust),
        policy: &w.policy,
        adoption: &w.adoption,
        draft: Some(&w.draft),
        missing: &w.draft.missing,
        latest,
    }
}

fn meeting(day: jiff::civil::Date) -> Meeting {
    Meeting {
        date: day,
        given_date: day.to_string(),
        minute: "LAC/25/04".into(),
        chair: "Chair of the LAC".into(),
    }
}

fn first_message(problems: &Diagnostics) -> String {
    problems
        .sorted()
        .into_iter()
        .map(|d| format!("{} ({})", d.message, d.hint.clone().unwrap_or_default()))
        .next()
        .unwrap_or_default()
}

#[test]
fn the_next_version_follows_the_newest_record() {
    assert_eq!(approve::next_version(&world("").adoption), 1);
    assert_eq!(approve::next_version(&world(TWO_APPROVALS).adoption), 3);
}

#[test]
fn an_approval_plan_freezes_the_text_in_the_trust_s_words() {
    let w = world(TWO_APPROVALS);
    let plan = approve::plan(
        &candidate(&w, None),
        &w.draft,
        &meeting(date(2025, 6, 1)),
        None,
    )
    .unwrap();
    assert_eq!(plan.version, 3);
    assert_eq!(
        plan.snapshot_file,
        PathBuf::from("schools/hazel/snapshots/visitors/v3.md")
    );
    assert!(
        plan.snapshot_text
            .starts_with("# Frozen by `policyforge approve`: the text the LAC approved.")
    );
    assert!(plan.snapshot_text.ends_with("---\n# Visitors\n"));
    let newest = plan.records.approvals.last().unwrap();
    assert_eq!(newest.version.value, 3);
    assert_eq!(newest.model_version, Some(2));
    assert_eq!(newest.changes.as_deref(), Some("Updated contextual areas."));
    assert_eq!(
        newest.sha256.value,
        crate::workflow::snapshot::sha256_hex(plan.snapshot_text.as_bytes())
    );
    assert_eq!(plan.records.events.last().unwrap().version, Some(3));
    assert!(plan.message.contains("as version 3 (LAC minute LAC/25/04"));
    assert!(plan.message.contains("Review due 1 June 2026"));
    assert!(!plan.message.contains("LGB") && !plan.snapshot_text.contains("LGB"));
}

#[test]
fn an_incomplete_text_is_refused_field_by_field() {
    let mut w = world("");
    w.draft.missing = vec!["lead".into()];
    let c = candidate(&w, None);
    let problems = approve::complete(&c, || Position::new(4, 1)).unwrap_err();
    assert_eq!(problems.error_count(), 1);
    let d = problems.sorted()[0];
    assert_eq!(d.message, "cannot approve: `lead` is not filled in");
    assert_eq!(d.at, Position::new(4, 1));
    assert!(d.hint.as_deref().unwrap_or("").contains("Who leads it."));
}

#[test]
fn a_text_already_approved_is_not_approved_again() {
    let w = world(TWO_APPROVALS);
    let latest = Snapshot {
        meta: serde_saphyr::from_str("school: hazel\nschool_name: Hazel\ntrust_name: Oak\npolicy: visitors\ntitle: Visitors Policy\nversion: 2\napproved_on: 2025-05-01\nminute: LAC/2\nchair: Chair\nreview_cycle_months: 12\n").unwrap(),
        markdown: w.draft.markdown.clone(),
    };
    let refused = approve::plan(
        &candidate(&w, Some(&latest)),
        &w.draft,
        &meeting(date(2025, 6, 1)),
        None,
    )
    .unwrap_err();
    assert!(first_message(&refused).contains("this text is already approved as version 2"));
}

#[test]
fn a_meeting_before_the_board_agreed_is_refused_in_the_trust_s_words() {
    let w = world("");
    let refused = approve::plan(
        &candidate(&w, None),
        &w.draft,
        &meeting(date(2025, 2, 1)),
        None,
    )
    .unwrap_err();
    let said = first_message(&refused);
    assert!(
        said.contains("before the Board of Directors agreed model version 2"),
        "{said}"
    );
    assert!(said.contains("approved by the LAC only after the Board of Directors has agreed"));
}

#[test]
fn the_meeting_s_details_are_checked_before_anything_is_loaded() {
    let w = world("");
    let terms = Terms::of(&w.trust);
    let req = |date: &str, minute: &str, chair: &str| ApproveRequest {
        interrupted: None,
        school: "hazel".into(),
        policy: "visitors".into(),
        date: date.into(),
        minute: minute.into(),
        chair: chair.into(),
        changes: None,
    };
    let today = date(2025, 6, 1);
    let future = approve::meeting(&req("2025-07-01", "M", "C"), &terms, today).unwrap_err();
    assert!(
        first_message(&future).contains("the date of the LAC meeting 2025-07-01 is in the future")
    );
    let no_chair = approve::meeting(&req("2025-05-01", "M", " "), &terms, today).unwrap_err();
    assert!(first_message(&no_chair).contains("--chair \"Chair of the LAC\""));
    let ok = approve::meeting(&req("2025-05-01", " M ", "C"), &terms, today).unwrap();
    assert_eq!(ok.minute, "M");
}

#[test]
fn receiving_before_any_approval_names_the_local_body() {
    let w = world("");
    let req = RecordRequest {
        kind: EventKind::Received,
        school: "hazel".into(),
        policy: "visitors".into(),
        date: None,
        officer: None,
        comment: None,
    };
    let refused = record::plan(&candidate(&w, None), &req, date(2025, 6, 1)).unwrap_err();
    let said = first_message(&refused);
    assert!(
        said.contains("so Oak Learning Trust cannot have received it"),
        "{said}"
    );
    assert!(
        said.contains("record the approval by the LAC first"),
        "{said}"
    );
}

#[test]
fn undo_drops_the_newest_record_whose_frozen_text_is_missing() {
    let w = world(TWO_APPROVALS);
    let plan = plan_undo(&w.adoption, &[], |v| v != 2).unwrap();
    let UndoPlan::DropRecord { records, message } = plan else {
        panic!("expected the record to be dropped");
    };
    assert_eq!(records.approvals.len(), 1);
    assert!(message.starts_with("Removed the record of version 2"));
    assert!(plan_undo(&w.adoption, &[], |_| true).is_err());
}

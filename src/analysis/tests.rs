//! The analysis on values built in memory: stages, versions, review dates, the trust's words.

use std::path::PathBuf;

use jiff::civil::{Date, date};

use super::*;
use crate::assemble::Merged;
use crate::config::Book;
use crate::model::{Adoption, ModelPolicy, School, Trust};
use crate::workflow::snapshot::{Snapshot, SnapshotMeta};

fn yaml<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_saphyr::from_str(text).expect("test YAML")
}

fn trust(local_body: &str, short: &str) -> Trust {
    yaml(&format!(
        "id: oak\nname: Oak Learning Trust\nshort_name: Oak\nboard: Trustees\nlocal_body: {local_body}\nlocal_body_short: {short}\n"
    ))
}

fn school(id: &str, trust: &str) -> School {
    let mut school: School = yaml(&format!(
        "name: {id} School\ntrust: {trust}\nphase: primary\nurn: \"100001\"\nhead_title: Headteacher\n"
    ));
    school.id = id.to_string();
    school.dir = PathBuf::from("schools").join(id);
    school
}

fn policy(id: &str, kind: &str, cycle: u32) -> ModelPolicy {
    ModelPolicy {
        meta: yaml(&format!(
            "id: {id}\nkind: {kind}\ntitle: {id} policy\nversion: 1\nreview_cycle_months: {cycle}\nversions:\n  - version: 1\n    status: agreed\n    agreed_on: 2024-01-10\n    minute: B/1\n"
        )),
        body: "text".to_string(),
        body_line: 10,
        file: PathBuf::from(format!("model-policies/oak/{id}.md")),
        trust: Some("oak".to_string()),
        compiled: Default::default(),
    }
}

/// An adoption approved on each `(version, date, received)`, with `extra` YAML before the approvals.
fn adoption(school: &str, policy: &str, approvals: &[(u32, &str, bool)], extra: &str) -> Adoption {
    let mut text = format!("model_version: 1\n{extra}approvals:\n");
    for (version, on, received) in approvals {
        text.push_str(&format!(
            "  - version: {version}\n    model_version: 1\n    approved_on: {on}\n    minute: M/{version}\n    chair: Chair\n    sha256: x\n"
        ));
        if *received {
            text.push_str(&format!("    received_on: {on}\n"));
        }
    }
    if approvals.is_empty() {
        text = format!("model_version: 1\n{extra}");
    }
    let mut adoption: Adoption = yaml(&text);
    adoption.school = school.to_string();
    adoption.policy = policy.to_string();
    adoption.file = PathBuf::from(format!("schools/{school}/policies/{policy}.yaml"));
    adoption
}

fn snapshot(
    school: &str,
    policy: &str,
    version: u32,
    on: &str,
    text: &str,
    cycle: u32,
) -> Snapshot {
    Snapshot {
        meta: SnapshotMeta {
            school: school.to_string(),
            school_name: format!("{school} School"),
            trust_name: "Oak Learning Trust".to_string(),
            policy: policy.to_string(),
            title: format!("{policy} policy"),
            version,
            model_version: Some(1),
            approved_on: on.to_string(),
            minute: format!("M/{version}"),
            chair: "Chair".to_string(),
            review_cycle_months: cycle,
        },
        markdown: text.to_string(),
    }
}

fn merged(text: &str) -> Merged {
    Merged {
        markdown: text.to_string(),
        missing: Vec::new(),
    }
}

fn project(trusts: Vec<Trust>, schools: Vec<School>, policies: Vec<ModelPolicy>) -> Project {
    Project {
        root: PathBuf::from("."),
        book: Book::default(),
        trusts,
        policies,
        schools,
        adoptions: Vec::new(),
        themes: Vec::new(),
        unreadable: Default::default(),
    }
}

const TODAY: Date = date(2026, 12, 3);

fn state(
    policy: &ModelPolicy,
    adoption: &Adoption,
    draft: Option<&Merged>,
    latest: Option<&Snapshot>,
) -> AdoptionState {
    stage::state_of(policy, adoption, draft, latest, TODAY, 60)
}

#[test]
fn stages_follow_the_records_and_the_draft() {
    let p = policy("visitors", "policy", 12);
    let snap = snapshot("ash", "visitors", 1, "2026-06-01", "approved text", 12);
    let approved = adoption("ash", "visitors", &[(1, "2026-06-01", false)], "");
    let received = adoption("ash", "visitors", &[(1, "2026-06-01", true)], "");
    let same = merged("approved text");
    let changed = merged("new text");
    assert_eq!(
        state(&p, &approved, Some(&same), Some(&snap)).stage,
        Stage::Approved
    );
    assert_eq!(
        state(&p, &received, Some(&same), Some(&snap)).stage,
        Stage::Received
    );
    let s = state(&p, &approved, Some(&changed), Some(&snap));
    assert_eq!(s.stage, Stage::Ready);
    assert!(s.changed_since_approval);
    let missing = Merged {
        markdown: "text".into(),
        missing: vec!["lead".into()],
    };
    let none = adoption("ash", "visitors", &[], "");
    let s = state(&p, &none, Some(&missing), None);
    assert_eq!(s.stage, Stage::Populating);
    assert_eq!(s.missing, ["lead"]);
    assert_eq!(state(&p, &none, None, None).stage, Stage::Populating);
    let sent = adoption(
        "ash",
        "visitors",
        &[],
        "events:\n  - event: sent-for-comment\n    date: 2026-11-01\n",
    );
    assert_eq!(
        state(&p, &sent, Some(&changed), None).stage,
        Stage::SentForComment
    );
}

#[test]
fn review_dates_use_the_shorter_interval_and_flag_what_is_due() {
    let p = policy("visitors", "policy", 24);
    let snap = snapshot("ash", "visitors", 1, "2025-01-15", "t", 24);
    let a = adoption("ash", "visitors", &[(1, "2025-01-15", false)], "");
    let s = state(&p, &a, Some(&merged("t")), Some(&snap));
    assert_eq!(s.review_due, Some(date(2027, 1, 15)));
    assert!(s.due_soon, "43 days ahead is within 60");
    assert!(!s.overdue);
    let shorter = adoption(
        "ash",
        "visitors",
        &[(1, "2025-01-15", false)],
        "review_months: 12\n",
    );
    let s = state(&p, &shorter, Some(&merged("t")), Some(&snap));
    assert_eq!(s.review_due, Some(date(2026, 1, 15)));
    assert!(s.overdue && !s.due_soon);
    // A longer interval of the school's own never delays the trust's cycle.
    let longer = adoption(
        "ash",
        "visitors",
        &[(1, "2025-01-15", false)],
        "review_months: 36\n",
    );
    assert_eq!(
        state(&p, &longer, Some(&merged("t")), Some(&snap)).review_due,
        Some(date(2027, 1, 15))
    );
    assert_eq!(
        stage::review_flags(Some(date(2027, 6, 1)), TODAY, 60),
        (false, false)
    );
    assert_eq!(stage::review_flags(None, TODAY, 60), (false, false));
}

/// A project with one trust, one school and `items` adoptions, checked in memory.
fn analysed(
    trust: Trust,
    school_trust: &str,
    items: Vec<(ModelPolicy, Adoption, Option<Merged>, Vec<Snapshot>)>,
) -> Analysis {
    let project = project(
        vec![trust],
        vec![school("ash", school_trust)],
        items.iter().map(|i| i.0.clone()).collect(),
    );
    let adoptions: Vec<Adoption> = items.iter().map(|i| i.1.clone()).collect();
    let checked = Checked {
        project: &project,
        adoptions: items
            .iter()
            .zip(&adoptions)
            .map(|((p, _, draft, snaps), a)| {
                let policy = project.policies.iter().find(|q| q.id() == p.id()).unwrap();
                CheckedAdoption {
                    school: &project.schools[0],
                    policy,
                    adoption: a,
                    draft: draft.clone(),
                    snapshots: snaps.clone(),
                    state: state(policy, a, draft.as_ref(), snaps.last()),
                }
            })
            .collect(),
        previews: Default::default(),
        logos: Default::default(),
        trust_wide: Vec::new(),
    };
    analyse(&checked, TODAY)
}

#[test]
fn every_approved_version_is_published_with_its_own_review_date() {
    let p = policy("visitors", "policy", 12);
    let snaps = vec![
        snapshot("ash", "visitors", 1, "2024-03-01", "one", 24),
        snapshot("ash", "visitors", 2, "2025-03-01", "two", 12),
    ];
    let a = adoption(
        "ash",
        "visitors",
        &[(1, "2024-03-01", true), (2, "2025-03-01", false)],
        "",
    );
    let analysis = analysed(
        trust("Local Governing Body", "LGB"),
        "oak",
        vec![(p, a, Some(merged("two")), snaps)],
    );
    let publication = &analysis.publications[0];
    assert_eq!(publication.kind, DocumentKind::Policy);
    assert!(
        publication.draft.is_none(),
        "the approved text is not a draft"
    );
    let [v1, v2] = &publication.versions[..] else {
        panic!("two versions");
    };
    assert_eq!(
        (v1.version(), v1.current, v1.stage),
        (1, false, Stage::Received)
    );
    assert_eq!(
        (v2.version(), v2.current, v2.stage),
        (2, true, Stage::Approved)
    );
    assert_eq!(
        v1.review_due,
        Some(date(2026, 3, 1)),
        "v1's own 24-month cycle"
    );
    assert_eq!(v2.review_due, Some(date(2026, 3, 1)));
    assert_eq!(v1.paths.html, "schools/ash/visitors/v1/index.html");
    assert_eq!(v1.paths.pdf, "schools/ash/visitors/v1/ash-visitors-v1.pdf");
    assert_eq!(v1.paths.changes, None);
    assert_eq!(v2.paths.html, "schools/ash/visitors/index.html");
    assert_eq!(
        v2.paths.changes.as_deref(),
        Some("schools/ash/visitors/changes-v2.html")
    );
    assert_eq!(publication.current().map(|v| v.version()), Some(2));
    assert_eq!(analysis.published_policies("ash"), 1);
    assert!(publication.state.overdue);
}

#[test]
fn a_leaflet_lives_in_its_folder_and_knows_the_policy_it_opens() {
    let leaflet = {
        let mut p = policy("parent-leaflet", "leaflet", 12);
        p.meta.full_policy = Some(yaml("visitors"));
        p
    };
    let snaps = vec![snapshot("ash", "parent-leaflet", 1, "2026-01-10", "t", 12)];
    let a = adoption("ash", "parent-leaflet", &[(1, "2026-01-10", false)], "");
    let analysis = analysed(
        trust("Local Governing Body", "LGB"),
        "oak",
        vec![
            (leaflet, a, Some(merged("t")), snaps),
            (
                policy("visitors", "policy", 12),
                adoption("ash", "visitors", &[], ""),
                Some(merged("draft")),
                Vec::new(),
            ),
        ],
    );
    let l = &analysis.publications[0];
    assert_eq!(l.kind, DocumentKind::Leaflet);
    assert_eq!(l.folder(), "leaflet");
    assert_eq!(l.versions[0].paths.html, "schools/ash/leaflet/index.html");
    assert_eq!(l.versions[0].paths.changes, None);
    let full = l.full_policy.as_ref().unwrap();
    assert_eq!((full.id.as_str(), full.published), ("visitors", false));
    let draft = analysis.publications[1].draft.as_ref().unwrap();
    assert_eq!(draft.html, "drafts/schools/ash/visitors/index.html");
    assert_eq!(
        draft.pdf,
        "drafts/schools/ash/visitors/ash-visitors-draft.pdf"
    );
    assert_eq!(analysis.published_policies("ash"), 0);
}

#[test]
fn the_trusts_words_reach_the_dashboard_and_the_calendar() {
    let p = policy("visitors", "policy", 12);
    let snaps = vec![snapshot("ash", "visitors", 1, "2026-06-01", "t", 12)];
    let a = adoption("ash", "visitors", &[(1, "2026-06-01", false)], "");
    let analysis = analysed(
        trust("Local Academy Council", "LAC"),
        "oak",
        vec![(p, a, Some(merged("t")), snaps)],
    );
    let facts = &analysis.trusts[0];
    assert_eq!(facts.terms.local_body_short, "LAC");
    assert_eq!(facts.terms.board, "Trustees");
    assert_eq!(
        facts.status[0].stage_words,
        "Approved by the Local Academy Council"
    );
    let ics = crate::workflow::calendar::feed("Oak", &facts.terms.local_body, &facts.status)
        .replace("\r\n ", "");
    assert!(
        ics.contains("The Local Academy Council should review it by 1 June 2027"),
        "{ics}"
    );
    assert!(!ics.contains("governing body"));
}

#[test]
fn a_school_outside_any_trust_has_its_governors_words() {
    let p = policy("visitors", "policy", 12);
    let analysis = analysed(
        trust("Local Governing Body", "LGB"),
        "none",
        vec![(p, adoption("ash", "visitors", &[], ""), None, Vec::new())],
    );
    let school = &analysis.schools[0];
    assert!(school.trust.is_none());
    assert_eq!(*school.terms, Terms::outside_trust());
    assert_eq!(school.theme.name, "default");
    assert!(analysis.trusts[0].status.is_empty());
    assert_eq!(
        Stage::Approved.describe_in(&school.terms),
        "Approved by the governing body"
    );
}

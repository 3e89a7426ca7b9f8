//! Where every school stands with every policy it should have: the status rows, computed once.
//!
//! One row per school and model of its trust (agreed by the board), per local policy, and per
//! shared model it adopted — `not-started` when it has no adoption file yet. `policyforge
//! status` (table, JSON, CSV), each trust's dashboard and its review calendar all format these
//! rows and derive nothing themselves.

use std::collections::HashSet;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::Project;
use crate::model::{ModelPolicy, School};

use super::SchoolFacts;
use super::publication::{DocumentKind, Publication};
use super::stage::{Stage, agreed_on};
use super::terms::Terms;

/// A newer approved version of a policy a leaflet draws its values from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyAhead {
    pub policy: String,
    pub title: String,
    pub version: u32,
    #[serde(serialize_with = "iso_date")]
    pub approved_on: Option<Date>,
}

/// One school's standing with one policy.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub school: String,
    pub trust: Option<String>,
    pub policy: String,
    pub stage: Stage,
    /// The trust's current (newest agreed) model version; a local policy's own version.
    pub model_version: Option<u32>,
    /// The model version the latest approved version was based on.
    pub based_on_model: Option<u32>,
    pub approved_version: Option<u32>,
    #[serde(serialize_with = "iso_date")]
    pub approved_on: Option<Date>,
    #[serde(serialize_with = "iso_date")]
    pub review_due: Option<Date>,
    /// Since when the row has been at its stage, when the records say.
    #[serde(serialize_with = "iso_date")]
    pub stage_since: Option<Date>,
    pub days_in_stage: Option<i64>,
    pub due_soon: bool,
    pub overdue: bool,
    pub behind_model: bool,
    /// At one stage of the work on a new version for longer than `[review] stalled-days`.
    pub stalled: bool,
    /// For a leaflet: the policies it draws on that were approved again after it.
    pub behind_policy: Vec<PolicyAhead>,
    pub last_comment: Option<String>,
    #[serde(serialize_with = "iso_date")]
    pub last_comment_on: Option<Date>,
    pub last_comment_by: Option<String>,
    pub school_name: String,
    pub policy_title: String,
    /// `policy`, `local-policy` or `leaflet`.
    pub kind: &'static str,
    /// `trust-wide`, `model` or `local`.
    pub tier: &'static str,
    /// The stage in the trust's own words.
    pub stage_words: String,
    /// The school's page, from the site's root.
    pub school_page: String,
    /// The current published version's page, from the site's root, once there is one.
    pub policy_page: Option<String>,
    /// The school's adoption file, once there is one.
    #[serde(skip)]
    pub adoption_file: Option<std::path::PathBuf>,
}

fn iso_date<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&dates::iso(*d)),
        None => s.serialize_none(),
    }
}

/// A flag a person acts on: a class for colour and the words that say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub key: &'static str,
    pub words: String,
}

impl StatusRow {
    /// The flags in words, for people; never colour alone.
    pub fn flags(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        let mut add = |key, words: String| flags.push(Flag { key, words });
        if self.overdue {
            add("overdue", "Review overdue".to_string());
        }
        if self.due_soon {
            add("due-soon", "Review due soon".to_string());
        }
        if self.behind_model {
            add(
                "behind",
                match (self.based_on_model, self.model_version) {
                    (Some(from), Some(to)) => format!("Behind the model (v{from} → v{to})"),
                    _ => "Behind the model".to_string(),
                },
            );
        }
        for ahead in &self.behind_policy {
            add(
                "behind-policy",
                format!("Behind its policy ({} v{})", ahead.title, ahead.version),
            );
        }
        if self.stalled {
            add(
                "stalled",
                format!("Stalled: {} days", self.days_in_stage.unwrap_or_default()),
            );
        }
        flags
    }

    /// Approved or received versions wait on nobody; every other stage waits on the school.
    pub fn awaiting_approval(&self) -> bool {
        matches!(
            self.stage,
            Stage::Ready | Stage::SentForComment | Stage::Commented
        )
    }
}

/// What the rows need from `book.toml` and the clock.
#[derive(Debug, Clone, Copy)]
pub struct RowRules {
    pub today: Date,
    pub stalled_days: u32,
}

/// Every row of the project, ordered by trust, school and policy.
pub fn status_rows(
    project: &Project,
    publications: &[Publication],
    schools: &[SchoolFacts],
    rules: RowRules,
) -> Vec<StatusRow> {
    let mut rows: Vec<StatusRow> = publications
        .iter()
        .map(|p| adopted(p, publications, rules))
        .collect();
    // Every school and policy with a row already, or an adoption file that could not be checked
    // (reported by `check`, so not "not started").
    let known: HashSet<(&str, &str)> = publications
        .iter()
        .map(|p| (p.school.id.as_str(), p.policy.id()))
        .chain(
            project
                .adoptions
                .iter()
                .map(|a| (a.school.as_str(), a.policy.as_str())),
        )
        .collect();
    for facts in schools {
        let school: &School = &facts.school;
        for model in expected(project, school) {
            if !known.contains(&(school.id.as_str(), model.id())) {
                rows.push(not_started(school, model, &facts.terms, rules));
            }
        }
    }
    rows.sort_by(|a, b| (&a.trust, &a.school, &a.policy).cmp(&(&b.trust, &b.school, &b.policy)));
    rows
}

/// The policies a school should have: every model its trust's board has agreed, and its own.
/// A trust-wide policy is published for the schools it applies to by the board alone: it has a
/// row wherever it is published and is never "not started".
fn expected<'p>(project: &'p Project, school: &'p School) -> Vec<&'p ModelPolicy> {
    let local = project
        .policies
        .iter()
        .filter(|p| p.is_local() && p.file.starts_with(&school.dir));
    let trust = school
        .trust_id()
        .into_iter()
        .flat_map(|t| project.models_of(t))
        .filter(|m| m.tier() != crate::model::Tier::TrustWide)
        .filter(|m| m.latest_agreed().is_some());
    local.chain(trust).collect()
}

fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Policy => "policy",
        DocumentKind::LocalPolicy => "local-policy",
        DocumentKind::Leaflet => "leaflet",
        DocumentKind::TrustWide => "trust-wide",
    }
}

fn school_page(school: &str) -> String {
    format!("schools/{school}/index.html")
}

fn days_and_stall(stage: Stage, since: Option<Date>, rules: RowRules) -> (Option<i64>, bool) {
    let days = since.map(|d| dates::days_between(d, rules.today).max(0));
    let stalled = stage.is_in_progress() && days.is_some_and(|d| d > i64::from(rules.stalled_days));
    (days, stalled)
}

fn adopted(p: &Publication, all: &[Publication], rules: RowRules) -> StatusRow {
    let s = &p.state;
    let behind_policy = behind_policy(p, all);
    // A leaflet's text moves when a policy it draws on is approved again: its work starts then.
    let stage_since = match behind_policy.iter().filter_map(|a| a.approved_on).max() {
        Some(moved) if s.stage.is_in_progress() => s.stage_since.max(Some(moved)),
        _ => s.stage_since,
    };
    let (days_in_stage, stalled) = days_and_stall(s.stage, stage_since, rules);
    let comment = s.last_comment.as_ref();
    StatusRow {
        school: p.school.id.clone(),
        trust: p.trust_id().map(str::to_string),
        policy: p.policy.id().to_string(),
        stage: s.stage,
        model_version: s.model_version,
        based_on_model: s.based_on,
        approved_version: s.approved_version,
        approved_on: s.approved_on,
        review_due: s.review_due,
        stage_since,
        days_in_stage,
        due_soon: s.due_soon,
        overdue: s.overdue,
        behind_model: s.behind_model,
        stalled,
        behind_policy,
        last_comment: comment.map(|c| c.text.clone()),
        last_comment_on: comment.and_then(|c| c.on),
        last_comment_by: comment.and_then(|c| c.officer.clone()),
        school_name: p.school.name.value.clone(),
        policy_title: p.policy.meta.title.clone(),
        kind: kind_name(p.kind),
        tier: s.tier.as_str(),
        stage_words: s.describe_in(&p.terms),
        school_page: school_page(&p.school.id),
        policy_page: p.current().map(|v| v.paths.html.clone()),
        adoption_file: Some(p.adoption_file.clone()),
    }
}

/// The policies a leaflet draws on that the school approved again after the leaflet.
fn behind_policy(leaflet: &Publication, all: &[Publication]) -> Vec<PolicyAhead> {
    let Some(leaflet_on) = leaflet.state.approved_on else {
        return Vec::new();
    };
    leaflet
        .policy
        .meta
        .draws_on
        .iter()
        .filter_map(|id| {
            all.iter()
                .find(|p| p.school.id == leaflet.school.id && p.policy.id() == id.value)
        })
        .filter_map(|p| {
            let newest = p.versions.iter().max_by_key(|v| v.version())?;
            (newest.approved_on? > leaflet_on).then(|| PolicyAhead {
                policy: p.policy.id().to_string(),
                title: p.policy.meta.title.clone(),
                version: newest.version(),
                approved_on: newest.approved_on,
            })
        })
        .collect()
}

fn not_started(school: &School, model: &ModelPolicy, terms: &Terms, rules: RowRules) -> StatusRow {
    let model_version = if model.is_local() {
        Some(model.version())
    } else {
        model.latest_agreed()
    };
    let since = agreed_on(model, model_version);
    let (days_in_stage, stalled) = days_and_stall(Stage::NotStarted, since, rules);
    let kind = if model.is_leaflet() {
        DocumentKind::Leaflet
    } else if model.is_local() {
        DocumentKind::LocalPolicy
    } else {
        DocumentKind::Policy
    };
    StatusRow {
        school: school.id.clone(),
        trust: school.trust_id().map(str::to_string),
        policy: model.id().to_string(),
        stage: Stage::NotStarted,
        model_version,
        based_on_model: None,
        approved_version: None,
        approved_on: None,
        review_due: None,
        stage_since: since,
        days_in_stage,
        due_soon: false,
        overdue: false,
        behind_model: false,
        stalled,
        behind_policy: Vec::new(),
        last_comment: None,
        last_comment_on: None,
        last_comment_by: None,
        school_name: school.name.value.clone(),
        policy_title: model.meta.title.clone(),
        kind: kind_name(kind),
        tier: model.tier().as_str(),
        stage_words: Stage::NotStarted.describe_in(terms),
        school_page: school_page(&school.id),
        policy_page: None,
        adoption_file: None,
    }
}

/// The totals an officer reads first, over some rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub overdue: usize,
    pub due_soon: usize,
    pub behind: usize,
    pub stalled: usize,
    pub awaiting_approval: usize,
    pub not_started: usize,
}

impl Totals {
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a StatusRow>) -> Totals {
        let mut t = Totals::default();
        for r in rows {
            t.overdue += usize::from(r.overdue);
            t.due_soon += usize::from(r.due_soon);
            t.behind += usize::from(r.behind_model || !r.behind_policy.is_empty());
            t.stalled += usize::from(r.stalled);
            t.awaiting_approval += usize::from(r.awaiting_approval());
            t.not_started += usize::from(r.stage == Stage::NotStarted);
        }
        t
    }
}

/// What `check` says about the rows: a leaflet behind a policy it draws its values from.
pub fn findings(rows: &[StatusRow]) -> Diagnostics {
    let mut out = Diagnostics::default();
    for row in rows {
        let Some(file) = &row.adoption_file else {
            continue;
        };
        for ahead in &row.behind_policy {
            out.push(
                Diagnostic::warning(
                    file,
                    Position::new(1, 1),
                    format!(
                        "the {} is behind its policy: it was approved before version {} of the {} ({}), whose values it uses",
                        if row.kind == "leaflet" { "leaflet" } else { "policy" },
                        ahead.version,
                        ahead.title,
                        ahead.approved_on.map_or("date unknown".to_string(), dates::british)
                    ),
                )
                .with_hint(format!(
                    "see the new text with `policyforge diff --school {} --policy {} draft`, then approve it again with `policyforge approve --school {} --policy {} ...`",
                    row.school, row.policy, row.school, row.policy
                )),
            );
        }
    }
    out
}

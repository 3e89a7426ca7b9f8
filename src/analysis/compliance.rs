//! Website compliance: which policies each school's website must carry (`publish_online:`, else
//! `book.toml`'s `[publish-online]`, else the DfE list policyforge ships) and where each stands.
//!
//! Worked out once here; `policyforge compliance`, the trust's dashboard and the school's home
//! page format the rows.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::Book;
use crate::load::Project;
use crate::model::{ModelPolicy, School, WebsiteDuty};

use super::publication::Publication;

/// The DfE list policyforge ships (source and date inside the file).
pub const DFE_LIST: &str = include_str!("dfe-must-publish.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct DutyList {
    pub source: String,
    pub title: String,
    pub read_on: String,
    #[serde(rename = "policy")]
    pub policies: Vec<ListedPolicy>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ListedPolicy {
    pub title: String,
    pub duty: WebsiteDuty,
    pub ids: Vec<String>,
}

impl DutyList {
    /// The shipped list (a unit test proves it reads).
    pub fn shipped() -> DutyList {
        toml::from_str(DFE_LIST).unwrap_or(DutyList {
            source: String::new(),
            title: String::new(),
            read_on: String::new(),
            policies: Vec::new(),
        })
    }

    pub fn duty_of(&self, id: &str) -> Option<WebsiteDuty> {
        self.policies
            .iter()
            .find(|p| p.ids.iter().any(|i| i == id))
            .map(|p| p.duty)
    }
}

/// A policy's website duty: its own `publish_online:`, else book.toml's, else the DfE list's.
pub fn duty_of(policy: &ModelPolicy, book: &Book, list: &DutyList) -> WebsiteDuty {
    let id = policy.duty_id();
    policy
        .meta
        .publish_online
        .or_else(|| book.publish_online.get(id).copied())
        .or_else(|| list.duty_of(id))
        .unwrap_or(WebsiteDuty::No)
}

/// Where one required policy stands on one school's website.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComplianceState {
    /// Published and in date.
    Published,
    /// Published, but past its review date.
    PastReview,
    /// Started (an adoption or a draft exists) but no version approved yet.
    NotApproved,
    /// Nothing yet: the school has not started it.
    NotStarted,
}

impl ComplianceState {
    pub fn as_str(self) -> &'static str {
        match self {
            ComplianceState::Published => "published",
            ComplianceState::PastReview => "past-review",
            ComplianceState::NotApproved => "not-approved",
            ComplianceState::NotStarted => "not-started",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ComplianceState::Published => "Published and in date",
            ComplianceState::PastReview => "Published but past its review date",
            ComplianceState::NotApproved => "Not yet approved",
            ComplianceState::NotStarted => "Not started",
        }
    }

    pub fn complies(self) -> bool {
        self == ComplianceState::Published
    }
}

/// One policy a school's website must carry, and where it stands.
#[derive(Debug, Clone)]
pub struct ComplianceRow {
    pub trust: Option<String>,
    pub school: String,
    pub school_name: String,
    pub policy: String,
    pub title: String,
    pub tier: &'static str,
    pub state: ComplianceState,
    pub version: Option<u32>,
    pub review_due: Option<Date>,
    /// The current version's page, relative to the site root.
    pub html: Option<String>,
    /// Its PDF, relative to the site root.
    pub pdf: Option<String>,
}

/// One school's required policies.
#[derive(Debug, Clone)]
pub struct SchoolCompliance {
    pub school: String,
    pub school_name: String,
    pub trust: Option<String>,
    pub complies: bool,
    pub rows: Vec<ComplianceRow>,
}

/// The policies a school's website must carry: each policy available to it (its trust's models
/// and trust-wide policies, the shared models, its own), by the id it publishes them under.
fn required_for<'p>(
    project: &'p Project,
    school: &'p School,
    list: &DutyList,
) -> BTreeMap<String, &'p ModelPolicy> {
    let mut out: BTreeMap<String, &ModelPolicy> = BTreeMap::new();
    let consider = |policy: &'p ModelPolicy, out: &mut BTreeMap<String, &'p ModelPolicy>| {
        if !policy.is_leaflet() && duty_of(policy, &project.book, list) == WebsiteDuty::Required {
            out.insert(policy.duty_id().to_string(), policy);
        }
    };
    for policy in project.shared_models() {
        consider(policy, &mut out);
    }
    if let Some(trust) = school.trust_id() {
        for policy in project.models_of(trust) {
            if policy.meta.variant_of.is_none() {
                consider(policy, &mut out);
            }
        }
    }
    // The school's own policy stands in for a trust's of the same id.
    for policy in project
        .policies
        .iter()
        .filter(|p| p.is_local() && p.file.starts_with(&school.dir))
    {
        consider(policy, &mut out);
    }
    out
}

/// Every school's required policies and their state, in the project's school order.
pub fn compliance(
    project: &Project,
    publications: &[Publication],
    today: Date,
) -> Vec<SchoolCompliance> {
    let list = DutyList::shipped();
    project
        .schools
        .iter()
        .map(|school| {
            let rows: Vec<ComplianceRow> = required_for(project, school, &list)
                .into_iter()
                .map(|(id, policy)| {
                    let publication = publications.iter().find(|p| {
                        p.school.id == school.id && !p.is_leaflet() && p.policy.duty_id() == id
                    });
                    row(school, &id, policy, publication, today)
                })
                .collect();
            let mut rows = rows;
            rows.sort_by(|a, b| a.title.cmp(&b.title).then(a.policy.cmp(&b.policy)));
            SchoolCompliance {
                school: school.id.clone(),
                school_name: school.name.value.clone(),
                trust: school.trust_id().map(str::to_string),
                complies: rows.iter().all(|r| r.state.complies()),
                rows,
            }
        })
        .collect()
}

fn row(
    school: &School,
    id: &str,
    policy: &ModelPolicy,
    publication: Option<&Publication>,
    today: Date,
) -> ComplianceRow {
    let current = publication.and_then(Publication::current);
    let state = match (publication, current) {
        (None, _) => ComplianceState::NotStarted,
        (Some(_), None) => ComplianceState::NotApproved,
        (Some(_), Some(v)) if v.review_due.is_some_and(|d| d < today) => {
            ComplianceState::PastReview
        }
        (Some(_), Some(_)) => ComplianceState::Published,
    };
    let shown = publication.map_or(policy, |p| &p.policy);
    ComplianceRow {
        trust: school.trust_id().map(str::to_string),
        school: school.id.clone(),
        school_name: school.name.value.clone(),
        policy: id.to_string(),
        title: current.map_or(shown.meta.title.clone(), |v| v.snapshot.meta.title.clone()),
        tier: shown.tier().as_str(),
        state,
        version: current.map(|v| v.version()),
        review_due: current.and_then(|v| v.review_due),
        html: current.map(|v| v.paths.html.clone()),
        pdf: current.map(|v| v.paths.pdf.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_reads_and_names_its_source() {
        let list: DutyList = toml::from_str(DFE_LIST).expect("the shipped list is valid TOML");
        assert!(list.source.starts_with("https://www.gov.uk/"));
        assert_eq!(list.read_on, "2026-12-03");
        assert_eq!(list.duty_of("complaints"), Some(WebsiteDuty::Required));
        assert_eq!(list.duty_of("behaviour"), Some(WebsiteDuty::Required));
        assert_eq!(
            list.duty_of("charging-and-remissions"),
            Some(WebsiteDuty::Required)
        );
        assert_eq!(list.duty_of("social-media"), None);
    }
}

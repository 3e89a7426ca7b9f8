//! The analysis stage: from the checked project, the plain values every output reads.
//!
//! What a school publishes — which versions, their stage, review date, the trust's words for its
//! bodies, its brand colour — is worked out here once. The site pages, PDFs, leaflets, manifest,
//! feeds, dashboard and calendar format these values and derive nothing themselves.
//! An [`Analysis`] owns its values (shared through `Arc`), so it outlives the project it was made
//! from and can be handed to many renderers at once.

pub mod checked;
pub mod compliance;
pub mod publication;
pub mod schedule;
pub mod stage;
pub mod status_rows;
pub mod terms;
#[cfg(test)]
mod tests;
pub mod tier;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::dates;
use crate::load::Project;
use crate::logo::{Logo, Logos};
use crate::model::{School, Trust};
use crate::theme::Branding;

pub use checked::{Checked, CheckedAdoption, TrustWideText};
pub use compliance::{ComplianceRow, ComplianceState, SchoolCompliance};
pub use publication::{
    DocumentKind, Draft, FullPolicy, Publication, PublishedVersion, VersionPaths,
};
pub use schedule::ScheduleRow;
pub use stage::{AdoptionState, OfficerComment, Stage};
pub use status_rows::{Flag, PolicyAhead, StatusRow, Totals};
pub use terms::Terms;

/// One school, with what its pages need from its trust and theme.
#[derive(Debug, Clone)]
pub struct SchoolFacts {
    pub school: Arc<School>,
    pub trust: Option<Arc<Trust>>,
    pub terms: Arc<Terms>,
    pub theme: Arc<Branding>,
    /// Its own logo, else its trust's.
    pub logo: Option<Arc<Logo>>,
    /// Its documents, by index into [`Analysis::publications`].
    pub publications: Vec<usize>,
}

/// One trust, with its terms, its theme and where its schools stand.
#[derive(Debug, Clone)]
pub struct TrustFacts {
    pub trust: Arc<Trust>,
    pub terms: Arc<Terms>,
    pub theme: Arc<Branding>,
    /// Where its schools stand, by school and policy id (every model, started or not).
    pub status: Vec<StatusRow>,
    /// Its schools' documents in the order they were checked, by index into
    /// [`Analysis::publications`].
    pub publications: Vec<usize>,
}

/// The publication model of a whole project.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub today: Date,
    /// Every adoption that could be checked, in the order validation checked them.
    pub publications: Vec<Publication>,
    /// In the project's order.
    pub schools: Vec<SchoolFacts>,
    /// In the project's order.
    pub trusts: Vec<TrustFacts>,
    /// Where every school stands with every policy, by trust, school and policy id.
    pub status: Vec<StatusRow>,
    /// Model policy previews, by index into `project.policies`.
    pub previews: BTreeMap<usize, String>,
    pub logos: Logos,
    /// The default theme, for the pages of the site as a whole.
    pub default_theme: Arc<Branding>,
    /// Every trust's policy schedule, trust by trust.
    pub schedule: Vec<ScheduleRow>,
    /// Every school's required policies (website compliance), in the project's order.
    pub compliance: Vec<SchoolCompliance>,
}

impl Analysis {
    pub fn publications_of<'a>(
        &'a self,
        school: &'a SchoolFacts,
    ) -> impl Iterator<Item = &'a Publication> + 'a {
        school.publications.iter().map(|&i| &self.publications[i])
    }

    pub fn school(&self, id: &str) -> Option<&SchoolFacts> {
        self.schools.iter().find(|s| s.school.id == id)
    }

    /// What the analysis found that a person should act on, as warnings for `check` and `build`.
    pub fn findings(&self) -> crate::diagnostic::Diagnostics {
        status_rows::findings(&self.status)
    }

    /// One trust's policy schedule.
    pub fn schedule_of<'a>(&'a self, trust: &'a str) -> impl Iterator<Item = &'a ScheduleRow> + 'a {
        self.schedule.iter().filter(move |r| r.trust == trust)
    }

    /// One school's required policies.
    pub fn compliance_of(&self, school: &str) -> Option<&SchoolCompliance> {
        self.compliance.iter().find(|c| c.school == school)
    }

    /// How many policies (not leaflets) a school publishes.
    pub fn published_policies(&self, school: &str) -> usize {
        self.publications
            .iter()
            .filter(|p| p.school.id == school && !p.is_leaflet() && !p.versions.is_empty())
            .count()
    }
}

/// The theme a trust (or a school outside any trust) uses.
fn branding(project: &Project, trust: Option<&Trust>) -> Branding {
    let name = trust.map_or("default", Trust::theme_name);
    project
        .theme(name)
        .or_else(|| project.theme("default"))
        .or_else(|| project.themes.first())
        .map_or_else(Branding::default, Branding::of)
}

/// Everything a school's trust gives its documents.
struct TrustParts {
    trust: Arc<Trust>,
    terms: Arc<Terms>,
    theme: Arc<Branding>,
}

/// Works out every publication of the project once.
pub fn analyse(checked: &Checked<'_>, today: Date) -> Analysis {
    analyse_taking(&mut checked.clone(), today)
}

/// As [`analyse`], moving every draft and frozen text out of `checked` instead of copying
/// them, so a large trust is held in memory once (the build drops `checked` afterwards).
pub fn analyse_taking(checked: &mut Checked<'_>, today: Date) -> Analysis {
    let project = checked.project;
    let trusts: BTreeMap<&str, TrustParts> = project
        .trusts
        .iter()
        .map(|t| {
            (
                t.id(),
                TrustParts {
                    trust: Arc::new(t.clone()),
                    terms: Arc::new(Terms::of(t)),
                    theme: Arc::new(branding(project, Some(t))),
                },
            )
        })
        .collect();
    let outside_terms = Arc::new(Terms::outside_trust());
    let default_theme = Arc::new(branding(project, None));
    let mut schools: Vec<SchoolFacts> = project
        .schools
        .iter()
        .map(|school| {
            let parts = school.trust_id().and_then(|t| trusts.get(t));
            SchoolFacts {
                school: Arc::new(school.clone()),
                trust: parts.map(|p| p.trust.clone()),
                terms: parts.map_or_else(|| outside_terms.clone(), |p| p.terms.clone()),
                theme: parts.map_or_else(|| default_theme.clone(), |p| p.theme.clone()),
                logo: checked
                    .logos
                    .for_school(&school.id, school.trust_id())
                    .cloned(),
                publications: Vec::new(),
            }
        })
        .collect();
    // A model is shared by every school that adopts it.
    let mut policies: BTreeMap<std::path::PathBuf, Arc<crate::model::ModelPolicy>> =
        BTreeMap::new();
    let mut publications = Vec::new();
    // Which school has an approved version of which policy (a leaflet links its full policy).
    let published: std::collections::BTreeSet<(String, String)> = checked
        .adoptions
        .iter()
        .filter(|a| !a.snapshots.is_empty())
        .map(|a| (a.school.id.clone(), a.policy.id().to_string()))
        .collect();
    let project_ref = checked.project;
    for item in &mut checked.adoptions {
        let Some(index) = schools.iter().position(|s| s.school.id == item.school.id) else {
            continue;
        };
        let facts = &schools[index];
        let policy = policies
            .entry(item.policy.file.clone())
            .or_insert_with(|| Arc::new(item.policy.clone()))
            .clone();
        publications.push(publication(project_ref, &published, item, facts, policy));
        schools[index].publications.push(publications.len() - 1);
    }
    // Trust-wide policies: the board's text in every school it applies to.
    let due_soon_days = project.book.review.due_soon_days;
    let taken = |school: &str, folder: &str| {
        publications
            .iter()
            .any(|p| p.school.id == school && p.folder() == folder)
    };
    let trust_wide =
        tier::publications(&checked.trust_wide, &schools, &taken, today, due_soon_days);
    for (index, publication) in trust_wide {
        publications.push(publication);
        schools[index].publications.push(publications.len() - 1);
    }
    let schedule = schedule::schedule(project, &publications, today, due_soon_days);
    let compliance = compliance::compliance(project, &publications, today);
    let rules = status_rows::RowRules {
        today,
        stalled_days: project.book.review.stalled_days,
    };
    let status = status_rows::status_rows(project, &publications, &schools, rules);
    let trusts = project
        .trusts
        .iter()
        .filter_map(|t| trusts.get(t.id()))
        .map(|parts| trust_facts(parts, &publications, &status))
        .collect();
    Analysis {
        today,
        publications,
        schools,
        trusts,
        status,
        previews: checked.previews.clone(),
        logos: checked.logos.clone(),
        default_theme,
        schedule,
        compliance,
    }
}

fn trust_facts(
    parts: &TrustParts,
    publications: &[Publication],
    status: &[StatusRow],
) -> TrustFacts {
    let of_trust: Vec<usize> = publications
        .iter()
        .enumerate()
        .filter(|(_, p)| p.trust_id() == Some(parts.trust.id()))
        .map(|(i, _)| i)
        .collect();
    TrustFacts {
        trust: parts.trust.clone(),
        terms: parts.terms.clone(),
        theme: parts.theme.clone(),
        status: status
            .iter()
            .filter(|r| r.trust.as_deref() == Some(parts.trust.id()))
            .cloned()
            .collect(),
        publications: of_trust,
    }
}

/// One adoption as it is published: its versions, oldest first, and its draft.
fn publication(
    project: &crate::load::Project,
    published: &std::collections::BTreeSet<(String, String)>,
    item: &mut CheckedAdoption<'_>,
    school: &SchoolFacts,
    policy: Arc<crate::model::ModelPolicy>,
) -> Publication {
    let kind = if item.policy.is_leaflet() {
        DocumentKind::Leaflet
    } else if item.policy.is_local() {
        DocumentKind::LocalPolicy
    } else {
        DocumentKind::Policy
    };
    let folder = match kind {
        DocumentKind::Leaflet => publication::LEAFLET_FOLDER,
        _ => item.policy.id(),
    };
    let versions = versions(item, kind, folder);
    let unapproved = !matches!(item.state.stage, Stage::Approved | Stage::Received);
    let draft = item.draft.take().filter(|_| unapproved).map(|merged| {
        let dir = format!("drafts/schools/{}/{folder}", item.school.id);
        Draft {
            merged,
            html: format!("{dir}/index.html"),
            pdf: format!("{dir}/{}-{}-draft.pdf", item.school.id, item.policy.id()),
        }
    });
    let full_policy = (kind == DocumentKind::Leaflet).then(|| {
        let id = item.policy.full_policy();
        FullPolicy {
            id: id.to_string(),
            title: project
                .policy_for(item.school, id)
                .map_or("full policy".to_string(), |p| p.meta.title.clone()),
            published: published.contains(&(item.school.id.clone(), id.to_string())),
        }
    });
    Publication {
        school: school.school.clone(),
        trust: school.trust.clone(),
        terms: school.terms.clone(),
        theme: school.theme.clone(),
        kind,
        policy,
        adoption_file: item.adoption.file.clone(),
        model_version: item.adoption.model_version.as_ref().map(|v| v.value),
        versions,
        draft,
        state: item.state.clone(),
        full_policy,
    }
}

/// Each frozen text with the approval that froze it, oldest first.
fn versions(
    item: &mut CheckedAdoption<'_>,
    kind: DocumentKind,
    folder: &str,
) -> Vec<PublishedVersion> {
    let latest = item.snapshots.last().map(|s| s.meta.version);
    let mut out = Vec::new();
    for (index, snapshot) in std::mem::take(&mut item.snapshots).into_iter().enumerate() {
        let version = snapshot.meta.version;
        let Some(approval) = item
            .adoption
            .approvals
            .iter()
            .find(|a| a.version.value == version)
        else {
            continue;
        };
        let current = Some(version) == latest;
        let mut paths =
            VersionPaths::of(&item.school.id, folder, item.policy.id(), version, current);
        if kind != DocumentKind::Leaflet && index > 0 {
            paths.changes = Some(format!(
                "schools/{}/{folder}/changes-v{version}.html",
                item.school.id
            ));
        }
        let approved_on = dates::parse(&snapshot.meta.approved_on);
        let review_due = stage::review_due(
            approved_on,
            item.adoption,
            snapshot.meta.review_cycle_months,
        );
        out.push(PublishedVersion {
            snapshot,
            approval: approval.clone(),
            stage: Stage::of_approval(approval),
            approved_on,
            review_due,
            current,
            paths,
        });
    }
    out
}

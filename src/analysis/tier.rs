//! Trust-wide policies as every school publishes them: the board's frozen texts, copied into each
//! school of the trust that is not excluded (or that publishes a trust-approved variant instead).

use std::sync::Arc;

use jiff::civil::Date;
use serde_saphyr::{Location, Spanned};

use crate::dates;
use crate::model::{Approval, ModelPolicy};

use super::SchoolFacts;
use super::checked::TrustWideText;
use super::publication::{DocumentKind, Publication, PublishedVersion, VersionPaths};
use super::stage::{self, AdoptionState, Stage};

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// Does `text` apply to `school`? A variant applies to the schools it names; the policy it
/// varies to every other school of the trust that its `exclude:` does not name.
pub fn applies_to(text: &TrustWideText<'_>, all: &[TrustWideText<'_>], school: &str) -> bool {
    let meta = &text.policy.meta;
    if meta.variant_of.is_some() {
        return meta.schools.iter().any(|s| s.value == school);
    }
    let excluded = meta.exclude.iter().any(|s| s.value == school);
    let varied = all.iter().any(|v| {
        v.trust.id() == text.trust.id()
            && v.policy.meta.variant_of.as_ref().map(|p| p.value.as_str()) == Some(text.policy.id())
            && v.policy.meta.schools.iter().any(|s| s.value == school)
    });
    !excluded && !varied
}

/// The publications of every trust-wide policy, one per school it applies to.
pub fn publications(
    texts: &[TrustWideText<'_>],
    schools: &[SchoolFacts],
    taken: &dyn Fn(&str, &str) -> bool,
    today: Date,
    due_soon_days: u32,
) -> Vec<(usize, Publication)> {
    let mut out = Vec::new();
    for text in texts {
        let policy = Arc::new(text.policy.clone());
        for (index, facts) in schools.iter().enumerate() {
            let school = &facts.school;
            if school.trust_id() != Some(text.trust.id())
                || !applies_to(text, texts, &school.id)
                || taken(&school.id, text.policy.id())
            {
                continue;
            }
            out.push((
                index,
                publication(text, facts, policy.clone(), today, due_soon_days),
            ));
        }
    }
    out
}

fn publication(
    text: &TrustWideText<'_>,
    facts: &SchoolFacts,
    policy: Arc<ModelPolicy>,
    today: Date,
    due_soon_days: u32,
) -> Publication {
    let school = &facts.school;
    let id = policy.id().to_string();
    let latest = text.snapshots.last().map(|s| s.meta.version);
    let versions: Vec<PublishedVersion> = text
        .snapshots
        .iter()
        .enumerate()
        .map(|(index, frozen)| {
            let version = frozen.meta.version;
            let record = policy.record_of(version);
            let mut snapshot = frozen.clone();
            snapshot.meta.school = school.id.clone();
            snapshot.meta.school_name = school.name.value.clone();
            let current = Some(version) == latest;
            let mut paths = VersionPaths::of(&school.id, &id, &id, version, current);
            if index > 0 {
                paths.changes = Some(format!(
                    "schools/{}/{id}/changes-v{version}.html",
                    school.id
                ));
            }
            let approved_on = dates::parse(&frozen.meta.approved_on);
            let review_due =
                approved_on.map(|d| dates::add_months(d, frozen.meta.review_cycle_months));
            PublishedVersion {
                approval: Approval {
                    version: spanned(version),
                    model_version: Some(version),
                    approved_on: spanned(frozen.meta.approved_on.clone()),
                    minute: frozen.meta.minute.clone(),
                    chair: facts.terms.board.clone(),
                    changes: record.and_then(|r| r.changes.clone()),
                    sha256: spanned(
                        record
                            .and_then(|r| r.frozen_sha256.clone())
                            .unwrap_or_default(),
                    ),
                    received_on: None,
                },
                snapshot,
                stage: Stage::Approved,
                approved_on,
                review_due,
                current,
                paths,
            }
        })
        .collect();
    let current = versions.last();
    let review_due = current.and_then(|v| v.review_due);
    let (overdue, due_soon) = stage::review_flags(review_due, today, due_soon_days);
    let agreed = policy.latest_agreed();
    let state = AdoptionState {
        stage: if versions.is_empty() {
            Stage::Ready
        } else {
            Stage::Approved
        },
        tier: crate::model::Tier::TrustWide,
        model_version: agreed,
        approved_version: current.map(PublishedVersion::version),
        approved_on: current.and_then(|v| v.approved_on),
        review_due,
        due_soon,
        overdue,
        behind_model: false,
        changed_since_approval: agreed.is_some_and(|a| a < policy.version()),
        missing: Vec::new(),
        // The board's own text: each version is its own model version.
        based_on: current.map(PublishedVersion::version),
        stage_since: current.and_then(|v| v.approved_on),
        last_comment: None,
    };
    Publication {
        school: school.clone(),
        trust: facts.trust.clone(),
        terms: facts.terms.clone(),
        theme: facts.theme.clone(),
        kind: DocumentKind::TrustWide,
        adoption_file: policy.file.clone(),
        model_version: agreed,
        versions,
        draft: None,
        state,
        full_policy: None,
        policy,
    }
}

//! Parent leaflets: one per school, and a QR code that opens a policy the school publishes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::analysis::CheckedAdoption;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{ModelPolicy, position_of};

/// A school has one parent leaflet, and its QR code must open a policy the school publishes.
pub(super) fn check_leaflets(
    project: &Project,
    adoptions: &[CheckedAdoption<'_>],
    problems: &mut Diagnostics,
) {
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut reported: BTreeSet<(std::path::PathBuf, Option<&str>)> = BTreeSet::new();
    for item in adoptions.iter().filter(|a| a.policy.is_leaflet()) {
        if let Some(other) = first.get(item.school.id.as_str()) {
            problems.push(
                Diagnostic::error(
                    &item.adoption.file,
                    Position::new(1, 1),
                    "a school has one parent leaflet, and this school already adopts another",
                )
                .with_hint(format!(
                    "keep one of them: {} or this file",
                    other.display()
                )),
            );
            continue;
        }
        first.insert(&item.school.id, &item.adoption.file);
        let target = item.policy.full_policy();
        let trust_model = item
            .policy
            .trust
            .as_deref()
            .is_some_and(|t| !project.is_shared_folder(t));
        let exists = project
            .policy_for(item.school, target)
            .is_some_and(|p| !p.is_leaflet());
        // A trust's own leaflet model was checked against the trust's policies already.
        if !exists && !trust_model && !project.policy_unreadable(item.school, target) {
            let available: Vec<&str> = project
                .models_for(item.school)
                .into_iter()
                .filter(|p| !p.is_leaflet())
                .map(ModelPolicy::id)
                .collect();
            let (file, at) = match &item.policy.meta.full_policy {
                Some(named) => (item.policy.file.clone(), position_of(named)),
                None => (item.adoption.file.clone(), Position::new(1, 1)),
            };
            if !reported.insert((file.clone(), item.school.trust_id())) {
                continue;
            }
            problems.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "the leaflet's QR code would open the `{target}` policy, but {} has no such policy",
                        match item.school.trust_id().and_then(|t| project.trust(t)) {
                            Some(t) => format!("{} (the trust of {})", t.name, item.school.name.value),
                            None => item.school.name.value.clone(),
                        }
                    ),
                )
                .with_hint(match nearest(target, &available) {
                    Some(n) => format!("did you mean `full_policy: {n}`? The policies it can open: {}", available.join(", ")),
                    None => format!("set `full_policy:` in the leaflet model to one of the policies it can open: {}", if available.is_empty() { "none yet".to_string() } else { available.join(", ") }),
                }),
            );
            continue;
        }
        if item.snapshots.is_empty() {
            continue;
        }
        let published = adoptions.iter().any(|a| {
            a.school.id == item.school.id && a.policy.id() == target && !a.snapshots.is_empty()
        });
        if !published {
            problems.push(
                Diagnostic::warning(
                    &item.adoption.file,
                    Position::new(1, 1),
                    format!(
                        "the leaflet's QR code opens the school's `{target}` policy, which is not published yet"
                    ),
                )
                .with_hint(format!(
                    "approve schools/{}/policies/{target}.yaml, or name another policy with `full_policy:` in the leaflet model",
                    item.school.id
                )),
            );
        }
    }
}

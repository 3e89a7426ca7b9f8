//! Adoptions: each school's values for a policy merged, its snapshots verified, its state found.

use std::collections::BTreeSet;
use std::path::Path;

use jiff::civil::Date;

use crate::analysis::CheckedAdoption;
use crate::analysis::stage;
use crate::analysis::terms::Terms;
use crate::assemble;
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{Adoption, ModelPolicy, ModelStatus, position_of};
use crate::workflow;

use super::events::check_events;
use super::leaflets::check_leaflets;
use super::values_line;

pub(super) fn check_adoptions<'p>(
    project: &'p Project,
    today: Date,
    problems: &mut Diagnostics,
) -> Vec<CheckedAdoption<'p>> {
    use rayon::prelude::*;
    // Each adoption is checked on its own (merged, its snapshots read and verified), on every
    // core; results and problems are gathered in the adoptions' order.
    let checked: Vec<(Option<CheckedAdoption<'p>>, Diagnostics)> = project
        .adoptions
        .par_iter()
        .map(|adoption| {
            let mut found = Diagnostics::default();
            let item = check_adoption(project, adoption, today, &mut found);
            (item, found)
        })
        .collect();
    let mut out = Vec::new();
    for (item, found) in checked {
        problems.extend(found);
        out.extend(item);
    }
    check_leaflets(project, &out, problems);
    out
}

/// One school's adoption of one policy: its records, its merged draft, its snapshots.
fn check_adoption<'p>(
    project: &'p Project,
    adoption: &'p Adoption,
    today: Date,
    problems: &mut Diagnostics,
) -> Option<CheckedAdoption<'p>> {
    let Some(school) = project.school(&adoption.school) else {
        if project.is_unreadable(
            &Path::new("schools")
                .join(&adoption.school)
                .join("school.yaml"),
        ) {
            // Its school.yaml has an error of its own, already reported.
            return None;
        }
        problems.push(
            Diagnostic::error(
                &adoption.file,
                Position::new(1, 1),
                format!("the school folder `{}` has no school.yaml", adoption.school),
            )
            .with_hint("add schools/<school>/school.yaml with the school's details"),
        );
        return None;
    };
    if school
        .trust_id()
        .is_some_and(|t| project.trust(t).is_none())
    {
        // Already reported on school.yaml; every policy of the school would repeat it.
        return None;
    }
    let Some(policy) = project.policy_for(school, &adoption.policy) else {
        if project.policy_unreadable(school, &adoption.policy) {
            // The policy's file has an error of its own, already reported.
            return None;
        }
        let available: Vec<&str> = project
            .models_for(school)
            .into_iter()
            .map(ModelPolicy::id)
            .collect();
        problems.push(
            Diagnostic::error(&adoption.file, Position::new(1, 1), format!("there is no policy `{}` for this school", adoption.policy))
                .with_hint(match nearest(&adoption.policy, &available) {
                    Some(n) => format!("did you mean `{n}`? Rename the file to {n}.yaml"),
                    None if available.is_empty() => "the school's trust has no model policies; a school's own policy goes in local/<policy>.md".to_string(),
                    None => format!("the file's name must be a model policy's id: {}", available.join(", ")),
                }),
        );
        return None;
    };
    if policy.is_trust_wide() {
        problems.push(super::tiers::adoption_of_trust_wide(
            project, policy, adoption,
        ));
        return None;
    }
    let terms = Terms::for_trust(school.trust_id().and_then(|t| project.trust(t)));
    check_model_claim(policy, adoption, &terms, problems);
    crate::links::warn_in_values(policy, adoption, problems);
    if let Some(months) = &adoption.review_months
        && months.value == 0
    {
        problems.push(
            Diagnostic::error(&adoption.file, position_of(months), "review_months must be at least 1")
                .with_hint(format!(
                    "write how many months after approval the school reviews the policy, such as 12 (the trust's cycle is {} months), or remove the line",
                    policy.meta.review_cycle_months
                )),
        );
    }
    check_events(adoption, today, problems);
    let draft = match assemble::merge(project, school, policy, adoption) {
        Ok(merged) => {
            for name in &merged.missing {
                if let Some(field) = policy.field(name) {
                    let example = field
                        .example
                        .as_ref()
                        .map(|e| {
                            format!(
                                " For example: `{name}: {}`",
                                match e {
                                    serde_json::Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                }
                            )
                        })
                        .unwrap_or_default();
                    problems.push(
                        Diagnostic::warning(
                            &adoption.file,
                            values_line(project, adoption),
                            format!(
                                "`{name}` is not filled in yet, so the policy cannot be approved"
                            ),
                        )
                        .with_hint(format!("add it under `values:`. {}{example}", field.help)),
                    );
                } else if let Some((drawn, field)) = name.split_once('.') {
                    problems.push(
                        Diagnostic::warning(
                            &adoption.file,
                            Position::new(1, 1),
                            format!(
                                "{} uses `{field}` from the school's `{drawn}` policy, which is not filled in yet, so it cannot be approved",
                                policy.meta.title
                            ),
                        )
                        .with_hint(format!(
                            "fill in `{field}` under `values:` in schools/{}/policies/{drawn}.yaml",
                            school.id
                        )),
                    );
                }
            }
            Some(merged)
        }
        Err(list) => {
            for d in list {
                problems.push(d);
            }
            None
        }
    };
    let mut snapshots = Vec::new();
    let mut versions = BTreeSet::new();
    for approval in &adoption.approvals {
        if !versions.insert(approval.version.value) {
            problems.push(Diagnostic::error(&adoption.file, position_of(&approval.version), format!("version {} is approved twice", approval.version.value))
                .with_hint("approval records are written by `policyforge approve`; restore this file from version control"));
        }
        if dates::parse(&approval.approved_on.value).is_none() {
            problems.push(
                Diagnostic::error(
                    &adoption.file,
                    position_of(&approval.approved_on),
                    format!(
                        "`{}` is not a date: {}",
                        approval.approved_on.value,
                        dates::explain(&approval.approved_on.value)
                    ),
                )
                .with_hint("write the date as YYYY-MM-DD"),
            );
        }
        match workflow::snapshot::read_verified(&project.root, adoption, approval, &terms) {
            Ok(s) => snapshots.push(s),
            Err(d) => problems.push(d),
        }
    }
    snapshots.sort_by_key(|s| s.meta.version);
    for snap in &snapshots {
        crate::links::warn_in_snapshot(project, adoption, snap, problems);
    }
    workflow::integrity::check_records(project, adoption, problems);
    let state = stage::state_of(
        policy,
        adoption,
        draft.as_ref(),
        snapshots.last(),
        today,
        project.book.review.due_soon_days,
    );
    if state.changed_since_approval && state.stage != stage::Stage::Populating {
        problems.push(
            Diagnostic::warning(&adoption.file, Position::new(1, 1), format!(
                "{} has changed since the {} approved version {}; the site keeps publishing the approved text",
                policy.meta.title,
                terms.local_body_short,
                state.approved_version.unwrap_or(0)
            ))
            .with_hint(format!(
                "see the changes with `policyforge diff --school {} --policy {}`, then approve the new text with `policyforge approve`",
                school.id, policy.id()
            )),
        );
    }
    Some(CheckedAdoption {
        school,
        policy,
        adoption,
        draft,
        snapshots,
        state,
    })
}

fn check_model_claim(
    policy: &ModelPolicy,
    adoption: &Adoption,
    terms: &Terms,
    problems: &mut Diagnostics,
) {
    if policy.is_local() {
        return;
    }
    let Some(claimed) = &adoption.model_version else {
        problems.push(
            Diagnostic::error(
                &adoption.file,
                Position::new(1, 1),
                "the adoption does not say which model version it fills",
            )
            .with_hint(format!(
                "add `model_version: {}` at the top",
                policy.latest_agreed().unwrap_or(policy.version())
            )),
        );
        return;
    };
    let known: Vec<String> = policy
        .meta
        .versions
        .iter()
        .map(|v| v.version.value.to_string())
        .collect();
    match policy.record_of(claimed.value) {
        None => problems.push(
            Diagnostic::error(&adoption.file, position_of(claimed), format!("model version {} of {} does not exist", claimed.value, policy.meta.title))
                .with_hint(format!("the trust's versions are: {}; use the newest agreed one", if known.is_empty() { "none recorded".to_string() } else { known.join(", ") })),
        ),
        Some(record) if record.status != ModelStatus::Agreed => problems.push(
            Diagnostic::error(&adoption.file, position_of(claimed), format!("model version {} is still a draft: the {} has not agreed it", claimed.value, terms.board))
                .with_hint(format!("schools adopt only versions the {board} has agreed; use the newest agreed version until the {board} meets", board = terms.board)),
        ),
        Some(_) if claimed.value != policy.version() => problems.push(
            Diagnostic::warning(&adoption.file, position_of(claimed), format!(
                "this adoption fills model version {}, but the trust now publishes version {}",
                claimed.value,
                policy.version()
            ))
            .with_hint(format!("review the model's changes, then set `model_version: {}`", policy.version())),
        ),
        Some(_) => {}
    }
}

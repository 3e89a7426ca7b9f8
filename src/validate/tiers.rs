//! Tiers: where a `tier:` may stand, what a trust-wide policy may hold (no fields, no adoption,
//! exclusions and variants naming the trust's own schools), and its frozen agreed texts.

use std::collections::BTreeMap;

use crate::analysis::{Terms, TrustWideText};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{ModelPolicy, ModelStatus, Tier, Trust, position_of};
use crate::workflow::board_text;

/// Checks every policy's tier; returns each trust-wide policy with its verified frozen texts.
pub(super) fn check_tiers<'p>(
    project: &'p Project,
    problems: &mut Diagnostics,
) -> Vec<TrustWideText<'p>> {
    let mut out = Vec::new();
    for policy in &project.policies {
        check_placement(project, policy, problems);
        if !policy.is_trust_wide() {
            check_not_trust_wide(policy, problems);
            continue;
        }
        let Some(trust) = policy.trust.as_deref().and_then(|t| project.trust(t)) else {
            continue;
        };
        check_trust_wide(project, policy, trust, problems);
        out.push(TrustWideText {
            policy,
            trust,
            snapshots: frozen_texts(project, policy, trust, problems),
        });
    }
    check_variants(project, &out, problems);
    check_local_overrides(project, &out, problems);
    check_book_duties(project, problems);
    out
}

/// `[publish-online]` in book.toml names policies by id: one that no policy has is a typo.
fn check_book_duties(project: &Project, problems: &mut Diagnostics) {
    let ids: Vec<&str> = project.policies.iter().map(ModelPolicy::duty_id).collect();
    let text = std::fs::read_to_string(project.root.join("book.toml")).unwrap_or_default();
    for id in project.book.publish_online.keys() {
        if ids.contains(&id.as_str()) {
            continue;
        }
        let at = text
            .lines()
            .position(|l| l.trim_start().starts_with(id.as_str()))
            .map_or(Position::new(1, 1), |i| Position::new(i + 1, 1));
        problems.push(
            Diagnostic::warning(
                "book.toml",
                at,
                format!("`[publish-online]` names `{id}`, which no policy of the repository has"),
            )
            .with_hint(match nearest(id, &ids) {
                Some(n) => format!("did you mean `{n}`? A policy's id is its file's name"),
                None => "use a policy's id (its file's name without .md), or remove the line"
                    .to_string(),
            }),
        );
    }
}

/// A school's own policy may not stand in for a trust-wide one that applies to it: only the
/// trust's files leave a school out.
fn check_local_overrides(
    project: &Project,
    texts: &[TrustWideText<'_>],
    problems: &mut Diagnostics,
) {
    for local in project.policies.iter().filter(|p| p.is_local()) {
        let Some(school) = project
            .schools
            .iter()
            .find(|s| local.file.starts_with(&s.dir))
        else {
            continue;
        };
        let clash = texts.iter().find(|t| {
            school.trust_id() == Some(t.trust.id())
                && t.policy.id() == local.id()
                && crate::analysis::tier::applies_to(t, texts, &school.id)
        });
        if let Some(text) = clash {
            problems.push(
                Diagnostic::error(&local.file, position_of(&local.meta.id), format!(
                    "{} is a trust-wide policy of {} for this school: a school's own policy cannot replace it",
                    text.policy.meta.title, text.trust.short_name
                ))
                .with_hint(format!(
                    "only the trust's files leave a school out: ask the trust to add `exclude: [{}]` to {} (or a trust-approved variant), or remove this file",
                    school.id,
                    text.policy.file.display()
                )),
            );
        }
    }
}

fn tier_at(policy: &ModelPolicy) -> Position {
    policy
        .meta
        .tier
        .as_ref()
        .map_or(Position::new(1, 1), position_of)
}

/// A school's own file is `local`; a trust's is a `model` or `trust-wide`; shared models are models.
fn check_placement(project: &Project, policy: &ModelPolicy, problems: &mut Diagnostics) {
    let Some(said) = policy.meta.tier.as_ref().map(|t| t.value) else {
        return;
    };
    let at = tier_at(policy);
    if policy.is_local() && said != Tier::Local {
        problems.push(
            Diagnostic::error(&policy.file, at, format!("a school's own policy cannot be `tier: {}`", said.as_str()))
                .with_hint("a policy in a school's local/ folder is always `local`: remove the line; a trust-wide policy or a model goes in model-policies/<trust>/"),
        );
    } else if !policy.is_local() && said == Tier::Local {
        problems.push(
            Diagnostic::error(&policy.file, at, "a trust's policy cannot be `tier: local`")
                .with_hint("write `tier: model` (each school adopts it) or `tier: trust-wide` (one text agreed by the board); a school's own policy goes in schools/<school>/local/<policy>.md"),
        );
    } else if said == Tier::TrustWide
        && policy
            .trust
            .as_deref()
            .is_some_and(|t| project.is_shared_folder(t))
    {
        problems.push(
            Diagnostic::error(&policy.file, at, "a shared model cannot be trust-wide")
                .with_hint("a trust-wide policy is agreed by one trust's board: move it into model-policies/<trust>/"),
        );
    }
}

/// `exclude`, `variant_of` and `schools` belong to trust-wide policies only.
fn check_not_trust_wide(policy: &ModelPolicy, problems: &mut Diagnostics) {
    let meta = &policy.meta;
    let stray = meta
        .exclude
        .first()
        .map(|s| ("exclude", position_of(s)))
        .or_else(|| {
            meta.variant_of
                .as_ref()
                .map(|s| ("variant_of", position_of(s)))
        })
        .or_else(|| meta.schools.first().map(|s| ("schools", position_of(s))));
    if let Some((key, at)) = stray {
        problems.push(
            Diagnostic::error(&policy.file, at, format!("`{key}` is only for a trust-wide policy"))
                .with_hint("add `tier: trust-wide`, or remove the line: each school decides for itself whether to adopt a model"),
        );
    }
}

fn check_trust_wide(
    project: &Project,
    policy: &ModelPolicy,
    trust: &Trust,
    problems: &mut Diagnostics,
) {
    let terms = Terms::of(trust);
    if let Some(field) = policy.meta.fields.first() {
        problems.push(
            Diagnostic::error(&policy.file, position_of(&field.name), "a trust-wide policy has no contextual fields")
                .with_hint(format!(
                    "it is one text for every school, agreed by the {}: write the words into the text, or make it `tier: model` so each school fills it in",
                    terms.board
                )),
        );
    }
    if policy.is_leaflet() {
        problems.push(
            Diagnostic::error(
                &policy.file,
                tier_at(policy),
                "a parent leaflet cannot be trust-wide",
            )
            .with_hint("remove `tier: trust-wide`: each school adopts and approves its leaflet"),
        );
    }
    if policy.meta.fields.is_empty()
        && let Err(d) = board_text::render(policy, trust)
    {
        problems.push(d.with_hint(
            "a trust-wide text is the same for every school: it can use `trust.*` and `policy.*`, not `school.*` or `fields.*`",
        ));
    }
    let schools: Vec<&str> = project
        .schools
        .iter()
        .filter(|s| s.trust_id() == Some(trust.id()))
        .map(|s| s.id.as_str())
        .collect();
    for (key, named) in [
        ("exclude", &policy.meta.exclude),
        ("schools", &policy.meta.schools),
    ] {
        for school in named {
            if !schools.contains(&school.value.as_str()) {
                problems.push(
                    Diagnostic::error(
                        &policy.file,
                        position_of(school),
                        format!(
                            "`{}` under `{key}` is not a school of {}",
                            school.value, trust.short_name
                        ),
                    )
                    .with_hint(match nearest(&school.value, &schools) {
                        Some(n) => format!(
                            "did you mean `{n}`? A school's id is its folder's name under schools/"
                        ),
                        None => format!("the trust's schools: {}", schools.join(", ")),
                    }),
                );
            }
        }
    }
    if policy.meta.variant_of.is_none()
        && let Some(first) = policy.meta.schools.first()
    {
        problems.push(
            Diagnostic::error(&policy.file, position_of(first), "`schools` names who publishes a variant, but this policy is no variant")
                .with_hint("add `variant_of: <the trust-wide policy it replaces>`, or use `exclude:` to leave schools out"),
        );
    }
}

/// Each agreed version's frozen text, verified against its record.
fn frozen_texts(
    project: &Project,
    policy: &ModelPolicy,
    trust: &Trust,
    problems: &mut Diagnostics,
) -> Vec<crate::workflow::snapshot::Snapshot> {
    let mut agreed: Vec<_> = policy
        .meta
        .versions
        .iter()
        .filter(|v| v.status == ModelStatus::Agreed)
        .collect();
    agreed.sort_by_key(|v| v.version.value);
    let mut out = Vec::new();
    for record in agreed {
        match board_text::read_verified(&project.root, policy, trust, record) {
            Ok(snapshot) => out.push(snapshot),
            Err(d) => problems.push(d),
        }
    }
    out
}

/// A variant replaces a trust-wide policy of the same trust, for schools no other variant has.
fn check_variants(project: &Project, texts: &[TrustWideText<'_>], problems: &mut Diagnostics) {
    let mut given: BTreeMap<(String, String), &std::path::Path> = BTreeMap::new();
    for text in texts {
        let Some(parent) = &text.policy.meta.variant_of else {
            continue;
        };
        let at = position_of(parent);
        let file = &text.policy.file;
        let exists = texts.iter().any(|t| {
            t.trust.id() == text.trust.id()
                && t.policy.id() == parent.value
                && t.policy.meta.variant_of.is_none()
        });
        if !exists || parent.value == text.policy.id() {
            let ids: Vec<&str> = project
                .models_of(text.trust.id())
                .filter(|m| m.is_trust_wide() && m.meta.variant_of.is_none())
                .map(ModelPolicy::id)
                .collect();
            problems.push(
                Diagnostic::error(file, at, format!("`{}` is not a trust-wide policy of {} that this can vary", parent.value, text.trust.short_name))
                    .with_hint(match nearest(&parent.value, &ids) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None if ids.is_empty() => "a variant replaces one of the trust's trust-wide policies; the trust has none".to_string(),
                        None => format!("its trust-wide policies: {}", ids.join(", ")),
                    }),
            );
        }
        if text.policy.meta.schools.is_empty() {
            problems.push(
                Diagnostic::error(file, at, "a variant names no school").with_hint(
                    "list the schools that publish it instead, e.g. `schools: [school-id]`",
                ),
            );
        }
        for school in &text.policy.meta.schools {
            let key = (parent.value.clone(), school.value.clone());
            if let Some(first) = given.insert(key, file) {
                problems.push(
                    Diagnostic::error(file, position_of(school), format!("`{}` already has a variant of `{}`, in {}", school.value, parent.value, first.display()))
                        .with_hint("a school publishes one variant of a policy: remove it from one of the two lists"),
                );
            }
        }
    }
}

/// An adoption of a trust-wide policy: the error to report on its file.
pub(super) fn adoption_of_trust_wide(
    project: &Project,
    policy: &ModelPolicy,
    adoption: &crate::model::Adoption,
) -> Diagnostic {
    let terms = Terms::for_trust(policy.trust.as_deref().and_then(|t| project.trust(t)));
    Diagnostic::error(
        &adoption.file,
        Position::new(1, 1),
        format!(
            "{} is trust-wide: the {} agrees it for every school and no {} adopts it",
            policy.meta.title, terms.board, terms.local_body
        ),
    )
    .with_hint(format!(
        "remove this file; to leave {} out, list it under `exclude:` in {}",
        adoption.school,
        policy.file.display()
    ))
}

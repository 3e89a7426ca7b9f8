//! Model policies and local policies: ids, fields, the board's version records, leaflet targets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::Date;

use crate::assemble;
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{ModelPolicy, ModelStatus, position_of};
use crate::values;
use crate::workflow::{self, fingerprint};

use super::{id_hint, is_id};

pub(super) fn check_policies(
    project: &Project,
    today: Date,
    problems: &mut Diagnostics,
) -> BTreeMap<usize, String> {
    let mut previews = BTreeMap::new();
    let mut seen: BTreeMap<(Option<String>, String, String), &Path> = BTreeMap::new();
    for (index, policy) in project.policies.iter().enumerate() {
        let file = &policy.file;
        let id_at = position_of(&policy.meta.id);
        if !is_id(policy.id()) {
            problems.push(
                Diagnostic::error(
                    file,
                    id_at,
                    format!("`{}` is not a valid policy id", policy.id()),
                )
                .with_hint(id_hint(policy.id())),
            );
        }
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if policy.id() != stem {
            problems.push(
                Diagnostic::error(
                    file,
                    id_at,
                    format!(
                        "the policy id `{}` differs from its file name `{stem}.md`",
                        policy.id()
                    ),
                )
                .with_hint(format!(
                    "make them the same: `id: {stem}`, or rename the file"
                )),
            );
        }
        let owner = policy
            .file
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let key = (policy.trust.clone(), owner, policy.id().to_string());
        if let Some(first) = seen.get(&key) {
            problems.push(
                Diagnostic::error(
                    file,
                    id_at,
                    format!("the policy id `{}` is used twice", policy.id()),
                )
                .with_hint(format!(
                    "{} already uses it; give each policy its own id",
                    first.display()
                )),
            );
        } else {
            seen.insert(key, file);
        }
        if policy.trust.as_deref().is_some_and(|t| {
            project.trust(t).is_none()
                && !project.is_shared_folder(t)
                && !project.is_unreadable(&Path::new("model-policies").join(t).join("trust.yaml"))
        }) {
            problems.push(
                Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    "this trust folder has no trust.yaml",
                )
                .with_hint("add trust.yaml beside the model policies (see `policyforge init`)"),
            );
        }
        if policy.meta.review_cycle_months == 0 {
            problems.push(
                Diagnostic::error(
                    file,
                    workflow::integrity::line_of_key(project, file, &["review_cycle_months:"]),
                    "review_cycle_months must be at least 1",
                )
                .with_hint(
                    "write how many months after approval the policy is reviewed, such as 12 or 24",
                ),
            );
        }
        if let Some(target) = &policy.meta.full_policy {
            if !policy.is_leaflet() {
                problems.push(
                    Diagnostic::warning(
                        file,
                        position_of(target),
                        "`full_policy` is only used by leaflets, so it is ignored here",
                    )
                    .with_hint(
                        "add `kind: leaflet` if this text is a parent leaflet, or remove the line",
                    ),
                );
            } else if !is_id(&target.value) {
                problems.push(
                    Diagnostic::error(
                        file,
                        position_of(target),
                        format!("`{}` is not a policy id", target.value),
                    )
                    .with_hint(id_hint(&target.value)),
                );
            }
        }
        check_fields(policy, problems);
        check_model_versions(policy, today, problems);
        check_leaflet_target(project, policy, problems);
        crate::links::warn_in_policy(policy, problems);
        match assemble::preview(project, policy) {
            Ok(markdown) => {
                previews.insert(index, markdown);
            }
            Err(d) => problems.push(d),
        }
    }
    previews
}

fn check_fields(policy: &ModelPolicy, problems: &mut Diagnostics) {
    let mut names = BTreeSet::new();
    for field in &policy.meta.fields {
        let at = position_of(&field.name);
        let name = field.name();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if !valid {
            problems.push(
                Diagnostic::error(&policy.file, at, format!("`{name}` is not a valid field name"))
                    .with_hint("field names start with a letter and use lower-case letters, digits and `_`, such as `social_media_lead`"),
            );
        }
        if !names.insert(name.to_string()) {
            problems.push(
                Diagnostic::error(
                    &policy.file,
                    at,
                    format!("the field `{name}` is declared twice"),
                )
                .with_hint("keep one declaration"),
            );
        }
        if field.kind == crate::model::FieldType::Choice && field.choices.is_empty() {
            problems.push(
                Diagnostic::error(
                    &policy.file,
                    at,
                    format!("the choice field `{name}` has no choices"),
                )
                .with_hint("add `choices: [First, Second]`"),
            );
        }
        if let Some(example) = &field.example
            && let Err(p) = values::check(field, example)
        {
            problems.push(Diagnostic::warning(
                &policy.file,
                at,
                format!(
                    "the example of `{name}` does not fit its type: {}",
                    p.message
                ),
            ));
        }
    }
}

fn check_model_versions(policy: &ModelPolicy, today: Date, problems: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for record in &policy.meta.versions {
        let at = position_of(&record.version);
        let v = record.version.value;
        if !seen.insert(v) {
            problems.push(
                Diagnostic::error(&policy.file, at, format!("version {v} is recorded twice"))
                    .with_hint("keep one record per version"),
            );
        }
        if v > policy.version() {
            problems.push(
                Diagnostic::error(
                    &policy.file,
                    at,
                    format!(
                        "version {v} is recorded, but this text is version {}",
                        policy.version()
                    ),
                )
                .with_hint("set `version:` to the newest version, or remove the record"),
            );
        }
        if record.status == ModelStatus::Agreed {
            match &record.agreed_on {
                None => problems.push(Diagnostic::error(&policy.file, at, format!("version {v} is agreed but has no `agreed_on` date"))
                    .with_hint("add the date of the board meeting, `agreed_on: YYYY-MM-DD`, or record it with `policyforge agree`")),
                Some(date) => match dates::parse(&date.value) {
                    None => problems.push(Diagnostic::error(&policy.file, position_of(date), format!("`{}` is not a date: {}", date.value, dates::explain(&date.value)))
                        .with_hint("write the date as YYYY-MM-DD, for example 2025-03-12")),
                    Some(d) if d > today => problems.push(Diagnostic::error(&policy.file, position_of(date), format!("the board agreement date {} is in the future", date.value))
                        .with_hint("record an agreement only once the board has met")),
                    Some(_) => {}
                },
            }
            if record.minute.as_deref().is_none_or(|m| m.trim().is_empty()) {
                problems.push(
                    Diagnostic::error(
                        &policy.file,
                        at,
                        format!("version {v} is agreed but has no minute reference"),
                    )
                    .with_hint("add `minute: ` with the board minute that records the agreement"),
                );
            }
        }
    }
    if let Some(record) = policy.record_of(policy.version())
        && record.status == ModelStatus::Agreed
    {
        let actual = fingerprint::of_model(policy);
        match &record.sha256 {
                Some(recorded) if *recorded != actual => problems.push(
                    Diagnostic::error(&policy.file, position_of(&policy.meta.version), format!(
                        "the text of version {} has changed since the board agreed it",
                        policy.version()
                    ))
                    .with_hint(format!(
                        "an agreed version never changes: set `version: {}` and add a draft record for it, or undo the edit",
                        policy.version() + 1
                    )),
                ),
                None => problems.push(
                    Diagnostic::warning(&policy.file, position_of(&record.version), format!("version {} has no recorded fingerprint, so edits cannot be detected", policy.version()))
                        .with_hint(format!("run `policyforge agree --trust {} --policy {}` to record it", policy.trust.as_deref().unwrap_or("?"), policy.id())),
                ),
                _ => {}
            }
    }
}

/// A trust's leaflet model must open one of that trust's policies (or a shared one).
fn check_leaflet_target(project: &Project, policy: &ModelPolicy, problems: &mut Diagnostics) {
    let Some(trust) = policy
        .trust
        .as_deref()
        .filter(|t| !project.is_shared_folder(t))
    else {
        return;
    };
    if !policy.is_leaflet() {
        return;
    }
    let target = policy.full_policy();
    let offered: Vec<&str> = project
        .models_of(trust)
        .chain(project.shared_models())
        .filter(|p| !p.is_leaflet())
        .map(ModelPolicy::id)
        .collect();
    if offered.contains(&target)
        || project.is_unreadable(
            &Path::new("model-policies")
                .join(trust)
                .join(format!("{target}.md")),
        )
    {
        return;
    }
    let at = policy
        .meta
        .full_policy
        .as_ref()
        .map_or(position_of(&policy.meta.id), position_of);
    problems.push(
        Diagnostic::error(
            &policy.file,
            at,
            format!("the leaflet's QR code would open the `{target}` policy, but the trust `{trust}` has no such policy"),
        )
        .with_hint(match nearest(target, &offered) {
            Some(n) => format!("did you mean `full_policy: {n}`? The policies it can open: {}", offered.join(", ")),
            None => format!(
                "set `full_policy:` to one of the trust's policies: {}",
                if offered.is_empty() { "none yet".to_string() } else { offered.join(", ") }
            ),
        }),
    );
}

//! The values a leaflet draws from the school's own policies (`draws_on:` in its front matter),
//! so the leaflet and those policies never disagree: `policies.<id>.<field>` in its template.

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::load::Project;
use crate::model::{ModelPolicy, School, position_of};

use super::{field_values, marker};

/// What a leaflet draws: `policies` for its template, and the drawn fields still missing (or,
/// for a preview, each marker's help).
pub struct Drawn<T> {
    pub policies: Map<String, Value>,
    pub extra: Vec<T>,
}

/// The key a template writes: `policies.complaints_procedure` for `complaints-procedure`.
pub fn template_key(id: &str) -> String {
    id.replace('-', "_")
}

/// The model a leaflet's `draws_on` entry names, among those the leaflet's schools can adopt.
fn drawn_model<'p>(
    project: &'p Project,
    leaflet: &ModelPolicy,
    id: &str,
) -> Option<&'p ModelPolicy> {
    let trust = leaflet.trust.as_deref();
    project
        .policies
        .iter()
        .filter(|p| !p.is_leaflet() && p.id() == id)
        .find(|p| {
            p.trust.as_deref() == trust
                || p.is_local()
                || trust.is_none_or(|t| project.is_shared_folder(t))
        })
}

/// `policies` for a school's leaflet: each drawn policy's values as the school filled them, and
/// the fields still missing there (named `<id>.<field>`), which keep the leaflet unfinished too.
pub fn for_school(
    project: &Project,
    school: &School,
    leaflet: &ModelPolicy,
) -> Result<Drawn<String>, Vec<Diagnostic>> {
    let mut out = Map::new();
    let mut missing = Vec::new();
    let mut problems = Vec::new();
    for id in &leaflet.meta.draws_on {
        let policy = project
            .policy_for(school, &id.value)
            .filter(|p| !p.is_leaflet());
        let adoption = project.adoption(&school.id, &id.value);
        let (Some(policy), Some(adoption)) = (policy, adoption) else {
            problems.push(
                Diagnostic::error(
                    &leaflet.file,
                    position_of(id),
                    format!(
                        "the leaflet draws on the `{}` policy, which {} has not adopted",
                        id.value, school.name.value
                    ),
                )
                .with_hint(format!(
                    "adopt it first (`policyforge context --write --school {} --policy {}`), or remove `{}` from `draws_on:`",
                    school.id, id.value, id.value
                )),
            );
            continue;
        };
        // The policy's own problems are reported on its own file; here a wrong value is a gap.
        let (mut values, mut gaps, _) = field_values(policy, adoption);
        for field in &policy.meta.fields {
            if !values.contains_key(field.name()) {
                values.insert(field.name().to_string(), super::placeholder(field));
                gaps.push(field.name().to_string());
            }
        }
        missing.extend(gaps.into_iter().map(|g| format!("{}.{g}", id.value)));
        out.insert(template_key(&id.value), Value::Object(values));
    }
    if problems.is_empty() {
        Ok(Drawn {
            policies: out,
            extra: missing,
        })
    } else {
        Err(problems)
    }
}

/// `policies` for a model preview: every drawn field as a marker, with its help.
pub fn for_preview(
    project: &Project,
    leaflet: &ModelPolicy,
) -> Result<Drawn<(String, String)>, Diagnostic> {
    let mut out = Map::new();
    let mut help = Vec::new();
    for id in &leaflet.meta.draws_on {
        let Some(policy) = drawn_model(project, leaflet, &id.value) else {
            return Err(Diagnostic::error(
                &leaflet.file,
                position_of(id),
                format!(
                    "`draws_on` names `{}`, but there is no such policy",
                    id.value
                ),
            )
            .with_hint("name the id of a policy of the same trust, such as `complaints`"));
        };
        let mut fields = Map::new();
        for field in &policy.meta.fields {
            let name = format!("policies.{}.{}", template_key(&id.value), field.name());
            fields.insert(
                field.name().to_string(),
                super::marker_value(field, marker(&name)),
            );
            help.push((
                name,
                format!("From the school's {}: {}", policy.meta.title, field.help),
            ));
        }
        out.insert(template_key(&id.value), Value::Object(fields));
    }
    Ok(Drawn {
        policies: out,
        extra: help,
    })
}

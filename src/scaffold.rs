//! Files policyforge writes for people to fill in: a new repository (`init`) and a school's
//! ready-to-fill contextual fields (`context`).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::FieldType;

fn yaml_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A YAML adoption file with every field's help and example as comments.
pub fn context_skeleton(
    project: &Project,
    school_id: &str,
    policy_id: &str,
) -> Result<String, Diagnostic> {
    let school = project
        .school(school_id)
        .ok_or_else(|| crate::cli::unknown_school(project, school_id))?;
    let policy = project.policy_for(school, policy_id).ok_or_else(|| {
        let ids: Vec<&str> = project
            .policies
            .iter()
            .filter(|p| p.trust.as_deref() == school.trust_id() && p.trust.is_some())
            .map(|p| p.id())
            .collect();
        Diagnostic::error(
            school.file(),
            Position::new(1, 1),
            format!("there is no policy `{policy_id}` for {}", school.name.value),
        )
        .with_hint(match nearest(policy_id, &ids) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("its trust's model policies: {}", ids.join(", ")),
        })
    })?;
    let existing = project.adoption(school_id, policy_id);
    let mut out = String::new();
    out.push_str(&format!(
        "# schools/{school_id}/policies/{policy_id}.yaml\n"
    ));
    out.push_str(&format!(
        "# {} for {}.\n",
        policy.meta.title, school.name.value
    ));
    out.push_str("# Fill in each value after its colon, then run `policyforge check`.\n");
    out.push_str("# Text with a colon, # or quotes in it goes inside double quotes.\n");
    if !policy.is_local() {
        out.push_str(&format!(
            "model_version: {}\n",
            policy.latest_agreed().unwrap_or(policy.version())
        ));
    }
    if policy.meta.fields.is_empty() {
        out.push_str("values: {}\n");
    } else {
        out.push_str("values:\n");
    }
    for field in &policy.meta.fields {
        let need = if field.required {
            "required".to_string()
        } else if let Some(d) = &field.default {
            format!("optional, default {}", yaml_scalar(d))
        } else {
            "optional".to_string()
        };
        out.push_str(&format!(
            "  # {} — {} ({need})\n",
            field.name(),
            field.kind.describe()
        ));
        for line in textwrap::wrap(&field.help, 90) {
            out.push_str(&format!("  # {line}\n"));
        }
        if field.kind == FieldType::Choice {
            out.push_str(&format!("  # Choices: {}\n", field.choices.join(" | ")));
        }
        if let Some(example) = &field.example {
            out.push_str(&format!("  # Example: {}\n", yaml_scalar(example)));
        }
        let current = existing
            .and_then(|a| a.values.get(field.name()))
            .map(|v| &v.value);
        let value = match (current, field.kind) {
            (Some(v), _) => yaml_scalar(v),
            (None, FieldType::List) => "[]".to_string(),
            (None, FieldType::YesNo) => field
                .default
                .as_ref()
                .map_or("false".to_string(), yaml_scalar),
            (None, _) => "\"\"".to_string(),
        };
        out.push_str(&format!("  {}: {value}\n", field.name()));
    }
    Ok(out)
}

const INIT_BOOK: &str = r#"[book]
title = "Our trust's policies"
language = "en-GB"

[build]
output = "site"
# base-url = "https://policies.example.org.uk/"

[review]
due-soon-days = 60
"#;

const INIT_TRUST: &str = r#"id: example-trust
name: Example Academy Trust
short_name: EAT
company_number: "01234567"
board: Board of Trustees
local_body: Local Governing Body
local_body_short: LGB
ethos:
  heading: Our vision
  text: Every child in our schools is known, valued and helped to flourish.
theme: default
"#;

const INIT_POLICY: &str = r#"---
id: social-media
title: Social Media Policy
version: 1
review_cycle_months: 24
audience: [staff, governors, volunteers]
summary: How staff, governors and volunteers use social media.
fields:
  - name: social_media_lead
    type: text
    required: true
    help: The job title of the person who runs the school's official accounts.
    example: Deputy Headteacher
versions:
  - version: 1
    status: agreed
    agreed_on: 2025-01-15
    minute: TB/25/001
    changes: First model policy.
---
## 1. Purpose

This policy explains how everyone who works at {{ school.name }} uses social media.

## 2. Official accounts

The {{ fields.social_media_lead }} runs the school's official accounts on behalf of the {{ school.head_title }}.
"#;

const INIT_SCHOOL: &str = r#"name: Example Primary School
trust: example-trust
phase: primary
urn: "100000"
website: https://www.example.org.uk/
head_title: Headteacher
contacts:
  office_email: office@example.org.uk
  office_phone: 01632 960000
  dsl: Designated Safeguarding Lead
social_media: []
"#;

const INIT_ADOPTION: &str = r#"model_version: 1
values:
  social_media_lead: Deputy Headteacher
"#;

/// Creates a new repository that builds at once; refuses to overwrite anything.
pub fn init(root: &Path) -> Result<(), Diagnostic> {
    let files: [(&str, &str); 10] = [
        ("book.toml", INIT_BOOK),
        ("model-policies/example-trust/trust.yaml", INIT_TRUST),
        ("model-policies/example-trust/social-media.md", INIT_POLICY),
        ("schools/example-primary/school.yaml", INIT_SCHOOL),
        (
            "schools/example-primary/policies/social-media.yaml",
            INIT_ADOPTION,
        ),
        (
            "themes/default/theme.yaml",
            include_str!("../themes/default/theme.yaml"),
        ),
        (
            "themes/default/style.css",
            include_str!("../themes/default/style.css"),
        ),
        (
            "themes/default/templates/base.html",
            include_str!("../themes/default/templates/base.html"),
        ),
        (
            "themes/default/templates/policy.html",
            include_str!("../themes/default/templates/policy.html"),
        ),
        (
            "themes/default/templates/school.html",
            include_str!("../themes/default/templates/school.html"),
        ),
    ];
    let more: [(&str, &str); 6] = [
        (
            "themes/default/templates/index.html",
            include_str!("../themes/default/templates/index.html"),
        ),
        (
            "themes/default/templates/trust.html",
            include_str!("../themes/default/templates/trust.html"),
        ),
        (
            "themes/default/templates/preview.html",
            include_str!("../themes/default/templates/preview.html"),
        ),
        (
            "themes/default/templates/changes.html",
            include_str!("../themes/default/templates/changes.html"),
        ),
        (
            "themes/default/templates/dashboard.html",
            include_str!("../themes/default/templates/dashboard.html"),
        ),
        (
            "themes/default/templates/leaflet.html",
            include_str!("../themes/default/templates/leaflet.html"),
        ),
    ];
    for (rel, _) in files.iter().chain(more.iter()) {
        if root.join(rel).exists() {
            return Err(Diagnostic::error(
                *rel,
                Position::default(),
                "this file already exists, so nothing was created",
            )
            .with_hint("run `policyforge init` in a new, empty folder"));
        }
    }
    for (rel, text) in files.iter().chain(more.iter()) {
        crate::publish::write_atomic(&root.join(rel), text.as_bytes()).map_err(|e| {
            Diagnostic::error(
                *rel,
                Position::default(),
                format!("cannot write this file: {e}"),
            )
            .with_hint("check the folder is writable")
        })?;
    }
    // Record the example model's fingerprint, as `policyforge agree` would after a board meeting.
    let request = crate::workflow::commands::AgreeRequest {
        trust: "example-trust".to_string(),
        policy: "social-media".to_string(),
        date: None,
        minute: None,
        changes: None,
    };
    crate::workflow::commands::agree(root, &request).map_err(|problems| {
        problems.into_iter().next().unwrap_or_else(|| {
            Diagnostic::error(
                "model-policies",
                Position::default(),
                "cannot record the example model's agreement",
            )
        })
    })?;
    Ok(())
}

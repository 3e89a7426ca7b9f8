//! Files policyforge writes for people to fill in: a new repository (`init`) and a school's
//! ready-to-fill contextual fields (`context`).

use std::path::{Path, PathBuf};

use crate::analysis::Terms;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{Adoption, ContextField, FieldType, ModelPolicy, School};

fn yaml_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// `name: value` lines at `indent`, lists in block style (one item per line starting `- `),
/// as the field help tells clerks to write them.
fn value_lines(indent: &str, name: &str, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) if items.is_empty() => {
            format!("{indent}{name}:\n{indent}  # - one item per line, like this\n")
        }
        serde_json::Value::Array(items) => {
            let mut out = format!("{indent}{name}:\n");
            for item in items {
                out.push_str(&format!("{indent}  - {}\n", yaml_scalar(item)));
            }
            out
        }
        other => format!("{indent}{name}: {}\n", yaml_scalar(other)),
    }
}

fn find_policy<'p>(
    project: &'p Project,
    school_id: &str,
    policy_id: &str,
) -> Result<(&'p School, &'p ModelPolicy), Diagnostic> {
    let school = project.find_school(school_id)?;
    let policy = project.policy_for(school, policy_id).ok_or_else(|| {
        let ids: Vec<&str> = project
            .models_for(school)
            .into_iter()
            .map(ModelPolicy::id)
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
    if policy.is_trust_wide() {
        let board = project
            .trust_of(school)
            .map_or("board".to_string(), |t| t.board.clone());
        return Err(Diagnostic::error(
            &policy.file,
            Position::new(1, 1),
            format!(
                "{} is trust-wide: there is nothing for {} to fill in",
                policy.meta.title, school.name.value
            ),
        )
        .with_hint(format!(
            "the {board} agrees one text for every school (`policyforge agree`), and the build publishes it in each school's folder"
        )));
    }
    Ok((school, policy))
}

/// One field's commented entry; `current` is the school's value, if it has one.
fn field_entry(field: &ContextField, current: Option<&serde_json::Value>, indent: &str) -> String {
    let mut out = String::new();
    let need = if field.required {
        "required".to_string()
    } else if let Some(d) = &field.default {
        format!("optional, default {}", yaml_scalar(d))
    } else {
        "optional".to_string()
    };
    out.push_str(&format!(
        "{indent}# {} — {} ({need})\n",
        field.name(),
        field.kind.describe()
    ));
    for line in textwrap::wrap(&field.help, 90) {
        out.push_str(&format!("{indent}# {line}\n"));
    }
    if field.kind == FieldType::Choice {
        out.push_str(&format!(
            "{indent}# Choices: {}\n",
            field.choices.join(" | ")
        ));
    }
    match &field.example {
        Some(serde_json::Value::Array(items)) => {
            out.push_str(&format!("{indent}# Example:\n"));
            for item in items {
                out.push_str(&format!("{indent}#   - {}\n", yaml_scalar(item)));
            }
        }
        Some(example) => out.push_str(&format!("{indent}# Example: {}\n", yaml_scalar(example))),
        None => {}
    }
    let value = match (current, field.kind) {
        (Some(v), _) => v.clone(),
        (None, FieldType::List) => serde_json::Value::Array(Vec::new()),
        (None, FieldType::YesNo) => field
            .default
            .clone()
            .unwrap_or(serde_json::Value::Bool(false)),
        (None, _) => serde_json::Value::String(String::new()),
    };
    out.push_str(&value_lines(indent, field.name(), &value));
    out
}

/// The adoption file of a school's policy, relative to the root.
pub fn adoption_path(school_id: &str, policy_id: &str) -> PathBuf {
    PathBuf::from("schools")
        .join(school_id)
        .join("policies")
        .join(format!("{policy_id}.yaml"))
}

/// A new adoption file with every field's help and example as comments.
pub fn context_skeleton(
    project: &Project,
    school_id: &str,
    policy_id: &str,
) -> Result<String, Diagnostic> {
    let (school, policy) = find_policy(project, school_id, policy_id)?;
    let existing = project.adoption(school_id, policy_id);
    let mut out = String::new();
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
    out.push_str(&values_block(policy, existing));
    Ok(out)
}

/// The `values:` block: every contextual field with its help, example and current value.
fn values_block(policy: &ModelPolicy, existing: Option<&Adoption>) -> String {
    if policy.meta.fields.is_empty() {
        return "values: {}\n".to_string();
    }
    let mut out = String::from("values:\n");
    for field in &policy.meta.fields {
        let current = existing
            .and_then(|a| a.values.get(field.name()))
            .map(|v| &v.value);
        out.push_str(&field_entry(field, current, "  "));
    }
    out
}

/// What `context` prints: only the `values:` block, under a header that says where it goes,
/// so nothing printed can replace an adoption file and lose its records.
pub fn context_to_paste(
    project: &Project,
    school_id: &str,
    policy_id: &str,
) -> Result<String, Diagnostic> {
    let (school, policy) = find_policy(project, school_id, policy_id)?;
    let file = adoption_path(school_id, policy_id);
    let existing = project.adoption(school_id, policy_id);
    let mut out = String::new();
    out.push_str(&format!(
        "# The contextual fields of {} for {}.\n",
        policy.meta.title, school.name.value
    ));
    out.push_str(&format!(
        "# To add them to {} for you, keeping its values, records and comments, run:\n#   policyforge context --write --school {school_id} --policy {policy_id}\n",
        file.display()
    ));
    let terms = Terms::for_trust(project.trust_of(school));
    out.push_str(&format!(
        "# Or paste the lines below in place of its `values:` block. Never replace the whole file:\n# it holds the approval records of the {}.\n",
        terms.local_body_short
    ));
    out.push_str(&values_block(policy, existing));
    Ok(out)
}

/// `context --write`: creates the adoption file, or adds the fields it lacks to the existing one
/// without touching a line the clerk wrote or a record policyforge wrote.
pub fn write_context(
    project: &Project,
    school_id: &str,
    policy_id: &str,
) -> Result<String, Diagnostic> {
    let (_, policy) = find_policy(project, school_id, policy_id)?;
    let rel = project
        .adoption(school_id, policy_id)
        .map_or_else(|| adoption_path(school_id, policy_id), |a| a.file.clone());
    let path = project.root.join(&rel);
    if !path.exists() {
        let text = context_skeleton(project, school_id, policy_id)?;
        write_file(&path, &rel, &text)?;
        return Ok(format!(
            "Wrote {} with {} field{} to fill in. Fill in each value, then run `policyforge check`.",
            rel.display(),
            policy.meta.fields.len(),
            if policy.meta.fields.len() == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    let text = crate::load::yaml::read_text(&project.root, &rel)?;
    let Some(existing) = project.adoption(school_id, policy_id) else {
        return Err(Diagnostic::error(
            &rel,
            Position::new(1, 1),
            "this file cannot be read, so no field was added",
        )
        .with_hint(
            "run `policyforge check`, fix what it shows in this file, then run the command again",
        ));
    };
    let missing: Vec<&ContextField> = policy
        .meta
        .fields
        .iter()
        .filter(|f| !existing.values.contains_key(f.name()))
        .collect();
    let needs_version = !policy.is_local() && existing.model_version.is_none();
    if missing.is_empty() && !needs_version {
        return Ok(format!(
            "{} already has every field of {}; nothing was changed.",
            rel.display(),
            policy.meta.title
        ));
    }
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let values_at = lines.iter().position(|l| {
        l.strip_prefix("values")
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    let mut addition = String::new();
    match values_at {
        Some(i) => {
            let rest = lines[i].split_once(':').map_or("", |(_, r)| r).trim();
            let rest = rest.split(" #").next().unwrap_or("").trim();
            if !(rest.is_empty() || rest == "{}") {
                return Err(Diagnostic::error(&rel, Position::new(i + 1, 1), "the values are written on one line, so fields cannot be added below them")
                    .with_hint("write each value on its own line under `values:`, indented by two spaces, then run the command again"));
            }
            lines[i] = "values:".to_string();
            let mut end = i + 1;
            let mut indent = "  ".to_string();
            let mut found_indent = false;
            for (j, line) in lines.iter().enumerate().skip(i + 1) {
                if line.trim().is_empty() {
                    continue;
                }
                if line.starts_with([' ', '\t']) || line.starts_with('-') {
                    if !found_indent && !line.trim_start().starts_with('#') {
                        indent = line[..line.len() - line.trim_start().len()].to_string();
                        found_indent = true;
                    }
                    end = j + 1;
                } else {
                    break;
                }
            }
            for field in &missing {
                addition.push_str(&field_entry(field, None, &indent));
            }
            let new_lines: Vec<String> = addition.lines().map(str::to_string).collect();
            lines.splice(end..end, new_lines);
        }
        None => {
            addition.push_str("values:\n");
            for field in &missing {
                addition.push_str(&field_entry(field, None, "  "));
            }
            let at = lines
                .iter()
                .position(|l| {
                    l.starts_with("events")
                        || l.starts_with("approvals")
                        || l.starts_with("# Records below")
                })
                .unwrap_or(lines.len());
            lines.splice(at..at, addition.lines().map(str::to_string));
        }
    }
    if needs_version {
        let at = lines.iter().position(|l| !l.starts_with('#')).unwrap_or(0);
        lines.insert(
            at,
            format!(
                "model_version: {}",
                policy.latest_agreed().unwrap_or(policy.version())
            ),
        );
    }
    let mut updated = lines.join("\n");
    updated.push('\n');
    // Never write a file that reads differently from the old one in anything but the new fields.
    let reread: Result<Adoption, _> = crate::load::yaml::parse(&updated, &rel, 0, "");
    let safe = reread.is_ok_and(|new| {
        new.approvals.len() == existing.approvals.len()
            && new.events.len() == existing.events.len()
            && existing
                .values
                .iter()
                .all(|(k, v)| new.values.get(k).is_some_and(|n| n.value == v.value))
            && missing.iter().all(|f| new.values.contains_key(f.name()))
    });
    if !safe {
        return Err(Diagnostic::error(&rel, Position::new(1, 1), "the new fields cannot be added to this file safely, so it was left unchanged")
            .with_hint("run `policyforge context` without --write and paste the fields it prints under `values:` by hand"));
    }
    write_file(&path, &rel, &updated)?;
    let names: Vec<&str> = missing.iter().map(|f| f.name()).collect();
    Ok(format!(
        "Added {} to {}, keeping its values, records and comments. Fill in the new values, then run `policyforge check`.",
        if names.is_empty() {
            "the model version".to_string()
        } else {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        rel.display()
    ))
}

fn write_file(path: &Path, rel: &Path, text: &str) -> Result<(), Diagnostic> {
    crate::durable::write_atomic(path, text.as_bytes()).map_err(|e| {
        Diagnostic::error(
            rel,
            Position::default(),
            format!("cannot write this file: {e}"),
        )
        .with_hint("check the folder is writable")
    })
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

/// Approved texts are fingerprinted: git must keep their bytes (no line-end conversion).
const INIT_GITATTRIBUTES: &str = "# Written by `policyforge init`. Approved texts are fingerprinted, so git keeps their bytes\n# exactly as written, on every platform.\nschools/*/snapshots/** -text\n*.yaml text eol=lf\n*.md text eol=lf\n";

/// What policyforge builds, or holds only while it runs.
const INIT_GITIGNORE: &str = "# Written by `policyforge init`: the built site, the build cache, and files policyforge holds only while it runs.\n/site/\n/.policyforge-cache/\n/.site.new/\n/.site.old/\n/.policyforge.lock\n/.policyforge-journal\n.*.policyforge-tmp\n";

/// `rel` with the lines of `text` it lacks added (a repository may already have the file), or
/// `None` when it has them all.
fn with_lines(root: &Path, rel: &str, text: &str) -> Option<String> {
    let existing = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let mut updated = existing.clone();
    if !updated.is_empty() && !updated.ends_with('\n') {
        updated.push('\n');
    }
    for line in text.lines() {
        if line.starts_with('#') && !existing.is_empty() || have.contains(&line.trim()) {
            continue;
        }
        updated.push_str(line);
        updated.push('\n');
    }
    (updated != existing).then_some(updated)
}

/// The example model with its agreed version's fingerprint recorded, as `policyforge agree`
/// would after a board meeting.
fn fingerprinted_example() -> Result<String, Diagnostic> {
    let rel = Path::new("model-policies/example-trust/social-media.md");
    let mut problems = crate::diagnostic::Diagnostics::default();
    let policy = crate::load::read_policy(
        INIT_POLICY,
        rel,
        Some("example-trust".to_string()),
        &mut problems,
    )
    .ok_or_else(|| {
        Diagnostic::error(rel, Position::default(), "the example model cannot be read")
    })?;
    let print = crate::workflow::fingerprint::of_model(&policy);
    Ok(INIT_POLICY.replacen(
        "    changes: First model policy.\n",
        &format!("    changes: First model policy.\n    sha256: {print}\n"),
        1,
    ))
}

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
    let more: [(&str, &str); 7] = [
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
        (
            "themes/default/templates/schedule.html",
            include_str!("../themes/default/templates/schedule.html"),
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
    // One transaction: a crash leaves the folder as it was or the whole repository.
    let example = fingerprinted_example()?;
    let mut change = crate::durable::Transaction::new(root);
    for (rel, text) in files.iter().chain(more.iter()) {
        let text = if *rel == "model-policies/example-trust/social-media.md" {
            example.as_str()
        } else {
            text
        };
        change.write(*rel, text.as_bytes());
    }
    for (rel, lines) in [
        (".gitattributes", INIT_GITATTRIBUTES),
        (".gitignore", INIT_GITIGNORE),
    ] {
        if let Some(text) = with_lines(root, rel, lines) {
            change.write(rel, text.into_bytes());
        }
    }
    change.commit().map_err(|(rel, e)| {
        Diagnostic::error(
            rel,
            Position::default(),
            format!("cannot write this file: {e}"),
        )
        .with_hint("check the folder is writable; nothing was created")
    })?;
    Ok(())
}

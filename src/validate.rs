//! Cross-file checks: every problem at once, each with file:line:col and a fix hint.
//!
//! Validation also merges every adoption and verifies every snapshot, so the build reuses them.
//!
//! Why over 700 lines: it holds the checks and what issue 10 calls the analysis stage (merged
//! adoptions, verified snapshots); issue 10 splits it into `validate/` checks and `analysis/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::assemble::{self, Merged};
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{Adoption, Ethos, ModelPolicy, ModelStatus, School, position_of};
use crate::values;
use crate::workflow::{self, AdoptionState, fingerprint, snapshot::Snapshot};

/// One school's adoption of one policy, checked.
#[derive(Debug)]
pub struct CheckedAdoption<'p> {
    pub school: &'p School,
    pub policy: &'p ModelPolicy,
    pub adoption: &'p Adoption,
    pub draft: Option<Merged>,
    /// Every approved version's frozen text, oldest first.
    pub snapshots: Vec<Snapshot>,
    pub state: AdoptionState,
}

/// The project after validation: what the build may publish.
#[derive(Debug)]
pub struct Checked<'p> {
    pub project: &'p Project,
    pub adoptions: Vec<CheckedAdoption<'p>>,
    /// Model policy previews (Markdown with contextual-area markers), by index into `project.policies`.
    pub previews: BTreeMap<usize, String>,
    /// The schools' and trusts' logos, read and checked once for every output.
    pub logos: crate::logo::Logos,
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn id_hint(text: &str) -> String {
    let suggestion: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "ids use lower-case letters, digits and hyphens only, for example `{}`",
        suggestion.trim_matches('-')
    )
}

pub fn validate(project: &Project, today: Date) -> (Checked<'_>, Diagnostics) {
    let mut problems = Diagnostics::default();
    check_trusts(project, &mut problems);
    let previews = check_policies(project, today, &mut problems);
    check_schools(project, &mut problems);
    let logos = check_logos(project, &mut problems);
    let adoptions = check_adoptions(project, today, &mut problems);
    workflow::integrity::check_lost_adoptions(project, &mut problems);
    (
        Checked {
            project,
            adoptions,
            previews,
            logos,
        },
        problems,
    )
}

fn check_trusts(project: &Project, problems: &mut Diagnostics) {
    for trust in &project.trusts {
        let file = trust.dir.join("trust.yaml");
        if !is_id(trust.id()) {
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(&trust.id),
                    format!("`{}` is not a valid id", trust.id()),
                )
                .with_hint(id_hint(trust.id())),
            );
        }
        if let Some(ethos) = &trust.ethos {
            check_ethos(ethos, &file, problems);
        }
        if let Some(theme) = &trust.theme
            && project.theme(&theme.value).is_none()
        {
            let names: Vec<&str> = project.themes.iter().map(|t| t.name.as_str()).collect();
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(theme),
                    format!("there is no theme `{}`", theme.value),
                )
                .with_hint(match nearest(&theme.value, &names) {
                    Some(n) => format!("did you mean `{n}`? Themes: {}", names.join(", ")),
                    None => {
                        format!("use one of the folders under themes/: {}", names.join(", "))
                    }
                }),
            );
        }
    }
}

/// A trust's ethos: both texts written, and the site-wide text fit for pages with no policy.
fn check_ethos(ethos: &Ethos, file: &Path, problems: &mut Diagnostics) {
    for (key, value) in [("heading", &ethos.heading), ("text", &ethos.text)] {
        if value.value.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    file,
                    position_of(value),
                    format!("the ethos `{key}` is empty"),
                )
                .with_hint(format!(
                    "write the ethos `{key}:`, or delete the whole `ethos:` block to show none"
                )),
            );
        }
    }
    if let Some(policy_text) = &ethos.policy_text
        && policy_text.value.trim().is_empty()
    {
        problems.push(
            Diagnostic::error(
                file,
                position_of(policy_text),
                "the ethos `policy_text` is empty",
            )
            .with_hint(
                "write the sentence a policy adds to the ethos, or delete the `policy_text:` line",
            ),
        );
    }
    let lower = ethos.text.value.to_lowercase();
    if let Some(words) = ["this policy", "these policies", "this document"]
        .iter()
        .find(|w| lower.contains(*w))
    {
        problems.push(
            Diagnostic::warning(
                file,
                position_of(&ethos.text),
                format!("the ethos `text` speaks of \"{words}\", but it is also shown on pages that hold no policy (the index, trust, dashboard and school pages)"),
            )
            .with_hint("keep `text:` general and move that sentence to `policy_text:` under `ethos:`; a policy's page and PDF show it after the text"),
        );
    }
}

fn check_policies(
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

fn check_url_value(
    file: &Path,
    value: &serde_saphyr::Spanned<String>,
    what: &str,
    problems: &mut Diagnostics,
) {
    if let Err(message) = values::check_url(&value.value) {
        problems.push(
            Diagnostic::error(file, position_of(value), message).with_hint(format!(
                "write the {what} in full, for example https://www.example-school.org.uk/"
            )),
        );
    }
}

fn check_schools(project: &Project, problems: &mut Diagnostics) {
    let mut urns: BTreeMap<String, String> = BTreeMap::new();
    let trust_ids: Vec<&str> = project.trusts.iter().map(|t| t.id()).collect();
    for school in &project.schools {
        let file = school.file();
        if !is_id(&school.id) {
            problems.push(
                Diagnostic::error(
                    &file,
                    Position::new(1, 1),
                    format!("the school folder `{}` is not a valid id", school.id),
                )
                .with_hint(id_hint(&school.id)),
            );
        }
        if school.name.value.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(&school.name),
                    "the school's name is empty",
                )
                .with_hint("write the school's full name, as on its website"),
            );
        }
        if school.trust.is_none() {
            problems.push(
                Diagnostic::error(&file, Position::new(1, 1), "school.yaml does not say which trust the school belongs to")
                    .with_hint(format!(
                        "add a line `trust: <id>` with its trust's folder under model-policies/ ({}), or `trust: {}` for a school outside any trust",
                        if trust_ids.is_empty() { "none yet".to_string() } else { trust_ids.join(", ") },
                        crate::model::NO_TRUST
                    )),
            );
        }
        if let Some(trust) = &school.trust
            && trust.value != crate::model::NO_TRUST
            && project.trust(&trust.value).is_none()
            && !project.is_unreadable(
                &Path::new("model-policies")
                    .join(&trust.value)
                    .join("trust.yaml"),
            )
        {
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(trust),
                    format!("there is no trust `{}`", trust.value),
                )
                .with_hint(match nearest(&trust.value, &trust_ids) {
                    Some(n) => format!("did you mean `{n}`? Trusts: {}", trust_ids.join(", ")),
                    None => format!(
                        "use the id of a folder under model-policies/: {}",
                        trust_ids.join(", ")
                    ),
                }),
            );
        }
        let urn = &school.urn.value;
        if urn.len() != 6 || !urn.chars().all(|c| c.is_ascii_digit()) {
            problems.push(Diagnostic::error(&file, position_of(&school.urn), format!("`{urn}` is not a URN: a DfE unique reference number is 6 digits"))
                .with_hint("copy the URN from Get Information about Schools, in quotes, for example `urn: \"123456\"`"));
        } else if let Some(other) = urns.get(urn) {
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(&school.urn),
                    format!("the URN {urn} is also used by `{other}`"),
                )
                .with_hint("each school has its own URN"),
            );
        } else {
            urns.insert(urn.clone(), school.id.clone());
        }
        const PHASES: [&str; 8] = [
            "nursery",
            "primary",
            "middle",
            "secondary",
            "all-through",
            "special",
            "alternative",
            "sixth-form",
        ];
        if !PHASES.contains(&school.phase.value.as_str()) {
            problems.push(
                Diagnostic::error(
                    &file,
                    position_of(&school.phase),
                    format!("`{}` is not a phase", school.phase.value),
                )
                .with_hint(match nearest(&school.phase.value, &PHASES) {
                    Some(n) => format!("did you mean `{n}`? Phases: {}", PHASES.join(", ")),
                    None => format!("use one of: {}", PHASES.join(", ")),
                }),
            );
        }
        if school.head_title.value.trim().is_empty() {
            problems.push(Diagnostic::error(&file, position_of(&school.head_title), "head_title is empty")
                .with_hint("write what the school calls its head: Headteacher, Principal or Head of School"));
        }
        if let Some(website) = &school.website {
            check_url_value(&file, website, "website address", problems);
        }
        if let Some(email) = &school.contacts.office_email
            && let Err(message) = values::check_email(&email.value)
        {
            problems.push(
                Diagnostic::error(&file, position_of(email), message).with_hint(
                    "write the office's email address, such as `office@example-school.org.uk`",
                ),
            );
        }
        for account in &school.social_media {
            check_url_value(&file, &account.url, "account's address", problems);
        }
    }
}

/// The logo a folder's yaml names, or else a `logo.svg` or `logo.png` beside it: the value and
/// where to point a message (the yaml line, or the file itself).
fn logo_source(
    root: &Path,
    folder: &Path,
    named: Option<&serde_saphyr::Spanned<String>>,
    yaml: PathBuf,
) -> Option<(String, PathBuf, Position)> {
    match named {
        Some(logo) => Some((logo.value.clone(), yaml, position_of(logo))),
        None => ["logo.svg", "logo.png"]
            .into_iter()
            .find(|f| root.join(folder).join(f).is_file())
            .map(|f| (f.to_string(), folder.join(f), Position::new(1, 1))),
    }
}

/// Reads every logo of a trust or school (named in its yaml, or `logo.svg`/`logo.png` in its
/// folder) and checks format, size and dimensions.
fn check_logos(project: &Project, problems: &mut Diagnostics) -> crate::logo::Logos {
    let mut logos = crate::logo::Logos::default();
    for trust in &project.trusts {
        let yaml = trust.dir.join("trust.yaml");
        if let Some((value, file, at)) =
            logo_source(&project.root, &trust.dir, trust.logo.as_ref(), yaml)
        {
            match crate::logo::read(
                &project.root,
                &trust.dir,
                &value,
                &file,
                at,
                "trust",
                &trust.name,
            ) {
                Ok(l) => {
                    logos
                        .trusts
                        .insert(trust.id().to_string(), std::sync::Arc::new(l));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    for school in &project.schools {
        if let Some((value, file, at)) = logo_source(
            &project.root,
            &school.dir,
            school.logo.as_ref(),
            school.file(),
        ) {
            match crate::logo::read(
                &project.root,
                &school.dir,
                &value,
                &file,
                at,
                "school",
                &school.name.value,
            ) {
                Ok(l) => {
                    logos
                        .schools
                        .insert(school.id.clone(), std::sync::Arc::new(l));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    logos
}

fn check_adoptions<'p>(
    project: &'p Project,
    today: Date,
    problems: &mut Diagnostics,
) -> Vec<CheckedAdoption<'p>> {
    let mut out = Vec::new();
    for adoption in &project.adoptions {
        let Some(school) = project.school(&adoption.school) else {
            if project.is_unreadable(
                &Path::new("schools")
                    .join(&adoption.school)
                    .join("school.yaml"),
            ) {
                // Its school.yaml has an error of its own, already reported.
                continue;
            }
            problems.push(
                Diagnostic::error(
                    &adoption.file,
                    Position::new(1, 1),
                    format!("the school folder `{}` has no school.yaml", adoption.school),
                )
                .with_hint("add schools/<school>/school.yaml with the school's details"),
            );
            continue;
        };
        if school
            .trust_id()
            .is_some_and(|t| project.trust(t).is_none())
        {
            // Already reported on school.yaml; every policy of the school would repeat it.
            continue;
        }
        let Some(policy) = project.policy_for(school, &adoption.policy) else {
            if project.policy_unreadable(school, &adoption.policy) {
                // The policy's file has an error of its own, already reported.
                continue;
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
            continue;
        };
        check_model_claim(policy, adoption, problems);
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
                            Diagnostic::warning(&adoption.file, values_line(project, adoption), format!("`{name}` is not filled in yet, so the policy cannot be approved"))
                                .with_hint(format!("add it under `values:`. {}{example}", field.help)),
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
            match workflow::snapshot::read_verified(&project.root, adoption, approval) {
                Ok(s) => snapshots.push(s),
                Err(d) => problems.push(d),
            }
        }
        snapshots.sort_by_key(|s| s.meta.version);
        for snap in &snapshots {
            crate::links::warn_in_snapshot(project, adoption, snap, problems);
        }
        workflow::integrity::check_records(project, adoption, problems);
        let state = workflow::state_of(
            project,
            policy,
            adoption,
            draft.as_ref(),
            snapshots.last(),
            today,
        );
        if state.changed_since_approval && state.stage != workflow::Stage::Populating {
            problems.push(
                Diagnostic::warning(&adoption.file, Position::new(1, 1), format!(
                    "{} has changed since the LGB approved version {}; the site keeps publishing the approved text",
                    policy.meta.title,
                    state.approved_version.unwrap_or(0)
                ))
                .with_hint(format!(
                    "see the changes with `policyforge diff --school {} --policy {}`, then approve the new text with `policyforge approve`",
                    school.id, policy.id()
                )),
            );
        }
        out.push(CheckedAdoption {
            school,
            policy,
            adoption,
            draft,
            snapshots,
            state,
        });
    }
    check_leaflets(project, &out, problems);
    out
}

/// A school has one parent leaflet, and its QR code must open a policy the school publishes.
fn check_leaflets(
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

fn check_model_claim(policy: &ModelPolicy, adoption: &Adoption, problems: &mut Diagnostics) {
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
            Diagnostic::error(&adoption.file, position_of(claimed), format!("model version {} is still a draft: the trust board has not agreed it", claimed.value))
                .with_hint("schools adopt only board-agreed versions; use the newest agreed version until the board meets"),
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

fn check_events(adoption: &Adoption, today: Date, problems: &mut Diagnostics) {
    for event in &adoption.events {
        match dates::parse(&event.date.value) {
            None => problems.push(
                Diagnostic::error(
                    &adoption.file,
                    position_of(&event.date),
                    format!(
                        "`{}` is not a date: {}",
                        event.date.value,
                        dates::explain(&event.date.value)
                    ),
                )
                .with_hint("write the date as YYYY-MM-DD, for example 2025-09-01"),
            ),
            Some(d) if d > today => problems.push(
                Diagnostic::error(
                    &adoption.file,
                    position_of(&event.date),
                    format!("the date {} is in the future", event.date.value),
                )
                .with_hint("record an event on or after the day it happens"),
            ),
            Some(_) => {}
        }
    }
}

/// Where a missing value belongs: the `values:` line of the adoption file (else its first line).
pub fn values_line(project: &Project, adoption: &Adoption) -> Position {
    std::fs::read_to_string(project.root.join(&adoption.file))
        .ok()
        .and_then(|text| text.lines().position(|l| l.starts_with("values:")))
        .map_or(Position::new(1, 1), |i| Position::new(i + 1, 1))
}

//! Schools: their ids, URNs, phases, contact details, and the logos of schools and trusts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::position_of;
use crate::values;

use super::{id_hint, is_id};

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

pub(super) fn check_schools(project: &Project, problems: &mut Diagnostics) {
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
pub(super) fn check_logos(project: &Project, problems: &mut Diagnostics) -> crate::logo::Logos {
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

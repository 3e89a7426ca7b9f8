//! Trusts: their ids, their ethos and the theme they name.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Project, yaml::nearest};
use crate::model::{Ethos, position_of};

use super::{id_hint, is_id};

pub(super) fn check_trusts(project: &Project, problems: &mut Diagnostics) {
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

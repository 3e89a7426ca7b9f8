//! Cross-file checks: every problem at once, each with file:line:col and a fix hint.
//!
//! Each check owns one part of the repository (trusts, policies, schools and logos, adoptions,
//! leaflets, events). Checking an adoption also merges it and verifies its snapshots, so the
//! [`Checked`] project it hands on is what the analysis stage (`crate::analysis`) reads.

mod adoptions;
mod events;
mod leaflets;
mod policies;
mod schools;
mod tiers;
mod trusts;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostics, Position};
use crate::load::Project;
use crate::model::Adoption;
use crate::workflow;

pub use crate::analysis::{Checked, CheckedAdoption};

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
    trusts::check_trusts(project, &mut problems);
    let previews = policies::check_policies(project, today, &mut problems);
    schools::check_schools(project, &mut problems);
    let logos = schools::check_logos(project, &mut problems);
    let trust_wide = tiers::check_tiers(project, &mut problems);
    let adoptions = adoptions::check_adoptions(project, today, &mut problems);
    workflow::integrity::check_lost_adoptions(project, &mut problems);
    (
        Checked {
            project,
            adoptions,
            previews,
            logos,
            trust_wide,
        },
        problems,
    )
}

/// Where a missing value belongs: the `values:` line of the adoption file (else its first line).
pub fn values_line(project: &Project, adoption: &Adoption) -> Position {
    std::fs::read_to_string(project.root.join(&adoption.file))
        .ok()
        .and_then(|text| text.lines().position(|l| l.starts_with("values:")))
        .map_or(Position::new(1, 1), |i| Position::new(i + 1, 1))
}

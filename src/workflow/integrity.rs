//! Frozen texts and approval records account for each other: a text without its record, a record
//! without its text, a lost `events:` block or adoption file is an error naming the files, never
//! a policy silently unpublished.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::Project;
use crate::model::Adoption;

/// Frozen texts and approval records must account for each other: a text without its record
/// (an interrupted `approve`, or records deleted from the file) is never silently unpublished.
pub fn check_records(project: &Project, adoption: &Adoption, problems: &mut Diagnostics) {
    let orphans = super::snapshot::orphans(&project.root, adoption);
    let hint = if super::commands::looks_interrupted(adoption, &orphans) {
        super::commands::interrupted_hint(&adoption.school, &adoption.policy, &adoption.file)
    } else {
        super::commands::deleted_records_hint(&adoption.school, &adoption.policy, &adoption.file)
    };
    let approver = crate::analysis::Terms::for_trust(
        project
            .school(&adoption.school)
            .and_then(|s| s.trust_id())
            .and_then(|t| project.trust(t)),
    )
    .local_body_short;
    for (version, rel) in orphans {
        problems.push(
            Diagnostic::error(
                &adoption.file,
                records_line(project, adoption),
                format!(
                    "{} is the frozen text of version {version}, approved by the {approver}, but this file has no approval record for it",
                    rel.display()
                ),
            )
            .with_hint(hint.clone()),
        );
    }
    if !adoption.approvals.is_empty() && adoption.events.is_empty() {
        problems.push(
            Diagnostic::error(
                &adoption.file,
                records_line(project, adoption),
                "this file has approval records but its `events:` record is gone",
            )
            .with_hint(format!(
                "restore {} from version control (`git checkout -- {}`): policyforge writes the events and approvals together",
                adoption.file.display(),
                adoption.file.display()
            )),
        );
    }
}

/// Frozen texts of a policy the school has no adoption file for (deleted, or overwritten under
/// another name): the approval records that prove them are gone.
pub fn check_lost_adoptions(project: &Project, problems: &mut Diagnostics) {
    let Ok(schools) = std::fs::read_dir(project.root.join("schools")) else {
        return;
    };
    let mut ids: Vec<String> = schools
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    ids.sort();
    for school in ids {
        let Ok(policies) =
            std::fs::read_dir(project.root.join("schools").join(&school).join("snapshots"))
        else {
            continue;
        };
        let mut names: Vec<String> = policies
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        names.sort();
        for policy in names {
            let adoption_file = Path::new("schools")
                .join(&school)
                .join("policies")
                .join(format!("{policy}.yaml"));
            let has_file = project.root.join(&adoption_file).exists()
                || project
                    .root
                    .join(adoption_file.with_extension("yml"))
                    .exists();
            if has_file {
                continue;
            }
            let files = super::snapshot::files_in(&project.root, &school, &policy);
            let Some((_, first)) = files.first() else {
                continue;
            };
            problems.push(
                Diagnostic::error(
                    first,
                    Position::new(1, 1),
                    format!(
                        "{} approved text{} of `{policy}` {} here, but {} is missing, so nothing records {} approval",
                        files.len(),
                        if files.len() == 1 { "" } else { "s" },
                        if files.len() == 1 { "is" } else { "are" },
                        adoption_file.display(),
                        if files.len() == 1 { "its" } else { "their" }
                    ),
                )
                .with_hint(format!(
                    "restore {} from version control (`git checkout -- {}`); approved texts are never deleted",
                    adoption_file.display(),
                    adoption_file.display()
                )),
            );
        }
    }
}

/// The line of the adoption's `approvals:` (or `events:`) key, else its first line.
fn records_line(project: &Project, adoption: &Adoption) -> Position {
    line_of_key(project, &adoption.file, &["approvals:", "events:"])
}

pub fn line_of_key(project: &Project, file: &Path, keys: &[&str]) -> Position {
    std::fs::read_to_string(project.root.join(file))
        .ok()
        .and_then(|text| {
            keys.iter()
                .find_map(|k| text.lines().position(|l| l.starts_with(k)))
        })
        .map_or(Position::new(1, 1), |i| Position::new(i + 1, 1))
}

//! The commands that record workflow events: `approve`, `record`, `agree`.
//!
//! Each is two halves. The rules (`approve`, `record`, `agree`, `interrupted`) decide, from what
//! was loaded, whether the command may go ahead and return a plan — the frozen text, the new
//! records, the message — without touching the file system. The writer (`write`) carries a plan
//! out: frozen text and records committed together, only the record sections rewritten.

pub mod agree;
pub mod approve;
pub mod interrupted;
pub mod record;
pub mod write;

use std::path::{Path, PathBuf};

use crate::analysis::Terms;
use crate::assemble::Merged;
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position, Severity};
use crate::load::{self, Project, yaml::nearest};
use crate::model::{Adoption, Approval, Event, EventKind, ModelPolicy, School, Trust};
use crate::validate::{self, Checked, CheckedAdoption};
use crate::workflow::snapshot::{self, Snapshot};
use serde_saphyr::Spanned;

pub use interrupted::{deleted_records_hint, interrupted_hint, looks_interrupted};

/// What `approve` does about an approval that an interrupted command left half-recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    /// Record the approval of a frozen text that has no record, from the text's own details.
    Finish,
    /// Remove a frozen text without a record, or the newest record whose frozen text is missing.
    Undo,
}

pub struct ApproveRequest {
    pub interrupted: Option<Interrupted>,
    pub school: String,
    pub policy: String,
    pub date: String,
    pub minute: String,
    pub chair: String,
    pub changes: Option<String>,
}

pub struct RecordRequest {
    pub kind: EventKind,
    pub school: String,
    pub policy: String,
    pub date: Option<String>,
    pub officer: Option<String>,
    pub comment: Option<String>,
}

pub struct AgreeRequest {
    pub trust: String,
    pub policy: String,
    pub date: Option<String>,
    pub minute: Option<String>,
    pub changes: Option<String>,
}

/// The record sections of one adoption file as a command leaves them.
#[derive(Debug, Clone)]
pub struct RecordsPlan {
    /// The adoption file, relative to the repository.
    pub adoption_file: PathBuf,
    pub events: Vec<Event>,
    pub approvals: Vec<Approval>,
}

/// What the rules need to know about one school's adoption of one policy.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub school: &'a School,
    pub trust: Option<&'a Trust>,
    pub policy: &'a ModelPolicy,
    pub adoption: &'a Adoption,
    /// The text as it would be approved now, if it can be put together.
    pub draft: Option<&'a Merged>,
    /// Required fields not filled in yet.
    pub missing: &'a [String],
    /// The newest frozen text.
    pub latest: Option<&'a Snapshot>,
}

impl<'a> Candidate<'a> {
    pub fn of(project: &'a Project, item: &'a CheckedAdoption<'a>) -> Candidate<'a> {
        Candidate {
            school: item.school,
            trust: project.trust_of(item.school),
            policy: item.policy,
            adoption: item.adoption,
            draft: item.draft.as_ref(),
            missing: &item.state.missing,
            latest: item.snapshots.last(),
        }
    }

    /// The trust's words for its bodies (a school outside any trust: its governors').
    pub fn terms(&self) -> Terms {
        Terms::for_trust(self.trust)
    }
}

pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::default();
    all.push(d);
    all
}

/// An error in what was asked for, rather than in a file.
pub(crate) fn cli_error(message: impl Into<String>, hint: impl Into<String>) -> Diagnostics {
    one(Diagnostic::error("command line", Position::new(1, 1), message).with_hint(hint))
}

pub(crate) fn spanned<T>(value: T) -> Spanned<T> {
    let at = serde_saphyr::Location::UNKNOWN;
    Spanned::new(value, at, at)
}

/// A meeting's date: a real date, not in the future.
pub fn parse_date(
    text: &str,
    what: &str,
    today: jiff::civil::Date,
) -> Result<jiff::civil::Date, Diagnostics> {
    let date = dates::parse(text).ok_or_else(|| {
        cli_error(
            format!("`{text}` is not a date: {}", dates::explain(text)),
            format!("give the {what} as YYYY-MM-DD, for example 2025-09-01"),
        )
    })?;
    if date > today {
        return Err(cli_error(
            format!("the {what} {text} is in the future"),
            "record a decision on or after the day the meeting happened",
        ));
    }
    Ok(date)
}

/// Validates a loaded project, failing on errors in the files this command depends on.
/// Those files are the school's folder and, when `policy_text` is set, the folder holding the
/// policy text it adopts (a trust's models, or the school's own).
fn with_project<R>(
    project: &Project,
    problems: Diagnostics,
    school: &str,
    policy_text: Option<&str>,
    then: impl FnOnce(&Checked<'_>) -> Result<R, Diagnostics>,
) -> Result<R, Diagnostics> {
    let school_dir = PathBuf::from("schools").join(school);
    let policy_dir = policy_text.and_then(|policy| {
        let text = project.policy_for(project.school(school)?, policy)?;
        text.file.parent().map(Path::to_path_buf)
    });
    let relevant = |file: &Path| {
        file.starts_with(&school_dir) || policy_dir.as_deref().is_some_and(|d| file.starts_with(d))
    };
    let (checked, more) = validate::validate(project, dates::today());
    let mut blocking = Diagnostics::default();
    for d in problems.into_iter().chain(more) {
        if d.severity == Severity::Error && (relevant(&d.file) || d.file == Path::new("book.toml"))
        {
            blocking.push(d);
        }
    }
    if blocking.has_errors() {
        return Err(blocking);
    }
    then(&checked)
}

fn find<'c>(
    checked: &'c Checked<'_>,
    school: &str,
    policy: &str,
) -> Result<&'c CheckedAdoption<'c>, Diagnostics> {
    checked.project.find_school(school).map_err(one)?;
    checked
        .adoptions
        .iter()
        .find(|a| a.school.id == school && a.policy.id() == policy)
        .ok_or_else(|| {
            let known: Vec<&str> = checked.adoptions.iter().filter(|a| a.school.id == school).map(|a| a.policy.id()).collect();
            cli_error(
                format!("{school} has no adoption of a policy `{policy}`"),
                match nearest(policy, &known) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("create schools/{school}/policies/{policy}.yaml first (`policyforge context --school {school} --policy {policy}` prints one); its policies: {}", known.join(", ")),
                },
            )
        })
}

/// The words of the trust of `school`, if the project loaded and the school is in it.
fn terms_for(project: Option<&Project>, school: &str) -> Terms {
    Terms::for_trust(project.and_then(|p| p.trust_of(p.school(school)?)))
}

/// `policyforge approve`: freezes the school's text as its next version, with its record.
pub fn approve(root: &Path, req: &ApproveRequest) -> Result<String, Diagnostics> {
    if let Some(step) = req.interrupted {
        return resolve_interrupted(root, req, step);
    }
    let (project, problems) = load::load(root);
    let terms = terms_for(project.as_ref(), &req.school);
    let meeting = approve::meeting(req, &terms, dates::today())?;
    let Some(project) = project else {
        return Err(problems);
    };
    with_project(
        &project,
        problems,
        &req.school,
        Some(&req.policy),
        |checked| {
            let item = find(checked, &req.school, &req.policy)?;
            let candidate = Candidate::of(checked.project, item);
            let draft = approve::complete(&candidate, || {
                validate::values_line(checked.project, item.adoption)
            })?;
            if candidate.policy.is_leaflet() {
                // A leaflet that cannot be printed whole is not approved in the first place.
                crate::leaflet::check_fits(
                    checked.project,
                    item.school,
                    item.policy,
                    &draft.markdown,
                )
                .map_err(one)?;
            }
            let plan = approve::plan(&candidate, draft, &meeting, req.changes.as_deref())?;
            write::approval(root, &plan)?;
            Ok(plan.message)
        },
    )
}

/// `approve --finish` / `--undo`: settles what an interrupted approval (or deleted records) left.
fn resolve_interrupted(
    root: &Path,
    req: &ApproveRequest,
    step: Interrupted,
) -> Result<String, Diagnostics> {
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    project.find_school(&req.school).map_err(one)?;
    let adoption_file = PathBuf::from("schools")
        .join(&req.school)
        .join("policies")
        .join(format!("{}.yaml", req.policy));
    let Some(adoption) = project.adoption(&req.school, &req.policy) else {
        let blocking: Vec<Diagnostic> = problems
            .into_iter()
            .filter(|d| d.file == adoption_file && d.severity == Severity::Error)
            .collect();
        if !blocking.is_empty() {
            let mut all = Diagnostics::default();
            blocking.into_iter().for_each(|d| all.push(d));
            return Err(all);
        }
        return Err(cli_error(
            format!("{} does not exist", adoption_file.display()),
            format!(
                "restore it from version control (`git checkout -- {}`); the frozen texts alone cannot say what else it held",
                adoption_file.display()
            ),
        ));
    };
    let orphans = snapshot::orphans(root, adoption);
    match step {
        Interrupted::Finish => {
            let (records, message) =
                interrupted::plan_finish(adoption, &orphans, req.changes.as_deref(), |rel| {
                    snapshot::read_unrecorded(root, rel)
                })?;
            write::records(root, &records)?;
            Ok(message)
        }
        Interrupted::Undo => {
            let has_frozen = |version: u32| {
                root.join(snapshot::path_for(&req.school, &req.policy, version))
                    .exists()
            };
            let plan = interrupted::plan_undo(adoption, &orphans, has_frozen)?;
            write::undo(root, &plan)?;
            Ok(plan.message().to_string())
        }
    }
}

/// `policyforge record`: adds one workflow event to a school's adoption.
pub fn record(root: &Path, req: &RecordRequest) -> Result<String, Diagnostics> {
    let today = dates::today();
    let date = match &req.date {
        Some(d) => parse_date(d, "date", today)?,
        None => today,
    };
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    with_project(&project, problems, &req.school, None, |checked| {
        let item = find(checked, &req.school, &req.policy)?;
        let candidate = Candidate::of(checked.project, item);
        let (records, message) = record::plan(&candidate, req, date)?;
        write::records(root, &records)?;
        Ok(message)
    })
}

/// `policyforge agree`: records the board's agreement of a model's current version.
pub fn agree(root: &Path, req: &AgreeRequest) -> Result<String, Diagnostics> {
    let model_file = PathBuf::from("model-policies")
        .join(&req.trust)
        .join(format!("{}.md", req.policy));
    let (project, problems) = load::load(root);
    let Some(project) = project else {
        return Err(problems);
    };
    let blocking: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| {
            d.severity == Severity::Error
                && d.file
                    .starts_with(model_file.parent().unwrap_or(Path::new("")))
        })
        .collect();
    if !blocking.is_empty() {
        let mut all = Diagnostics::default();
        blocking.into_iter().for_each(|d| all.push(d));
        return Err(all);
    }
    let policy = agree::find_model(&project, &req.trust, &req.policy)?;
    let plan = agree::plan(policy, project.trust(&req.trust), req, dates::today())?;
    if !plan.unchanged {
        write::agreement(root, &plan)?;
    }
    Ok(plan.message)
}

#[cfg(test)]
mod tests;

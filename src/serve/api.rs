//! What the desk's buttons do: check values as `check` would, save them, record workflow events
//! and approvals, each through the same library code as the command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::{EventKind, FieldType};
use crate::validate::{self, CheckedAdoption};
use crate::workflow::commands;
use crate::{dates, load, markdown};

use super::{Desk, desk, values_file};

#[derive(Deserialize)]
struct ValuesBody {
    school: String,
    policy: String,
    #[serde(default)]
    values: Map<String, Value>,
}

#[derive(Deserialize)]
struct RecordBody {
    school: String,
    policy: String,
    event: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    officer: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Deserialize)]
struct ApproveBody {
    school: String,
    policy: String,
    date: String,
    minute: String,
    chair: String,
    #[serde(default)]
    changes: Option<String>,
}

type Answer = (u16, Value);

fn failure(status: u16, message: impl Into<String>) -> Answer {
    (status, json!({"ok": false, "message": message.into()}))
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Answer> {
    serde_json::from_slice(body)
        .map_err(|e| failure(400, format!("The request cannot be read: {e}")))
}

/// Routes `/_desk/api/<name>`.
pub fn handle(desk: &Desk, parts: &[String], body: &[u8]) -> Answer {
    let names: Vec<&str> = parts.iter().map(String::as_str).collect();
    let result = match names[..] {
        [desk::PREFIX, "api", "check"] => parse::<ValuesBody>(body).and_then(|b| check(desk, &b)),
        [desk::PREFIX, "api", "save"] => parse::<ValuesBody>(body).and_then(|b| save(desk, &b)),
        [desk::PREFIX, "api", "record"] => parse::<RecordBody>(body).and_then(|b| record(desk, b)),
        [desk::PREFIX, "api", "approve"] => {
            parse::<ApproveBody>(body).and_then(|b| approve(desk, b))
        }
        _ => Err(failure(404, "There is no such action.")),
    };
    result.unwrap_or_else(|answer| answer)
}

/// One message for the page: by a field, or for the whole form.
fn message(d: &Diagnostic) -> Value {
    json!({
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "message": d.message,
        "hint": d.hint,
        "at": d.location(),
    })
}

/// The values a clerk typed, checked as `check` would check the file they would make.
pub struct Review {
    pub file: PathBuf,
    pub text: String,
    pub changed: bool,
    pub fields: BTreeMap<String, Vec<Value>>,
    pub general: Vec<Value>,
    pub errors: usize,
    pub preview: String,
    pub markdown: BTreeMap<String, String>,
    pub stage: String,
}

impl Review {
    fn to_json(&self) -> Value {
        json!({
            "fields": self.fields,
            "general": self.general,
            "errors": self.errors,
            "preview": self.preview,
            "markdown": self.markdown,
            "stage": self.stage,
            "changed": self.changed,
        })
    }
}

/// Which field a diagnostic is about: the entry on its line, else a field it names.
fn field_of(
    d: &Diagnostic,
    lines: &BTreeMap<String, (usize, usize)>,
    names: &[&str],
) -> Option<String> {
    if let Some((name, _)) = lines
        .iter()
        .find(|(_, (first, last))| (*first..=*last).contains(&d.at.line))
    {
        return Some(name.clone());
    }
    names
        .iter()
        .find(|n| d.message.contains(&format!("`{n}`")))
        .map(|n| n.to_string())
}

/// Builds the file the values would make and validates the project with it in place.
pub fn review(
    root: &Path,
    school_id: &str,
    policy_id: &str,
    values: &Map<String, Value>,
) -> Result<Review, Answer> {
    let (project, problems) = load::load(root);
    let Some(mut project) = project else {
        return Err((
            409,
            json!({"ok": false, "message": "The repository cannot be read.", "problems": problems.render(root)}),
        ));
    };
    let Some(index) = project
        .adoptions
        .iter()
        .position(|a| a.school == school_id && a.policy == policy_id)
    else {
        return Err(failure(
            404,
            format!("{school_id} has no adoption file for `{policy_id}`."),
        ));
    };
    let (fields, file) = {
        let adoption = &project.adoptions[index];
        let school = project
            .school(school_id)
            .ok_or_else(|| failure(404, format!("There is no school `{school_id}`.")))?;
        let policy = project.policy_for(school, policy_id).ok_or_else(|| {
            failure(
                404,
                format!("There is no policy `{policy_id}` for this school."),
            )
        })?;
        (policy.meta.fields.clone(), adoption.file.clone())
    };
    let text = load::yaml::read_text(root, &file)
        .map_err(|d| failure(409, format!("{}: {}", d.location(), d.message)))?;
    let edit = values_file::with_values(&text, &fields, &project.adoptions[index].values, values)
        .map_err(|why| {
        failure(
            409,
            format!("{} cannot be edited here: {why}.", file.display()),
        )
    })?;
    let parsed = load::parse_adoption(&edit.text, &file).map_err(|d| {
        failure(500, format!("The values would make {} unreadable ({}); nothing was changed. Please report this.", file.display(), d.message))
    })?;
    let adoption = &mut project.adoptions[index];
    let (policy, school) = (adoption.policy.clone(), adoption.school.clone());
    *adoption = parsed;
    adoption.policy = policy;
    adoption.school = school;
    adoption.file = file.clone();
    let (checked, diagnostics) = validate::validate(&project, dates::today());
    let names: Vec<&str> = fields.iter().map(|f| f.name.value.as_str()).collect();
    let mut by_field: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut general = Vec::new();
    let mut errors = 0;
    let school_dir = PathBuf::from("schools").join(school_id);
    let mut sorted = Diagnostics::default();
    diagnostics.into_iter().for_each(|d| sorted.push(d));
    for d in sorted.sorted() {
        if d.file == file {
            if d.severity == Severity::Error {
                errors += 1;
            }
            match field_of(d, &edit.lines, &names) {
                Some(name) => by_field.entry(name).or_default().push(message(d)),
                None => general.push(message(d)),
            }
        } else if d.severity == Severity::Error
            && (d.file.starts_with(&school_dir) || d.file == Path::new("book.toml"))
        {
            general.push(message(d));
        }
    }
    let item = checked
        .adoptions
        .iter()
        .find(|a| a.school.id == school_id && a.policy.id() == policy_id);
    let preview = match item {
        Some(item) => preview_of(&checked, item),
        None => desk::preview_unavailable(),
    };
    let mut markdown = BTreeMap::new();
    for field in fields.iter().filter(|f| f.kind == FieldType::Markdown) {
        let text = values
            .get(field.name())
            .and_then(Value::as_str)
            .unwrap_or_default();
        markdown.insert(field.name().to_string(), markdown::to_html(text).0);
    }
    Ok(Review {
        file,
        text: edit.text,
        changed: edit.changed,
        fields: by_field,
        general,
        errors,
        preview,
        markdown,
        stage: item
            .map_or("populating", |i| i.state.stage.as_str())
            .to_string(),
    })
}

fn preview_of(checked: &validate::Checked<'_>, item: &CheckedAdoption<'_>) -> String {
    match &item.draft {
        Some(draft) => desk::draft_preview(checked.project, item, &draft.markdown),
        None => desk::preview_unavailable(),
    }
}

fn check(desk: &Desk, body: &ValuesBody) -> Result<Answer, Answer> {
    // Shared: a check never reads between the two renames of an approval.
    let held = crate::lock::read(&desk.root).map_err(lock_failure)?;
    note_recovered(desk, &held);
    let review = review(&desk.root, &body.school, &body.policy, &body.values)?;
    drop(held);
    Ok((200, json!({"ok": true, "review": review.to_json()})))
}

/// The desk's own writes one at a time (a stop waits for the one in progress), and the
/// repository's lock, as every writing command takes it.
fn lock<'d>(
    desk: &'d Desk,
    what: &str,
) -> Result<(std::sync::MutexGuard<'d, ()>, crate::lock::RepoLock), Answer> {
    let writing = desk.writing.lock().unwrap_or_else(|p| p.into_inner());
    let repo = crate::lock::write(&desk.root, &format!("serve ({what})")).map_err(lock_failure)?;
    note_recovered(desk, &repo);
    Ok((writing, repo))
}

fn note_recovered(desk: &Desk, held: &crate::lock::RepoLock) {
    for line in &held.recovered {
        (desk.say)(&format!("note: {line}"));
    }
}

fn lock_failure(e: crate::lock::LockError) -> Answer {
    (
        409,
        json!({"ok": false, "message": format!("{}. {}", capitalised(&e.message), capitalised(&e.hint))}),
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn save(desk: &Desk, body: &ValuesBody) -> Result<Answer, Answer> {
    let _held = lock(desk, "Save")?;
    let review = review(&desk.root, &body.school, &body.policy, &body.values)?;
    if review.errors > 0 {
        return Ok((
            422,
            json!({"ok": false, "message": "Nothing was saved: first correct the answers marked with a problem.", "review": review.to_json()}),
        ));
    }
    if !review.changed {
        return Ok((
            200,
            json!({"ok": true, "message": format!("Nothing to save: {} already has these answers.", review.file.display()), "review": review.to_json()}),
        ));
    }
    write_values(desk, &review.file, &review.text)?;
    (desk.say)(&format!("Saved the answers into {}", review.file.display()));
    desk.rebuild_soon();
    Ok((
        200,
        json!({"ok": true, "message": format!("Saved into {}. Comments and records in the file are kept.", review.file.display()), "review": review.to_json()}),
    ))
}

/// The one place the desk writes an adoption file.
fn write_values(desk: &Desk, file: &Path, text: &str) -> Result<(), Answer> {
    if !super::inside_repository(&desk.root, file) {
        return Err(failure(
            403,
            format!(
                "{} is not a plain file inside the repository, so it is not written.",
                file.display()
            ),
        ));
    }
    crate::durable::write_atomic(&desk.root.join(file), text.as_bytes()).map_err(|e| {
        failure(
            500,
            format!(
                "Cannot write {}: {e}. Check that the file is writable; it is unchanged.",
                file.display()
            ),
        )
    })
}

fn outcome(desk: &Desk, result: Result<String, Diagnostics>) -> Answer {
    match result {
        Ok(message) => {
            desk.rebuild_soon();
            (desk.say)(&message);
            (200, json!({"ok": true, "message": message}))
        }
        Err(problems) => {
            let text = problems.render(&desk.root);
            let list: Vec<Value> = problems.sorted().into_iter().map(message).collect();
            (
                422,
                json!({"ok": false, "message": "Nothing was recorded.", "problems": text, "messages": list}),
            )
        }
    }
}

/// Before a workflow command writes: its adoption file and the school's snapshots folder are
/// inside the repository, reached through no symbolic link.
fn guard_paths(desk: &Desk, school: &str, policy: &str) -> Result<(), Answer> {
    let (project, _) = load::load(&desk.root);
    let file = project
        .as_ref()
        .and_then(|p| p.adoption(school, policy))
        .map(|a| a.file.clone());
    let Some(file) = file else {
        // The command itself says what is missing, in its own words.
        return Ok(());
    };
    let snapshots = PathBuf::from("schools").join(school).join("snapshots");
    let snapshots_ok =
        !desk.root.join(&snapshots).exists() || super::inside_repository(&desk.root, &snapshots);
    if super::inside_repository(&desk.root, &file) && snapshots_ok {
        Ok(())
    } else {
        Err(failure(
            403,
            format!(
                "{} or {} leads outside the repository (a symbolic link), so nothing is written there.",
                file.display(),
                snapshots.display()
            ),
        ))
    }
}

fn none_if_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

fn record(desk: &Desk, body: RecordBody) -> Result<Answer, Answer> {
    let kind = match body.event.as_str() {
        "populated" => EventKind::Populated,
        "sent-for-comment" => EventKind::SentForComment,
        "comment" => EventKind::Comment,
        "received" => EventKind::Received,
        other => {
            return Err(failure(
                400,
                format!("`{other}` is not an event the desk records."),
            ));
        }
    };
    let request = commands::RecordRequest {
        kind,
        school: body.school,
        policy: body.policy,
        date: none_if_blank(body.date),
        officer: none_if_blank(body.officer),
        comment: none_if_blank(body.comment),
    };
    let _held = lock(desk, "record")?;
    guard_paths(desk, &request.school, &request.policy)?;
    Ok(outcome(desk, commands::record(&desk.root, &request)))
}

fn approve(desk: &Desk, body: ApproveBody) -> Result<Answer, Answer> {
    let request = commands::ApproveRequest {
        school: body.school,
        policy: body.policy,
        date: body.date,
        minute: body.minute,
        chair: body.chair,
        changes: none_if_blank(body.changes),
        interrupted: None,
    };
    let _held = lock(desk, "approve")?;
    guard_paths(desk, &request.school, &request.policy)?;
    Ok(outcome(desk, commands::approve(&desk.root, &request)))
}

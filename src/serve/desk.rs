//! The desk's pages: the list of schools and policies, and the form for one school's policy,
//! generated from the model's field schema, with its draft and its workflow records.

use serde_json::{Map, Value, json};

use crate::analysis::{Stage, Terms};
use crate::load::Project;
use crate::markdown;
use crate::model::ContextField;
use crate::site::documents::DocumentFacts;
use crate::validate::{self, CheckedAdoption};
use crate::{dates, load};

use super::{Desk, api, assets};

/// The first path segment of every desk address; the built site never uses it.
pub const PREFIX: &str = "_desk";
/// The desk's home page.
pub const HOME: &str = "/_desk/";

fn render(template: &str, context: &Value) -> Result<String, String> {
    let tera = assets::templates().as_ref().map_err(Clone::clone)?;
    let context = tera::Context::from_serialize(context).map_err(|e| e.to_string())?;
    tera.render(template, &context)
        .map_err(|e| format!("{template}: {e}"))
}

fn generation(desk: &Desk) -> u64 {
    desk.site.read().map_or(0, |s| s.generation)
}

fn frame(desk: &Desk, title: &str, mut page: Value) -> Value {
    if let Value::Object(map) = &mut page {
        map.insert("page_title".into(), json!(title));
        map.insert(
            "site_title".into(),
            json!(super::preview::title(&desk.root)),
        );
        map.insert("token".into(), json!(desk.token));
        map.insert("generation".into(), json!(generation(desk)));
        map.insert("prefix".into(), json!(PREFIX));
    }
    page
}

/// A page that says what went wrong; when the template itself fails, plain escaped HTML.
fn message_page(desk: &Desk, title: &str, text: &str, problems: Option<&str>) -> String {
    let context = frame(desk, title, json!({"text": text, "problems": problems}));
    render("message.html", &context).unwrap_or_else(|e| {
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body><main><h1>{t}</h1><p>{m}</p><pre>{p}</pre><p>{e}</p></main></body></html>",
            t = markdown::escape_html(title),
            m = markdown::escape_html(text),
            p = markdown::escape_html(problems.unwrap_or("")),
            e = markdown::escape_html(&e)
        )
    })
}

pub fn not_found(desk: &Desk) -> String {
    message_page(
        desk,
        "Page not found",
        "There is no page at this address. The site's home page and the clerk's desk are linked above.",
        None,
    )
}

/// What every site address shows while no build has worked yet.
pub fn broken(desk: &Desk, problems: &str) -> String {
    message_page(
        desk,
        "The site cannot be built yet",
        "Fix the problems below and save the file: this page reloads by itself once the site builds.",
        Some(problems),
    )
}

fn label(name: &str) -> String {
    const SHOUTED: [&str; 9] = ["url", "urn", "dbs", "dsl", "lgb", "sen", "send", "pe", "it"];
    let words = name
        .split('_')
        .map(|w| {
            if SHOUTED.contains(&w) {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The repository as loaded now, or the page that says why it cannot be read.
fn load_project(desk: &Desk) -> Result<load::Project, (u16, String)> {
    let (project, problems) = load::load(&desk.root);
    project.ok_or_else(|| {
        (
            503,
            message_page(
                desk,
                "The repository cannot be read",
                "Fix the problems below; this page reloads by itself.",
                Some(&problems.render(&desk.root)),
            ),
        )
    })
}

/// The desk's home page: every school's adoptions, where they stand, and links to their forms.
pub fn home(desk: &Desk) -> Result<String, (u16, String)> {
    let project = load_project(desk)?;
    let (checked, _) = validate::validate(&project, dates::today());
    let files: Vec<String> = desk
        .site
        .read()
        .map(|s| s.files.keys().cloned().collect())
        .unwrap_or_default();
    let mut schools: Vec<&crate::model::School> = project.schools.iter().collect();
    schools.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    let rows: Vec<Value> = schools
        .iter()
        .map(|school| {
            let terms = Terms::for_trust(project.trust_of(school));
            let mut adoptions: Vec<Value> = project
                .adoptions
                .iter()
                .filter(|a| a.school == school.id)
                .map(|a| {
                    let item = checked.adoptions.iter().find(|c| {
                        c.school.id == school.id && c.adoption.policy == a.policy
                    });
                    let draft = format!("drafts/schools/{}/{}/index.html", school.id, a.policy);
                    let published = format!("schools/{}/{}/index.html", school.id, a.policy);
                    json!({
                        "policy": a.policy,
                        "title": item.map_or(a.policy.clone(), |i| i.policy.meta.title.clone()),
                        "stage": item.map_or_else(|| "Cannot be checked: see `policyforge check`".to_string(), |i| i.state.stage.describe_in(&terms)),
                        "form": format!("/{PREFIX}/{}/{}/", school.id, a.policy),
                        "draft": files.contains(&draft).then(|| format!("/{draft}")),
                        "published": files.contains(&published).then(|| format!("/{published}")),
                    })
                })
                .collect();
            adoptions.sort_by(|a, b| a["title"].as_str().cmp(&b["title"].as_str()));
            json!({"id": school.id, "name": school.name.value, "adoptions": adoptions})
        })
        .collect();
    let context = frame(
        desk,
        "Clerk's desk",
        json!({"schools": rows, "problems": desk.site.read().ok().and_then(|s| s.problems.clone())}),
    );
    render("home.html", &context).map_err(|e| {
        (
            500,
            message_page(desk, "The desk cannot show this page", &e, None),
        )
    })
}

fn field_view(field: &ContextField, current: Option<&Value>) -> Value {
    let name = field.name();
    let value = current.cloned().unwrap_or(Value::Null);
    let items: Vec<String> = match &value {
        Value::Array(items) => items.iter().map(display).collect(),
        _ => Vec::new(),
    };
    let yes = match &value {
        Value::Bool(b) => Some(*b),
        _ => None,
    };
    let example = field.example.as_ref().map(|e| match e {
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join("; "),
        other => display(other),
    });
    let described = if example.is_some() {
        format!("f-{name}-help f-{name}-example f-{name}-msg")
    } else {
        format!("f-{name}-help f-{name}-msg")
    };
    json!({
        "name": name,
        "id": format!("f-{name}"),
        "described": described,
        "label": label(name),
        "kind": serde_json::to_value(field.kind).unwrap_or(Value::Null),
        "describe": field.kind.describe(),
        "help": field.help,
        "example": example,
        "required": field.required,
        "default": field.default.as_ref().map(display),
        "choices": field.choices,
        "value": if matches!(value, Value::Array(_) | Value::Bool(_)) { String::new() } else { display(&value) },
        "items": items,
        "yes": yes,
    })
}

/// The form of one school's policy.
pub fn form(desk: &Desk, school_id: &str, policy_id: &str) -> Result<String, (u16, String)> {
    let project = load_project(desk)?;
    let missing = || {
        (
            404,
            message_page(
                desk,
                "No such form",
                "There is no adoption file for this school and policy. The desk's home page lists them all.",
                None,
            ),
        )
    };
    let adoption = project.adoption(school_id, policy_id).ok_or_else(missing)?;
    let school = project.school(school_id).ok_or_else(missing)?;
    let policy = project.policy_for(school, policy_id).ok_or_else(missing)?;
    let fields: Vec<Value> = policy
        .meta
        .fields
        .iter()
        .map(|f| field_view(f, adoption.values.get(f.name()).map(|v| &v.value)))
        .collect();
    let current: Map<String, Value> = adoption
        .values
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    let review = api::review(&desk.root, school_id, policy_id, &current);
    let (preview, stage) = match &review {
        Ok(r) => (r.preview.clone(), r.stage.clone()),
        Err(_) => (preview_unavailable(), "populating".to_string()),
    };
    let trust = school.trust_id().and_then(|t| project.trust(t));
    let events: Vec<Value> = adoption
        .events
        .iter()
        .map(|e| json!({"event": e.event.as_str(), "date": e.date.value, "officer": e.officer, "comment": e.comment, "version": e.version}))
        .collect();
    let approvals: Vec<Value> = adoption
        .approvals
        .iter()
        .map(|a| json!({"version": a.version.value, "date": a.approved_on.value, "minute": a.minute, "chair": a.chair, "changes": a.changes, "received": a.received_on.as_ref().map(|r| r.value.clone())}))
        .collect();
    let terms = Terms::for_trust(trust);
    let stage_words = match stage.as_str() {
        "ready" => Stage::Ready,
        "sent-for-comment" => Stage::SentForComment,
        "commented" => Stage::Commented,
        "approved" => Stage::Approved,
        "received" => Stage::Received,
        _ => Stage::Populating,
    }
    .describe_in(&terms);
    let title = format!("{} — {}", policy.meta.title, school.name.value);
    let context = frame(
        desk,
        &title,
        json!({
            "school": {"id": school.id, "name": school.name.value},
            "policy": {"id": policy.id(), "title": policy.meta.title},
            "file": adoption.file.display().to_string(),
            "fields": fields,
            "preview": preview,
            "stage": stage,
            "stage_words": stage_words,
            "today": dates::iso(dates::today()),
            "minute_prefix": terms.minute_prefix(),
            "local_short": terms.local_body_short,
            "events": events,
            "approvals": approvals,
            "draft_link": page_link(desk, &format!("drafts/schools/{school_id}/{policy_id}/index.html")),
            "published_link": page_link(desk, &format!("schools/{school_id}/{policy_id}/index.html")),
        }),
    );
    render("form.html", &context).map_err(|e| {
        (
            500,
            message_page(desk, "The desk cannot show this form", &e, None),
        )
    })
}

/// The address of a page of the last good build, if it has one.
fn page_link(desk: &Desk, file: &str) -> Option<String> {
    let state = desk.site.read().ok()?;
    state
        .files
        .contains_key(file)
        .then(|| format!("/{}", file.trim_end_matches("index.html")))
}

/// The draft as it would be published: document control and text, marked DRAFT.
pub fn draft_preview(project: &Project, item: &CheckedAdoption<'_>, markdown_text: &str) -> String {
    let trust = item.school.trust_id().and_then(|t| project.trust(t));
    let shown = DocumentFacts::shown_text(markdown_text);
    let facts = DocumentFacts {
        school: item.school,
        trust,
        terms: &Terms::for_trust(trust),
        policy: item.policy,
        school_name: item.school.name.value.clone(),
        title: item.policy.meta.title.clone(),
        markdown: shown.text,
        tree: shown.tree,
        html: Default::default(),
        approval: None,
        version: None,
        model_version: item.adoption.model_version.as_ref().map(|v| v.value),
        review_due: None,
        received: false,
        versions: Vec::new(),
    };
    let (body, _) = facts.body_html();
    let context = json!({
        "title": facts.title,
        "control": facts.control_rows(),
        "body": body,
        "missing": item.draft.as_ref().map(|d| d.missing.clone()).unwrap_or_default(),
    });
    render(assets::PREVIEW.0, &context).unwrap_or_else(|e| {
        format!(
            "<p>The preview cannot be shown: {}</p>",
            markdown::escape_html(&e)
        )
    })
}

pub fn preview_unavailable() -> String {
    "<p class=\"preview-gap\">The draft cannot be put together until the problems marked in the form are corrected.</p>".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_words() {
        assert_eq!(label("social_media_lead"), "Social media lead");
        assert_eq!(label("dbs_check_by"), "DBS check by");
        assert_eq!(label("map_url"), "Map URL");
        assert_eq!(label(""), "");
    }

    #[test]
    fn every_template_renders() {
        assert!(
            assets::templates().is_ok(),
            "{:?}",
            assets::templates().as_ref().err()
        );
    }
}

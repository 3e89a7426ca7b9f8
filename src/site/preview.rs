//! A trust's model previews: each model's contextual fields as cards a board can read (name, the
//! type as authors write it, whether required, help, example, choices), and the model text with
//! every area a school fills in marked with its field's label.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::analysis::TrustFacts;
use crate::assemble::{MARK_CLOSE, MARK_OPEN, marker_help};
use crate::dates;
use crate::diagnostic::Diagnostics;
use crate::load::Project;
use crate::markdown::{self, escape_html};
use crate::model::{ContextField, FieldType, ModelPolicy, ModelStatus};

use super::pages::{Frame, crumb};
use super::{Files, SiteContext};

/// Makes a page's frame: page type, title and stylesheet.
pub type FrameMaker<'f> = dyn Fn(&'static str, String, String) -> Frame + 'f;

/// The preview page of every model of the trust, into `trusts/<trust>/models/<policy>.html`.
pub fn build_previews(
    ctx: &SiteContext<'_>,
    facts: &TrustFacts,
    base_frame: &FrameMaker<'_>,
    site: &mut Files,
    problems: &mut Diagnostics,
) {
    let project = ctx.project;
    let trust = &facts.trust;
    let terms = &facts.terms;
    let theme = &ctx.theme(&facts.theme).name;
    for (index, policy) in project.policies.iter().enumerate() {
        if policy.trust.as_deref() != Some(trust.id()) {
            continue;
        }
        let Some(preview) = ctx.analysis.previews.get(&index) else {
            continue;
        };
        let (html_body, _) = markdown::to_html(preview);
        let body = mark_fields(&html_body, &labels(project, policy));
        let agreement = match policy.record_of(policy.version()) {
            Some(r) if r.status == ModelStatus::Agreed => format!(
                "Agreed by the {} on {} (minute {}).",
                terms.board,
                r.agreed_on
                    .as_ref()
                    .and_then(|d| dates::parse(&d.value))
                    .map_or("an unrecorded date".to_string(), dates::british),
                r.minute.clone().unwrap_or_default()
            ),
            _ => format!("A draft: not yet agreed by the {}.", terms.board),
        };
        let fields: Vec<FieldCard> = policy
            .meta
            .fields
            .iter()
            .map(|f| FieldCard::of(f, preview))
            .collect();
        let help = marker_help(project, policy);
        let details: Vec<Value> = help
            .iter()
            .filter(|(name, _)| name.starts_with("school.") && preview.contains(&marker(name)))
            .map(|(name, help)| json!({"name": name, "help": help}))
            .collect();
        // Areas a leaflet (or any model) takes from the school's adopted policies.
        let drawn: Vec<Value> = help
            .iter()
            .filter(|(name, _)| name.starts_with("policies.") && preview.contains(&marker(name)))
            .map(|(name, help)| json!({"name": name, "help": help}))
            .collect();
        let mut frame = base_frame(
            "model-preview",
            format!("Model {}: preview", policy.meta.title),
            format!("../../../assets/{theme}.css"),
        );
        frame.org_link = Some("../index.html".to_string());
        frame.description = format!(
            "The {} model {}, with every area a school fills in marked.",
            trust.short_name, policy.meta.title
        );
        frame.search = Some(super::trusts::trust_search("../../../", trust));
        frame.crumbs = vec![
            crumb("All trusts", Some("../../../index.html")),
            crumb(trust.short_name.clone(), Some("../index.html")),
        ];
        frame.feeds.extend(ctx.feeds.trust_link(trust, "../"));
        let page = json!({
            "fields": fields,
            "details": details,
            "drawn": drawn,
            "body": body,
            "version": policy.version(),
            "agreement": agreement,
            "local_body": terms.local_body,
        });
        match ctx.pages.render(theme, "preview.html", &frame, page) {
            Ok(html) => site.add(
                format!("trusts/{}/models/{}.html", trust.id(), policy.id()),
                html,
            ),
            Err(d) => problems.push(d),
        }
    }
}

fn marker(name: &str) -> String {
    format!("{MARK_OPEN}{name}{MARK_CLOSE}")
}

/// One contextual field as its card shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FieldCard {
    pub name: String,
    /// The type as authors write it in the front matter (`yes-no`).
    pub kind: String,
    /// What the type asks for, in words.
    pub kind_words: String,
    pub required: String,
    pub help: String,
    /// Each line of the example (a list's items, a text's lines); empty when there is none.
    pub example: Vec<String>,
    /// The example is a list (shown as one) rather than text.
    pub example_is_list: bool,
    pub choices: Vec<String>,
    /// Where the field shows in the text.
    pub used: String,
}

impl FieldCard {
    fn of(field: &ContextField, preview: &str) -> FieldCard {
        let kind = serde_json::to_value(field.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let required = match (&field.required, &field.default) {
            (true, _) => "Yes".to_string(),
            (false, Some(d)) => format!("No; if left out: {}", value_words(field.kind, d)),
            (false, None) => "No".to_string(),
        };
        let (example, example_is_list) = match &field.example {
            Some(Value::Array(items)) => (
                items.iter().map(|v| value_words(field.kind, v)).collect(),
                true,
            ),
            Some(v) => (
                value_words(field.kind, v)
                    .lines()
                    .map(str::to_string)
                    .collect(),
                false,
            ),
            None => (Vec::new(), false),
        };
        let places = preview
            .matches(&marker(&format!("fields.{}", field.name())))
            .count();
        let used = match (places, field.kind) {
            (0, FieldType::YesNo) => {
                "Not printed: it decides which wording the text uses.".to_string()
            }
            (0, _) => "Not printed in the text.".to_string(),
            (1, _) => "Marked once in the text below.".to_string(),
            (2, _) => "Marked twice in the text below.".to_string(),
            (n, _) => format!("Marked {n} times in the text below."),
        };
        FieldCard {
            name: field.name().to_string(),
            kind,
            kind_words: field.kind.describe().to_string(),
            required,
            help: field.help.clone(),
            example,
            example_is_list,
            choices: field.choices.clone(),
            used,
        }
    }
}

/// A value as a reader writes it: `yes`/`no` for a yes-no field, text as it is.
fn value_words(kind: FieldType, value: &Value) -> String {
    match value {
        Value::Bool(b) if kind == FieldType::YesNo => if *b { "yes" } else { "no" }.to_string(),
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What each marked area shows: its field's label, and a short example when the field has one.
fn labels(project: &Project, policy: &ModelPolicy) -> BTreeMap<String, (String, Option<String>)> {
    let mut labels: BTreeMap<String, (String, Option<String>)> = marker_help(project, policy)
        .into_keys()
        .map(|name| (name.clone(), (name, None)))
        .collect();
    for field in &policy.meta.fields {
        let example = field
            .example
            .as_ref()
            .filter(|_| !matches!(field.kind, FieldType::Markdown | FieldType::YesNo))
            .map(|v| value_words(field.kind, v))
            .filter(|e| !e.is_empty() && e.chars().count() <= 80 && !e.contains('\n'));
        labels.insert(
            format!("fields.{}", field.name()),
            (field.name().to_string(), example),
        );
    }
    labels
}

/// Replaces contextual-area markers in preview HTML with visible marks naming the field.
pub fn mark_fields(html: &str, labels: &BTreeMap<String, (String, Option<String>)>) -> String {
    // A marker inside an attribute (a link target) cannot hold markup: point it nowhere.
    let mut cleaned = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("href=\"") {
        let (before, after) = rest.split_at(start + 6);
        cleaned.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        if value.contains(MARK_OPEN) {
            cleaned.push('#');
        } else {
            cleaned.push_str(value);
        }
        rest = &after[end..];
    }
    cleaned.push_str(rest);
    // Elsewhere in a tag (a link's title) a marker becomes the field's plain name; in the
    // text, a mark.
    let mut out = String::with_capacity(cleaned.len());
    let mut in_tag = false;
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find(['<', '>', MARK_OPEN, MARK_CLOSE]) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(c) = after.chars().next() else { break };
        rest = &after[c.len_utf8()..];
        match c {
            '<' | '>' => {
                in_tag = c == '<';
                out.push(c);
            }
            MARK_OPEN => {
                let Some(end) = rest.find(MARK_CLOSE) else {
                    continue;
                };
                let name = &rest[..end];
                rest = &rest[end + MARK_CLOSE.len_utf8()..];
                let (label, example) = labels
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| (name.to_string(), None));
                if in_tag {
                    out.push_str(&escape_html(&label));
                    continue;
                }
                let example = example.map_or(String::new(), |e| {
                    format!(
                        " <span class=\"field-example\">e.g. {}</span>",
                        escape_html(&e)
                    )
                });
                out.push_str(&format!(
                    "<mark class=\"context-field\"><span class=\"visually-hidden\">Filled in by each school: </span><span class=\"field-name\">{}</span>{example}</mark>",
                    escape_html(&label),
                ));
            }
            // A closing marker without its opening one.
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_in_a_tag_is_plain_text_and_in_the_text_a_labelled_mark() {
        let m = |n: &str| format!("{MARK_OPEN}{n}{MARK_CLOSE}");
        let html = format!(
            "<p><a href=\"{}\" title=\"{}\">{}</a> stray {MARK_CLOSE} and {MARK_OPEN}open</p>",
            m("school.website"),
            m("fields.lead"),
            m("fields.lead")
        );
        let labels = BTreeMap::from([(
            "fields.lead".to_string(),
            ("lead".to_string(), Some("Deputy <Head>".to_string())),
        )]);
        assert_eq!(
            mark_fields(&html, &labels),
            "<p><a href=\"#\" title=\"lead\"><mark class=\"context-field\"><span class=\"visually-hidden\">Filled in by each school: </span><span class=\"field-name\">lead</span> <span class=\"field-example\">e.g. Deputy &lt;Head&gt;</span></mark></a> stray  and open</p>"
        );
    }
}

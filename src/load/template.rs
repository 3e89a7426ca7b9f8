//! How the loaded model looks to a template: the one context (`trust`, `school`, `policy`,
//! `fields`) a policy body is rendered with (by [`crate::assemble`]), and with which each field's
//! help text and example are rendered once, as the model is read, so every command, page and
//! message shows them rendered.

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{ModelPolicy, School, Trust, position_of};
use crate::values;

/// The trust as a template sees it.
pub fn trust_value(trust: Option<&Trust>) -> Value {
    let mut v = trust_words(trust);
    if trust.is_some() {
        values::escape_tree(&mut v, "");
    }
    v
}

/// The trust's words as they are (for plain text such as help texts, not Markdown).
fn trust_words(trust: Option<&Trust>) -> Value {
    match trust {
        Some(t) => {
            let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.remove("dir");
            }
            v
        }
        None => {
            json!({"id": "", "name": "", "short_name": "", "board": "", "local_body": "Local Governing Body", "local_body_short": "LGB"})
        }
    }
}

/// The school as a template sees it (values escaped: a school's words are data).
pub fn school_value(school: &School) -> Value {
    let mut v = serde_json::to_value(school).unwrap_or(Value::Null);
    values::escape_tree(&mut v, "");
    v
}

pub fn policy_value(policy: &ModelPolicy) -> Value {
    let mut v = policy_words(policy);
    values::escape_tree(&mut v, "");
    v
}

fn policy_words(policy: &ModelPolicy) -> Value {
    json!({
        "id": policy.id(),
        "title": policy.meta.title,
        "version": policy.version(),
        "review_cycle_months": policy.meta.review_cycle_months,
        "audience": policy.meta.audience,
        "summary": policy.meta.summary.clone().unwrap_or_default(),
    })
}

/// The template context of a policy body.
pub fn context(
    trust: Value,
    school: Value,
    policy: Value,
    fields: Map<String, Value>,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("trust", &trust);
    ctx.insert("school", &school);
    ctx.insert("policy", &policy);
    ctx.insert("fields", &Value::Object(fields));
    ctx
}

/// Renders every field's help text and example (where they hold a template expression) through
/// the body's context, with the trust's and the policy's words as they are (help is plain text,
/// not Markdown). A help text is written once per model, for every school, so `school` and
/// `fields` are not in its context.
pub fn render_help(
    policies: &mut [ModelPolicy],
    trusts: &[Trust],
    schools: &[School],
    problems: &mut Diagnostics,
) {
    for policy in policies {
        let trust_id = policy.trust.clone().or_else(|| {
            // A school's local policy: `schools/<school>/local/<policy>.md` speaks for its trust.
            let school = policy.file.components().nth(1)?;
            let school = school.as_os_str().to_str()?;
            let school = schools.iter().find(|s| s.id == school)?;
            school.trust_id().map(str::to_string)
        });
        let trust = trust_id.and_then(|id| trusts.iter().find(|t| t.id() == id));
        let ctx = context(
            trust_words(trust),
            Value::Null,
            policy_words(policy),
            Map::new(),
        );
        let file = policy.file.clone();
        for field in &mut policy.meta.fields {
            let at = position_of(&field.name);
            let name = field.name().to_string();
            let mut render = |text: &mut String, what: &str| {
                if !(text.contains("{{") || text.contains("{%") || text.contains("{#")) {
                    return;
                }
                match tera::Tera::one_off(text, &ctx, false) {
                    Ok(done) => *text = done,
                    Err(e) => {
                        let mut why = e.to_string();
                        let mut source = std::error::Error::source(&e);
                        while let Some(s) = source {
                            why = s.to_string();
                            source = s.source();
                        }
                        problems.push(
                            Diagnostic::error(
                                &file,
                                at,
                                format!("the {what} of field `{name}` cannot be rendered: {why}"),
                            )
                            .with_hint("help texts and examples may use `trust.*` and `policy.*` (such as `{{ trust.local_body_short }}`); school values differ from school to school"),
                        );
                    }
                }
            };
            render(&mut field.help, "help text");
            match &mut field.example {
                Some(Value::String(s)) => render(s, "example"),
                Some(Value::Array(items)) => {
                    for item in items {
                        if let Value::String(s) = item {
                            render(s, "example");
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

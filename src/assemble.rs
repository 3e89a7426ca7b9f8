//! School values + model template -> merged Markdown, per school and policy (and model previews).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Position};
use crate::load::Project;
pub use crate::load::template::{context, policy_value, school_value, trust_value};
use crate::model::{Adoption, ContextField, FieldType, ModelPolicy, School, position_of};
use crate::values;

pub mod drawn;

/// A school's policy text with every contextual area filled.
#[derive(Debug, Clone)]
pub struct Merged {
    pub markdown: String,
    /// Required fields the school has not filled yet (the adoption is still `populating`).
    pub missing: Vec<String>,
}

/// Markers that stand for a contextual area in a model preview; they survive Markdown untouched.
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

fn marker(name: &str) -> String {
    format!("{MARK_OPEN}{name}{MARK_CLOSE}")
}

/// A model's body compiled as a template, kept with the model: a trust's schools all merge
/// their texts from the same models, and compiling was most of a merge's time. It keeps the
/// text it was compiled from, so a changed body is never rendered from an older compilation.
#[derive(Clone, Default)]
pub struct CompiledBody(std::sync::OnceLock<Compiled>);

#[derive(Clone)]
struct Compiled {
    source: String,
    file: std::path::PathBuf,
    name: String,
    template: Result<std::sync::Arc<tera::Tera>, Diagnostic>,
}

impl std::fmt::Debug for CompiledBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompiledBody")
    }
}

fn compile(policy: &ModelPolicy) -> Compiled {
    let name = policy.file.display().to_string();
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    let template = tera
        .add_raw_template(&name, &policy.body)
        .map(|_| std::sync::Arc::new(tera))
        .map_err(|e| template_diagnostic(policy, &e));
    Compiled {
        source: policy.body.clone(),
        file: policy.file.clone(),
        name,
        template,
    }
}

/// Renders a policy body with the given context, mapping template errors to the policy's file.
pub fn render_body(policy: &ModelPolicy, context: &tera::Context) -> Result<String, Diagnostic> {
    let kept = policy.compiled.0.get_or_init(|| compile(policy));
    let fresh;
    let compiled = if kept.source == policy.body && kept.file == policy.file {
        kept
    } else {
        fresh = compile(policy);
        &fresh
    };
    let tera = compiled.template.as_ref().map_err(Clone::clone)?;
    tera.render(&compiled.name, context)
        .map_err(|e| template_diagnostic(policy, &e))
}

/// The first `{% if %}`, `{% for %}`, ... of `body` without its end tag, or an unclosed
/// `{{`/`{%`: 1-based line and column within the body, and the tag's words.
fn unclosed_tag(body: &str) -> Option<(usize, usize, String)> {
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut rest = body;
    let mut offset = 0;
    while let Some(i) = rest.find(['{']) {
        let after = &rest[i..];
        let (closer, is_block) = if after.starts_with("{%") {
            ("%}", true)
        } else if after.starts_with("{{") {
            ("}}", false)
        } else {
            offset += i + 1;
            rest = &rest[i + 1..];
            continue;
        };
        let Some(end) = after.find(closer) else {
            let words: String = after.chars().take(20).collect();
            return Some((0, offset + i, words)).map(|(_, at, w)| {
                let p = Position::of_offset(body, at);
                (p.line, p.column, w)
            });
        };
        if is_block {
            let inner = after[2..end].trim().trim_matches('-').trim();
            let word = inner.split_whitespace().next().unwrap_or("");
            match word {
                "if" | "for" | "block" | "macro" | "filter" | "raw" | "set_global_block" => {
                    open.push((offset + i, inner.to_string()));
                }
                w if w.starts_with("end") => {
                    open.pop();
                }
                _ => {}
            }
        }
        offset += i + end + 2;
        rest = &after[end + 2..];
    }
    open.first().map(|(at, words)| {
        let p = Position::of_offset(body, *at);
        (p.line, p.column, words.clone())
    })
}

fn template_diagnostic(policy: &ModelPolicy, error: &tera::Error) -> Diagnostic {
    let (message, span, syntax) = match error.kind() {
        tera::ErrorKind::SyntaxError(r) => (r.message().to_string(), Some(r.span().clone()), true),
        tera::ErrorKind::RenderingError(r) => {
            (r.message().to_string(), Some(r.span().clone()), false)
        }
        other => (other.to_string(), None, false),
    };
    let at = span.map_or(Position::new(policy.body_line, 1), |s| {
        Position::new(
            policy.body_line + s.start_line.saturating_sub(1),
            s.start_col + 1,
        )
    });
    // "Unexpected end of input" points past the last line: the tag never closed is the fault.
    let (at, message) = match unclosed_tag(&policy.body) {
        Some((line, col, tag)) if syntax && message.contains("end of input") => (
            Position::new(policy.body_line + line - 1, col),
            format!("`{{% {tag} %}}` is never closed"),
        ),
        _ => (at, message),
    };
    let hint = if syntax {
        "check the `{{ ... }}` and `{% ... %}` tags on this line: each must be closed, and every `{% if %}` or `{% for %}` needs its `{% endif %}` or `{% endfor %}`".to_string()
    } else if message.contains("not found")
        || message.contains("not defined")
        || message.contains("undefined")
        || message.contains("Undefined")
    {
        let fields: Vec<&str> = policy.meta.fields.iter().map(|f| f.name()).collect();
        let drawn: Vec<String> = policy
            .meta
            .draws_on
            .iter()
            .map(|id| format!("`policies.{}.*`", drawn::template_key(&id.value)))
            .collect();
        format!(
            "a template can use `trust.*`, `school.*` (name, head_title, urn, website, address, contacts, social_media, phase), `policy.*`, `fields.*` ({}){}; declare a new contextual field under `fields:` in the front matter",
            if fields.is_empty() {
                "none declared".to_string()
            } else {
                fields.join(", ")
            },
            if drawn.is_empty() {
                " and, with `draws_on: [<policy>]`, `policies.<policy>.*`".to_string()
            } else {
                format!(" and {}", drawn.join(", "))
            }
        )
    } else {
        "fix the template expression on this line".to_string()
    };
    let kind = if syntax {
        "template syntax error"
    } else {
        "template error"
    };
    Diagnostic::error(&policy.file, at, format!("{kind}: {message}")).with_hint(hint)
}

/// The values of an adoption as the template sees them, with every problem found.
pub fn field_values(
    policy: &ModelPolicy,
    adoption: &Adoption,
) -> (Map<String, Value>, Vec<String>, Vec<Diagnostic>) {
    let mut out = Map::new();
    let mut missing = Vec::new();
    let mut problems = Vec::new();
    let known: Vec<&str> = policy.meta.fields.iter().map(ContextField::name).collect();
    for (name, value) in &adoption.values {
        if policy.field(name).is_none() {
            let hint = match crate::load::yaml::nearest(name, &known) {
                Some(n) => format!(
                    "did you mean `{n}`? {} has the fields: {}",
                    policy.meta.title,
                    known.join(", ")
                ),
                None => format!(
                    "remove it; {} has the fields: {}",
                    policy.meta.title,
                    known.join(", ")
                ),
            };
            problems.push(
                Diagnostic::error(
                    &adoption.file,
                    field_key_position(value),
                    format!("unknown field `{name}`"),
                )
                .with_hint(hint),
            );
        }
    }
    for field in &policy.meta.fields {
        let given = adoption
            .values
            .get(field.name())
            .filter(|v| !is_blank(&v.value));
        match given {
            Some(v) => match values::check(field, &v.value) {
                Ok(checked) => {
                    out.insert(field.name().to_string(), checked);
                }
                Err(p) => problems.push(
                    Diagnostic::error(&adoption.file, position_of(v), p.message).with_hint(p.hint),
                ),
            },
            None => match &field.default {
                Some(default) => match values::check(field, default) {
                    Ok(checked) => {
                        out.insert(field.name().to_string(), checked);
                    }
                    Err(p) => problems.push(Diagnostic::error(
                        &policy.file,
                        position_of(&field.name),
                        format!("the default of `{}` is wrong: {}", field.name(), p.message),
                    )),
                },
                None if field.required => {
                    missing.push(field.name().to_string());
                    out.insert(field.name().to_string(), placeholder(field));
                }
                None => {
                    out.insert(field.name().to_string(), empty(field));
                }
            },
        }
    }
    (out, missing, problems)
}

/// An empty answer counts as not filled in: `""`, `[]` or nothing after the colon.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// serde-saphyr points at the value; the key is on the same line for scalars.
fn field_key_position(value: &serde_saphyr::Spanned<Value>) -> Position {
    let at = position_of(value);
    Position::new(at.line, 3.min(at.column))
}

fn empty(field: &ContextField) -> Value {
    match field.kind {
        FieldType::List => Value::Array(Vec::new()),
        FieldType::YesNo => Value::Bool(false),
        _ => Value::String(String::new()),
    }
}

/// What an unfilled required field shows in a draft: a visible gap, never a silent blank.
fn placeholder(field: &ContextField) -> Value {
    let text = format!("\\[to be completed: {}\\]", field.name());
    match field.kind {
        FieldType::List => Value::Array(vec![Value::String(text)]),
        FieldType::YesNo => Value::Bool(false),
        _ => Value::String(text),
    }
}

/// Merges a school's values into its policy. Template and value problems come back as diagnostics.
pub fn merge(
    project: &Project,
    school: &School,
    policy: &ModelPolicy,
    adoption: &Adoption,
) -> Result<Merged, Vec<Diagnostic>> {
    let (fields, mut missing, mut problems) = field_values(policy, adoption);
    let drawn = drawn::for_school(project, school, policy);
    if let Err(more) = &drawn {
        problems.extend(more.iter().cloned());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let trust = school.trust_id().and_then(|t| project.trust(t));
    let mut ctx = context(
        trust_value(trust),
        school_value(school),
        policy_value(policy),
        fields,
    );
    if let Ok(drawn) = drawn
        && !policy.meta.draws_on.is_empty()
    {
        ctx.insert("policies", &Value::Object(drawn.policies));
        missing.extend(drawn.extra);
    }
    let markdown = render_body(policy, &ctx).map_err(|d| vec![d])?;
    Ok(Merged {
        markdown: normalise(&markdown),
        missing,
    })
}

/// One trailing newline, no trailing spaces: so a re-save in an editor never looks like a change.
pub fn normalise(text: &str) -> String {
    let mut out: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    format!("{}\n", out.trim())
}

/// A model policy with every contextual area replaced by a marker naming its field.
pub fn preview(project: &Project, policy: &ModelPolicy) -> Result<String, Diagnostic> {
    let trust = policy.trust.as_deref().and_then(|t| project.trust(t));
    let mut fields = Map::new();
    for field in &policy.meta.fields {
        let m = marker(&format!("fields.{}", field.name()));
        fields.insert(field.name().to_string(), marker_value(field, m));
    }
    let drawn = drawn::for_preview(project, policy)?.policies;
    let school = json!({
        "id": marker("school.id"),
        "name": marker("school.name"),
        "trust": trust.map(|t| t.id().to_string()),
        "phase": marker("school.phase"),
        "urn": marker("school.urn"),
        "website": marker("school.website"),
        "head_title": marker("school.head_title"),
        "address": marker("school.address"),
        "contacts": {
            "office_email": marker("school.contacts.office_email"),
            "office_phone": marker("school.contacts.office_phone"),
            "dsl": marker("school.contacts.dsl"),
            "complaints": marker("school.contacts.complaints"),
        },
        "social_media": [{"platform": marker("school.social_media.platform"), "url": marker("school.social_media.url"), "handle": marker("school.social_media.handle")}],
        "logo": null,
    });
    let mut ctx = context(trust_value(trust), school, policy_value(policy), fields);
    if !policy.meta.draws_on.is_empty() {
        ctx.insert("policies", &Value::Object(drawn));
    }
    render_body(policy, &ctx).map(|m| normalise(&m))
}

/// A field's marker as its type holds it: a list of one marker, or a marker.
fn marker_value(field: &ContextField, m: String) -> Value {
    match field.kind {
        FieldType::List => Value::Array(vec![Value::String(m)]),
        FieldType::YesNo => Value::Bool(true),
        _ => Value::String(m),
    }
}

/// Help text for each marker name in a preview.
pub fn marker_help(project: &Project, policy: &ModelPolicy) -> BTreeMap<String, String> {
    let mut help: BTreeMap<String, String> = [
        ("school.id", "The school's short id (its folder name)."),
        ("school.name", "The school's full name, from school.yaml."),
        ("school.phase", "The school's phase, from school.yaml."),
        ("school.urn", "The school's DfE unique reference number."),
        ("school.website", "The school's website address."),
        (
            "school.head_title",
            "What the school calls its head: Headteacher, Principal, Head of School.",
        ),
        ("school.address", "The school's postal address."),
        (
            "school.contacts.office_email",
            "The school office's email address.",
        ),
        (
            "school.contacts.office_phone",
            "The school office's telephone number.",
        ),
        (
            "school.contacts.dsl",
            "The role of the designated safeguarding lead.",
        ),
        (
            "school.contacts.complaints",
            "Who handles complaints, by role.",
        ),
        (
            "school.social_media.platform",
            "Each official social media account: its platform.",
        ),
        (
            "school.social_media.url",
            "Each official social media account: its address.",
        ),
        (
            "school.social_media.handle",
            "Each official social media account: its handle.",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for field in &policy.meta.fields {
        help.insert(format!("fields.{}", field.name()), field.help.clone());
    }
    if let Ok(drawn) = drawn::for_preview(project, policy) {
        help.extend(drawn.extra);
    }
    help
}

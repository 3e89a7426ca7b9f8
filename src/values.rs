//! What a school types, checked against a field's type and made safe to put into Markdown.

use serde_json::Value;

use crate::dates;
use crate::model::{ContextField, FieldType};

/// Why a value does not fit its field: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    pub message: String,
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> ValueProblem {
    ValueProblem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Checks `value` against `field` and returns what the template sees.
pub fn check(field: &ContextField, value: &Value) -> Result<Value, ValueProblem> {
    let name = field.name();
    let example = field
        .example
        .as_ref()
        .map(|e| format!(" For example: `{name}: {}`", display(e)))
        .unwrap_or_default();
    let wrong_type = || {
        problem(
            format!(
                "`{name}` should be {}, not {}",
                field.kind.describe(),
                describe_value(value)
            ),
            format!("{}{example}", field.help),
        )
    };
    match field.kind {
        FieldType::Text
        | FieldType::Email
        | FieldType::Url
        | FieldType::Phone
        | FieldType::Choice => {
            let text = scalar_text(value).ok_or_else(wrong_type)?;
            match field.kind {
                FieldType::Email => check_email(&text)
                    .map_err(|m| problem(m, format!("{}{example}", field.help)))?,
                FieldType::Url => {
                    check_url(&text).map_err(|m| problem(m, format!("{}{example}", field.help)))?
                }
                FieldType::Phone => check_phone(&text)
                    .map_err(|m| problem(m, format!("{}{example}", field.help)))?,
                FieldType::Choice if !field.choices.iter().any(|c| c == &text) => {
                    let near = crate::load::yaml::nearest(
                        &text,
                        &field.choices.iter().map(String::as_str).collect::<Vec<_>>(),
                    );
                    return Err(problem(
                        format!("`{text}` is not one of the choices for `{name}`"),
                        match near {
                            Some(n) => format!(
                                "did you mean `{n}`? The choices are: {}",
                                field.choices.join(", ")
                            ),
                            None => format!("choose one of: {}", field.choices.join(", ")),
                        },
                    ));
                }
                _ => {}
            }
            if field.kind == FieldType::Url {
                Ok(Value::String(text))
            } else {
                Ok(Value::String(escape_inline(&text)))
            }
        }
        FieldType::Markdown => {
            let text = scalar_text(value).ok_or_else(wrong_type)?;
            Ok(Value::String(text))
        }
        FieldType::Date => {
            let text = scalar_text(value).ok_or_else(wrong_type)?;
            let date = dates::parse(&text).ok_or_else(|| {
                problem(
                    format!("`{text}` is not a date: {}", dates::explain(&text)),
                    format!("write the date as YYYY-MM-DD, for example 2025-09-01 for 1 September 2025. {}", field.help),
                )
            })?;
            Ok(Value::String(dates::british(date)))
        }
        FieldType::List => {
            let items = match value {
                Value::Array(items) => items,
                _ => return Err(wrong_type()),
            };
            let mut out = Vec::new();
            for item in items {
                let text = scalar_text(item).ok_or_else(wrong_type)?;
                out.push(Value::String(escape_inline(&text)));
            }
            Ok(Value::Array(out))
        }
        FieldType::YesNo => match yes_no(value) {
            Some(b) => Ok(Value::Bool(b)),
            None => Err(problem(
                format!(
                    "`{name}` should be yes or no, not {}",
                    describe_value(value)
                ),
                format!("write `{name}: yes` or `{name}: no`. {}", field.help),
            )),
        },
    }
}

/// A yes/no answer: `yes`/`no` or `true`/`false`, in any case.
pub fn yes_no(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe_value(value: &Value) -> String {
    match value {
        Value::Null => "an empty value".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a group of fields".to_string(),
    }
}

pub fn check_email(text: &str) -> Result<(), String> {
    let (local, domain) = text
        .split_once('@')
        .ok_or_else(|| format!("`{text}` is not an email address: it has no `@`"))?;
    if local.is_empty() || !domain.contains('.') || text.chars().any(char::is_whitespace) {
        return Err(format!("`{text}` is not a complete email address"));
    }
    Ok(())
}

/// A number a phone can dial from the text: UK (`01632 960000`, `+44 1632 960000`) or
/// international (`+353 1 234 5678`), with spaces, hyphens or brackets between the digits.
pub fn check_phone(text: &str) -> Result<(), String> {
    if crate::contacts::phone_href(text).is_some() {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a telephone number a phone can dial: write it with its area code, such as 01632 960000, or as +44 1632 960000"
        ))
    }
}

pub fn check_url(text: &str) -> Result<(), String> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return Err(format!(
            "`{text}` is not a full web address: it must start with https://"
        ));
    }
    if text.len() <= "https://".len()
        || text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '(' | ')'))
    {
        return Err(format!(
            "`{text}` is not a valid web address: it contains spaces, quotes, brackets or angle brackets"
        ));
    }
    Ok(())
}

/// Makes typed text literal in Markdown: no emphasis, links, HTML or entities can come of it.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '{'
            | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes every string inside `value`, except web addresses (checked separately).
pub fn escape_tree(value: &mut Value, key: &str) {
    match value {
        Value::String(s) if !(key == "url" || key == "website" || key == "logo") => {
            *s = escape_inline(s);
        }
        Value::Array(items) => items.iter_mut().for_each(|v| escape_tree(v, key)),
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| escape_tree(v, k)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_literal() {
        assert_eq!(escape_inline("<script>"), "\\<script\\>");
        assert_eq!(escape_inline("a *b* [c](d)"), "a \\*b\\* \\[c\\](d)");
    }

    #[test]
    fn emails_and_urls() {
        assert!(check_email("office.example.org").is_err());
        assert!(check_email("office@example.org").is_ok());
        assert!(check_url("www.example.org").is_err());
        assert!(check_url("https://www.example.org/a").is_ok());
        assert!(check_url("https://x.org/<script>").is_err());
        assert!(check_phone("01632 960000").is_ok());
        assert!(check_phone("+44 (0)1632 960000").is_ok());
        assert!(check_phone("extension 42").is_err());
        assert!(check_phone("01632").is_err());
    }
}

//! A value the clerk typed, written as the YAML of an adoption file's entry so that it reads
//! back as exactly that value: plain when unambiguous, a `|` block for Markdown, escapes for
//! characters YAML cannot hold plainly.

use serde_json::Value;

use crate::model::FieldType;

/// Words YAML would read as something other than text.
fn reads_as_other(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || lower.parse::<f64>().is_ok()
}

/// A single-line text as a YAML scalar: plain when that is unambiguous, else double-quoted.
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_alphabetic())
        && !text.ends_with(' ')
        && !reads_as_other(text)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " ,.'()/+&-".contains(c));
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// YAML's printable characters; anything else must be written as an escape.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A double-quoted YAML scalar that reads back as exactly `text`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Any value on one line, as YAML flow: what the form never sends, written so it reads back.
fn flow(value: &Value) -> String {
    match value {
        Value::String(s) => quoted(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// Can `text` be written as a `|` block, line for line?
fn fits_block(text: &str) -> bool {
    text.chars()
        .all(|c| c == '\n' || (printable(c) && c != '\r'))
        && !text
            .split('\n')
            .take_while(|l| l.trim().is_empty())
            .any(|l| !l.is_empty())
}

/// The lines of one entry, with the key line's comment kept.
pub fn render(
    name: &str,
    value: &Value,
    kind: FieldType,
    indent: usize,
    comment: Option<&str>,
) -> Vec<String> {
    let pad = " ".repeat(indent);
    let tail = comment.map(|c| format!(" {c}")).unwrap_or_default();
    match value {
        Value::Null => vec![format!(
            "{pad}{name}: {}{tail}",
            match kind {
                FieldType::List => "[]",
                _ => "\"\"",
            }
        )],
        Value::Bool(b) => vec![format!("{pad}{name}: {b}{tail}")],
        Value::Number(n) => vec![format!("{pad}{name}: {n}{tail}")],
        Value::String(s) if s.contains('\n') && fits_block(s.trim_end_matches('\n')) => {
            let s = s.trim_end_matches('\n');
            let inner = " ".repeat(indent + 2);
            let indicator = if s.starts_with(' ') { "2" } else { "" };
            let mut out = vec![format!("{pad}{name}: |{indicator}-{tail}")];
            for line in s.split('\n') {
                if line.is_empty() {
                    out.push(String::new());
                } else {
                    out.push(format!("{inner}{line}"));
                }
            }
            out
        }
        Value::String(s) if s.contains('\n') => vec![format!("{pad}{name}: {}{tail}", quoted(s))],
        Value::String(s) => vec![format!("{pad}{name}: {}{tail}", scalar(s))],
        Value::Array(items) if items.is_empty() => vec![format!("{pad}{name}: []{tail}")],
        Value::Array(items) => {
            let mut out = vec![format!("{pad}{name}:{tail}")];
            for item in items {
                let text = match item {
                    Value::String(s) if !s.contains('\n') => scalar(s),
                    other => flow(other),
                };
                out.push(format!("{pad}  - {text}"));
            }
            out
        }
        Value::Object(_) => vec![format!("{pad}{name}: {}{tail}", flow(value))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(scalar("Deputy Headteacher"), "Deputy Headteacher");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("1e3"), "\"1e3\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(quoted("\u{0}\u{7f}é"), "\"\\x00\\x7fé\"");
    }
}

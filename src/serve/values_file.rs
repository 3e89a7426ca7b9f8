//! Puts new values into an adoption file's `values:` block in place: only the entries whose
//! value changed are rewritten, so the clerk's comments, key order, other blocks and every
//! workflow record stay byte for byte as they were.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use serde_saphyr::Spanned;

use crate::model::{ContextField, FieldType};

use super::yaml_value::render;

/// The adoption file with the new values, and where each field's entry is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub text: String,
    /// Field name -> first and last line (1-based) of its entry in `text`.
    pub lines: BTreeMap<String, (usize, usize)>,
    /// Did any value change?
    pub changed: bool,
}

/// One `name: value` entry of the block, as line indexes (end exclusive).
#[derive(Debug)]
struct Entry {
    key: String,
    start: usize,
    end: usize,
}

#[derive(Debug)]
enum Header {
    /// `values:` followed by indented entries (or nothing).
    Block,
    /// `values: {}`.
    EmptyFlow,
}

#[derive(Debug)]
struct Block {
    header: usize,
    style: Header,
    comment: Option<String>,
    indent: usize,
    entries: Vec<Entry>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Splits a YAML line's value from a trailing `# comment` (outside quotes).
fn split_comment(value: &str) -> (&str, Option<&str>) {
    let trimmed = value.trim_start();
    let lead = value.len() - trimmed.len();
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    if let Some(&q) = bytes.first().filter(|b| **b == b'"' || **b == b'\'') {
        i = 1;
        while i < bytes.len() {
            if q == b'"' && bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i] == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                i += 1;
                break;
            }
            i += 1;
        }
    }
    if bytes.first() == Some(&b'#') {
        return ("", Some(trimmed));
    }
    while i < bytes.len() {
        if bytes[i] == b'#' && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
            let at = lead + i;
            return (value[..at].trim_end(), Some(&value[at..]));
        }
        i += 1;
    }
    (value.trim_end(), None)
}

/// The key of a `key: value` line at the start of `rest`, if it is one.
fn key_of(rest: &str) -> Option<String> {
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        let after = &quoted[end + 1..];
        return after
            .trim_start()
            .starts_with(':')
            .then(|| quoted[..end].to_string());
    }
    if let Some(quoted) = rest.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        let after = &quoted[end + 1..];
        return after
            .trim_start()
            .starts_with(':')
            .then(|| quoted[..end].to_string());
    }
    if rest.starts_with(['-', '#', '[', '{']) {
        return None;
    }
    let colon = rest
        .char_indices()
        .find(|&(i, c)| c == ':' && rest[i + 1..].chars().next().is_none_or(|n| n == ' '))
        .map(|(i, _)| i)?;
    Some(rest[..colon].trim_end().to_string())
}

fn is_top_level_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

fn find_block(lines: &[&str]) -> Result<Option<Block>, String> {
    let Some(header) = lines.iter().position(|l| is_top_level_key(l, "values")) else {
        return Ok(None);
    };
    let after = lines[header].split_once(':').map_or("", |(_, rest)| rest);
    let (value, comment) = split_comment(after);
    let style = match value.trim() {
        "" => Header::Block,
        "{}" => Header::EmptyFlow,
        _ => {
            return Err(
                "the `values:` of this file are written on one line, in braces; the desk edits only `values:` written one per line, as `policyforge context` prints them"
                    .to_string(),
            );
        }
    };
    let mut last = header;
    let mut j = header + 1;
    while j < lines.len() {
        let line = lines[j];
        if line.trim().is_empty() {
            j += 1;
            continue;
        }
        if line.starts_with('#') || (indent_of(line) == 0 && !line.starts_with('-')) {
            break;
        }
        if matches!(style, Header::EmptyFlow) || indent_of(line) == 0 {
            return Err(format!(
                "line {} of this file is not a `name: value` entry under `values:`",
                j + 1
            ));
        }
        last = j;
        j += 1;
    }
    let end = last + 1;
    let body = &lines[header + 1..end];
    let indent = body
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(2, |l| indent_of(l));
    let mut entries: Vec<Entry> = Vec::new();
    for (offset, line) in body.iter().enumerate() {
        let at = header + 1 + offset;
        let content = !line.trim().is_empty() && !line.trim_start().starts_with('#');
        if !content {
            continue;
        }
        if indent_of(line) == indent
            && let Some(key) = key_of(&line[indent..])
        {
            entries.push(Entry {
                key,
                start: at,
                end: at + 1,
            });
        } else if let Some(entry) = entries.last_mut() {
            entry.end = at + 1;
        } else {
            return Err(format!(
                "line {} of this file is indented more than the entries under `values:`",
                at + 1
            ));
        }
    }
    Ok(Some(Block {
        header,
        style,
        comment: comment.map(str::to_string),
        indent,
        entries,
    }))
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Do two values mean the same to `check`? (`123` and `"123"`, nothing and `""`, do.)
fn same(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            n.to_string() == *s
        }
        (a, b) if is_blank(a) && is_blank(b) => {
            std::mem::discriminant(a) == std::mem::discriminant(b)
                || matches!(a, Value::Null)
                || matches!(b, Value::Null)
        }
        (a, b) => a == b,
    }
}

/// Line endings as typed: `\r` dropped, so a pasted Windows text is stored as one.
fn normalised(value: &Value) -> Value {
    match value {
        Value::String(s) => {
            let s = s.replace("\r\n", "\n").replace('\r', "\n");
            Value::String(if s.contains('\n') {
                s.trim_end_matches('\n').to_string()
            } else {
                s
            })
        }
        Value::Array(items) => Value::Array(items.iter().map(normalised).collect()),
        other => other.clone(),
    }
}

/// Puts `new` (field name -> value, as the form sends them) into `text`.
/// Fields not in `fields` are ignored; entries of unknown keys already in the file are kept.
pub fn with_values(
    text: &str,
    fields: &[ContextField],
    current: &BTreeMap<String, Spanned<Value>>,
    new: &Map<String, Value>,
) -> Result<Edit, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.lines().collect();
    let block = find_block(&lines)?;
    let present: BTreeSet<&str> = block
        .as_ref()
        .map(|b| b.entries.iter().map(|e| e.key.as_str()).collect())
        .unwrap_or_default();
    let indent = block.as_ref().map_or(2, |b| b.indent);
    let mut replace: BTreeMap<&str, Value> = BTreeMap::new();
    let mut insert: Vec<(&ContextField, Value)> = Vec::new();
    for field in fields {
        let Some(value) = new.get(field.name()).map(normalised) else {
            continue;
        };
        let old = current.get(field.name()).map(|v| &v.value);
        if present.contains(field.name()) {
            let unchanged = old.is_some_and(|o| same(o, &value));
            let unset_yes_no = field.kind == FieldType::YesNo && value.is_null();
            if !(unchanged || unset_yes_no) {
                replace.insert(field.name(), value);
            }
        } else if !is_blank(&value) {
            insert.push((field, value));
        }
    }
    let changed = !replace.is_empty() || !insert.is_empty();
    let kind_of = |name: &str| {
        fields
            .iter()
            .find(|f| f.name() == name)
            .map_or(FieldType::Text, |f| f.kind)
    };
    // Output lines, each tagged with the entry it belongs to.
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let inserted = |out: &mut Vec<(String, Option<String>)>| {
        for (field, value) in &insert {
            for line in render(field.name(), value, field.kind, indent, None) {
                out.push((line, Some(field.name().to_string())));
            }
        }
    };
    match &block {
        Some(b) => {
            let mut i = 0;
            while i < lines.len() {
                if i == b.header {
                    let line = match (&b.style, &b.comment) {
                        (Header::EmptyFlow, Some(c)) => format!("values: {c}"),
                        (Header::EmptyFlow, None) => "values:".to_string(),
                        (Header::Block, _) => lines[i].to_string(),
                    };
                    out.push((line, None));
                    i += 1;
                    if b.entries.is_empty() {
                        inserted(&mut out);
                    }
                    continue;
                }
                if let Some(entry) = b.entries.iter().find(|e| e.start == i) {
                    match replace.get(entry.key.as_str()) {
                        Some(value) => {
                            let key_line = &lines[entry.start][b.indent..];
                            let after = key_line.split_once(':').map_or("", |(_, r)| r);
                            let (_, comment) = split_comment(after);
                            for line in
                                render(&entry.key, value, kind_of(&entry.key), b.indent, comment)
                            {
                                out.push((line, Some(entry.key.clone())));
                            }
                        }
                        None => {
                            for line in &lines[entry.start..entry.end] {
                                out.push((line.to_string(), Some(entry.key.clone())));
                            }
                        }
                    }
                    i = entry.end;
                    if b.entries
                        .last()
                        .is_some_and(|last| last.start == entry.start)
                    {
                        inserted(&mut out);
                    }
                    continue;
                }
                out.push((lines[i].to_string(), None));
                i += 1;
            }
        }
        None => {
            let at = lines
                .iter()
                .position(|l| {
                    is_top_level_key(l, "events")
                        || is_top_level_key(l, "approvals")
                        || l.starts_with("# Records below are written by policyforge")
                })
                .unwrap_or(lines.len());
            for line in &lines[..at] {
                out.push((line.to_string(), None));
            }
            if !insert.is_empty() {
                out.push(("values:".to_string(), None));
                inserted(&mut out);
            }
            for line in &lines[at..] {
                out.push((line.to_string(), None));
            }
        }
    }
    let mut positions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (index, (_, tag)) in out.iter().enumerate() {
        if let Some(key) = tag {
            let entry = positions
                .entry(key.clone())
                .or_insert((index + 1, index + 1));
            entry.1 = index + 1;
        }
    }
    let mut result = out
        .iter()
        .map(|(l, _)| l.as_str())
        .collect::<Vec<_>>()
        .join(eol);
    if !result.is_empty() {
        result.push_str(eol);
    }
    if !changed {
        result = text.to_string();
    }
    Ok(Edit {
        text: result,
        lines: positions,
        changed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn field(name: &str, kind: FieldType) -> ContextField {
        let at = serde_saphyr::Location::UNKNOWN;
        ContextField {
            name: Spanned::new(name.to_string(), at, at),
            kind,
            required: false,
            default: None,
            choices: Vec::new(),
            help: String::new(),
            example: None,
        }
    }

    fn current(text: &str) -> BTreeMap<String, Spanned<Value>> {
        crate::load::yaml::parse::<crate::model::Adoption>(text, Path::new("a.yaml"), 0, "")
            .map(|a| a.values)
            .unwrap_or_default()
    }

    fn edit(text: &str, fields: &[ContextField], new: Value) -> Edit {
        let Value::Object(new) = new else {
            unreachable!()
        };
        with_values(text, fields, &current(text), &new).unwrap()
    }

    #[test]
    fn changes_only_the_changed_entry() {
        let text = "# clerk's note\nmodel_version: 3\nvalues:\n  # who runs it\n  lead: Deputy Head # agreed at LGB\n  platforms:\n    - Facebook # main\n  start: 2025-09-01\nevents:\n- event: populated\n  date: 2025-01-01\n";
        let fields = [
            field("lead", FieldType::Text),
            field("platforms", FieldType::List),
            field("start", FieldType::Date),
        ];
        let out = edit(
            text,
            &fields,
            json!({"lead": "Headteacher", "platforms": ["Facebook"], "start": "2025-09-01"}),
        );
        assert_eq!(
            out.text,
            text.replace("lead: Deputy Head # agreed", "lead: Headteacher # agreed")
        );
        assert_eq!(out.lines["lead"], (5, 5));
        assert_eq!(out.lines["platforms"], (6, 7));
        assert!(out.changed);
    }

    #[test]
    fn unchanged_values_leave_the_file_as_it_was() {
        let text = "values:\n  a: \"x\"   # kept\n  b: 12\n";
        let fields = [field("a", FieldType::Text), field("b", FieldType::Text)];
        let out = edit(text, &fields, json!({"a": "x", "b": "12"}));
        assert_eq!(out.text, text);
        assert!(!out.changed);
    }

    #[test]
    fn new_fields_go_after_the_last_entry_and_lists_and_markdown_are_blocks() {
        let text = "model_version: 1\nvalues:\n  a: x\n\n# records\nevents: []\n";
        let fields = [
            field("a", FieldType::Text),
            field("items", FieldType::List),
            field("body", FieldType::Markdown),
            field("ok", FieldType::YesNo),
        ];
        let out = edit(
            text,
            &fields,
            json!({"a": "x", "items": ["one: two", "#3"], "body": "Line 1\n\n- point\n", "ok": true}),
        );
        assert_eq!(
            out.text,
            "model_version: 1\nvalues:\n  a: x\n  items:\n    - \"one: two\"\n    - \"#3\"\n  body: |-\n    Line 1\n\n    - point\n  ok: true\n\n# records\nevents: []\n"
        );
        let parsed = current(&out.text);
        assert_eq!(parsed["items"].value, json!(["one: two", "#3"]));
        assert_eq!(parsed["body"].value, json!("Line 1\n\n- point"));
        assert_eq!(parsed["ok"].value, json!(true));
    }

    #[test]
    fn a_file_without_values_gets_a_block_before_its_records() {
        let text = "model_version: 1\nevents:\n- event: populated\n  date: 2025-01-01\n";
        let out = edit(text, &[field("a", FieldType::Text)], json!({"a": "yes"}));
        assert_eq!(
            out.text,
            "model_version: 1\nvalues:\n  a: \"yes\"\nevents:\n- event: populated\n  date: 2025-01-01\n"
        );
        let text = "values: {} # none yet\n";
        let out = edit(text, &[field("a", FieldType::Text)], json!({"a": "b"}));
        assert_eq!(out.text, "values: # none yet\n  a: b\n");
    }

    #[test]
    fn hostile_text_stays_text() {
        for hostile in [
            "a: b",
            "- x",
            "'quoted'",
            "\"dq\"",
            "x # y",
            "true",
            "0x1F",
            "1e3",
            "&anchor",
            "*alias",
            "!!tag",
            "{ a: 1 }",
            "[1]",
            "|",
            "> folded",
            "%directive",
            "@at",
            "`tick`",
            "tab\there",
            "  leading",
            "trailing ",
            "ünïcödé ✓",
            "\u{1b}[31m",
            "\u{0}\u{7f}\u{85}\u{9f}\u{feff}\u{fffe}",
            "---",
            "...",
            "",
        ] {
            let out = edit(
                "values:\n  a: old\n",
                &[field("a", FieldType::Text)],
                json!({ "a": hostile }),
            );
            assert_eq!(
                current(&out.text)["a"].value,
                json!(hostile),
                "{hostile:?} became {}",
                out.text
            );
        }
        for hostile in [
            "  indented\nsecond",
            "a\n\n\nb",
            "x\n# not a comment\n- y",
            "\n   \nafter spaces",
            "nul\n\u{0} and \u{7f}",
            "tab\n\tindented",
        ] {
            let out = edit(
                "values:\n  a: old\nevents: []\n",
                &[field("a", FieldType::Markdown)],
                json!({ "a": hostile }),
            );
            assert_eq!(
                current(&out.text)["a"].value,
                json!(hostile),
                "{}",
                out.text
            );
        }
    }

    #[test]
    fn comments_with_hashes_in_quotes_are_not_comments() {
        assert_eq!(split_comment(" \"a # b\" # c"), (" \"a # b\"", Some("# c")));
        assert_eq!(split_comment(" plain#text"), (" plain#text", None));
        assert_eq!(split_comment(" 'it''s' # c"), (" 'it''s'", Some("# c")));
    }
}

//! Reading text files and YAML with positions, turning every failure into a diagnostic.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Position};

/// A text as policyforge reads it: LF line ends and no byte-order mark, whatever the editor or
/// git's `autocrlf` wrote. Fingerprints are taken of this form, so a Windows checkout verifies.
pub fn normalise_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

/// Reads a file as UTF-8 (LF line ends, no byte-order mark), saying where the first bad byte
/// is when it is not UTF-8.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| {
        Diagnostic::error(
            rel,
            Position::default(),
            format!("cannot read this file: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        Diagnostic::error(rel, Position::of_offset(&text, good), "this file is not UTF-8 text")
            .with_hint("open it in your editor and save it again with the UTF-8 encoding (in Word or Notepad: Save As, Encoding: UTF-8)")
    })?;
    Ok(normalise_text(&text))
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        leading_zero_numbers_as_strings: true,
    }
}

/// Parses YAML into `T`. `line_offset` is added to reported lines (front matter starts below `---`).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    rel: &Path,
    line_offset: usize,
    known_fields_hint: &str,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| yaml_diagnostic(&e, text, rel, line_offset, known_fields_hint))
}

fn yaml_diagnostic(
    e: &serde_saphyr::Error,
    text: &str,
    rel: &Path,
    line_offset: usize,
    known_fields_hint: &str,
) -> Diagnostic {
    let at = e.location().map_or(Position::new(1 + line_offset, 1), |l| {
        Position::new(l.line() as usize + line_offset, l.column() as usize)
    });
    let raw = e.to_string();
    let message = strip_location(&raw);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected
            .split_once("expected one of ")
            .or_else(|| expected.split_once("expected "))
            .map(|(_, list)| {
                list.split(',')
                    .map(|s| s.trim().trim_matches('`'))
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let hint = match nearest(field, &known) {
            Some(best) => format!(
                "did you mean `{best}`? Known fields here: {}",
                known.join(", ")
            ),
            None if !known.is_empty() => format!(
                "remove it, or use one of the known fields: {}",
                known.join(", ")
            ),
            None => format!("remove it. {known_fields_hint}"),
        };
        return Diagnostic::error(rel, at, format!("unknown field `{field}`")).with_hint(hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(rel, at, format!("missing field `{field}`")).with_hint(format!(
            "add a line `{field}: ...` here. {known_fields_hint}"
        ));
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .split_once(": ")
            .map_or("", |(_, k)| k.split(',').next().unwrap_or(""));
        return Diagnostic::error(rel, at, format!("`{key}` is given twice"))
            .with_hint("keep one of the two lines and delete the other");
    }
    let line_text = e
        .location()
        .and_then(|l| text.lines().nth((l.line() as usize).saturating_sub(1)))
        .unwrap_or("");
    if let Some(d) = plain_words(&message, line_text, rel, at) {
        return d;
    }
    if message.contains("tab")
        && let Some(tab) = first_indenting_tab(text, e.location().map_or(1, |l| l.line() as usize))
    {
        let at = Position::new(tab.0 + line_offset, tab.1);
        return Diagnostic::error(rel, at, "this line is indented with a tab")
            .with_hint("YAML is indented with spaces only: replace the tab with spaces");
    }
    let hint = if message.contains("tab") {
        "YAML is indented with spaces only: replace the tab with spaces".to_string()
    } else if message.contains("invalid type") || message.contains("expected") {
        format!("check the value's type. {known_fields_hint}")
    } else {
        "check the indentation and that every `[`, `{` and quote is closed on this line or just above it".to_string()
    };
    Diagnostic::error(rel, at, format!("this YAML cannot be read: {message}")).with_hint(hint)
}

/// The first tab in a line's indentation at or after line `from` (1-based), as (line, column);
/// the parser reports the scalar it was reading, which may be the line before the tab.
fn first_indenting_tab(text: &str, from: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            line[..indent].find('\t').map(|col| (i + 1, col + 1))
        })
}

/// The key and value written on a line such as `  review_months: twenty four # note`.
fn key_and_value(line: &str) -> (String, String) {
    let line = line.trim().trim_start_matches("- ");
    match line.split_once(':') {
        Some((key, value)) => {
            let value = value.trim();
            let value = if value.starts_with(['"', '\'']) {
                value
            } else {
                value.split(" #").next().unwrap_or(value).trim()
            };
            (
                key.trim().to_string(),
                value.trim_matches(['"', '\'']).to_string(),
            )
        }
        None => (String::new(), line.to_string()),
    }
}

/// Messages for the mistakes clerks make, in their words: a number, a yes/no or a colon.
fn plain_words(message: &str, line: &str, rel: &Path, at: Position) -> Option<Diagnostic> {
    let (key, value) = key_and_value(line);
    let number_expected = [
        "u8",
        "u16",
        "u32",
        "u64",
        "i32",
        "i64",
        "f32",
        "f64",
        "integer",
        "number",
        "floating point",
    ]
    .iter()
    .any(|t| {
        message.ends_with(&format!("invalid {t}"))
            || message.contains(&format!("expected {t}"))
            || message.contains(&format!("expected an {t}"))
            || message.contains(&format!("expected a {t}"))
    });
    if number_expected {
        let (what, like) = if key.contains("month") {
            ("a whole number of months", "24")
        } else if key.contains("days") {
            ("a whole number of days", "60")
        } else if key.ends_with("_mm") {
            ("a number of millimetres", "20")
        } else if key.contains("version") {
            ("a whole number", "2")
        } else {
            ("a whole number", "3")
        };
        let shown = if value.is_empty() {
            "an empty value".to_string()
        } else {
            format!("`{value}`")
        };
        return Some(
            Diagnostic::error(rel, at, format!("{shown} should be {what}, like {like}")).with_hint(
                format!(
                    "write it in digits, without quotes or units: `{} {like}`",
                    if key.is_empty() {
                        String::new()
                    } else {
                        format!("{key}:")
                    }
                ),
            ),
        );
    }
    if message.contains("invalid bool")
        || message.contains("expected a boolean")
        || message.contains("should be yes or no")
    {
        return Some(
            Diagnostic::error(rel, at, format!("`{value}` should be yes or no"))
                .with_hint(format!("write `{key}: yes` or `{key}: no`")),
        );
    }
    if message.contains("mapping values are not allowed")
        || message.contains("mapping value is not allowed")
    {
        return Some(
            Diagnostic::error(rel, at, "this value has a colon in it, and YAML reads a colon followed by a space as the start of a new field")
                .with_hint(format!(
                    "put the whole value in double quotes, like `{key}: \"{}\"`",
                    line.split_once(':').map_or("", |(_, v)| v.trim()).replace('"', "\\\"")
                )),
        );
    }
    if message.contains("null into")
        || (message.contains("invalid type: null") || message.contains("invalid type: unit"))
    {
        return Some(
            Diagnostic::error(rel, at, format!("`{key}` has no value"))
                .with_hint(format!("write the value after the colon, such as `{key}: ...`, or remove the line if it is optional")),
        );
    }
    if message.contains("expected sequence") || message.contains("expected a sequence") {
        return Some(
            Diagnostic::error(rel, at, format!("`{key}` should be a list"))
                .with_hint(format!("write one item per line under `{key}:`, each starting `- `, or in brackets: `{key}: [first, second]`")),
        );
    }
    if message.contains("expected mapping")
        || message.contains("expected a map")
        || message.contains("expected struct")
    {
        return Some(
            Diagnostic::error(rel, at, format!("`{key}` should be a group of fields, each on its own line below it"))
                .with_hint(format!("write `{key}:` alone on its line, then each field indented by two spaces, such as `  name: value`")),
        );
    }
    if message.contains("budget breached") {
        return Some(
            Diagnostic::error(rel, at, "this file is too large to read, or repeats its `&anchor`/`*alias` values too many times")
                .with_hint("write each value out plainly, without `&` and `*`"),
        );
    }
    if message.contains("recursion limit") {
        return Some(
            Diagnostic::error(
                rel,
                at,
                "the lists or groups on this line are nested too deeply to read",
            )
            .with_hint("check that every `[` and `{` is closed, or put the value in double quotes"),
        );
    }
    if message.contains("expected a string") || message.contains("expected string") {
        return Some(
            Diagnostic::error(rel, at, format!("`{key}` should be text")).with_hint(format!(
                "put the value in double quotes, like `{key}: \"{value}\"`"
            )),
        );
    }
    None
}

/// serde-saphyr appends " at line N, column M"; the diagnostic says that better.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = if first.starts_with("line ") {
        first.split_once(": ").map_or(first, |(_, rest)| rest)
    } else {
        first
    };
    first.to_string()
}

/// The closest known name, if any is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Splits `---` front matter from a Markdown file. Returns (yaml, body, body's first line).
pub fn split_front_matter<'a>(
    text: &'a str,
    rel: &Path,
) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(
            Diagnostic::error(rel, Position::new(1, 1), "this policy has no front matter")
                .with_hint("start the file with a line `---`, the policy's settings (id, title, version, ...), then another `---` line before the text"),
        );
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok((yaml, body, body_line));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(rel, Position::new(1, 1), "the front matter is never closed")
            .with_hint("add a line `---` after the policy's settings, before its text"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tab_is_found_in_the_indentation_after_the_reported_line() {
        let text = "a: 1\nb:\n  c: x\n\td: 2\n";
        assert_eq!(super::first_indenting_tab(text, 3), Some((4, 1)));
        assert_eq!(super::first_indenting_tab("a: 1\nb: x\ty\n", 1), None);
    }

    use super::*;

    #[test]
    fn suggests_nearest_field() {
        assert_eq!(nearest("nmae", &["name", "urn", "trust"]), Some("name"));
        assert_eq!(nearest("zzz", &["name", "urn"]), None);
    }

    #[test]
    fn front_matter_lines() {
        let (yaml, body, line) =
            split_front_matter("---\nid: a\ntitle: b\n---\nbody\n", Path::new("x.md")).unwrap();
        assert_eq!(yaml, "id: a\ntitle: b\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 5);
    }
}

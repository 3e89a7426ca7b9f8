//! "What changed": a word-level comparison of two approved texts.

use similar::{ChangeTag, TextDiff};

use crate::diagnostic::{Diagnostic, Position};
use crate::markdown::plain_words;
use crate::validate::Checked;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// Compares the words (not the Markdown) of two texts.
pub fn compare(old_markdown: &str, new_markdown: &str) -> Vec<Piece> {
    let old = plain_words(old_markdown);
    let new = plain_words(new_markdown);
    let diff = TextDiff::from_words(&old, &new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        let piece = match change.tag() {
            ChangeTag::Equal => Piece::Same(text),
            ChangeTag::Insert => Piece::Added(text),
            ChangeTag::Delete => Piece::Removed(text),
        };
        match (pieces.last_mut(), piece) {
            (Some(Piece::Same(a)), Piece::Same(b)) => a.push_str(&b),
            (Some(Piece::Added(a)), Piece::Added(b)) => a.push_str(&b),
            (Some(Piece::Removed(a)), Piece::Removed(b)) => a.push_str(&b),
            (_, p) => pieces.push(p),
        }
    }
    coalesce(pieces)
}

/// Joins changes separated only by spaces, so "[-Deputy Headteacher-]{+Office Manager+}" reads as
/// one replacement rather than a word-by-word interleave.
fn coalesce(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Piece::Added(std::mem::take(added)));
        }
    };
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Removed(t) => removed.push_str(t),
            Piece::Added(t) => added.push_str(t),
            Piece::Same(t) => {
                let pending = !removed.is_empty() || !added.is_empty();
                let bridges = t.chars().all(|c| c == ' ')
                    && pending
                    && matches!(pieces.get(i + 1), Some(Piece::Removed(_) | Piece::Added(_)));
                if bridges {
                    removed.push_str(t);
                    added.push_str(t);
                } else {
                    flush(&mut out, &mut removed, &mut added);
                    out.push(Piece::Same(t.clone()));
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

pub fn counts(pieces: &[Piece]) -> (usize, usize) {
    pieces.iter().fold((0, 0), |(a, r), p| match p {
        Piece::Added(t) => (a + t.split_whitespace().count(), r),
        Piece::Removed(t) => (a, r + t.split_whitespace().count()),
        Piece::Same(_) => (a, r),
    })
}

pub fn to_html(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Same(t) => out.push_str(&crate::markdown::escape_html(t)),
            Piece::Added(t) => {
                out.push_str("<ins>");
                out.push_str(&crate::markdown::escape_html(t));
                out.push_str("</ins>");
            }
            Piece::Removed(t) => {
                out.push_str("<del>");
                out.push_str(&crate::markdown::escape_html(t));
                out.push_str("</del>");
            }
        }
    }
    out
}

/// For a terminal: `[-removed-]{+added+}`, as `git diff --word-diff` shows it, only the
/// paragraphs that changed.
pub fn to_terminal(pieces: &[Piece]) -> String {
    let mut text = String::new();
    for p in pieces {
        match p {
            Piece::Same(t) => text.push_str(t),
            Piece::Added(t) => text.push_str(&format!("{{+{t}+}}")),
            Piece::Removed(t) => text.push_str(&format!("[-{t}-]")),
        }
    }
    // Keep the lines that hold a change, including those inside a change spanning paragraphs.
    let mut open = false;
    let mut changed: Vec<&str> = Vec::new();
    for line in text.lines() {
        let marked = line.contains("{+")
            || line.contains("[-")
            || line.contains("+}")
            || line.contains("-]");
        if open || marked {
            changed.push(line);
        }
        let opens = line.matches("{+").count() + line.matches("[-").count();
        let closes = line.matches("+}").count() + line.matches("-]").count();
        open = if opens > closes {
            true
        } else if closes > opens {
            false
        } else {
            open
        };
    }
    if changed.is_empty() {
        "No words changed.".to_string()
    } else {
        changed.join("\n\n")
    }
}

/// `policyforge diff`: the words that changed between two approved versions of a school's
/// policy (default: the last two), or between a version and the unapproved draft.
pub fn describe(
    checked: &Checked<'_>,
    school: &str,
    policy: &str,
    from: Option<u32>,
    to: Option<&str>,
) -> Result<String, Diagnostic> {
    let item = checked
        .adoptions
        .iter()
        .find(|a| a.school.id == school && a.policy.id() == policy)
        .ok_or_else(|| {
            if checked.project.school(school).is_none() {
                checked.project.unknown_school(school)
            } else {
                Diagnostic::error(
                    format!("schools/{school}/policies"),
                    Position::default(),
                    format!("{school} has no adoption of `{policy}`"),
                )
                .with_hint(format!(
                    "see `policyforge status --school {school}` for its policies"
                ))
            }
        })?;
    let problem = |message: String, hint: &str| {
        Diagnostic::error(&item.adoption.file, Position::new(1, 1), message).with_hint(hint)
    };
    let approved: Vec<String> = item
        .snapshots
        .iter()
        .map(|s| s.meta.version.to_string())
        .collect();
    let snapshot = |v: u32| {
        item.snapshots
            .iter()
            .find(|s| s.meta.version == v)
            .ok_or_else(|| {
                problem(
                    format!("there is no approved version {v}"),
                    &format!("approved versions: {}", approved.join(", ")),
                )
            })
    };
    let latest = || {
        item.snapshots.last().ok_or_else(|| {
            problem(
                "nothing has been approved yet, so there is nothing to compare with".to_string(),
                "approve a first version with `policyforge approve`",
            )
        })
    };
    let (older, newer_label, newer_text) =
        if to == Some("draft") || (to.is_none() && from.is_none() && item.snapshots.len() < 2) {
            let draft = item.draft.as_ref().ok_or_else(|| {
                problem(
                    "the draft cannot be merged".to_string(),
                    "run `policyforge check` to see why",
                )
            })?;
            let older = match from {
                Some(v) => snapshot(v)?,
                None => latest()?,
            };
            (
                older,
                "the current draft".to_string(),
                draft.markdown.as_str(),
            )
        } else {
            let newer = match to {
                Some(t) => snapshot(t.parse::<u32>().map_err(|_| {
                    problem(
                        format!("`{t}` is not a version number"),
                        "give a number, or `draft`",
                    )
                })?)?,
                None => latest()?,
            };
            let older = match from {
                Some(v) => snapshot(v)?,
                None => item
                    .snapshots
                    .iter()
                    .rev()
                    .find(|s| s.meta.version < newer.meta.version)
                    .ok_or_else(|| {
                        problem(
                            "there is no earlier version".to_string(),
                            "give two versions, or `draft`",
                        )
                    })?,
            };
            (
                older,
                format!("version {}", newer.meta.version),
                newer.markdown.as_str(),
            )
        };
    let pieces = compare(&older.markdown, newer_text);
    let (added, removed) = counts(&pieces);
    Ok(format!(
        "{} of {}: version {} -> {newer_label} ({added} words added, {removed} removed; [-removed-] {{+added+}})\n\n{}\n",
        item.policy.meta.title,
        item.school.name.value,
        older.meta.version,
        to_terminal(&pieces).trim_end()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_added_and_removed_words() {
        let pieces = compare(
            "The head reviews it yearly.\n",
            "The governors review it yearly.\n",
        );
        let text = to_terminal(&pieces);
        assert!(
            text.contains("[-head reviews-]") || text.contains("[-head-]"),
            "{text}"
        );
        assert!(text.contains("{+governors"), "{text}");
        assert_eq!(counts(&pieces), (2, 2));
    }
}

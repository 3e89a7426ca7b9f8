//! "What changed": a word-level comparison of two approved texts.

use similar::{ChangeTag, TextDiff};

use crate::markdown::plain_words;

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
    let changed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("{+") || l.contains("[-"))
        .collect();
    if changed.is_empty() {
        "No words changed.".to_string()
    } else {
        changed.join("\n\n")
    }
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

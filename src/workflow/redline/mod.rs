//! "What changed": two approved texts compared on their document trees, section by section.
//!
//! [`compare`] derives a [`Redline`] once: the sections that changed, under their numbered
//! headings, with lists kept as lists and the words added and removed marked. The "what changed"
//! page (`site::changes`) and `policyforge diff` ([`Comparison::to_terminal`]) both show it.

mod passages;
mod sections;
mod terminal;

use similar::{ChangeTag, TextDiff};

use crate::diagnostic::{Diagnostic, Position};
use crate::validate::Checked;

pub use passages::PassageKind;
pub use sections::{
    Change, ChangedSection, Redline, SectionHeading, Shown, ShownPassage, compare, compare_trees,
};
pub use terminal::TerminalStyle;

/// A stretch of words: the same in both texts, or only in the newer or older one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// Compares two passages' words.
pub fn word_pieces(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::from_words(old, new);
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
    outer_spaces(out)
}

/// Moves the spaces at the outer edges of a change into the unchanged words around it, so that
/// "{+Deputy +}Headteacher" reads "{+Deputy+} Headteacher".
fn outer_spaces(pieces: Vec<Piece>) -> Vec<Piece> {
    let changed = |p: Option<&Piece>| matches!(p, Some(Piece::Added(_) | Piece::Removed(_)));
    let mut out: Vec<Piece> = Vec::new();
    let mut carry = String::new();
    for i in 0..pieces.len() {
        let (before, after) = (
            i.checked_sub(1).and_then(|j| pieces.get(j)),
            pieces.get(i + 1),
        );
        let (text, rebuild): (&String, fn(String) -> Piece) = match &pieces[i] {
            Piece::Same(t) => {
                out.push(Piece::Same(format!("{}{t}", std::mem::take(&mut carry))));
                continue;
            }
            Piece::Added(t) => (t, Piece::Added),
            Piece::Removed(t) => (t, Piece::Removed),
        };
        let mut core = text.as_str();
        if !changed(before) {
            let trimmed = core.trim_start_matches(' ');
            let lead = &core[..core.len() - trimmed.len()];
            if !lead.is_empty() {
                match out.last_mut() {
                    Some(Piece::Same(s)) => s.push_str(lead),
                    _ => out.push(Piece::Same(lead.to_string())),
                }
            }
            core = trimmed;
        }
        if !changed(after) {
            let trimmed = core.trim_end_matches(' ');
            carry = core[trimmed.len()..].to_string();
            core = trimmed;
        }
        if !core.is_empty() {
            out.push(rebuild(core.to_string()));
        }
    }
    if !carry.is_empty() {
        out.push(Piece::Same(carry));
    }
    out
}

/// Words added and removed.
pub fn counts<'a>(pieces: impl IntoIterator<Item = &'a Piece>) -> (usize, usize) {
    pieces.into_iter().fold((0, 0), |(a, r), p| match p {
        Piece::Added(t) => (a + t.split_whitespace().count(), r),
        Piece::Removed(t) => (a, r + t.split_whitespace().count()),
        Piece::Same(_) => (a, r),
    })
}

/// What `policyforge diff` compared, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub policy_title: String,
    pub school_name: String,
    pub from_version: u32,
    /// "version 3" or "the current draft".
    pub to_label: String,
    pub redline: Redline,
}

/// `policyforge diff`: the words that changed between two approved versions of a school's
/// policy (default: the last two), or between a version and the unapproved draft.
pub fn describe(
    checked: &Checked<'_>,
    school: &str,
    policy: &str,
    from: Option<u32>,
    to: Option<&str>,
) -> Result<Comparison, Diagnostic> {
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
    Ok(Comparison {
        policy_title: item.policy.meta.title.clone(),
        school_name: item.school.name.value.clone(),
        from_version: older.meta.version,
        to_label: newer_label,
        redline: compare(&older.markdown, newer_text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_added_and_removed_words() {
        let pieces = word_pieces(
            "The head reviews it yearly.",
            "The governors review it yearly.",
        );
        assert_eq!(
            pieces,
            vec![
                Piece::Same("The ".into()),
                Piece::Removed("head reviews".into()),
                Piece::Added("governors review".into()),
                Piece::Same(" it yearly.".into()),
            ]
        );
        assert_eq!(counts(&pieces), (2, 2));
    }

    #[test]
    fn spaces_at_the_edges_of_a_change_stay_outside_it() {
        let pieces = word_pieces("by the Headteacher.", "by the Deputy Headteacher.");
        assert_eq!(
            pieces,
            vec![
                Piece::Same("by the ".into()),
                Piece::Added("Deputy".into()),
                Piece::Same(" Headteacher.".into()),
            ]
        );
    }
}

//! The comparison itself: two texts' passages aligned, changed passages compared word by word,
//! and the result grouped into the sections (under their headings) that changed, with a little
//! unchanged text around each change.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::markdown::Document;

use super::passages::{Passage, PassageKind, passages};
use super::{Piece, word_pieces};

/// How many unchanged passages are shown before and after a change.
const CONTEXT: usize = 1;

/// Two passages count as one changed passage (rather than one removed, one added) when at least
/// this share of their words is the same.
const SAME_PASSAGE: f32 = 0.5;

/// How far ahead a changed passage's counterpart is looked for, so that rewriting a whole long
/// policy costs passages × LOOKAHEAD comparisons, not passages².
const LOOKAHEAD: usize = 40;

/// "What changed" between two texts: derived once, shown on the web page and in the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redline {
    /// Only the sections that changed, in the order of the text.
    pub sections: Vec<ChangedSection>,
    pub words_added: usize,
    pub words_removed: usize,
    /// How many sections the newer text has (the text before the first heading counts as one).
    pub section_count: usize,
}

/// Whether a passage or section is new, gone, or the same thing with different words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Changed,
    Added,
    Removed,
}

/// One section that changed, under its heading as the policy numbers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSection {
    /// `None` for the text before the first heading.
    pub heading: Option<SectionHeading>,
    pub change: Change,
    /// The changed passages with their context; unchanged stretches left out are [`Shown::Gap`].
    pub shown: Vec<Shown>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHeading {
    /// Its words as the newer text has them (the older text's, for a removed section).
    pub text: String,
    /// The words with what changed in them marked.
    pub pieces: Vec<Piece>,
    /// The headings it sits under, outermost first ("3. Procedure" for "3.2 Stage one").
    pub trail: Vec<String>,
    /// Its anchor on the newer version's page; for a removed section, on the older's.
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Passage(ShownPassage),
    /// This many unchanged passages are left out here.
    Gap(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownPassage {
    pub kind: PassageKind,
    pub change: Change,
    /// One entry per table cell (one for everything else), each its words with changes marked.
    pub cells: Vec<Vec<Piece>>,
}

impl ChangedSection {
    /// What the section is called in a list of changes.
    pub fn title(&self) -> &str {
        self.heading
            .as_ref()
            .map_or("Opening text (before the first heading)", |h| {
                h.text.as_str()
            })
    }
}

/// One step of the aligned texts.
enum Step<'a> {
    Same(&'a Passage),
    Changed(&'a Passage, &'a Passage),
    Removed(&'a Passage),
    Added(&'a Passage),
}

impl Step<'_> {
    fn heading(&self) -> bool {
        match self {
            Step::Same(p) | Step::Removed(p) | Step::Added(p) | Step::Changed(_, p) => {
                p.is_heading()
            }
        }
    }

    fn change(&self) -> Change {
        match self {
            Step::Same(_) => Change::Same,
            Step::Changed(..) => Change::Changed,
            Step::Removed(_) => Change::Removed,
            Step::Added(_) => Change::Added,
        }
    }

    /// The passage as the reader of the newer text knows it (the older one if it is gone).
    fn passage(&self) -> &Passage {
        match self {
            Step::Same(p) | Step::Removed(p) | Step::Added(p) | Step::Changed(_, p) => p,
        }
    }

    fn cells(&self) -> Vec<Vec<Piece>> {
        let whole = |p: &Passage, f: fn(String) -> Piece| {
            p.cells.iter().map(|c| vec![f(c.clone())]).collect()
        };
        match self {
            Step::Same(p) => whole(p, Piece::Same),
            Step::Removed(p) => whole(p, Piece::Removed),
            Step::Added(p) => whole(p, Piece::Added),
            Step::Changed(old, new) => old
                .cells
                .iter()
                .zip(&new.cells)
                .map(|(a, b)| word_pieces(a, b))
                .collect(),
        }
    }
}

/// Compares two Markdown texts (as their pages show them, numbered) section by section.
pub fn compare(older: &str, newer: &str) -> Redline {
    compare_trees(
        &crate::numbering::shown(older).tree,
        &crate::numbering::shown(newer).tree,
    )
}

/// Compares two texts already numbered and parsed ([`crate::numbering::shown`]).
pub fn compare_trees(older: &Document, newer: &Document) -> Redline {
    let old = passages(older);
    let new = passages(newer);
    let steps = align(&old, &new);
    let section_count = new.iter().filter(|p| p.is_heading()).count()
        + usize::from(new.first().is_some_and(|p| !p.is_heading()));
    let mut redline = Redline {
        sections: Vec::new(),
        words_added: 0,
        words_removed: 0,
        section_count,
    };
    let mut trail: Vec<(u8, String)> = Vec::new();
    let mut start = 0;
    while start < steps.len() {
        let end = steps[start + 1..]
            .iter()
            .position(Step::heading)
            .map_or(steps.len(), |i| start + 1 + i);
        let section = &steps[start..end];
        let heading = section[0].heading().then(|| &section[0]);
        let within: Vec<String> = match heading {
            Some(h) => {
                let level = heading_level(h.passage());
                trail.retain(|(l, _)| *l < level);
                let outer = trail.iter().map(|(_, t)| t.clone()).collect();
                trail.push((level, h.passage().words()));
                outer
            }
            None => Vec::new(),
        };
        if let Some(changed) = changed_section(section, heading.is_some(), within) {
            redline.sections.push(changed);
        }
        start = end;
    }
    for section in &redline.sections {
        let heading = section.heading.iter().flat_map(|h| &h.pieces);
        let body = section.shown.iter().flat_map(|s| match s {
            Shown::Passage(p) => p.cells.iter().flatten().collect::<Vec<_>>(),
            Shown::Gap(_) => Vec::new(),
        });
        let (added, removed) = super::counts(heading.chain(body));
        redline.words_added += added;
        redline.words_removed += removed;
    }
    redline
}

fn heading_level(p: &Passage) -> u8 {
    match p.kind {
        PassageKind::Heading { level } => level,
        _ => 0,
    }
}

/// The section as shown, or `None` when nothing in it changed.
fn changed_section(
    steps: &[Step<'_>],
    has_heading: bool,
    trail: Vec<String>,
) -> Option<ChangedSection> {
    if steps.iter().all(|s| matches!(s, Step::Same(_))) {
        return None;
    }
    let (heading, body) = if has_heading {
        let h = &steps[0];
        let p = h.passage();
        (
            Some(SectionHeading {
                text: p.words(),
                pieces: h.cells().into_iter().flatten().collect(),
                trail,
                anchor: p
                    .heading
                    .as_ref()
                    .map(|place| place.anchor.clone())
                    .unwrap_or_default(),
            }),
            &steps[1..],
        )
    } else {
        (None, steps)
    };
    let whole = |c: Change| steps.iter().all(|s| s.change() == c);
    let change = if whole(Change::Added) {
        Change::Added
    } else if whole(Change::Removed) {
        Change::Removed
    } else {
        Change::Changed
    };
    // Which passages to show: every change and CONTEXT unchanged passages either side.
    let mut keep = vec![false; body.len()];
    for (i, step) in body.iter().enumerate() {
        if step.change() != Change::Same {
            let from = i.saturating_sub(CONTEXT);
            let to = (i + CONTEXT).min(body.len().saturating_sub(1));
            keep[from..=to].iter_mut().for_each(|k| *k = true);
        }
    }
    let mut shown = Vec::new();
    let mut left_out = 0;
    for (step, kept) in body.iter().zip(keep) {
        if !kept {
            left_out += 1;
            continue;
        }
        if left_out > 0 {
            shown.push(Shown::Gap(std::mem::take(&mut left_out)));
        }
        shown.push(Shown::Passage(ShownPassage {
            kind: step.passage().kind.clone(),
            change: step.change(),
            cells: step.cells(),
        }));
    }
    if left_out > 0 {
        shown.push(Shown::Gap(left_out));
    }
    Some(ChangedSection {
        heading,
        change,
        shown,
    })
}

/// Lines the two texts' passages up: the same passage, one changed in its words, or one only in
/// either text, in reading order.
fn align<'a>(old: &'a [Passage], new: &'a [Passage]) -> Vec<Step<'a>> {
    let old_keys: Vec<String> = old.iter().map(Passage::key).collect();
    let new_keys: Vec<String> = new.iter().map(Passage::key).collect();
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            // A renumbered heading matches; its new number is what a reader sees.
            DiffOp::Equal { new_index, len, .. } => {
                steps.extend(new[new_index..new_index + len].iter().map(Step::Same))
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => steps.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(Step::Removed),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => steps.extend(new[new_index..new_index + new_len].iter().map(Step::Added)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => pair(
                &old[old_index..old_index + old_len],
                &new[new_index..new_index + new_len],
                &mut steps,
            ),
        }
    }
    steps
}

/// Within a stretch that differs, pairs each older passage with the next newer one of its kind
/// whose words are mostly the same; the rest were removed or added.
fn pair<'a>(old: &'a [Passage], new: &'a [Passage], steps: &mut Vec<Step<'a>>) {
    let mut next = 0;
    for o in old {
        let found = (next..new.len().min(next + LOOKAHEAD)).find(|&j| {
            new[j].same_class(o)
                // A heading reworded in its place is the same section renamed.
                && ((o.is_heading() && j == next)
                    || similar::TextDiff::from_words(&o.words(), &new[j].words()).ratio()
                        >= SAME_PASSAGE)
        });
        match found {
            Some(j) => {
                steps.extend(new[next..j].iter().map(Step::Added));
                steps.push(Step::Changed(o, &new[j]));
                next = j + 1;
            }
            None => steps.push(Step::Removed(o)),
        }
    }
    steps.extend(new[next..].iter().map(Step::Added));
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "Opening words.\n\n## Aims\n\nWe listen.\n\n## Stages\n\n| Stage | Days |\n|---|---|\n| One | 5 |\n| Two | 10 |\n\n## Appeals\n\nWrite to the clerk.\n";

    #[test]
    fn a_new_section_renumbers_nothing_else() {
        let new = OLD.replace("## Stages", "## Contacts\n\nRing the office.\n\n## Stages");
        let r = compare(OLD, &new);
        assert_eq!(r.sections.len(), 1, "{r:#?}");
        let s = &r.sections[0];
        assert_eq!(s.change, Change::Added);
        assert_eq!(s.title(), "2. Contacts");
        assert_eq!(
            (r.words_added, r.words_removed),
            (5, 0),
            "its heading and words"
        );
    }

    #[test]
    fn a_removed_section_keeps_its_old_heading_and_anchor() {
        let new = OLD.replace("## Appeals\n\nWrite to the clerk.\n", "");
        let r = compare(OLD, &new);
        assert_eq!(r.sections.len(), 1);
        let s = &r.sections[0];
        assert_eq!(s.change, Change::Removed);
        let heading = s.heading.as_ref().expect("a heading");
        assert_eq!(heading.text, "3. Appeals");
        assert_eq!(heading.anchor, "3-appeals");
    }

    #[test]
    fn a_table_cell_changes_word_by_word_with_its_neighbours_as_context() {
        let new = OLD.replace("| Two | 10 |", "| Two | 15 |");
        let r = compare(OLD, &new);
        assert_eq!(r.sections.len(), 1);
        let s = &r.sections[0];
        assert_eq!(s.title(), "2. Stages");
        assert_eq!(s.shown.len(), 3, "{:#?}", s.shown);
        let Shown::Passage(row) = &s.shown[2] else {
            panic!("{:#?}", s.shown)
        };
        assert_eq!(row.kind, PassageKind::TableRow { head: false });
        assert_eq!(
            row.cells[1],
            vec![Piece::Removed("10".into()), Piece::Added("15".into())]
        );
        assert_eq!(s.shown[0], Shown::Gap(1), "the heading row is left out");
    }

    #[test]
    fn a_renamed_section_is_one_section_with_its_heading_marked() {
        let r = compare(
            OLD,
            &OLD.replace("## Appeals", "## If you are still unhappy"),
        );
        assert_eq!(r.sections.len(), 1, "{r:#?}");
        let heading = r.sections[0].heading.as_ref().expect("a heading");
        assert_eq!(heading.text, "3. If you are still unhappy");
        assert_eq!(
            heading.pieces,
            vec![
                Piece::Same("3. ".into()),
                Piece::Removed("Appeals".into()),
                Piece::Added("If you are still unhappy".into()),
            ]
        );
        assert_eq!(r.sections[0].change, Change::Changed);
    }

    #[test]
    fn text_before_the_first_heading_is_a_section_too() {
        let r = compare(OLD, &OLD.replace("Opening words.", "Opening remarks."));
        assert_eq!(r.sections[0].heading, None);
        assert_eq!(
            r.sections[0].title(),
            "Opening text (before the first heading)"
        );
        assert!(compare(OLD, OLD).sections.is_empty());
    }
}

//! "What changed" in a terminal: the changed sections under their headings, lists as lists, and
//! the words added and removed in colour (on a terminal) or between `{+ +}` and `[- -]` markers.

use super::{Change, ChangedSection, Comparison, PassageKind, Piece, Shown};

/// How added and removed words are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalStyle {
    /// `[-removed-]{+added+}`, as `git diff --word-diff` writes them: for files, pipes and
    /// `NO_COLOR`.
    Markers,
    /// Removed words red and struck through, added words green and underlined (never colour
    /// alone), headings bold.
    Colour,
}

const RESET: &str = "\x1b[0m";

/// Text from the repository as a terminal may show it: a control character (an escape sequence
/// in a school's value could recolour or rewrite the terminal) is shown as `?`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

impl TerminalStyle {
    fn piece(self, piece: &Piece, out: &mut String) {
        match (self, piece) {
            (_, Piece::Same(t)) => out.push_str(&printable(t)),
            (TerminalStyle::Markers, Piece::Added(t)) => {
                out.push_str(&format!("{{+{}+}}", printable(t)))
            }
            (TerminalStyle::Markers, Piece::Removed(t)) => {
                out.push_str(&format!("[-{}-]", printable(t)))
            }
            (TerminalStyle::Colour, Piece::Added(t)) => {
                out.push_str(&format!("\x1b[32;4m{}{RESET}", printable(t)))
            }
            (TerminalStyle::Colour, Piece::Removed(t)) => {
                out.push_str(&format!("\x1b[31;9m{}{RESET}", printable(t)))
            }
        }
    }

    fn pieces(self, pieces: &[Piece]) -> String {
        let mut out = String::new();
        pieces.iter().for_each(|p| self.piece(p, &mut out));
        out
    }

    fn strong(self, text: &str) -> String {
        match self {
            TerminalStyle::Markers => text.to_string(),
            TerminalStyle::Colour => format!("\x1b[1m{text}{RESET}"),
        }
    }

    fn faint(self, text: &str) -> String {
        match self {
            TerminalStyle::Markers => text.to_string(),
            TerminalStyle::Colour => format!("\x1b[2m{text}{RESET}"),
        }
    }
}

fn words(n: usize) -> String {
    format!("{n} {}", if n == 1 { "word" } else { "words" })
}

/// A section's change in a few words, after its heading.
fn change_words(change: Change) -> &'static str {
    match change {
        Change::Added => " (new section)",
        Change::Removed => " (section removed)",
        Change::Same | Change::Changed => "",
    }
}

impl Comparison {
    /// The comparison as `policyforge diff` prints it.
    pub fn to_terminal(&self, style: TerminalStyle) -> String {
        let r = &self.redline;
        let mut out = printable(&format!(
            "{} of {}: version {} -> {}\n",
            self.policy_title, self.school_name, self.from_version, self.to_label
        ));
        if r.sections.is_empty() {
            out.push_str("No words changed.\n");
            return out;
        }
        let key = match style {
            TerminalStyle::Markers => {
                " Removed words are shown [-like this-], added words {+like this+}."
            }
            TerminalStyle::Colour => "",
        };
        out.push_str(&format!(
            "{} added, {} removed, in {} of {} sections.{key}\n\nSections that changed:\n",
            words(r.words_added),
            words(r.words_removed),
            r.sections.len(),
            r.section_count.max(r.sections.len()),
        ));
        for section in &r.sections {
            out.push_str(&format!(
                "  {}{}\n",
                printable(section.title()),
                change_words(section.change)
            ));
        }
        for section in &r.sections {
            out.push('\n');
            write_section(section, style, &mut out);
        }
        out
    }
}

fn write_section(section: &ChangedSection, style: TerminalStyle, out: &mut String) {
    let heading = match &section.heading {
        Some(h) => {
            if !h.trail.is_empty() {
                let trail = printable(&h.trail.join(" > "));
                out.push_str(&style.faint(&format!("In {trail}:\n")));
            }
            style.pieces(&h.pieces)
        }
        None => printable(section.title()),
    };
    out.push_str(&style.strong(&format!("## {heading}{}", change_words(section.change))));
    out.push_str("\n\n");
    let mut previous_was_line = false;
    for shown in &section.shown {
        let (text, line) = match shown {
            Shown::Gap(n) => (
                style.faint(&format!(
                    "[… {n} unchanged {} not shown …]",
                    if *n == 1 { "passage" } else { "passages" }
                )),
                false,
            ),
            Shown::Passage(p) => {
                let cells: Vec<String> = p.cells.iter().map(|c| style.pieces(c)).collect();
                match &p.kind {
                    PassageKind::Item { number, depth } => (
                        format!(
                            "{}{} {}",
                            "   ".repeat(*depth),
                            number.map_or("-".to_string(), |n| format!("{n}.")),
                            cells.join(" ")
                        ),
                        true,
                    ),
                    PassageKind::TableRow { .. } => (format!("| {} |", cells.join(" | ")), true),
                    PassageKind::Quote => (format!("> {}", cells.join(" ")), false),
                    PassageKind::Code => (
                        cells
                            .join(" ")
                            .lines()
                            .map(|l| format!("    {l}"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                        false,
                    ),
                    PassageKind::Paragraph | PassageKind::Heading { .. } => {
                        (cells.join(" "), false)
                    }
                }
            }
        };
        // Items and table rows follow one another line by line, as in the text.
        let follows_on = line && previous_was_line;
        if !follows_on && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&text);
        out.push('\n');
        previous_was_line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::redline::compare;

    fn comparison(style: TerminalStyle) -> String {
        Comparison {
            policy_title: "Complaints Procedure".into(),
            school_name: "Sample School".into(),
            from_version: 1,
            to_label: "version 2".into(),
            redline: compare(
                "## Aims\n\nWe listen.\n\n## Stages\n\n1. Write to us.\n2. We reply within five school days.\n",
                "## Aims\n\nWe listen.\n\n## Stages\n\n1. Write to us.\n2. We reply within three school days.\n",
            ),
        }
        .to_terminal(style)
    }

    #[test]
    fn markers_off_a_terminal_colour_on_one() {
        let plain = comparison(TerminalStyle::Markers);
        assert!(
            plain.contains("## 2. Stages\n\n1. Write to us.\n2. We reply within [-five-]{+three+} school days.\n"),
            "{plain}"
        );
        assert!(!plain.contains("Aims"), "{plain}");
        let colour = comparison(TerminalStyle::Colour);
        assert!(
            colour.contains("\x1b[31;9mfive\x1b[0m\x1b[32;4mthree\x1b[0m"),
            "{colour}"
        );
        assert!(!colour.contains("[-"), "{colour}");
        assert_eq!(printable("a\x1b[2Jb"), "a?[2Jb");
    }
}

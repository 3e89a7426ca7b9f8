//! A document tree read as passages: the paragraphs, list items, table rows, quotes, code blocks
//! and headings a reader sees, in order, each with its plain words and its place in the text.

use crate::markdown::tree::{Block, Document, Inline};

/// What kind of passage a piece of text is, and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassageKind {
    Paragraph,
    /// A heading as written (`##` is 2); its page level and anchor are in [`Passage::heading`].
    Heading {
        level: u8,
    },
    /// A list item's own words (its paragraphs); items of a nested list are items one deeper.
    Item {
        /// `Some(number)` in an ordered list.
        number: Option<u64>,
        depth: usize,
    },
    /// A paragraph inside a block quote.
    Quote,
    Code,
    /// One row of a table; `head` for its heading row.
    TableRow {
        head: bool,
    },
}

impl PassageKind {
    /// Two passages can be compared word by word only when they are the same kind of thing
    /// (an item's number may differ).
    fn class(&self) -> String {
        match self {
            PassageKind::Paragraph => "p".to_string(),
            PassageKind::Heading { level } => format!("h{level}"),
            PassageKind::Item { number, depth } => {
                format!("li{}:{depth}", if number.is_some() { "o" } else { "u" })
            }
            PassageKind::Quote => "q".to_string(),
            PassageKind::Code => "code".to_string(),
            PassageKind::TableRow { head } => format!("tr{head}"),
        }
    }
}

/// A heading's place on the version's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingPlace {
    pub page_level: u8,
    pub anchor: String,
}

/// One passage of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub kind: PassageKind,
    /// Its words, one entry per table cell (one entry for everything else).
    pub cells: Vec<String>,
    pub heading: Option<HeadingPlace>,
}

impl Passage {
    /// What the comparison matches passages on: their kind and words. A heading's own number is
    /// left out, so that a section added before it (renumbering every later heading) does not
    /// make every later section look changed.
    pub fn key(&self) -> String {
        let words = match self.kind {
            PassageKind::Heading { .. } => without_number(&self.cells.join(" ")).to_string(),
            _ => self.cells.join("\u{1f}"),
        };
        format!("{}\u{1e}{words}", self.kind.class())
    }

    pub fn same_class(&self, other: &Passage) -> bool {
        self.kind.class() == other.kind.class() && self.cells.len() == other.cells.len()
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, PassageKind::Heading { .. })
    }

    pub fn words(&self) -> String {
        self.cells.join(" ")
    }
}

/// A heading's words without the section number it opens with ("3.2 ", "A. ", "4) ").
pub fn without_number(text: &str) -> &str {
    let Some((first, rest)) = text.split_once(' ') else {
        return text;
    };
    let numbered = first.chars().any(|c| c.is_ascii_digit())
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ')'))
        || (first.len() == 2
            && first.ends_with(['.', ')'])
            && first.starts_with(char::is_uppercase));
    if numbered { rest.trim_start() } else { text }
}

/// The passages of a document, in reading order.
pub fn passages(document: &Document) -> Vec<Passage> {
    let mut out = Vec::new();
    read_blocks(&document.blocks, &mut out, Place::Body);
    out
}

#[derive(Clone, Copy)]
enum Place {
    Body,
    Quote,
}

fn read_blocks(blocks: &[Block], out: &mut Vec<Passage>, place: Place) {
    for block in blocks {
        read_block(block, out, place);
    }
}

fn read_block(block: &Block, out: &mut Vec<Passage>, place: Place) {
    let kind = match place {
        Place::Body => PassageKind::Paragraph,
        Place::Quote => PassageKind::Quote,
    };
    match block {
        Block::Heading(h) => out.push(Passage {
            kind: PassageKind::Heading { level: h.level },
            cells: vec![words(&h.inlines)],
            heading: Some(HeadingPlace {
                page_level: h.page_level,
                anchor: h.anchor.clone(),
            }),
        }),
        Block::Paragraph(inlines) | Block::Literal(inlines) => {
            let text = words(inlines);
            if !text.is_empty() {
                out.push(simple(kind, text));
            }
        }
        Block::List(list) => read_list(list, 0, out),
        Block::Table(table) => {
            let row = |cells: &[Vec<Inline>], head: bool| Passage {
                kind: PassageKind::TableRow { head },
                cells: cells.iter().map(|c| words(c)).collect(),
                heading: None,
            };
            if !table.head.is_empty() {
                out.push(row(&table.head, true));
            }
            for r in &table.rows {
                out.push(row(r, false));
            }
        }
        Block::Quote(blocks) => read_blocks(blocks, out, Place::Quote),
        Block::Code { text, .. } => {
            if !text.trim().is_empty() {
                out.push(simple(PassageKind::Code, text.trim_end().to_string()));
            }
        }
        Block::Rule => {}
    }
}

fn read_list(list: &crate::markdown::tree::List, depth: usize, out: &mut Vec<Passage>) {
    for (i, item) in list.items.iter().enumerate() {
        let own: Vec<String> = item
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(inlines) | Block::Literal(inlines) => Some(words(inlines)),
                _ => None,
            })
            .filter(|t| !t.is_empty())
            .collect();
        out.push(simple(
            PassageKind::Item {
                number: list.start.map(|s| s + i as u64),
                depth,
            },
            own.join(" "),
        ));
        for block in item {
            match block {
                Block::Paragraph(_) | Block::Literal(_) => {}
                Block::List(inner) => read_list(inner, depth + 1, out),
                other => read_block(other, out, Place::Body),
            }
        }
    }
}

fn simple(kind: PassageKind, text: String) -> Passage {
    Passage {
        kind,
        cells: vec![text],
        heading: None,
    }
}

/// The words of inlines as a reader sees them: a line break is a space, never nothing, and runs
/// of spaces are one.
pub fn words(inlines: &[Inline]) -> String {
    let mut raw = String::new();
    push_words(inlines, &mut raw);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_words(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => {
                push_words(c, out)
            }
            Inline::Link(l) => push_words(&l.inlines, out),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_their_numbers_and_depth() {
        let doc = crate::markdown::parse(
            "## 1. Aims\n\nWe aim\nhigh.\n\n3. three\n4. four\n   - inner\n",
        );
        let p = passages(&doc);
        assert_eq!(p[0].kind, PassageKind::Heading { level: 2 });
        assert_eq!(p[1].cells, vec!["We aim high.".to_string()]);
        assert_eq!(
            p[2].kind,
            PassageKind::Item {
                number: Some(3),
                depth: 0
            }
        );
        assert_eq!(
            p[3].kind,
            PassageKind::Item {
                number: Some(4),
                depth: 0
            }
        );
        assert_eq!(
            p[4].kind,
            PassageKind::Item {
                number: None,
                depth: 1
            }
        );
        assert_eq!(p[4].cells, vec!["inner".to_string()]);
    }

    #[test]
    fn a_heading_matches_without_its_number() {
        assert_eq!(without_number("3.2 Stage one"), "Stage one");
        assert_eq!(without_number("A. Pupils"), "Pupils");
        assert_eq!(without_number("Aims"), "Aims");
        assert_eq!(without_number("2027 review"), "review");
    }
}

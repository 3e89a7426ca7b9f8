//! The PDF's view of a document: the Markdown tree ([`crate::markdown::Document`]) turned
//! into the blocks of styled spans the layout consumes. Nothing here reads Markdown or decides
//! which links are safe; it only keeps the links a PDF can open.

use crate::markdown::tree::{self, Inline};

/// The Markdown options every text is read with (see [`crate::markdown::options`]).
pub fn markdown_options() -> pulldown_cmark::Options {
    crate::markdown::options()
}

/// Inline formatting of a span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpanStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
}

/// A run of inline text with one style; `text == "\n"` with `hard_break`
/// marks a forced line break.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: SpanStyle,
    /// Link destination, if the span is inside a link.
    pub link: Option<String>,
    pub hard_break: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            style: SpanStyle::default(),
            link: None,
            hard_break: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            style: SpanStyle {
                bold: true,
                ..SpanStyle::default()
            },
            ..Span::plain(text)
        }
    }
}

/// Column alignment of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// A block of a Markdown document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    /// Preformatted text, kept line by line.
    Code(String),
    Rule,
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
    },
}

/// Plain text of spans (what a heading's bookmark or contents entry shows).
pub fn spans_text(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        if span.hard_break {
            s.push(' ');
        } else {
            s.push_str(&span.text);
        }
    }
    let collapsed: Vec<&str> = s.split_whitespace().collect();
    collapsed.join(" ")
}

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    blocks(&crate::markdown::parse(markdown).blocks)
}

/// The PDF blocks of a document's blocks.
pub fn blocks(blocks: &[tree::Block]) -> Vec<Block> {
    blocks.iter().filter_map(block).collect()
}

fn block(block: &tree::Block) -> Option<Block> {
    Some(match block {
        tree::Block::Heading(h) => Block::Heading {
            level: h.level,
            spans: trim_spans(spans(&h.inlines)),
        },
        tree::Block::Paragraph(inlines) => {
            let spans = spans(inlines);
            if spans.is_empty() {
                return None;
            }
            Block::Paragraph(trim_spans(spans))
        }
        tree::Block::Literal(inlines) => {
            let spans = literal_spans(inlines);
            if spans.is_empty() {
                return None;
            }
            Block::Paragraph(trim_spans(spans))
        }
        tree::Block::List(list) => Block::List {
            start: list.start,
            items: list.items.iter().map(|item| blocks(item)).collect(),
        },
        tree::Block::Quote(inner) => Block::Quote(blocks(inner)),
        tree::Block::Code { text, .. } => {
            Block::Code(text.strip_suffix('\n').unwrap_or(text).to_string())
        }
        tree::Block::Rule => Block::Rule,
        tree::Block::Table(table) => Block::Table {
            aligns: table
                .aligns
                .iter()
                .map(|a| match a {
                    tree::Align::Center => Align::Center,
                    tree::Align::Right => Align::Right,
                    _ => Align::Left,
                })
                .collect(),
            head: table.head.iter().map(|c| trim_spans(spans(c))).collect(),
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().map(|c| trim_spans(spans(c))).collect())
                .collect(),
        },
    })
}

/// The target a link in the PDF may open: a web address, email or phone number. A relative
/// link (to another page of the site) opens nothing from a PDF.
fn pdf_target(target: &str) -> Option<String> {
    let target = target.trim();
    let (scheme, rest) = target.split_once(':')?;
    let ok = match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => rest.starts_with("//"),
        "mailto" | "tel" => !rest.is_empty(),
        _ => false,
    };
    ok.then(|| target.to_string())
}

/// Builds spans: text runs with one style and link are joined into one span.
#[derive(Default)]
struct Spans {
    out: Vec<Span>,
    style: SpanStyle,
    link: Option<String>,
    /// The last span is a found contact and takes no more text.
    sealed: bool,
}

impl Spans {
    fn text(&mut self, text: &str) {
        if !self.sealed
            && let Some(last) = self.out.last_mut()
            && !last.hard_break
            && last.style == self.style
            && last.link == self.link
        {
            last.text.push_str(text);
            return;
        }
        self.sealed = false;
        self.out.push(Span {
            text: text.to_string(),
            style: self.style,
            link: self.link.clone(),
            hard_break: false,
        });
    }

    fn hard_break(&mut self) {
        self.sealed = false;
        self.out.push(Span {
            text: "\n".into(),
            style: self.style,
            link: None,
            hard_break: true,
        });
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.text(t),
                Inline::Code(t) => {
                    let saved = self.style;
                    self.style.code = true;
                    self.text(t);
                    self.style = saved;
                }
                Inline::Strong(c) => self.styled(c, |s| s.bold = true),
                Inline::Emphasis(c) => self.styled(c, |s| s.italic = true),
                Inline::Strikethrough(c) => self.styled(c, |s| s.strike = true),
                Inline::SoftBreak => self.text(" "),
                Inline::HardBreak => self.hard_break(),
                Inline::Link(link) => {
                    let saved = self.link.take();
                    self.link = pdf_target(&link.target);
                    let contact = link.kind == tree::LinkKind::Contact;
                    if contact {
                        self.sealed = true;
                    }
                    self.inlines(&link.inlines);
                    self.sealed = contact;
                    self.link = saved;
                }
            }
        }
    }

    fn styled(&mut self, inlines: &[Inline], set: impl Fn(&mut SpanStyle)) {
        let saved = self.style;
        set(&mut self.style);
        self.inlines(inlines);
        self.style = saved;
    }
}

fn spans(inlines: &[Inline]) -> Vec<Span> {
    let mut s = Spans::default();
    s.inlines(inlines);
    s.out
}

/// The spans of a raw HTML block shown as text: one line per typed line, empty lines dropped.
fn literal_spans(inlines: &[Inline]) -> Vec<Span> {
    let mut s = Spans::default();
    let mut line_start = true;
    for inline in inlines {
        match inline {
            Inline::Text(t) => {
                for (i, line) in t.split('\n').enumerate() {
                    if i > 0 {
                        line_start = true;
                    }
                    if line.is_empty() {
                        continue;
                    }
                    if line_start && !s.out.is_empty() {
                        s.hard_break();
                    }
                    line_start = false;
                    s.text(line);
                }
            }
            other => {
                if line_start && !s.out.is_empty() {
                    s.hard_break();
                }
                line_start = false;
                s.inlines(std::slice::from_ref(other));
            }
        }
    }
    s.out
}

/// Trims leading/trailing whitespace of a span list (soft breaks at the
/// edges would otherwise become spaces).
fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
    while let Some(first) = spans.first_mut() {
        let t = first.text.trim_start().to_string();
        if t.is_empty() && !first.hard_break {
            spans.remove(0);
        } else {
            first.text = t;
            break;
        }
    }
    while let Some(last) = spans.last_mut() {
        if last.hard_break {
            spans.pop();
            continue;
        }
        let t = last.text.trim_end().to_string();
        if t.is_empty() {
            spans.pop();
        } else {
            last.text = t;
            break;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks() {
        let md = "## Purpose\n\nThis **policy** applies to *all* staff.\n\n- one\n- two\n  1. nested\n\n> quoted\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n<div>raw</div>\n";
        let blocks = parse(md);
        assert!(
            matches!(&blocks[0], Block::Heading { level: 2, spans } if spans_text(spans) == "Purpose")
        );
        match &blocks[1] {
            Block::Paragraph(spans) => {
                assert_eq!(spans_text(spans), "This policy applies to all staff.");
                assert!(spans[1].style.bold);
                assert!(spans[3].style.italic);
            }
            b => panic!("{b:?}"),
        }
        match &blocks[2] {
            Block::List { start: None, items } => {
                assert_eq!(items.len(), 2);
                assert!(matches!(items[1][1], Block::List { start: Some(1), .. }));
            }
            b => panic!("{b:?}"),
        }
        assert!(matches!(blocks[3], Block::Quote(_)));
        match &blocks[4] {
            Block::Table { aligns, head, rows } => {
                assert_eq!(aligns, &vec![Align::Left, Align::Right]);
                assert_eq!(head.len(), 2);
                assert_eq!(rows.len(), 1);
            }
            b => panic!("{b:?}"),
        }
        assert!(
            matches!(&blocks[5], Block::Paragraph(s) if spans_text(s) == "<div>raw</div>"),
            "{:?}",
            blocks[5]
        );
    }

    #[test]
    fn contacts_become_links_and_unsafe_links_open_nothing() {
        let blocks = parse(
            "Email office@school.example.org, ring 01632 960007 or see www.example.org.uk. `x@y.org` [a](javascript:alert(1)) [b](page.html)",
        );
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let links: Vec<(&str, &str)> = spans
            .iter()
            .filter_map(|s| s.link.as_deref().map(|l| (s.text.as_str(), l)))
            .collect();
        assert_eq!(
            links,
            [
                (
                    "office@school.example.org",
                    "mailto:office@school.example.org"
                ),
                ("01632 960007", "tel:+441632960007"),
                ("www.example.org.uk", "https://www.example.org.uk"),
            ]
        );
        assert_eq!(
            spans_text(spans),
            "Email office@school.example.org, ring 01632 960007 or see www.example.org.uk. x@y.org a b"
        );
    }

    #[test]
    fn links_are_kept() {
        let blocks = parse("See [the guidance](https://example.org/a) now.");
        match &blocks[0] {
            Block::Paragraph(spans) => {
                assert_eq!(spans[1].link.as_deref(), Some("https://example.org/a"));
                assert_eq!(spans[1].text, "the guidance");
            }
            b => panic!("{b:?}"),
        }
    }
}

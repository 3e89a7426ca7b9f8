//! The document tree: a policy's Markdown, parsed once, with every safety rule already applied.
//!
//! Links in the tree have passed the allow-list ([`crate::links::allowed`]); contacts in the text
//! are already links; raw HTML is already text. The HTML page, the PDF layout, the search index
//! and the "what changed" comparison all read this tree and never the Markdown.

use std::ops::Range;

/// A parsed Markdown text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The links (and image sources) the allow-list refused, which appear nowhere.
    pub refused: Vec<RefusedLink>,
}

/// A link target the allow-list refused: what was typed and its 1-based line in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLink {
    pub target: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Vec<Inline>),
    List(List),
    Table(Table),
    Quote(Vec<Block>),
    /// Preformatted text; `language` is the first word of a fenced block's info string.
    Code {
        language: Option<String>,
        text: String,
    },
    /// A raw HTML block, kept as the literal text it was typed as (line breaks included).
    Literal(Vec<Inline>),
    Rule,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// The level as written (`##` is 2).
    pub level: u8,
    /// The level on an HTML page, where the page title is the `h1`: one lower than written when
    /// the text has a `#` heading.
    pub page_level: u8,
    pub inlines: Vec<Inline>,
    /// Its words (text and code, without breaks).
    pub text: String,
    /// A URL-fragment id, unique in the document.
    pub anchor: String,
    /// Where the heading is in the Markdown (bytes).
    pub source: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// `Some(first number)` for an ordered list.
    pub start: Option<u64>,
    /// A tight list's paragraphs are shown without paragraph spacing.
    pub tight: bool,
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub aligns: Vec<Align>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Code(String),
    Link(Link),
    SoftBreak,
    HardBreak,
}

/// A link whose target passed the allow-list.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub target: String,
    pub title: String,
    pub kind: LinkKind,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[words](target)`.
    Written,
    /// `<https://...>` or `<name@example.org>`: its words are its address.
    Autolink,
    /// A web address, email address or phone number found in the text ([`crate::contacts`]).
    Contact,
}

/// The words of inlines: their text and code, without breaks.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => {
                push_inline_text(c, out)
            }
            Inline::Link(l) => push_inline_text(&l.inlines, out),
            Inline::SoftBreak | Inline::HardBreak => {}
        }
    }
}

/// One step of reading a document's words in order, for plain-text uses (search, comparison).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading<'a> {
    HeadingStart,
    /// Text or code.
    Words(&'a str),
    /// A soft or hard line break.
    Break,
    /// The end of a block that ends a line.
    End(Ending),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// A paragraph (but not the unspaced text of a tight list item).
    Paragraph,
    Heading,
    Item,
    TableCell,
    CodeBlock,
}

impl Document {
    /// Reads the document's words in order (see [`Reading`]).
    pub fn read(&self, f: &mut impl FnMut(Reading<'_>)) {
        read_blocks(&self.blocks, false, f);
    }

    /// Every heading, in order, wherever it is (in a list or quote too).
    pub fn headings(&self) -> Vec<&Heading> {
        let mut out = Vec::new();
        collect_headings(&self.blocks, &mut out);
        out
    }
}

fn collect_headings<'a>(blocks: &'a [Block], out: &mut Vec<&'a Heading>) {
    for block in blocks {
        match block {
            Block::Heading(h) => out.push(h),
            Block::List(l) => l.items.iter().for_each(|i| collect_headings(i, out)),
            Block::Quote(b) => collect_headings(b, out),
            _ => {}
        }
    }
}

fn read_blocks(blocks: &[Block], tight: bool, f: &mut impl FnMut(Reading<'_>)) {
    for block in blocks {
        match block {
            Block::Heading(h) => {
                f(Reading::HeadingStart);
                read_inlines(&h.inlines, f);
                f(Reading::End(Ending::Heading));
            }
            Block::Paragraph(inlines) => {
                read_inlines(inlines, f);
                if !tight {
                    f(Reading::End(Ending::Paragraph));
                }
            }
            Block::Literal(inlines) => read_inlines(inlines, f),
            Block::List(list) => {
                for item in &list.items {
                    read_blocks(item, list.tight, f);
                    f(Reading::End(Ending::Item));
                }
            }
            Block::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    read_inlines(cell, f);
                    f(Reading::End(Ending::TableCell));
                }
            }
            Block::Quote(b) => read_blocks(b, false, f),
            Block::Code { text, .. } => {
                if !text.is_empty() {
                    f(Reading::Words(text));
                }
                f(Reading::End(Ending::CodeBlock));
            }
            Block::Rule => {}
        }
    }
}

fn read_inlines(inlines: &[Inline], f: &mut impl FnMut(Reading<'_>)) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => f(Reading::Words(t)),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strikethrough(c) => {
                read_inlines(c, f)
            }
            Inline::Link(l) => read_inlines(&l.inlines, f),
            Inline::SoftBreak | Inline::HardBreak => f(Reading::Break),
        }
    }
}

//! Markdown -> a small block tree, built from pulldown-cmark events.
//!
//! The tree keeps exactly the text the HTML renderer shows (same words, same
//! order); raw HTML is kept as literal text.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The pulldown-cmark options the PDF engine parses with (pipe tables and
/// strikethrough). The HTML side should use the same so both show the same text.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
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

enum Container {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
    Table {
        aligns: Vec<Align>,
        head: Vec<Vec<Span>>,
        rows: Vec<Vec<Vec<Span>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Span>>),
}

#[derive(PartialEq)]
enum InlineKind {
    Paragraph,
    Heading(u8),
    Cell,
    Code,
    Html,
}

struct Builder {
    stack: Vec<Container>,
    inline: Option<(InlineKind, Vec<Span>)>,
    style: SpanStyle,
    bold: u32,
    italic: u32,
    strike: u32,
    /// Open links, innermost last; `None` for one that must not open anything.
    links: Vec<Option<String>>,
    code: String,
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Container::Root(v)) | Some(Container::Quote(v)) | Some(Container::Item(v)) => {
                v.push(block)
            }
            Some(Container::List { items, .. }) => {
                // Content directly in a list (should not happen): new item.
                items.push(vec![block]);
            }
            Some(Container::Table { rows, .. }) => {
                rows.push(vec![block_text_spans(&block)]);
            }
            Some(Container::Row(cells)) => cells.push(block_text_spans(&block)),
            None => {}
        }
    }

    /// Closes an open implicit paragraph (tight list items, HTML blocks).
    fn flush_inline(&mut self) {
        if let Some((kind, spans)) = self.inline.take() {
            let spans = link_contacts(spans);
            match kind {
                InlineKind::Paragraph | InlineKind::Html => {
                    if !spans.is_empty() {
                        self.push_block(Block::Paragraph(trim_spans(spans)));
                    }
                }
                InlineKind::Heading(level) => self.push_block(Block::Heading {
                    level,
                    spans: trim_spans(spans),
                }),
                InlineKind::Cell => {
                    let spans = trim_spans(spans);
                    if let Some(Container::Row(cells)) = self.stack.last_mut() {
                        cells.push(spans);
                    } else if let Some(Container::Table { head, .. }) = self.stack.last_mut() {
                        head.push(spans);
                    }
                }
                InlineKind::Code => {}
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.inline.is_none() {
            self.inline = Some((InlineKind::Paragraph, Vec::new()));
        }
        let style = self.style;
        let link = self.links.last().cloned().flatten();
        if let Some((_, spans)) = self.inline.as_mut() {
            if let Some(last) = spans.last_mut()
                && !last.hard_break
                && last.style == style
                && last.link == link
            {
                last.text.push_str(text);
                return;
            }
            spans.push(Span {
                text: text.to_string(),
                style,
                link,
                hard_break: false,
            });
        }
    }

    fn hard_break(&mut self) {
        if self.inline.is_none() {
            self.inline = Some((InlineKind::Paragraph, Vec::new()));
        }
        if let Some((_, spans)) = self.inline.as_mut() {
            spans.push(Span {
                text: "\n".into(),
                style: self.style,
                link: None,
                hard_break: true,
            });
        }
    }

    fn restyle(&mut self) {
        self.style.bold = self.bold > 0;
        self.style.italic = self.italic > 0;
        self.style.strike = self.strike > 0;
    }
}

/// The target a link in the PDF may open: a web address, email or phone
/// number. Relative and other links (`javascript:`, `file:`...) open nothing.
fn link_target(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let (scheme, rest) = dest.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let ok = match scheme.as_str() {
        "http" | "https" => rest.starts_with("//"),
        "mailto" | "tel" => !rest.is_empty(),
        _ => false,
    };
    (ok && crate::links::allowed(dest)).then(|| dest.to_string())
}

/// Splits plain spans (not code, not already links) around the web addresses,
/// email addresses and phone numbers in them, which become links.
fn link_contacts(spans: Vec<Span>) -> Vec<Span> {
    if !spans
        .iter()
        .any(|s| s.link.is_none() && !s.style.code && !s.hard_break)
    {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        if span.link.is_some() || span.style.code || span.hard_break {
            out.push(span);
            continue;
        }
        let found = crate::contacts::find(&span.text);
        if found.is_empty() {
            out.push(span);
            continue;
        }
        let mut at = 0;
        for c in found {
            if c.range.start > at {
                out.push(Span {
                    text: span.text[at..c.range.start].to_string(),
                    ..span.clone()
                });
            }
            out.push(Span {
                text: span.text[c.range.clone()].to_string(),
                link: Some(c.href),
                ..span.clone()
            });
            at = c.range.end;
        }
        if at < span.text.len() {
            out.push(Span {
                text: span.text[at..].to_string(),
                ..span
            });
        }
    }
    out
}

fn block_text_spans(block: &Block) -> Vec<Span> {
    match block {
        Block::Paragraph(s) | Block::Heading { spans: s, .. } => s.clone(),
        Block::Code(c) => vec![Span::plain(c.clone())],
        _ => Vec::new(),
    }
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

fn convert_align(a: &Alignment) -> Align {
    match a {
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        _ => Align::Left,
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder {
        stack: vec![Container::Root(Vec::new())],
        inline: None,
        style: SpanStyle::default(),
        bold: 0,
        italic: 0,
        strike: 0,
        links: Vec::new(),
        code: String::new(),
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    b.flush_inline();
                    b.inline = Some((InlineKind::Paragraph, Vec::new()));
                }
                Tag::Heading { level, .. } => {
                    b.flush_inline();
                    b.inline = Some((InlineKind::Heading(heading_level(level)), Vec::new()));
                }
                Tag::BlockQuote(_) => {
                    b.flush_inline();
                    b.stack.push(Container::Quote(Vec::new()));
                }
                Tag::CodeBlock(_) => {
                    b.flush_inline();
                    b.code.clear();
                    b.inline = Some((InlineKind::Code, Vec::new()));
                }
                Tag::HtmlBlock => {
                    b.flush_inline();
                    b.inline = Some((InlineKind::Html, Vec::new()));
                }
                Tag::List(start) => {
                    b.flush_inline();
                    b.stack.push(Container::List {
                        start,
                        items: Vec::new(),
                    });
                }
                Tag::Item => {
                    b.flush_inline();
                    b.stack.push(Container::Item(Vec::new()));
                }
                Tag::Table(aligns) => {
                    b.flush_inline();
                    b.stack.push(Container::Table {
                        aligns: aligns.iter().map(convert_align).collect(),
                        head: Vec::new(),
                        rows: Vec::new(),
                        in_head: false,
                    });
                }
                Tag::TableHead => {
                    if let Some(Container::Table { in_head, .. }) = b.stack.last_mut() {
                        *in_head = true;
                    }
                }
                Tag::TableRow => b.stack.push(Container::Row(Vec::new())),
                Tag::TableCell => {
                    b.inline = Some((InlineKind::Cell, Vec::new()));
                }
                Tag::Emphasis => {
                    b.italic += 1;
                    b.restyle();
                }
                Tag::Strong => {
                    b.bold += 1;
                    b.restyle();
                }
                Tag::Strikethrough => {
                    b.strike += 1;
                    b.restyle();
                }
                Tag::Link { dest_url, .. } => b.links.push(link_target(&dest_url)),
                // Images show their alt text (the inner text events).
                Tag::Image { .. } => {}
                Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => b.flush_inline(),
                Tag::Superscript | Tag::Subscript | Tag::MetadataBlock(_) => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => b.flush_inline(),
                TagEnd::TableCell => b.flush_inline(),
                TagEnd::CodeBlock => {
                    b.inline = None;
                    let code = std::mem::take(&mut b.code);
                    let code = code.strip_suffix('\n').unwrap_or(&code).to_string();
                    b.push_block(Block::Code(code));
                }
                TagEnd::BlockQuote(_) => {
                    b.flush_inline();
                    if let Some(Container::Quote(blocks)) = b.stack.pop() {
                        b.push_block(Block::Quote(blocks));
                    }
                }
                TagEnd::List(_) => {
                    b.flush_inline();
                    if let Some(Container::List { start, items }) = b.stack.pop() {
                        b.push_block(Block::List { start, items });
                    }
                }
                TagEnd::Item => {
                    b.flush_inline();
                    if let Some(Container::Item(blocks)) = b.stack.pop()
                        && let Some(Container::List { items, .. }) = b.stack.last_mut()
                    {
                        items.push(blocks);
                    }
                }
                TagEnd::TableHead => {
                    if let Some(Container::Table { in_head, .. }) = b.stack.last_mut() {
                        *in_head = false;
                    }
                }
                TagEnd::TableRow => {
                    if let Some(Container::Row(cells)) = b.stack.pop()
                        && let Some(Container::Table { rows, .. }) = b.stack.last_mut()
                    {
                        rows.push(cells);
                    }
                }
                TagEnd::Table => {
                    if let Some(Container::Table {
                        aligns, head, rows, ..
                    }) = b.stack.pop()
                    {
                        b.push_block(Block::Table { aligns, head, rows });
                    }
                }
                TagEnd::Emphasis => {
                    b.italic = b.italic.saturating_sub(1);
                    b.restyle();
                }
                TagEnd::Strong => {
                    b.bold = b.bold.saturating_sub(1);
                    b.restyle();
                }
                TagEnd::Strikethrough => {
                    b.strike = b.strike.saturating_sub(1);
                    b.restyle();
                }
                TagEnd::Link => {
                    b.links.pop();
                }
                _ => {}
            },
            Event::Text(t) => {
                if matches!(b.inline, Some((InlineKind::Code, _))) {
                    b.code.push_str(&t);
                } else {
                    b.text(&t);
                }
            }
            Event::Code(t) => {
                let saved = b.style;
                b.style.code = true;
                b.text(&t);
                b.style = saved;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t),
            Event::Html(t) => {
                // Raw HTML block lines: literal text, line breaks kept.
                let t = t.trim_end_matches('\n');
                if !t.is_empty() {
                    let has_text = matches!(&b.inline, Some((_, s)) if !s.is_empty());
                    if has_text {
                        b.hard_break();
                    }
                    b.text(t);
                }
            }
            Event::InlineHtml(t) => b.text(&t),
            Event::FootnoteReference(t) => b.text(&format!("[{t}]")),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.hard_break(),
            Event::Rule => {
                b.flush_inline();
                b.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => b.text(if done { "☑ " } else { "☐ " }),
        }
    }
    b.flush_inline();
    while b.stack.len() > 1 {
        // Unbalanced input cannot happen with pulldown-cmark, but be total.
        if let Some(c) = b.stack.pop() {
            let block = match c {
                Container::Quote(v) | Container::Item(v) | Container::Root(v) => Block::Quote(v),
                Container::List { start, items } => Block::List { start, items },
                Container::Table {
                    aligns, head, rows, ..
                } => Block::Table { aligns, head, rows },
                Container::Row(cells) => Block::Table {
                    aligns: Vec::new(),
                    head: Vec::new(),
                    rows: vec![cells],
                },
            };
            b.push_block(block);
        }
    }
    match b.stack.pop() {
        Some(Container::Root(v)) => v,
        _ => Vec::new(),
    }
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

//! Markdown -> [`Document`]: the one place the crate reads Markdown (pulldown-cmark), and the
//! one place its safety rules are applied: raw HTML becomes text, link targets pass the
//! allow-list or become plain words, and contacts in the text become links.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::tree::{
    Align, Block, Document, Heading, Inline, Link, LinkKind, List, RefusedLink, Table, inline_text,
};

/// The Markdown every text is read with: CommonMark, pipe tables and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Parses Markdown into its document tree.
pub fn parse(markdown: &str) -> Document {
    let mut b = Builder {
        markdown,
        stack: vec![Container::Root(Vec::new())],
        leaf: None,
        frames: Vec::new(),
        taken: Vec::new(),
        refused: Vec::new(),
    };
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        b.event(event, range);
    }
    b.close_leaf();
    while b.stack.len() > 1 {
        b.close_container();
    }
    let mut blocks = match b.stack.pop() {
        Some(Container::Root(v)) => v,
        _ => Vec::new(),
    };
    let mut title = false;
    for_each_heading(&mut blocks, &mut |h| title |= h.level == 1);
    if title {
        for_each_heading(&mut blocks, &mut |h| h.page_level = (h.level + 1).min(6));
    }
    Document {
        blocks,
        refused: b.refused,
    }
}

/// The links of `markdown` the allow-list refuses, without building its tree: what `parse`
/// would put in [`Document::refused`], for checks that need nothing else (every approved text
/// is checked on every build).
pub fn refused_links(markdown: &str) -> Vec<RefusedLink> {
    let mut refused = Vec::new();
    // Every link or image needs `](` (inline), `]:` (the definition a reference link needs) or
    // `<` (an autolink): a text with none of them has no links, and is not parsed.
    if !(markdown.contains("](") || markdown.contains("]:") || markdown.contains('<')) {
        return refused;
    }
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let target = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if crate::links::allowed(&link_target(link_type, &dest_url)) {
                    continue;
                }
                dest_url
            }
            Event::Start(Tag::Image { dest_url, .. }) if !crate::links::allowed(&dest_url) => {
                dest_url
            }
            _ => continue,
        };
        refused.push(refused_at(markdown, &target, range.start));
    }
    refused
}

/// Where a link goes: an email autolink gets its `mailto:`.
fn link_target(link_type: LinkType, dest_url: &str) -> String {
    match link_type {
        LinkType::Email if !dest_url.starts_with("mailto:") => format!("mailto:{dest_url}"),
        _ => dest_url.to_string(),
    }
}

fn refused_at(markdown: &str, target: &str, at: usize) -> RefusedLink {
    let line = markdown
        .get(..at)
        .map_or(1, |before| before.matches('\n').count() + 1);
    RefusedLink {
        target: target.to_string(),
        line,
    }
}

fn for_each_heading(blocks: &mut [Block], f: &mut impl FnMut(&mut Heading)) {
    for block in blocks {
        match block {
            Block::Heading(h) => f(h),
            Block::List(l) => l.items.iter_mut().for_each(|i| for_each_heading(i, f)),
            Block::Quote(b) => for_each_heading(b, f),
            _ => {}
        }
    }
}

/// A URL-fragment id for a heading: lower-case words joined by hyphens, unique in the page.
pub fn slug(text: &str, taken: &mut Vec<String>) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let base = s.trim_matches('-').to_string();
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

enum Container {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List(List),
    Item(Vec<Block>),
    Table(Table),
    Row(Vec<Vec<Inline>>),
}

/// The block whose inline content is being read.
enum Leaf {
    Paragraph,
    Heading {
        level: u8,
        source: std::ops::Range<usize>,
    },
    Cell,
    Literal,
    Code {
        language: Option<String>,
        text: String,
    },
}

enum Frame {
    Root,
    Strong,
    Emphasis,
    Strikethrough,
    /// `None` for a link the allow-list refused: its words stay, as plain words.
    Link(Option<(String, String, LinkKind)>),
    /// An image shows its description.
    Image,
}

struct Builder<'m> {
    markdown: &'m str,
    stack: Vec<Container>,
    leaf: Option<Leaf>,
    frames: Vec<(Frame, Vec<Inline>)>,
    taken: Vec<String>,
    refused: Vec<RefusedLink>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(Leaf::Code { text, .. }) = &mut self.leaf {
                    text.push_str(&t);
                } else {
                    self.push_text(&t);
                }
            }
            Event::Code(t) => self.push_inline(Inline::Code(t.to_string())),
            // Raw HTML is shown as the text it is.
            Event::Html(t) | Event::InlineHtml(t) => self.push_text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t),
            Event::FootnoteReference(t) => self.push_text(&format!("[{t}]")),
            Event::TaskListMarker(done) => self.push_text(if done { "☑ " } else { "☐ " }),
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => {
                self.close_leaf();
                self.push_block(Block::Rule);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => self.open_leaf(Leaf::Paragraph),
            Tag::Heading { level, .. } => self.open_leaf(Leaf::Heading {
                level: level as u8,
                source: range,
            }),
            Tag::HtmlBlock => self.open_leaf(Leaf::Literal),
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(' ')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.open_leaf(Leaf::Code {
                    language,
                    text: String::new(),
                });
            }
            Tag::TableCell => self.open_leaf(Leaf::Cell),
            Tag::BlockQuote(_) => self.open_container(Container::Quote(Vec::new())),
            Tag::List(start) => self.open_container(Container::List(List {
                start,
                tight: false,
                items: Vec::new(),
            })),
            Tag::Item => self.open_container(Container::Item(Vec::new())),
            Tag::Table(aligns) => self.open_container(Container::Table(Table {
                aligns: aligns.iter().map(align).collect(),
                head: Vec::new(),
                rows: Vec::new(),
            })),
            Tag::TableHead => {}
            Tag::TableRow => self.open_container(Container::Row(Vec::new())),
            Tag::Emphasis => self.open_frame(Frame::Emphasis),
            Tag::Strong => self.open_frame(Frame::Strong),
            Tag::Strikethrough => self.open_frame(Frame::Strikethrough),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let target = link_target(link_type, &dest_url);
                let kind = match link_type {
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Written,
                };
                let link = if crate::links::allowed(&target) {
                    Some((target, title.to_string(), kind))
                } else {
                    self.refuse(&dest_url, range.start);
                    None
                };
                self.open_frame(Frame::Link(link));
            }
            Tag::Image { dest_url, .. } => {
                if !crate::links::allowed(&dest_url) {
                    self.refuse(&dest_url, range.start);
                }
                self.open_frame(Frame::Image);
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_leaf(),
            Tag::Superscript | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::HtmlBlock
            | TagEnd::CodeBlock
            | TagEnd::TableCell => self.close_leaf(),
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableRow => {
                self.close_leaf();
                self.close_container();
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image => self.close_frame(),
            _ => {}
        }
    }

    fn refuse(&mut self, target: &str, at: usize) {
        self.refused.push(refused_at(self.markdown, target, at));
    }

    fn open_leaf(&mut self, leaf: Leaf) {
        self.close_leaf();
        self.leaf = Some(leaf);
        self.frames = vec![(Frame::Root, Vec::new())];
    }

    fn open_container(&mut self, container: Container) {
        self.close_leaf();
        self.stack.push(container);
    }

    fn open_frame(&mut self, frame: Frame) {
        self.ensure_leaf();
        self.frames.push((frame, Vec::new()));
    }

    /// Inline content straight in a list item (no paragraph) is a tight list's text.
    fn ensure_leaf(&mut self) {
        if self.leaf.is_some() {
            return;
        }
        self.open_leaf(Leaf::Paragraph);
        let n = self.stack.len();
        if n >= 2
            && matches!(self.stack[n - 1], Container::Item(_))
            && let Container::List(list) = &mut self.stack[n - 2]
        {
            list.tight = true;
        }
    }

    fn push_text(&mut self, text: &str) {
        self.ensure_leaf();
        if let Some((_, inlines)) = self.frames.last_mut() {
            push_text(inlines, text);
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        self.ensure_leaf();
        if let Some((_, inlines)) = self.frames.last_mut() {
            inlines.push(inline);
        }
    }

    fn close_frame(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some((frame, inlines)) = self.frames.pop() else {
            return;
        };
        let Some((_, parent)) = self.frames.last_mut() else {
            return;
        };
        match frame {
            Frame::Strong => parent.push(Inline::Strong(inlines)),
            Frame::Emphasis => parent.push(Inline::Emphasis(inlines)),
            Frame::Strikethrough => parent.push(Inline::Strikethrough(inlines)),
            Frame::Link(Some((target, title, kind))) => parent.push(Inline::Link(Link {
                target,
                title,
                kind,
                inlines,
            })),
            Frame::Link(None) | Frame::Image | Frame::Root => {
                for inline in inlines {
                    match inline {
                        Inline::Text(t) => push_text(parent, &t),
                        other => parent.push(other),
                    }
                }
            }
        }
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        while self.frames.len() > 1 {
            self.close_frame();
        }
        let inlines = link_contacts(self.frames.pop().map(|(_, i)| i).unwrap_or_default());
        match leaf {
            Leaf::Paragraph => self.push_block(Block::Paragraph(inlines)),
            Leaf::Literal => self.push_block(Block::Literal(inlines)),
            Leaf::Heading { level, source } => {
                let text = inline_text(&inlines);
                let anchor = slug(&text, &mut self.taken);
                self.push_block(Block::Heading(Heading {
                    level,
                    page_level: level,
                    inlines,
                    text,
                    anchor,
                    source,
                }));
            }
            Leaf::Cell => match self.stack.last_mut() {
                Some(Container::Row(cells)) => cells.push(inlines),
                Some(Container::Table(table)) => table.head.push(inlines),
                _ => self.push_block(Block::Paragraph(inlines)),
            },
            Leaf::Code { language, text } => self.push_block(Block::Code { language, text }),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Container::Root(v) | Container::Quote(v) | Container::Item(v)) => v.push(block),
            Some(Container::List(list)) => list.items.push(vec![block]),
            Some(Container::Table(_) | Container::Row(_)) | None => {}
        }
    }

    fn close_container(&mut self) {
        if self.stack.len() < 2 {
            return;
        }
        let Some(container) = self.stack.pop() else {
            return;
        };
        match container {
            Container::Quote(blocks) => self.push_block(Block::Quote(blocks)),
            Container::List(list) => self.push_block(Block::List(list)),
            Container::Item(blocks) => match self.stack.last_mut() {
                Some(Container::List(list)) => list.items.push(blocks),
                _ => self.push_block(Block::Quote(blocks)),
            },
            Container::Table(table) => self.push_block(Block::Table(table)),
            Container::Row(cells) => {
                if let Some(Container::Table(table)) = self.stack.last_mut() {
                    table.rows.push(cells);
                }
            }
            Container::Root(blocks) => self.push_block(Block::Quote(blocks)),
        }
    }
}

/// Appends text, joined to the text before it (pulldown-cmark splits text at escapes; a whole
/// run is needed to see whole addresses).
fn push_text(inlines: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.push_str(text);
    } else {
        inlines.push(Inline::Text(text.to_string()));
    }
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Turns the contacts ([`crate::contacts`]) in text outside links and code into links.
fn link_contacts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text(text) => {
                let found = crate::contacts::find(&text);
                if found.is_empty() {
                    out.push(Inline::Text(text));
                    continue;
                }
                let mut at = 0;
                for c in found {
                    if c.range.start > at {
                        out.push(Inline::Text(text[at..c.range.start].to_string()));
                    }
                    out.push(Inline::Link(Link {
                        target: c.href,
                        title: String::new(),
                        kind: LinkKind::Contact,
                        inlines: vec![Inline::Text(text[c.range.clone()].to_string())],
                    }));
                    at = c.range.end;
                }
                if at < text.len() {
                    out.push(Inline::Text(text[at..].to_string()));
                }
            }
            Inline::Strong(c) => out.push(Inline::Strong(link_contacts(c))),
            Inline::Emphasis(c) => out.push(Inline::Emphasis(link_contacts(c))),
            Inline::Strikethrough(c) => out.push(Inline::Strikethrough(link_contacts(c))),
            other => out.push(other),
        }
    }
    out
}

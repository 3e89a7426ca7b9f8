//! Flow building: Markdown blocks -> a stream of unbreakable vertical boxes with break rules.
//!
//! A [`VBox`] ([`boxes`]) is an unbreakable strip (one line of a paragraph, one table row,
//! a rule...) with its own items. [`Flow`] builds them from blocks: headings, paragraphs and
//! code here, lists in [`lists`], tables in [`tables`]. Break rules encode keep-with-next for
//! headings and widow/orphan control (at least two lines of a paragraph at the bottom and at
//! the top of a page); [`paginate()`] honours them when it distributes the boxes over pages.

mod boxes;
mod lists;
mod paginate;
mod tables;
mod theme;

pub use boxes::{Break, GroupDeco, HeadingMark, VBox};
pub use paginate::{PageFrame, Pagination, PlacedHeading, paginate, place_headings};
pub use tables::TableOpts;
pub use theme::Theme;

use super::fonts::{FontStyle, Fonts};
use super::markdown::{self, Align, Block, Span, spans_text};
use super::text::{TextStyle, break_paragraph};
use super::{ArtifactKind, Item, LineItem, Rgb, Role, Tag};

use lists::Marker;

/// Builds a stream of [`VBox`]es from blocks.
pub struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub theme: Theme,
    /// Tallest box allowed (the page's content height): taller table rows are split.
    pub max_box_height: f32,
    boxes: Vec<VBox>,
    pending_space: f32,
    space_locked: bool,
    keep_next: bool,
    page_next: bool,
    groups: Vec<GroupDeco>,
    next_group: u32,
    marker: Option<Marker>,
    /// Where in `pending_tags` the pending marker's label goes.
    marker_at: usize,
    list_depth: usize,
    next_heading: usize,
    /// Tags that open (or open and close) elements before the next box's items.
    pending_tags: Vec<Item>,
}

fn baseline(fonts: &Fonts, style: FontStyle, size: f32, line_height: f32) -> f32 {
    let asc = fonts.ascender(style) * size;
    let desc = -fonts.descender(style) * size;
    (line_height - (asc + desc)) / 2.0 + asc
}

impl<'a> Flow<'a> {
    pub fn new(fonts: &'a Fonts, theme: Theme) -> Flow<'a> {
        Flow {
            fonts,
            theme,
            max_box_height: f32::INFINITY,
            boxes: Vec::new(),
            pending_space: 0.0,
            space_locked: false,
            keep_next: false,
            page_next: false,
            groups: Vec::new(),
            next_group: 1,
            marker: None,
            marker_at: 0,
            list_depth: 0,
            next_heading: 0,
            pending_tags: Vec::new(),
        }
    }

    /// The boxes built so far.
    pub fn boxes(&self) -> &[VBox] {
        &self.boxes
    }

    pub fn into_boxes(mut self) -> Vec<VBox> {
        if !self.pending_tags.is_empty() {
            let tags = std::mem::take(&mut self.pending_tags);
            match self.boxes.last_mut() {
                Some(b) => b.items.extend(tags),
                None => self.boxes.push(VBox::new(0.0, tags)),
            }
        }
        self.boxes
    }

    /// Opens a structure element: the boxes pushed until [`Flow::close`] are its content.
    pub fn open(&mut self, role: Role) {
        self.pending_tags.push(Item::Tag(Tag::start(role)));
    }

    /// Closes the element opened last.
    pub fn close(&mut self) {
        match self.boxes.last_mut() {
            Some(b) if self.pending_tags.is_empty() => b.items.push(Item::Tag(Tag::End)),
            _ => self.pending_tags.push(Item::Tag(Tag::End)),
        }
    }

    /// Asks for at least `pt` of space before the next box.
    pub fn space(&mut self, pt: f32) {
        if !self.space_locked {
            self.pending_space = self.pending_space.max(pt);
        }
    }

    /// Sets the space before the next box, overriding later `space` calls.
    pub fn set_space(&mut self, pt: f32) {
        self.pending_space = pt;
        self.space_locked = true;
    }

    /// The next box starts a new page.
    pub fn page_break(&mut self) {
        self.page_next = true;
    }

    /// Keeps the next box on the same page as the previous one.
    pub fn keep_with_next(&mut self) {
        self.keep_next = true;
    }

    /// Opens a decoration group (bar or background) around the boxes pushed
    /// until [`Flow::end_group`].
    pub fn begin_group(&mut self, x: f32, w: f32, color: Rgb, pad: f32) {
        let id = self.next_group;
        self.next_group += 1;
        self.groups.push(GroupDeco {
            id,
            x,
            w,
            color,
            pad,
        });
    }

    pub fn end_group(&mut self) {
        self.groups.pop();
    }

    /// Appends a box, applying pending space, keep and page-break requests,
    /// open groups and a pending list marker.
    pub fn push(&mut self, mut b: VBox) {
        let mut label = Vec::new();
        self.push_marker(&mut b, &mut label);
        if !self.pending_tags.is_empty() || !label.is_empty() {
            let mut items = std::mem::take(&mut self.pending_tags);
            let at = self.marker_at.min(items.len());
            if !label.is_empty() {
                items.splice(at..at, label);
            }
            items.append(&mut b.items);
            b.items = items;
        }
        self.marker_at = 0;
        b.space_before = self.pending_space;
        self.pending_space = 0.0;
        self.space_locked = false;
        if self.page_next {
            b.brk = Break::Page;
            self.page_next = false;
        } else if self.keep_next && b.brk == Break::Allow {
            b.brk = Break::Avoid;
        }
        self.keep_next = false;
        if !self.groups.is_empty() {
            b.groups.extend(self.groups.iter().cloned());
        }
        self.boxes.push(b);
    }

    /// Lays out Markdown into the column (x, width).
    pub fn markdown(&mut self, md: &str, x: f32, width: f32) {
        let blocks = markdown::parse(md);
        self.blocks(&blocks, x, width);
    }

    /// Lays out blocks into the column (x, width).
    pub fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, x, width);
            // A lead-in ("... as follows:") stays with the list after it.
            if let (Block::Paragraph(spans), Some(Block::List { .. })) = (b, blocks.get(i + 1))
                && spans_text(spans).ends_with(':')
            {
                self.keep_with_next();
            }
            // A paragraph that is all bold acts as a heading.
            if let (Block::Paragraph(spans), Some(_)) = (b, blocks.get(i + 1))
                && spans
                    .iter()
                    .all(|s| s.style.bold || s.text.trim().is_empty())
            {
                self.keep_with_next();
            }
        }
    }

    pub fn block(&mut self, block: &Block, x: f32, width: f32) {
        let gap = self.theme.block_gap;
        match block {
            Block::Heading { level, spans } => self.heading(*level, spans, x, width, true),
            Block::Paragraph(spans) => {
                self.space(gap);
                let ts = self.theme.body();
                self.paragraph(spans, x, width, &ts, self.theme.leading, Align::Left);
            }
            Block::List { start, items } => {
                self.space(gap);
                self.list(*start, items, x, width);
            }
            Block::Quote(blocks) => {
                self.space(gap);
                let bar = self.theme.brand.mix(Rgb::WHITE, 0.45);
                self.begin_group(x + 1.0, 3.0, bar, 0.0);
                self.open(Role::BlockQuote);
                self.blocks(blocks, x + 14.0, width - 14.0);
                self.close();
                self.end_group();
                self.space(gap);
            }
            Block::Code(code) => {
                self.space(gap);
                self.code(code, x, width);
                self.space(gap);
            }
            Block::Rule => {
                self.space(gap);
                let h = self.theme.body_size;
                self.push(VBox::new(
                    h,
                    Item::tagged(
                        Role::Artifact(ArtifactKind::Layout),
                        vec![Item::Line(LineItem {
                            x1: x,
                            y1: h / 2.0,
                            x2: x + width,
                            y2: h / 2.0,
                            width: 0.75,
                            color: self.theme.rule,
                            dash: None,
                            round_cap: false,
                        })],
                    ),
                ));
                self.space(gap);
            }
            Block::Table { aligns, head, rows } => {
                self.space(gap);
                let opts = TableOpts {
                    size: self.theme.table_size,
                    label_column: false,
                };
                self.table(aligns, head, rows, x, width, opts);
                self.space(gap);
            }
        }
    }

    /// A heading; `record` marks it for the contents and the outline.
    pub fn heading(&mut self, level: u8, spans: &[Span], x: f32, width: f32, record: bool) {
        self.heading_tagged(level, level, spans, x, width, record);
    }

    /// A heading that looks like level `level` and is tagged as level `tag_level`
    /// (the cover's small headings sit under the title's `H1`).
    pub fn heading_tagged(
        &mut self,
        level: u8,
        tag_level: u8,
        spans: &[Span],
        x: f32,
        width: f32,
        record: bool,
    ) {
        let level = level.clamp(1, 6);
        let size = self.theme.heading_sizes[(level - 1) as usize];
        let before = match level {
            1 => 22.0,
            2 => 18.0,
            3 => 14.0,
            _ => 12.0,
        } * self.theme.body_size
            / 11.0;
        self.space(before);
        let ts = TextStyle {
            size,
            color: self.theme.accent,
            link_color: self.theme.accent,
            bold: true,
            italic: level >= 5,
        };
        let first = self.boxes.len();
        self.paragraph_lines(
            spans,
            x,
            width,
            &ts,
            self.theme.heading_leading,
            Align::Left,
            Some(Role::Heading(tag_level.clamp(1, 6))),
        );
        if record && self.boxes.len() > first {
            let id = self.next_heading;
            self.next_heading += 1;
            self.boxes[first].heading = Some(HeadingMark {
                id,
                level,
                title: spans_text(spans),
            });
        }
        self.keep_with_next();
        self.set_space(size * 0.35);
    }

    /// A paragraph with widow and orphan control. Returns the number of lines.
    pub fn paragraph(
        &mut self,
        spans: &[Span],
        x: f32,
        width: f32,
        ts: &TextStyle,
        leading: f32,
        align: Align,
    ) -> usize {
        self.paragraph_lines(spans, x, width, ts, leading, align, None)
    }

    /// A paragraph tagged as `role` (such as a heading), kept together.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph_as(
        &mut self,
        role: Role,
        spans: &[Span],
        x: f32,
        width: f32,
        ts: &TextStyle,
        leading: f32,
        align: Align,
    ) -> usize {
        self.paragraph_lines(spans, x, width, ts, leading, align, Some(role))
    }

    #[allow(clippy::too_many_arguments)]
    fn paragraph_lines(
        &mut self,
        spans: &[Span],
        x: f32,
        width: f32,
        ts: &TextStyle,
        leading: f32,
        align: Align,
        heading: Option<Role>,
    ) -> usize {
        let keep_together = heading.is_some();
        let p = break_paragraph(self.fonts, spans, ts, width, width);
        self.open(heading.unwrap_or(Role::Paragraph));
        let n = p.lines.len();
        let lh = ts.size * leading;
        let base = baseline(self.fonts, FontStyle::Regular, ts.size, lh);
        for (i, line) in p.lines.into_iter().enumerate() {
            let dx = x + align_offset(align, width, line.width);
            let items = line
                .items
                .into_iter()
                .map(|it| it.translated(dx, base))
                .collect();
            let mut b = VBox::new(lh, items);
            if i > 0 && (keep_together || i < 2 || n - i < 2) {
                b.brk = Break::Avoid;
            }
            self.push(b);
        }
        self.close();
        n
    }

    fn code(&mut self, code: &str, x: f32, width: f32) {
        let size = self.theme.body_size * 0.9;
        let ts = TextStyle {
            size,
            color: self.theme.text,
            link_color: self.theme.link,
            bold: false,
            italic: false,
        };
        let pad = size * 0.5;
        self.begin_group(x, width, self.theme.code_bg, pad);
        self.space(pad);
        for line in code.split('\n') {
            let text: String = line
                .replace('\t', "    ")
                .chars()
                .map(|c| if c == ' ' { '\u{00A0}' } else { c })
                .collect();
            if text.is_empty() {
                self.push(VBox::new(size * self.theme.leading, Vec::new()));
            } else {
                self.paragraph(
                    &[Span::plain(text)],
                    x + pad,
                    width - 2.0 * pad,
                    &ts,
                    self.theme.leading,
                    Align::Left,
                );
            }
        }
        self.end_group();
        self.space(pad);
    }
}

fn align_offset(align: Align, width: f32, line: f32) -> f32 {
    match align {
        Align::Left => 0.0,
        Align::Center => ((width - line) / 2.0).max(0.0),
        Align::Right => (width - line).max(0.0),
    }
}

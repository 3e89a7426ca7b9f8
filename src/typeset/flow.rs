//! Block layout: Markdown blocks -> a stream of vertical boxes with break
//! rules, and pagination of such a stream onto pages.
//!
//! A [`VBox`] is an unbreakable strip (one line of a paragraph, one table row,
//! a rule...) with its own items. Break rules encode keep-with-next for
//! headings and widow/orphan control (at least two lines of a paragraph at
//! the bottom and at the top of a page).
//!
//! Why over 1,000 lines: flow building, tables and pagination share the box model here; issue 10
//! splits it into those three modules.

use std::rc::Rc;

use super::fonts::{FontStyle, Fonts};
use super::markdown::{self, Align, Block, Span, spans_text};
use super::text::{LineLayout, TextStyle, break_paragraph};
use super::{ArtifactKind, HeaderScope, Item, LineItem, Rgb, Role, Tag, TextRun};

/// Colours and sizes of the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Body text size in points.
    pub body_size: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
    pub heading_leading: f32,
    /// Sizes of `#` .. `######` headings.
    pub heading_sizes: [f32; 6],
    pub table_size: f32,
    /// Space between blocks.
    pub block_gap: f32,
    pub text: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    /// Headings: the brand colour, darkened until it reads on white.
    pub accent: Rgb,
    pub link: Rgb,
    /// A light tint of the brand colour for backgrounds.
    pub tint: Rgb,
    pub code_bg: Rgb,
    pub brand: Rgb,
}

impl Theme {
    /// The default theme for a brand colour.
    pub fn new(brand: Rgb) -> Theme {
        let mut accent = brand;
        let mut t = 0.0;
        while accent.contrast(Rgb::WHITE) < 4.5 && t < 1.0 {
            t += 0.05;
            accent = brand.mix(Rgb(0x10, 0x10, 0x10), t);
        }
        Theme {
            body_size: 11.0,
            leading: 1.45,
            heading_leading: 1.25,
            heading_sizes: [20.0, 16.0, 13.0, 11.5, 11.0, 11.0],
            table_size: 10.0,
            block_gap: 8.0,
            text: Rgb(0x1c, 0x1c, 0x1c),
            muted: Rgb(0x55, 0x55, 0x55),
            rule: Rgb(0xc4, 0xc4, 0xc4),
            accent,
            link: accent,
            tint: brand.mix(Rgb::WHITE, 0.88),
            code_bg: Rgb(0xf1, 0xf1, 0xf1),
            brand,
        }
    }

    /// The same theme with every size multiplied by `factor` (for small pages).
    pub fn scaled(mut self, factor: f32) -> Theme {
        self.body_size *= factor;
        for s in &mut self.heading_sizes {
            *s *= factor;
        }
        self.table_size *= factor;
        self.block_gap *= factor;
        self
    }

    /// Body text style.
    pub fn body(&self) -> TextStyle {
        TextStyle {
            size: self.body_size,
            color: self.text,
            link_color: self.link,
            bold: false,
            italic: false,
        }
    }
}

/// May the page break before a box?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    Allow,
    /// Only if there is no other way (keep-with-previous).
    Avoid,
    /// Always start a new page here.
    Page,
}

/// A background or bar drawn behind a run of boxes (block quotes, shaded
/// panels); split per page.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupDeco {
    pub id: u32,
    pub x: f32,
    pub w: f32,
    pub color: Rgb,
    /// How far the shape extends above the first and below the last box.
    pub pad: f32,
}

/// A heading placed in the flow (for the contents and the outline).
#[derive(Clone, Debug, PartialEq)]
pub struct HeadingMark {
    pub id: usize,
    pub level: u8,
    pub title: String,
}

/// An unbreakable strip of content.
#[derive(Clone, Debug, PartialEq)]
pub struct VBox {
    pub height: f32,
    /// Space above the box; dropped at the top of a page.
    pub space_before: f32,
    /// Items with absolute x and y relative to the top of the box.
    pub items: Vec<Item>,
    pub brk: Break,
    pub heading: Option<HeadingMark>,
    pub groups: Vec<GroupDeco>,
    /// Box repeated at the top of a page that starts with this box (table header).
    pub repeat_header: Option<Rc<VBox>>,
}

impl VBox {
    pub fn new(height: f32, items: Vec<Item>) -> VBox {
        VBox {
            height,
            space_before: 0.0,
            items,
            brk: Break::Allow,
            heading: None,
            groups: Vec::new(),
            repeat_header: None,
        }
    }
}

/// Options of a table.
#[derive(Clone, Copy, Debug)]
pub struct TableOpts {
    pub size: f32,
    /// Bold, shaded first column (label/value tables).
    pub label_column: bool,
}

struct Marker {
    text: String,
    /// Right edge of the marker.
    right: f32,
    style: FontStyle,
    size: f32,
    color: Rgb,
}

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

    /// Lays a pending list marker out against the box's first line, as a `Lbl`.
    fn push_marker(&mut self, b: &mut VBox, label: &mut Vec<Item>) {
        if let Some(m) = self.marker.take() {
            let base = b
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Text(t) => Some(t.y),
                    _ => None,
                })
                .unwrap_or_else(|| {
                    baseline(self.fonts, m.style, m.size, m.size * self.theme.leading)
                });
            label.push(Item::Tag(Tag::start(Role::ListLabel)));
            if m.text == "▪" {
                // A drawn square: the symbol font's glyph is too heavy.
                let side = m.size * 0.27;
                let x_height = m.size * 0.5;
                label.push(Item::Rect {
                    x: m.right - side * 1.6,
                    y: base - x_height / 2.0 - side / 2.0,
                    w: side,
                    h: side,
                    fill: m.color,
                });
            } else {
                let w = self.fonts.width(m.style, &m.text, m.size);
                label.push(Item::Text(TextRun {
                    x: m.right - w,
                    y: base,
                    size: m.size,
                    style: m.style,
                    color: m.color,
                    text: m.text,
                    angle: 0.0,
                }));
            }
            label.push(Item::Tag(Tag::End));
        }
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

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32) {
        let size = self.theme.body_size;
        let depth = self.list_depth;
        let (indent, markers): (f32, Vec<String>) = match start {
            Some(s) => {
                let markers: Vec<String> = (0..items.len() as u64)
                    .map(|i| format!("{}.", s.saturating_add(i)))
                    .collect();
                let widest = markers
                    .iter()
                    .map(|m| self.fonts.width(FontStyle::Regular, m, size))
                    .fold(0.0, f32::max);
                ((widest + size * 0.55).max(size * 1.6), markers)
            }
            None => {
                // As browsers draw them: disc, circle, then squares.
                let bullet = match depth {
                    0 => "•",
                    1 => "◦",
                    _ => "▪",
                };
                (size * 1.5, vec![bullet.to_string(); items.len()])
            }
        };
        let indent = indent.min(width * 0.3);
        let first_box = self.boxes.len();
        self.list_depth += 1;
        self.open(Role::List {
            ordered: start.is_some(),
        });
        for (i, (item, marker)) in items.iter().zip(markers).enumerate() {
            if i > 0 {
                self.space(size * 0.3);
            }
            self.open(Role::ListItem);
            self.marker_at = self.pending_tags.len();
            self.marker = Some(Marker {
                text: marker,
                right: if start.is_some() {
                    x + indent - size * 0.45
                } else {
                    x + size * 0.6
                },
                style: FontStyle::Regular,
                size,
                color: self.theme.text,
            });
            self.open(Role::ListBody);
            if item.is_empty() {
                self.push(VBox::new(size * self.theme.leading, Vec::new()));
            }
            for (j, b) in item.iter().enumerate() {
                if j > 0 {
                    self.space(size * 0.4);
                }
                // Blocks inside items sit closer together than top-level ones.
                let saved = self.theme.block_gap;
                self.theme.block_gap = size * 0.4;
                self.block(b, x + indent, width - indent);
                self.theme.block_gap = saved;
            }
            // A marker not consumed (item of empty blocks) is dropped.
            self.marker = None;
            self.close();
            self.close();
        }
        self.close();
        self.list_depth -= 1;
        // Orphan and widow control for the list as a whole: at least two
        // lines of it at the bottom and at the top of a page.
        if depth == 0 && self.boxes.len() >= first_box + 4 {
            let last = self.boxes.len() - 1;
            for ix in [first_box + 1, last] {
                if self.boxes[ix].brk == Break::Allow {
                    self.boxes[ix].brk = Break::Avoid;
                }
            }
        }
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

    /// A table; every row is one box (split when taller than a page); the
    /// header row is repeated on each page the table continues on.
    pub fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        opts: TableOpts,
    ) {
        let ncols = rows
            .iter()
            .map(|r| r.len())
            .chain(std::iter::once(head.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let size = opts.size;
        let pad_x = size * 0.5;
        let pad_y = size * 0.35;
        let leading = self.theme.leading * 0.95;
        let body = TextStyle {
            size,
            color: self.theme.text,
            link_color: self.theme.link,
            bold: false,
            italic: false,
        };
        let bold = TextStyle { bold: true, ..body };
        let cell_style = |row_is_head: bool, col: usize| {
            if row_is_head || (opts.label_column && col == 0) {
                bold
            } else {
                body
            }
        };

        // Natural (one-line) and minimum (longest word) widths per column.
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        let all_rows = std::iter::once((true, head)).chain(rows.iter().map(|r| (false, &r[..])));
        for (is_head, row) in all_rows.clone() {
            for (c, cell) in row.iter().enumerate() {
                let ts = cell_style(is_head, c);
                let style = FontStyle::new(ts.bold, ts.italic);
                let text = spans_text(cell);
                let nat = self.fonts.width(style, &text, size);
                let longest = text
                    .split_whitespace()
                    .map(|w| self.fonts.width(style, w, size))
                    .fold(0.0, f32::max);
                natural[c] = natural[c].max(nat);
                minimum[c] = minimum[c].max(longest);
            }
        }
        let avail = (width - 2.0 * pad_x * ncols as f32).max(ncols as f32 * size);
        let sum_nat: f32 = natural.iter().sum();
        let sum_min: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if sum_nat <= avail {
            if opts.label_column {
                // Label column as narrow as it can be; values take the rest.
                let mut w = natural.clone();
                let extra = avail - sum_nat;
                if let Some(last) = w.last_mut() {
                    *last += extra;
                }
                w
            } else if sum_nat > 0.0 {
                natural
                    .iter()
                    .map(|n| n + (avail - sum_nat) * n / sum_nat)
                    .collect()
            } else {
                vec![avail / ncols as f32; ncols]
            }
        } else if sum_min <= avail {
            let flex: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| {
                    if flex > 0.0 {
                        m + (avail - sum_min) * (n - m) / flex
                    } else {
                        avail / ncols as f32
                    }
                })
                .collect()
        } else {
            // Not even the longest words fit: narrow columns keep their
            // words whole and the widest ones (long URLs) are broken.
            let mut order: Vec<usize> = (0..ncols).collect();
            order.sort_by(|&a, &b| minimum[a].total_cmp(&minimum[b]));
            let mut w = vec![0.0; ncols];
            let mut remaining = avail;
            for (k, &c) in order.iter().enumerate() {
                let share = remaining / (ncols - k) as f32;
                w[c] = minimum[c].min(share);
                remaining -= w[c];
            }
            w
        };
        let col_x: Vec<f32> = widths
            .iter()
            .scan(x, |cx, w| {
                let this = *cx;
                *cx += w + 2.0 * pad_x;
                Some(this)
            })
            .collect();

        let rule = self.theme.rule;
        let line = |y: f32, w: f32, color: Rgb| {
            Item::Line(LineItem {
                x1: x,
                y1: y,
                x2: x + width,
                y2: y,
                width: w,
                color,
                dash: None,
                round_cap: false,
            })
        };

        let mut header_box: Option<Rc<VBox>> = None;
        let mut first_body = true;
        self.open(Role::Table);
        for (ri, (is_head, row)) in all_rows.enumerate() {
            if is_head && row.is_empty() {
                continue;
            }
            // Lay out every cell.
            let cells: Vec<(Vec<LineLayout>, Align)> = (0..ncols)
                .map(|c| {
                    let ts = cell_style(is_head, c);
                    let spans = row.get(c).map(|s| &s[..]).unwrap_or(&[]);
                    let p = break_paragraph(self.fonts, spans, &ts, widths[c], widths[c]);
                    (p.lines, aligns.get(c).copied().unwrap_or_default())
                })
                .collect();
            let lh = size * leading;
            let base = baseline(self.fonts, FontStyle::Regular, size, lh);
            let nlines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(1);
            // Split rows taller than a page into chunks of lines.
            let per_chunk = (((self.max_box_height - 2.0 * pad_y) / lh).floor() as usize).max(1);
            let mut start = 0;
            while start < nlines {
                let end = (start + per_chunk).min(nlines);
                let height = (end - start) as f32 * lh + 2.0 * pad_y;
                // A row split over pages continues the same row and cells.
                let mut items = vec![Item::Tag(Tag::Start {
                    role: Role::TableRow,
                    key: Some(ri as u32),
                })];
                if is_head {
                    items.push(Item::Rect {
                        x,
                        y: 0.0,
                        w: width,
                        h: height,
                        fill: self.theme.tint,
                    });
                } else if opts.label_column {
                    items.push(Item::Rect {
                        x,
                        y: 0.0,
                        w: widths[0] + 2.0 * pad_x,
                        h: height,
                        fill: self.theme.tint,
                    });
                }
                for (c, (lines, align)) in cells.iter().enumerate() {
                    let role = if is_head {
                        Role::TableHeader(HeaderScope::Column)
                    } else if opts.label_column && c == 0 {
                        Role::TableHeader(HeaderScope::Row)
                    } else {
                        Role::TableCell
                    };
                    items.push(Item::Tag(Tag::Start {
                        role,
                        key: Some(c as u32),
                    }));
                    for (k, l) in lines.iter().enumerate().take(end).skip(start) {
                        let dx = col_x[c] + pad_x + align_offset(*align, widths[c], l.width);
                        let dy = pad_y + (k - start) as f32 * lh + base;
                        items.extend(l.items.iter().cloned().map(|it| it.translated(dx, dy)));
                    }
                    items.push(Item::Tag(Tag::End));
                }
                if is_head || (opts.label_column && first_body && start == 0) {
                    items.push(line(0.0, 0.75, rule));
                }
                let bottom = if is_head {
                    line(height, 1.0, self.theme.accent)
                } else {
                    line(height, 0.5, rule)
                };
                items.push(bottom);
                items.push(Item::Tag(Tag::End));
                let mut b = VBox::new(height, items);
                // Keep the first row with the header, and never leave the
                // last row alone at the top of a page.
                let last_row = !is_head && rows.len() >= 3 && ri == rows.len();
                if start > 0
                    || (!is_head && first_body && header_box.is_some())
                    || (last_row && start == 0)
                {
                    b.brk = Break::Avoid;
                }
                if !is_head {
                    b.repeat_header = header_box.clone();
                }
                if is_head {
                    let mut hb = b.clone();
                    hb.brk = Break::Allow;
                    hb.space_before = 0.0;
                    hb.groups = self.groups.clone();
                    header_box = Some(Rc::new(hb));
                }
                self.push(b);
                start = end;
            }
            if !is_head {
                first_body = false;
            }
        }
        self.close();
    }
}

fn align_offset(align: Align, width: f32, line: f32) -> f32 {
    match align {
        Align::Left => 0.0,
        Align::Center => ((width - line) / 2.0).max(0.0),
        Align::Right => (width - line).max(0.0),
    }
}

/// The content area of a page, in points from the page's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageFrame {
    pub x: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// A heading's final position.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedHeading {
    pub id: usize,
    pub level: u8,
    pub title: String,
    /// Page index, 0-based.
    pub page: usize,
    /// Top of the heading, points from the page top.
    pub y: f32,
}

/// The result of [`paginate`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pagination {
    pub pages: Vec<super::Page>,
    pub headings: Vec<PlacedHeading>,
    /// True when `max_pages` was reached before all boxes were placed.
    pub overflow: bool,
}

struct Placed<'b> {
    /// Index in the input; `None` for a repeated table header.
    index: Option<usize>,
    b: &'b VBox,
    top: f32,
}

/// Distributes boxes over pages of the given frame, honouring break rules,
/// and returns the pages' items. With `max_pages`, stops there and reports
/// overflow.
pub fn paginate(boxes: &[&VBox], frame: &PageFrame, max_pages: Option<usize>) -> Pagination {
    paginate_with(boxes, frame, max_pages, true)
}

/// Where the headings would go, without building the pages' items (the pages
/// come back empty): for passes that only need page numbers.
pub fn place_headings(boxes: &[&VBox], frame: &PageFrame) -> Pagination {
    paginate_with(boxes, frame, None, false)
}

fn paginate_with(
    boxes: &[&VBox],
    frame: &PageFrame,
    max_pages: Option<usize>,
    items: bool,
) -> Pagination {
    let mut out = Pagination::default();
    let mut cur: Vec<Placed> = Vec::new();
    let mut y = 0.0f32;
    let mut i = 0;
    let limit = max_pages.unwrap_or(usize::MAX);
    const EPS: f32 = 0.01;

    let with_items = items;
    let finish = |cur: &mut Vec<Placed>, out: &mut Pagination| {
        let page_no = out.pages.len();
        let mut items = Vec::new();
        if !with_items {
            for p in cur.iter() {
                if let (Some(_), Some(h)) = (p.index, &p.b.heading) {
                    out.headings.push(PlacedHeading {
                        id: h.id,
                        level: h.level,
                        title: h.title.clone(),
                        page: page_no,
                        y: frame.top + p.top,
                    });
                }
            }
            out.pages.push(super::Page::default());
            cur.clear();
            return;
        }
        // Group decorations first (behind the content), outermost first.
        let mut groups: Vec<(u32, &GroupDeco, f32, f32)> = Vec::new();
        for p in cur.iter() {
            for g in &p.b.groups {
                let (top, bottom) = (p.top, p.top + p.b.height);
                match groups.iter_mut().find(|(id, ..)| *id == g.id) {
                    Some(e) => {
                        e.2 = e.2.min(top);
                        e.3 = e.3.max(bottom);
                    }
                    None => groups.push((g.id, g, top, bottom)),
                }
            }
        }
        groups.sort_by_key(|g| g.0);
        if !groups.is_empty() {
            items.push(Item::Tag(Tag::start(Role::Artifact(ArtifactKind::Layout))));
            for (_, g, top, bottom) in groups {
                items.push(Item::Rect {
                    x: g.x,
                    y: frame.top + top - g.pad,
                    w: g.w,
                    h: bottom - top + 2.0 * g.pad,
                    fill: g.color,
                });
            }
            items.push(Item::Tag(Tag::End));
        }
        for p in cur.iter() {
            let dy = frame.top + p.top;
            if p.index.is_none() {
                // A repeated table header is a reminder, not new content.
                items.push(Item::Tag(Tag::start(Role::Artifact(
                    ArtifactKind::Pagination,
                ))));
                items.extend(
                    p.b.items
                        .iter()
                        .filter(|it| !matches!(it, Item::Tag(_) | Item::Link { .. }))
                        .cloned()
                        .map(|it| it.translated(0.0, dy)),
                );
                items.push(Item::Tag(Tag::End));
                continue;
            }
            items.extend(p.b.items.iter().cloned().map(|it| it.translated(0.0, dy)));
            if let (Some(_), Some(h)) = (p.index, &p.b.heading) {
                out.headings.push(PlacedHeading {
                    id: h.id,
                    level: h.level,
                    title: h.title.clone(),
                    page: page_no,
                    y: dy,
                });
            }
        }
        out.pages.push(super::Page { items });
        cur.clear();
    };

    while i < boxes.len() {
        if out.pages.len() >= limit {
            out.overflow = true;
            return out;
        }
        let b = boxes[i];
        let has_real = cur.iter().any(|p| p.index.is_some());
        if b.brk == Break::Page && has_real {
            finish(&mut cur, &mut out);
            y = 0.0;
            continue;
        }
        let gap = if cur.is_empty() { 0.0 } else { b.space_before };
        if has_real && y + gap + b.height > frame.height + EPS {
            if b.brk != Break::Allow {
                // Move back to the last allowed break that leaves content behind.
                let k = (1..cur.len()).rev().find(|&k| {
                    cur[k].index.is_some_and(|ix| boxes[ix].brk != Break::Avoid)
                        && cur[..k].iter().any(|p| p.index.is_some())
                });
                if let Some(k) = k {
                    if let Some(ix) = cur[k].index {
                        i = ix;
                    }
                    cur.truncate(k);
                }
            }
            finish(&mut cur, &mut out);
            y = 0.0;
            continue;
        }
        if cur.is_empty()
            && let Some(h) = &b.repeat_header
        {
            cur.push(Placed {
                index: None,
                b: h.as_ref(),
                top: 0.0,
            });
            y = h.height;
        }
        let gap = if cur.is_empty() { 0.0 } else { b.space_before };
        let top = y + gap;
        cur.push(Placed {
            index: Some(i),
            b,
            top,
        });
        y = top + b.height;
        i += 1;
    }
    if !cur.is_empty() {
        if out.pages.len() >= limit {
            out.overflow = true;
        } else {
            finish(&mut cur, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(height: f32) -> PageFrame {
        PageFrame {
            x: 50.0,
            top: 50.0,
            width: 400.0,
            height,
        }
    }

    fn lines_per_page(p: &Pagination) -> Vec<usize> {
        p.pages
            .iter()
            .map(|pg| {
                pg.items
                    .iter()
                    .filter(|i| matches!(i, Item::Text(_)))
                    .count()
            })
            .collect()
    }

    #[test]
    fn widows_and_orphans_are_avoided() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        // 5 one-line paragraphs then a 4-line paragraph on a page of 6 lines.
        let lh = 11.0 * 1.45;
        for _ in 0..5 {
            flow.push(VBox::new(
                lh,
                vec![Item::Text(TextRun {
                    x: 50.0,
                    y: 10.0,
                    size: 11.0,
                    style: FontStyle::Regular,
                    color: Rgb::BLACK,
                    text: "x".into(),
                    angle: 0.0,
                })],
            ));
        }
        let long = "word ".repeat(100);
        let ts = flow.theme.body();
        let n = flow.paragraph(&[Span::plain(long)], 50.0, 150.0, &ts, 1.45, Align::Left);
        assert!(n >= 4);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(lh * 6.0 + 1.0), None);
        let counts = lines_per_page(&p);
        // Page 1: five single lines; the paragraph's first line alone would be an orphan.
        assert_eq!(counts[0], 5, "{counts:?}");
        // No page ends or starts with a single line of the paragraph.
        let last = *counts.last().unwrap();
        assert!(last >= 2, "{counts:?}");
    }

    #[test]
    fn headings_stay_with_following_lines() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        let md = format!(
            "{}\n\n## Heading\n\n{}",
            "Filler text. ".repeat(60),
            "Body text of the section. ".repeat(30)
        );
        flow.markdown(&md, 50.0, 400.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        // Try many page heights: the heading is never last on a page.
        for h in (150..400).step_by(7) {
            let p = paginate(&refs, &frame(h as f32), None);
            let hd = &p.headings[0];
            let page = &p.pages[hd.page];
            let below = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text(t) if t.y > hd.y + 20.0))
                .count();
            assert!(below >= 2, "height {h}: heading alone at page bottom");
        }
    }

    #[test]
    fn overflow_is_reported() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        flow.markdown(&"Lots of words here. ".repeat(400), 50.0, 300.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(300.0), Some(2));
        assert!(p.overflow);
        assert_eq!(p.pages.len(), 2);
        let all = paginate(&refs, &frame(300.0), None);
        assert!(!all.overflow);
        assert!(all.pages.len() > 2);
    }

    #[test]
    fn tables_repeat_their_header() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        let mut md = String::from("| Role | Responsibility |\n|---|---|\n");
        for i in 0..40 {
            md.push_str(&format!("| Role {i} | Does things number {i} |\n"));
        }
        flow.markdown(&md, 50.0, 400.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(300.0), None);
        assert!(p.pages.len() >= 2);
        for page in &p.pages {
            let first_text = page.items.iter().find_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            });
            assert_eq!(first_text.as_deref(), Some("Role"));
        }
    }
}

//! The leaflet's two A5 pages, laid out with the PDF engine's flow: a front that opens with the
//! school's band and the title, a back that closes with the QR panel. Sections come from the
//! approved Markdown (`##` headings); a top-level `---` starts the back page. Text that does not
//! fit is an error naming the section, never a cut.

use crate::typeset::flow::{Break, Flow, HeadingMark, PageFrame, Theme, VBox, paginate};
use crate::typeset::markdown::{self, Align, Block, Span, spans_text};
use crate::typeset::text::TextStyle;
use crate::typeset::{
    DocumentInfo, Fonts, Item, LaidOutDocument, OutlineEntry, PT_PER_MM, Page, Rgb, Role,
};

mod furniture;
pub mod qr;

use furniture::{band, decorate, qr_panel};

/// A5 portrait, in millimetres.
pub const WIDTH_MM: f32 = 148.0;
pub const HEIGHT_MM: f32 = 210.0;
const SIDE_MM: f32 = 11.0;
const TOP_MM: f32 = 10.0;
/// Room for the footer line below the text.
const BOTTOM_MM: f32 = 15.0;
/// Body text size: a leaflet is read at arm's length, so never below 11 pt.
pub const BODY_PT: f32 = 11.0;
pub(super) const LEADING: f32 = 1.3;
pub(super) const FOOTER_PT: f32 = 9.0;
/// The heading id that marks the QR panel.
pub(super) const PANEL_ID: usize = usize::MAX;

/// Everything printed on one school's leaflet.
#[derive(Clone, Debug)]
pub struct LeafletSheet {
    pub school_name: String,
    /// The trust's name, under the school's in the band.
    pub organisation: Option<String>,
    pub title: String,
    /// The approved Markdown.
    pub markdown: String,
    pub brand: Rgb,
    /// What the QR code opens.
    pub qr_url: String,
    /// The title of the policy the QR code opens, such as "Social Media Policy".
    pub full_policy_title: String,
    /// Left of the footer on every page, such as "Version 1 · approved by the LGB on ...".
    pub footer: String,
    pub info: DocumentInfo,
    /// Drawn in the band's white tile; without one the tile holds the school's initials.
    pub logo: Option<std::sync::Arc<crate::logo::Logo>>,
}

/// Which page the text runs off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Front,
    Back,
    /// No `---` splits the text: it runs off the second page.
    Second,
}

impl Side {
    fn describe(self) -> &'static str {
        match self {
            Side::Front => "front page",
            Side::Back => "back page",
            Side::Second => "second page",
        }
    }
}

/// Text that does not fit: where it crosses the limit and roughly by how much.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    /// The heading of the section that crosses the page's end ("the introduction" before any).
    pub section: String,
    pub side: Side,
    /// Height of the text past the page, in points.
    pub excess_pt: f32,
}

impl Overflow {
    pub fn lines(&self) -> usize {
        (self.excess_pt / (BODY_PT * LEADING)).ceil().max(1.0) as usize
    }

    pub fn mm(&self) -> usize {
        (self.excess_pt / PT_PER_MM).ceil().max(1.0) as usize
    }

    /// "the section “X” runs off the back page by about 4 lines (22 mm)".
    pub fn describe(&self) -> String {
        let lines = self.lines();
        format!(
            "{} runs off the {} by about {lines} line{} ({} mm)",
            if self.section.starts_with("the ") {
                self.section.clone()
            } else {
                format!("the section “{}”", self.section)
            },
            self.side.describe(),
            if lines == 1 { "" } else { "s" },
            self.mm()
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum LeafletError {
    Overflow(Overflow),
    /// The text cannot be made into a leaflet at all (such as three page breaks).
    Shape(String),
}

fn page_frame() -> PageFrame {
    let side = SIDE_MM * PT_PER_MM;
    let top = TOP_MM * PT_PER_MM;
    PageFrame {
        x: side,
        top,
        width: (WIDTH_MM - 2.0 * SIDE_MM) * PT_PER_MM,
        height: (HEIGHT_MM - TOP_MM - BOTTOM_MM) * PT_PER_MM,
    }
}

fn leaflet_theme(brand: Rgb) -> Theme {
    let mut theme = Theme::new(brand);
    theme.body_size = BODY_PT;
    theme.leading = LEADING;
    theme.heading_sizes = [20.0, 13.5, 12.0, 11.0, 11.0, 11.0];
    theme.table_size = BODY_PT;
    theme.block_gap = 5.5;
    theme
}

/// A section's heading: tighter above than a policy's, kept with what follows, and marked so
/// that an overflow can name it.
fn section_heading(flow: &mut Flow<'_>, level: u8, spans: &[Span], frame: &PageFrame) {
    let theme = flow.theme.clone();
    let ts = TextStyle {
        size: theme.heading_sizes[1],
        color: theme.accent,
        link_color: theme.accent,
        bold: true,
        italic: false,
    };
    let mut lines = Flow::new(flow.fonts, theme);
    lines.paragraph_as(
        Role::Heading(level),
        spans,
        frame.x,
        frame.width,
        &ts,
        1.2,
        Align::Left,
    );
    flow.space(12.0);
    for (i, mut b) in lines.into_boxes().into_iter().enumerate() {
        if i == 0 {
            b.heading = Some(HeadingMark {
                id: 0,
                level: 2,
                title: spans_text(spans),
            });
        } else {
            b.brk = Break::Avoid;
        }
        flow.push(b);
        flow.keep_with_next();
    }
    flow.set_space(3.0);
}

/// The approved Markdown cut at top-level `---` into the front's and the back's blocks.
fn split_pages(markdown: &str) -> Vec<Vec<Block>> {
    let mut parts = vec![Vec::new()];
    for block in markdown::parse(markdown) {
        match block {
            Block::Rule => parts.push(Vec::new()),
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other);
                }
            }
        }
    }
    parts
}

/// Lays blocks into the flow: `##` headings are sections; a quote is a tinted panel.
fn lay_blocks(flow: &mut Flow<'_>, blocks: &[Block], frame: &PageFrame) {
    let (x, width) = (frame.x, frame.width);
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, spans } if *level <= 2 => {
                section_heading(flow, *level, spans, frame);
            }
            Block::Heading { level, spans } => flow.heading(*level, spans, x, width, false),
            Block::Quote(inner) => {
                // The panel's padding is made of boxes, so that pagination counts it.
                let pad = 7.0;
                flow.space(flow.theme.block_gap);
                flow.begin_group(x, width, flow.theme.tint, 0.0);
                flow.open(Role::BlockQuote);
                flow.push(VBox::new(pad, Vec::new()));
                flow.keep_with_next();
                flow.set_space(0.0);
                flow.blocks(inner, x + pad, width - 2.0 * pad);
                flow.set_space(0.0);
                flow.close();
                let mut bottom = VBox::new(pad, Vec::new());
                bottom.brk = Break::Avoid;
                flow.push(bottom);
                flow.end_group();
                flow.space(flow.theme.block_gap);
            }
            other => {
                flow.block(other, x, width);
                // A lead-in ("... as follows:") stays with the list after it.
                if let (Block::Paragraph(spans), Some(Block::List { .. })) =
                    (other, blocks.get(i + 1))
                    && spans_text(spans).ends_with(':')
                {
                    flow.keep_with_next();
                }
            }
        }
    }
}

/// How far below the content area's top the lowest ink of a page reaches.
fn used_height(page: &Page, frame: &PageFrame) -> f32 {
    page.items
        .iter()
        .map(|item| match item {
            Item::Text(t) => t.y + t.size * 0.25,
            Item::Rect { y, h, .. } | Item::Link { y, h, .. } => y + h,
            Item::Line(l) => l.y1.max(l.y2),
            Item::Tag(_) => 0.0,
            Item::Logo(l) => l.y + l.h,
        })
        .fold(0.0f32, f32::max)
        - frame.top
}

/// One run of text that must fit on `allowed` pages.
struct Part {
    boxes: Vec<VBox>,
    allowed: usize,
    side: Side,
    /// Items of the QR panel, if it closes this part (the last items of the last page).
    panel_items: usize,
}

/// Lays out the leaflet, or says which section does not fit and by how much.
pub fn layout(sheet: &LeafletSheet, fonts: &Fonts) -> Result<LaidOutDocument, LeafletError> {
    let frame = page_frame();
    let theme = leaflet_theme(sheet.brand);
    let pieces = split_pages(&sheet.markdown);
    if pieces.len() > 2 {
        return Err(LeafletError::Shape(format!(
            "a leaflet has a front and a back, but this text has {} page breaks (`---`)",
            pieces.len() - 1
        )));
    }
    let two_sided = pieces.len() == 2;
    let mut parts = Vec::new();
    for (index, blocks) in pieces.iter().enumerate() {
        let mut flow = Flow::new(fonts, theme.clone());
        flow.max_box_height = frame.height;
        if index == 0 {
            flow.push(band(sheet, fonts, &theme, &frame));
            flow.space(16.0);
            let title = TextStyle {
                size: theme.heading_sizes[0],
                color: theme.accent,
                link_color: theme.accent,
                bold: true,
                italic: false,
            };
            flow.paragraph_as(
                Role::Heading(1),
                &[Span::plain(sheet.title.clone())],
                frame.x,
                frame.width,
                &title,
                1.15,
                Align::Left,
            );
            flow.keep_with_next();
            flow.set_space(4.0);
        }
        lay_blocks(&mut flow, blocks, &frame);
        let last = index + 1 == pieces.len();
        let mut panel_items = 0;
        if last {
            let panel = qr_panel(sheet, fonts, &theme, &frame)?;
            panel_items = panel.items.len();
            flow.space(14.0);
            flow.push(panel);
        }
        parts.push(Part {
            boxes: flow.into_boxes(),
            allowed: if two_sided { 1 } else { 2 },
            side: match (two_sided, index) {
                (false, _) => Side::Second,
                (true, 0) => Side::Front,
                (true, _) => Side::Back,
            },
            panel_items,
        });
    }

    let mut pages: Vec<Page> = Vec::new();
    let mut outline = Vec::new();
    for part in &parts {
        let refs: Vec<&VBox> = part.boxes.iter().collect();
        let mut laid = paginate(&refs, &frame, None);
        if laid.pages.len() > part.allowed {
            let excess = laid.pages[part.allowed..]
                .iter()
                .map(|p| used_height(p, &frame))
                .sum::<f32>();
            let section = laid
                .headings
                .iter()
                .rfind(|h| {
                    h.page < part.allowed || (h.page == part.allowed && h.y <= frame.top + 0.5)
                })
                .map_or_else(
                    || match part.side {
                        Side::Back => "the start of the back page".to_string(),
                        _ => "the introduction".to_string(),
                    },
                    |h| {
                        if h.id == PANEL_ID {
                            "the QR code panel".to_string()
                        } else {
                            h.title.clone()
                        }
                    },
                );
            return Err(LeafletError::Overflow(Overflow {
                section,
                side: part.side,
                excess_pt: excess,
            }));
        }
        // The QR panel sits at the foot of the last page.
        if part.panel_items > 0
            && let Some(page) = laid.pages.last_mut()
        {
            let start = page.items.len().saturating_sub(part.panel_items);
            if let Some(Item::Rect { y, h, .. }) = page.items.get(start) {
                let shift = (frame.top + frame.height - (y + h)).max(0.0);
                for item in &mut page.items[start..] {
                    item.translate(0.0, shift);
                }
            }
        }
        let first_page = pages.len();
        outline.extend(laid.headings.iter().map(|h| OutlineEntry {
            level: h.level,
            title: h.title.clone(),
            page: first_page + h.page,
            y: h.y,
        }));
        pages.extend(laid.pages);
    }

    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        decorate(sheet, fonts, &theme, &frame, n, total, page);
    }
    Ok(LaidOutDocument {
        width: WIDTH_MM * PT_PER_MM,
        height: HEIGHT_MM * PT_PER_MM,
        pages,
        outline,
        info: sheet.info.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(markdown: &str) -> LeafletSheet {
        LeafletSheet {
            school_name: "Example C of E Primary School".to_string(),
            organisation: Some("Example Academies Trust".to_string()),
            title: "Think before you post".to_string(),
            markdown: markdown.to_string(),
            brand: Rgb(0x5b, 0x2a, 0x86),
            qr_url: "https://policies.example.org.uk/schools/example/social-media/".to_string(),
            full_policy_title: "Social Media Policy".to_string(),
            footer: "Version 1 · approved by the LGB on 1 September 2026".to_string(),
            info: DocumentInfo::default(),
            logo: None,
        }
    }

    #[test]
    fn a_short_text_fits_and_ends_with_the_panel_at_the_foot() {
        let fonts = Fonts::bundled().unwrap();
        let doc = layout(
            &sheet("Be kind online.\n\n## Raising a concern\n\n1. Class teacher\n"),
            &fonts,
        )
        .unwrap();
        assert_eq!(doc.pages.len(), 1);
        assert!((doc.width - 419.53).abs() < 0.1 && (doc.height - 595.28).abs() < 0.1);
        let frame = page_frame();
        let bottom = doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { y, h, fill, .. } if *fill == leaflet_theme(sheet("").brand).tint => {
                    Some(y + h)
                }
                _ => None,
            })
            .fold(0.0f32, f32::max);
        assert!(
            (bottom - (frame.top + frame.height)).abs() < 0.5,
            "{bottom}"
        );
    }

    #[test]
    fn overflow_names_the_section_and_the_side() {
        let fonts = Fonts::bundled().unwrap();
        let long = "Words that go on and on. ".repeat(200);
        let md = format!("Intro.\n\n## What we ask\n\n{long}\n\n---\n\n## Channels\n\nWebsite.\n");
        let Err(LeafletError::Overflow(o)) = layout(&sheet(&md), &fonts) else {
            panic!("expected an overflow");
        };
        assert_eq!(o.section, "What we ask");
        assert_eq!(o.side, Side::Front);
        assert!(o.lines() > 5, "{o:?}");
        assert!(
            o.describe()
                .contains("“What we ask” runs off the front page by about")
        );
    }

    #[test]
    fn three_pages_of_breaks_are_refused() {
        let fonts = Fonts::bundled().unwrap();
        assert!(matches!(
            layout(&sheet("a\n\n---\n\nb\n\n---\n\nc\n"), &fonts),
            Err(LeafletError::Shape(_))
        ));
    }
}

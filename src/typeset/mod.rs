//! Lays out a policy onto pages of positioned items; knows nothing of PDF.
//!
//! The pipeline is: Markdown -> [`markdown::Block`]s -> vertical boxes
//! ([`flow::VBox`], built by [`flow::Flow`]) -> pages ([`flow::paginate`]) ->
//! a [`LaidOutDocument`] whose pages are plain lists of [`Item`]s (text runs,
//! rectangles, lines and links) in points, measured from the page's top-left
//! corner. A text run carries the glyphs the layout shaped and measured it with
//! ([`TextRun::glyphs`]), as Typst's `TextItem` does; `crate::pdf` encodes them
//! into a PDF without mapping or measuring text again.
//!
//! The policy's pages are composed in [`document`] (cover, contents, furniture);
//! the parent leaflet's A5 pages in [`leaflet`]. Both use [`flow::Flow`] to lay
//! Markdown into a column and [`flow::paginate`] (the leaflet with a page limit,
//! reporting overflow), then push their own items (e.g. [`Item::Rect`] for a QR
//! code) onto pages.
//!
//! # Structure (tagged PDF)
//!
//! Besides what is drawn, the items carry what it *is*, the way Typst's frames
//! carry tags: [`Item::Tag`] opens ([`Tag::Start`]) or closes ([`Tag::End`]) a
//! [`Role`] — a heading, paragraph, list item, table cell, link, contents entry,
//! figure or artifact — around the items that make it up. Read in page order,
//! the tags form the document's logical structure; elements may run across
//! pages. The writer (`crate::pdf`) turns them into marked content and a
//! structure tree, so layout stays testable without opening a PDF. The rules:
//! - text inside an element is that element's content; text outside every
//!   element is a mistake the writer still tags (as a paragraph);
//! - rectangles and lines are decoration (artifacts) unless the innermost role
//!   says they carry meaning ([`Role::Figure`], [`Role::ListLabel`]);
//! - everything inside a [`Role::Artifact`] is decoration: running headers,
//!   footers, page numbers, the DRAFT watermark, rules and panels;
//! - an [`Item::Link`] belongs to the innermost [`Role::Link`].
//!
//! To add a picture (say a school's or trust's logo) wrap its items in a
//! figure with alt text that says what the picture shows:
//!
//! ```ignore
//! items.push(Item::Tag(Tag::start(Role::Figure { alt: format!("Logo of {school}") })));
//! items.push(/* the logo's items */);
//! items.push(Item::Tag(Tag::End));
//! ```
//!
//! A purely decorative picture goes inside `Role::Artifact(ArtifactKind::Layout)` instead.
//! A new kind of painted item (an image, say) is marked by the writer like a
//! rectangle — `ContentStream::mark(tree, false)` before painting it — so it is
//! the figure's content inside a `Figure` and an artifact anywhere else. The
//! leaflet's logo tile (`leaflet::furniture::band`) and the policy cover's band
//! (`document::cover::cover_boxes`) are where logos go.

pub mod document;
pub mod flow;
pub mod fonts;
pub mod leaflet;
pub mod markdown;
#[doc(hidden)]
pub mod sample;
pub mod text;

pub use flow::{Break, Flow, PageFrame, Pagination, PlacedHeading, Theme, VBox, paginate};
pub use fonts::{FaceId, FontFace, FontStyle, Fonts, Glyph, GlyphInfo};
pub use markdown::{Block, Span, SpanStyle, markdown_options};

use std::fmt;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG relative luminance.
    pub fn luminance(self) -> f32 {
        fn lin(c: u8) -> f32 {
            let c = c as f32 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// WCAG contrast ratio between two colours (1..=21).
    pub fn contrast(self, other: Rgb) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// Mixes `self` with `other`; `t = 0` is `self`, `t = 1` is `other`.
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let m = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const BLACK: Rgb = Rgb(0, 0, 0);
}

/// The paper and its margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSetup {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_mm: f32,
}

impl Default for PageSetup {
    /// A4 with 20 mm margins.
    fn default() -> Self {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_mm: 20.0,
        }
    }
}

impl PageSetup {
    /// A5 with 12 mm margins.
    pub fn a5() -> Self {
        PageSetup {
            width_mm: 148.0,
            height_mm: 210.0,
            margin_mm: 12.0,
        }
    }

    pub fn width_pt(&self) -> f32 {
        self.width_mm * PT_PER_MM
    }
    pub fn height_pt(&self) -> f32 {
        self.height_mm * PT_PER_MM
    }
    pub fn margin_pt(&self) -> f32 {
        self.margin_mm * PT_PER_MM
    }

    /// The content area inside the margins.
    pub fn frame(&self) -> PageFrame {
        let m = self.margin_pt();
        PageFrame {
            x: m,
            top: m,
            width: self.width_pt() - 2.0 * m,
            height: self.height_pt() - 2.0 * m,
        }
    }

    fn validate(&self) -> Result<(), TypesetError> {
        let ok = |v: f32| v.is_finite() && v >= 0.0;
        if !ok(self.width_mm) || !ok(self.height_mm) || !ok(self.margin_mm) {
            return Err(TypesetError::Page(
                "page sizes must be finite and positive".into(),
            ));
        }
        if self.width_mm > 5000.0 || self.height_mm > 5000.0 {
            return Err(TypesetError::Page("page larger than 5 m".into()));
        }
        if self.width_mm - 2.0 * self.margin_mm < 40.0
            || self.height_mm - 2.0 * self.margin_mm < 60.0
        {
            return Err(TypesetError::Page(format!(
                "margins of {} mm leave no room on a {} x {} mm page",
                self.margin_mm, self.width_mm, self.height_mm
            )));
        }
        Ok(())
    }
}

/// The first-page block.
#[derive(Clone, Debug, PartialEq)]
pub struct Cover {
    /// The trust name, shown in the brand-coloured band.
    pub organisation: String,
    pub brand: Rgb,
    pub title: String,
    /// Document control rows, e.g. ("Version", "2").
    pub control: Vec<(String, String)>,
    /// Caption under the signature rule, e.g. "Signed, Chair of the LGB".
    pub signature_line: Option<String>,
    pub ethos: Option<Ethos>,
    /// The organisation's logo, in a white tile at the band's left, before its name.
    pub logo: Option<std::sync::Arc<crate::logo::Logo>>,
    /// The school's own logo when the organisation is its trust, in a tile at the band's right.
    pub school_logo: Option<std::sync::Arc<crate::logo::Logo>>,
    /// The version table: (version, date, approved by, changes), oldest first; empty for none.
    pub versions: Vec<[String; 4]>,
}

/// The ethos statement shown on the cover.
#[derive(Clone, Debug, PartialEq)]
pub struct Ethos {
    pub heading: String,
    pub text: String,
    pub reference: Option<String>,
}

/// Everything needed to print one policy.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintDocument {
    /// Policy title, also the PDF Title.
    pub title: String,
    /// The trust (or school) name: PDF Author.
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag, e.g. "en-GB".
    pub language: String,
    /// Approval date -> CreationDate/ModDate; `None` -> a fixed date (never the clock).
    pub created: Option<jiff::civil::Date>,
    /// On every page after the first.
    pub running_header: String,
    /// Footer left text; the footer right is "Page X of Y".
    pub footer_left: String,
    pub cover: Cover,
    /// The merged policy Markdown.
    pub body_markdown: String,
    /// `body_markdown` already parsed by the caller (the page read the same tree), if it was.
    pub body_tree: Option<ParsedBody>,
    /// Diagonal "DRAFT" watermark on every page.
    pub draft: bool,
    pub page: PageSetup,
}

/// A body's Markdown tree, parsed once and shared with the page. It is the tree of the
/// document's `body_markdown`, which already says everything it holds: it adds nothing to the
/// document's description (the PDF cache's key) or to its equality.
#[derive(Clone)]
pub struct ParsedBody(pub std::sync::Arc<crate::markdown::Document>);

impl std::fmt::Debug for ParsedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("parsed")
    }
}

impl PartialEq for ParsedBody {
    fn eq(&self, _: &ParsedBody) -> bool {
        true
    }
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkTarget {
    Uri(String),
    /// A position in this document: page index (0-based) and y from the top.
    Internal {
        page: usize,
        y: f32,
    },
}

/// A run of text in one face, size and colour.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// Start of the baseline, points from the page's left edge.
    pub x: f32,
    /// Baseline, points from the page's top edge.
    pub y: f32,
    pub size: f32,
    pub style: FontStyle,
    pub color: Rgb,
    pub text: String,
    /// The glyphs that draw `text`, one per character, as the layout measured them
    /// ([`Fonts::shape`]): the PDF writer draws these and looks nothing up again.
    pub glyphs: Vec<Glyph>,
    /// Counter-clockwise rotation in degrees around (x, y).
    pub angle: f32,
}

/// What an artifact is (PDF `/Artifact` `/Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArtifactKind {
    /// Running headers, footers and page numbers.
    Pagination,
    /// Rules, panels, shading and other decoration of the layout.
    Layout,
    /// Behind the content: the DRAFT watermark.
    Background,
}

/// Scope of a table header cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderScope {
    /// Heads its column (a header row).
    Column,
    /// Heads its row (a label column).
    Row,
}

/// The logical role of the items between a [`Tag::Start`] and its [`Tag::End`].
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// `H1`..`H6`.
    Heading(u8),
    Paragraph,
    /// `L`; ordered lists are numbered.
    List {
        ordered: bool,
    },
    ListItem,
    /// The bullet or number of a list item.
    ListLabel,
    ListBody,
    Table,
    TableRow,
    TableHeader(HeaderScope),
    TableCell,
    BlockQuote,
    /// Text and [`Item::Link`] areas of one link.
    Link,
    /// The table of contents (`TOC`) and one of its entries (`TOCI`).
    Contents,
    ContentsEntry,
    /// A picture; `alt` says what it shows (or what a QR code opens).
    Figure {
        alt: String,
    },
    /// Decoration, not content.
    Artifact(ArtifactKind),
}

impl Role {
    /// Whether rectangles and lines directly inside this role are content.
    pub fn graphics_are_content(&self) -> bool {
        matches!(self, Role::Figure { .. } | Role::ListLabel)
    }
}

/// Opens or closes a structure element around the items between.
#[derive(Clone, Debug, PartialEq)]
pub enum Tag {
    /// Opens an element. With a `key`, an element of the same role and key that
    /// the enclosing element already has is continued instead (a table row split
    /// over two pages stays one row, its cells the same cells).
    Start {
        role: Role,
        key: Option<u32>,
    },
    End,
}

impl Tag {
    pub fn start(role: Role) -> Tag {
        Tag::Start { role, key: None }
    }
}

/// A straight stroked line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineItem {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
    pub color: Rgb,
    /// Dash pattern (on, off) in points.
    pub dash: Option<[f32; 2]>,
    pub round_cap: bool,
}

/// Something drawn on a page. Coordinates are points from the page's
/// top-left corner, y growing downwards.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    /// A filled rectangle; (x, y) is its top-left corner.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line(LineItem),
    /// Opens or closes a structure element (draws nothing).
    Tag(Tag),
    /// A clickable area; (x, y) is its top-left corner.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
    },
    /// A logo drawn into the box whose top-left corner is (x, y), with its alt text (for a
    /// tagged PDF's Figure).
    Logo(LogoItem),
}

/// A logo placed on a page.
#[derive(Clone, Debug, PartialEq)]
pub struct LogoItem {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub art: std::sync::Arc<crate::logo::Logo>,
}

impl LogoItem {
    /// The logo fitted and centred in the box (x, y, w, h), keeping its shape.
    pub fn centred(
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        art: std::sync::Arc<crate::logo::Logo>,
    ) -> LogoItem {
        let (fw, fh) = art.fit(w, h);
        LogoItem {
            x: x + (w - fw) / 2.0,
            y: y + (h - fh) / 2.0,
            w: fw,
            h: fh,
            art,
        }
    }
}

impl Item {
    /// Moves the item by (dx, dy).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text(t) => {
                t.x += dx;
                t.y += dy;
            }
            Item::Rect { x, y, .. } | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Logo(l) => {
                l.x += dx;
                l.y += dy;
            }
            Item::Line(l) => {
                l.x1 += dx;
                l.x2 += dx;
                l.y1 += dy;
                l.y2 += dy;
            }
            Item::Tag(_) => {}
        }
    }

    /// Items that open and close `role` around `items`.
    pub fn tagged(role: Role, items: Vec<Item>) -> Vec<Item> {
        let mut out = Vec::with_capacity(items.len() + 2);
        out.push(Item::Tag(Tag::start(role)));
        out.extend(items);
        out.push(Item::Tag(Tag::End));
        out
    }

    /// The item moved by (dx, dy).
    pub fn translated(mut self, dx: f32, dy: f32) -> Item {
        self.translate(dx, dy);
        self
    }
}

/// One laid-out page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Drawn in order (later items on top).
    pub items: Vec<Item>,
}

/// An outline (bookmark) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    /// Heading level (1 = `#`); deeper levels nest under shallower ones.
    pub level: u8,
    pub title: String,
    /// Page index, 0-based.
    pub page: usize,
    /// Top of the heading, points from the page's top edge.
    pub y: f32,
}

/// Document metadata carried to the PDF.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub language: String,
    pub created: Option<jiff::civil::Date>,
}

/// A document laid out onto pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaidOutDocument {
    /// Page size in points.
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub info: DocumentInfo,
}

/// Why a document could not be laid out.
#[derive(Clone, Debug, PartialEq)]
pub enum TypesetError {
    /// A font could not be read or lacks what we need.
    Font(String),
    /// The page setup is unusable.
    Page(String),
}

impl fmt::Display for TypesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypesetError::Font(m) => write!(f, "font error: {m}"),
            TypesetError::Page(m) => write!(f, "page setup error: {m}"),
        }
    }
}

impl std::error::Error for TypesetError {}

/// Lays out a policy: cover, contents, body, running headers and footers.
pub fn layout(doc: &PrintDocument, fonts: &Fonts) -> Result<LaidOutDocument, TypesetError> {
    doc.page.validate()?;
    document::layout_policy(doc, fonts)
}

//! Turns laid-out pages into a tagged PDF (PDF/UA-1).
//!
//! printpdf is the font embedder: it writes each font subset's objects (widths, font file,
//! `/ToUnicode`), once per subset, and documents copy them ([`font_objects`]). Everything else
//! is written here, straight into bytes ([`objects`], [`file`]):
//! - fonts are subset to the glyphs used (printpdf only subsets with its heavy `text_layout`
//!   feature) — see [`subset`];
//! - each page's content stream ([`content`]): every painted item inside marked content, an
//!   element's (with an MCID) or an artifact's;
//! - the structure tree from the layout's tags, with the parent tree and link annotations
//!   inside `Link` elements ([`structure`], [`link`]);
//! - fonts and subset tags are named deterministically, and the trailer `/ID` is a hash of the
//!   content, so the same input gives byte-identical output;
//! - the document information, XMP metadata with the PDF/UA identification ([`metadata`]),
//!   `/Lang`, `/MarkInfo`, and a nested outline ([`outline`]).

mod content;
mod deflate;
mod file;
mod font_objects;
mod link;
mod logo;
mod metadata;
mod objects;
mod outline;
mod structure;
mod subset;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::typeset::{
    Fonts, Item, LaidOutDocument, LinkTarget, PrintDocument, TextRun, TypesetError, layout,
};
use content::{ContentStream, GlyphRun};
use file::{Compression, FileWriter};
use objects::Ref;
use structure::StructureBuilder;
pub use subset::clear_cache as clear_subset_cache;

/// Why a PDF could not be written.
#[derive(Clone, Debug, PartialEq)]
pub enum PdfError {
    Typeset(TypesetError),
    /// Font subsetting failed.
    Font(String),
    /// Serialising the PDF failed.
    Write(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Typeset(e) => write!(f, "{e}"),
            PdfError::Font(m) => write!(f, "font subsetting failed: {m}"),
            PdfError::Write(m) => write!(f, "cannot write PDF: {m}"),
        }
    }
}

impl std::error::Error for PdfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PdfError::Typeset(e) => Some(e),
            _ => None,
        }
    }
}

impl From<TypesetError> for PdfError {
    fn from(e: TypesetError) -> Self {
        PdfError::Typeset(e)
    }
}

/// Lays out and writes a policy.
pub fn render_pdf(doc: &PrintDocument, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let laid = layout(doc, fonts)?;
    write_pdf(&laid, fonts)
}

/// The text of a page as the writer draws it: runs of one face each, their glyphs in one buffer.
#[derive(Default)]
struct ShapedPage {
    runs: Vec<GlyphRun>,
    glyphs: Vec<u16>,
    /// For each item of the page, its runs (empty for anything but text).
    items: Vec<Range<usize>>,
}

/// Places a text run's glyphs (shaped by the layout), split where the face changes (fallback
/// glyphs), and notes in `seen` the character first shown with each glyph. Nothing is mapped or
/// measured again here: the pen moves by the advances the layout measured.
fn place_glyphs(run: &TextRun, page_h: f32, page: &mut ShapedPage, seen: &mut [Vec<Option<char>>]) {
    let (sin, cos) = run.angle.to_radians().sin_cos();
    let mut pen = 0.0f32;
    let first = page.runs.len();
    for g in &run.glyphs {
        let face = g.face;
        let at = page.glyphs.len();
        match page.runs[first..].last_mut() {
            Some(r) if r.face == face => r.glyphs.end = at + 1,
            _ => page.runs.push(GlyphRun {
                face,
                size: run.size,
                color: run.color,
                x: run.x + pen * cos,
                y: page_h - run.y + pen * sin,
                angle: run.angle,
                glyphs: at..at + 1,
            }),
        }
        page.glyphs.push(g.id);
        if let Some(slot) = seen.get_mut(face).and_then(|t| t.get_mut(g.id as usize))
            && slot.is_none()
        {
            *slot = Some(g.ch);
        }
        pen += g.advance * run.size;
    }
}

/// Writes a laid-out document as PDF bytes.
pub fn write_pdf(doc: &LaidOutDocument, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let page_h = doc.height;
    let faces = fonts.faces();

    // 1. Place the glyphs the layout shaped, collecting the glyphs used per face.
    // Per face, by glyph id: the character first shown with it (a flat table:
    // a map insert per glyph shown was a twentieth of the writing time).
    let mut seen: Vec<Vec<Option<char>>> =
        faces.iter().map(|f| vec![None; f.glyph_count()]).collect();
    let shaped: Vec<ShapedPage> = doc
        .pages
        .iter()
        .map(|page| {
            let mut shaped = ShapedPage {
                items: Vec::with_capacity(page.items.len()),
                ..ShapedPage::default()
            };
            for item in &page.items {
                let start = shaped.runs.len();
                if let Item::Text(t) = item {
                    place_glyphs(t, page_h, &mut shaped, &mut seen);
                }
                shaped.items.push(start..shaped.runs.len());
            }
            shaped
        })
        .collect();

    // 2. Subset every face that is used (or take the subset another document
    //    made for the same characters, with its PDF objects).
    let mut subsets: Vec<Option<Arc<subset::Subset>>> = vec![None; faces.len()];
    for (i, table) in seen.iter().enumerate() {
        let chars: BTreeMap<char, u16> = table
            .iter()
            .enumerate()
            .filter_map(|(gid, ch)| ch.map(|c| (c, gid as u16)))
            .collect();
        if chars.is_empty() {
            continue;
        }
        subsets[i] = Some(subset::cached_subset(&faces[i], i, &chars)?);
    }
    let code = |face: usize, gid: u16| -> u16 {
        subsets
            .get(face)
            .and_then(|s| s.as_ref()?.remap.get(gid as usize))
            .copied()
            .unwrap_or(0)
    };

    // 2b. PNG logos, each once, as image XObjects with deterministic names.
    let mut images: Vec<&Arc<crate::logo::Logo>> = Vec::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Logo(l) = item
            && let crate::logo::Art::Raster(_) = &l.art.art
            && !images.iter().any(|a| Arc::ptr_eq(a, &l.art))
        {
            images.push(&l.art);
        }
    }

    // Object numbers the pages name, handed out before anything is written.
    let mut file = FileWriter::new();
    let catalog = file.alloc();
    let page_tree = file.alloc();
    let resources = file.alloc();
    let page_ids: Vec<Ref> = doc.pages.iter().map(|_| file.alloc()).collect();
    // A stable file identifier: a hash of the metadata and the page contents.
    let info = &doc.info;
    let mut id_hash = Sha256::new();
    for s in [&info.title, &info.author, &info.subject, &info.language] {
        id_hash.update(s.as_bytes());
        id_hash.update([0]);
    }

    // 3. Page content, each painted item inside marked content: an element's
    //    (with a marked-content id) or an artifact's.
    let mut tree = StructureBuilder::new();
    let mut contents = Vec::with_capacity(doc.pages.len());
    for (page, shaped) in doc.pages.iter().zip(&shaped) {
        let mut content = ContentStream::new();
        tree.begin_page();
        for (item, runs) in page.items.iter().zip(&shaped.items) {
            match item {
                Item::Tag(tag) => tree.tag(tag),
                Item::Text(_) => {
                    content.mark(&mut tree, true);
                    content.text_runs(&shaped.runs[runs.clone()], &shaped.glyphs, code);
                }
                Item::Rect { x, y, w, h, fill } => {
                    content.mark(&mut tree, false);
                    content.rect(*x, page_h - y - h, *w, *h, *fill);
                }
                Item::Line(l) => {
                    content.mark(&mut tree, false);
                    content.line(l, page_h);
                }
                // The one allow-list again, so no layout can smuggle a live `javascript:` action.
                Item::Link {
                    target: LinkTarget::Uri(u),
                    ..
                } if !crate::links::allowed(u) => {}
                Item::Logo(l) => {
                    let image = images.iter().position(|a| Arc::ptr_eq(a, &l.art));
                    // A figure's content inside a `Figure`, an artifact anywhere else.
                    content.mark(&mut tree, false);
                    content.logo(l, page_h, image);
                }
                Item::Link { x, y, w, h, target } => {
                    tree.annotation(link::Link::new(*x, *y, *w, *h, target, page_h));
                }
            }
        }
        let content = content.finish();
        id_hash.update(&content);
        let id = file.alloc();
        file.stream(id, &content, Compression::Deflate, |_| {})?;
        contents.push(id);
    }

    // 4. The resources every page shares: the fonts (copied from their subsets) and images.
    let mut font_refs = Vec::new();
    for (slot, sub) in subsets.iter().enumerate() {
        if let Some(sub) = sub {
            font_refs.push((slot, sub.objects()?.write(&mut file)?));
        }
    }
    let mut image_refs = Vec::with_capacity(images.len());
    for art in &images {
        if let crate::logo::Art::Raster(bitmap) = &art.art {
            image_refs.push(logo::write_image(&mut file, bitmap)?);
        }
    }
    file.dict(resources, |d| {
        d.dict("Font", |f| {
            for (slot, r) in &font_refs {
                f.reference(&format!("F{}", slot + 1), *r);
            }
        });
        if !image_refs.is_empty() {
            d.dict("XObject", |x| {
                for (n, r) in image_refs.iter().enumerate() {
                    x.reference(&logo::image_name(n), *r);
                }
            });
        }
    })?;

    // 5. The structure tree, the pages and the outline.
    let written = tree.write(&mut file, &page_ids)?;
    for (p, (&id, &content)) in page_ids.iter().zip(&contents).enumerate() {
        file.dict(id, |d| {
            d.name("Type", "Page");
            let media = [0.0, 0.0, doc.width, doc.height];
            for key in ["MediaBox", "TrimBox", "CropBox"] {
                objects::reals(d.key(key), &media);
            }
            d.reference("Parent", page_tree);
            d.reference("Resources", resources);
            d.reference("Contents", content);
            d.int("StructParents", p as i64);
            d.name("Tabs", "S");
            if let Some(annots) = written.annotations.get(p).filter(|a| !a.is_empty()) {
                objects::references(d.key("Annots"), annots.iter().copied());
            }
        })?;
    }
    file.dict(page_tree, |d| {
        d.name("Type", "Pages");
        d.int("Count", page_ids.len() as i64);
        objects::references(d.key("Kids"), page_ids.iter().copied());
    })?;
    let outline = if doc.outline.is_empty() {
        None
    } else {
        Some(outline::write(&mut file, &doc.outline, &page_ids, page_h)?)
    };

    // 6. Metadata, document information and the catalog.
    let metadata = file.alloc();
    file.stream(metadata, &metadata::xmp(info), Compression::None, |d| {
        d.name("Type", "Metadata").name("Subtype", "XML");
    })?;
    let info_id = file.alloc();
    file.dict(info_id, |d| {
        d.text("Title", &info.title);
        d.text("Author", &info.author);
        d.text("Subject", &info.subject);
        if !info.keywords.is_empty() {
            d.text("Keywords", &info.keywords.join(", "));
        }
        d.text("Creator", "policyforge");
        d.text("Producer", "policyforge (printpdf 0.12)");
        d.literal("CreationDate", pdf_date(info.created).as_bytes());
        d.literal("ModDate", pdf_date(info.created).as_bytes());
    })?;
    file.dict(catalog, |d| {
        d.name("Type", "Catalog");
        d.name("PageLayout", "OneColumn");
        d.name(
            "PageMode",
            if outline.is_some() {
                "UseOutlines"
            } else {
                "UseNone"
            },
        );
        d.reference("Pages", page_tree);
        if !info.language.is_empty() {
            d.text("Lang", &info.language);
        }
        d.dict("ViewerPreferences", |p| {
            p.bool("DisplayDocTitle", true);
        });
        d.dict("MarkInfo", |m| {
            m.bool("Marked", true);
        });
        d.reference("StructTreeRoot", written.root);
        d.reference("Metadata", metadata);
        if let Some(root) = outline {
            d.reference("Outlines", root);
        }
    })?;
    let digest = id_hash.finalize();
    file.finish(catalog, info_id, &digest[..16])
}

/// A PDF date (UTC midnight of `d`; the epoch when there is none).
fn pdf_date(d: Option<jiff::civil::Date>) -> String {
    match d {
        Some(d) => format!(
            "D:{:04}{:02}{:02}000000Z",
            d.year().clamp(0, 9999),
            d.month(),
            d.day()
        ),
        None => "D:19700101000000Z".to_string(),
    }
}

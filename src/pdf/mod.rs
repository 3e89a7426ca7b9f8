//! Turns laid-out pages into a tagged PDF (PDF/UA-1) with printpdf and lopdf.
//!
//! printpdf builds the document: pages, and the embedded fonts with their
//! widths and `/ToUnicode` maps. On top of that, this module
//! - subsets the fonts to the glyphs used (printpdf only subsets with its
//!   heavy `text_layout` feature) — see [`subset`];
//! - writes each page's content stream itself ([`content`]): every painted
//!   item inside marked content, an element's (with an MCID) or an artifact's;
//! - builds the structure tree from the layout's tags, with the parent tree
//!   and link annotations inside `Link` elements ([`structure`]);
//! - names fonts and subset tags deterministically, and replaces printpdf's
//!   random trailer `/ID` with a hash of the content, so the same input gives
//!   byte-identical output;
//! - writes the document information, XMP metadata with the PDF/UA
//!   identification ([`metadata`]), `/Lang`, `/MarkInfo`, and a nested outline
//!   (printpdf's own bookmarks are flat and sorted by name within a page).

mod content;
mod file;
mod logo;
mod metadata;
mod structure;
mod subset;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use lopdf::{Dictionary as LoDict, Object as LoObj, ObjectId, StringFormat};
use printpdf::{
    FontId, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use crate::typeset::{
    Fonts, Item, LaidOutDocument, LinkTarget, OutlineEntry, PrintDocument, TextRun, TypesetError,
    layout,
};
use content::{ContentStream, GlyphRun};
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

fn font_id(face: usize) -> FontId {
    FontId(format!("F{}", face + 1))
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
    //    made for the same characters). printpdf embeds each subset (font
    //    file, widths, /ToUnicode) for the glyphs it sees shown; the first page
    //    shows it every glyph of every face once, and its content is then
    //    replaced by the real content below.
    let mut pdf = PdfDocument::new(&doc.info.title);
    let mut subsets: Vec<Option<Arc<subset::Subset>>> = vec![None; faces.len()];
    let mut inventory = Vec::new();
    for (i, table) in seen.iter().enumerate() {
        let chars: BTreeMap<char, u16> = table
            .iter()
            .enumerate()
            .filter_map(|(gid, ch)| ch.map(|c| (c, gid as u16)))
            .collect();
        if chars.is_empty() {
            continue;
        }
        let sub = subset::cached_subset(&faces[i], i, &chars)?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(i), printpdf::PdfFont::new(sub.parsed.clone()));
        subsets[i] = Some(sub);
        inventory.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(i)),
            size: Pt(10.0),
        });
        inventory.push(Op::ShowText {
            items: vec![TextItem::Text(chars.into_keys().collect())],
        });
    }
    let code = |face: usize, gid: u16| -> u16 {
        subsets
            .get(face)
            .and_then(|s| s.as_ref()?.remap.get(gid as usize))
            .copied()
            .unwrap_or(0)
    };

    // 2b. PNG logos, each once, as image XObjects with deterministic names.
    let mut images: Vec<(std::sync::Arc<crate::logo::Logo>, printpdf::XObjectId)> = Vec::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Logo(l) = item
            && let crate::logo::Art::Raster(bitmap) = &l.art.art
            && !images
                .iter()
                .any(|(a, _)| std::sync::Arc::ptr_eq(a, &l.art))
        {
            let id = logo::image_id(images.len());
            pdf.resources
                .xobjects
                .map
                .insert(id.clone(), logo::image(bitmap));
            images.push((l.art.clone(), id));
        }
    }

    // 3. Page content, each painted item inside marked content: an element's
    //    (with a marked-content id) or an artifact's.
    let mut tree = StructureBuilder::new();
    let mut contents = Vec::with_capacity(doc.pages.len());
    let mut pages = Vec::with_capacity(doc.pages.len());
    for (n, (page, shaped)) in doc.pages.iter().zip(&shaped).enumerate() {
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
                    let image = images
                        .iter()
                        .find(|(a, _)| std::sync::Arc::ptr_eq(a, &l.art))
                        .map(|(_, id)| id);
                    // A figure's content inside a `Figure`, an artifact anywhere else.
                    content.mark(&mut tree, false);
                    content.logo(l, page_h, image);
                }
                Item::Link { x, y, w, h, target } => {
                    tree.annotation(link_annotation(*x, *y, *w, *h, target, page_h));
                }
            }
        }
        contents.push(content.finish());
        let ops = if n == 0 {
            let mut ops = vec![Op::StartTextSection];
            ops.append(&mut inventory);
            ops.push(Op::EndTextSection);
            ops
        } else {
            Vec::new()
        };
        let mut p = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
        let media = Rect::from_wh(Pt(doc.width), Pt(doc.height));
        p.media_box = media.clone();
        p.trim_box = media.clone();
        p.crop_box = media;
        pages.push(p);
    }
    pdf.pages = pages;

    // 4. Serialise with printpdf, then finish the document with lopdf.
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    for (id, content) in lo.get_pages().into_values().zip(contents) {
        let stream = lo
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(LoObj::as_reference)
            .and_then(|c| lo.get_object_mut(c))
            .and_then(LoObj::as_stream_mut)
            .map_err(write_err)?;
        stream.dict.remove(b"Filter");
        stream.set_content(content);
    }
    // Font streams another document already finished are taken as they are.
    let font_streams = font_streams(&lo, subsets.len());
    for (sub, ids) in subsets.iter().zip(&font_streams) {
        if let (Some(sub), Some(ids)) = (sub, ids)
            && let Some(packed) = sub.streams.get()
        {
            for (id, packed) in ids.iter().zip(packed) {
                if let Ok(stream) = lo.get_object_mut(*id).and_then(LoObj::as_stream_mut) {
                    if packed.deflated {
                        stream
                            .dict
                            .set("Filter", LoObj::Name(b"FlateDecode".to_vec()));
                    }
                    stream.set_content(packed.content.clone());
                }
            }
        }
    }
    finish_document(&mut lo, doc, tree)?;
    compress_streams(&mut lo)?;
    for (sub, ids) in subsets.iter().zip(&font_streams) {
        if let (Some(sub), Some(ids)) = (sub, ids)
            && sub.streams.get().is_none()
        {
            let packed = ids.map(|id| {
                let stream = lo.get_object(id).and_then(LoObj::as_stream).ok();
                subset::Packed {
                    content: stream.map(|s| s.content.clone()).unwrap_or_default(),
                    deflated: stream.is_some_and(|s| s.dict.get(b"Filter").is_ok()),
                }
            });
            let _ = sub.streams.set(packed);
        }
    }
    let out = file::write(&mut lo)?;
    Ok(out)
}

/// For each face slot, the object ids of its embedded font file and `/ToUnicode` streams, as
/// printpdf wrote them (found through the first page's font resources).
fn font_streams(lo: &lopdf::Document, slots: usize) -> Vec<Option<[ObjectId; 2]>> {
    let reference = |d: &LoDict, key: &[u8]| d.get(key).and_then(LoObj::as_reference).ok();
    let fonts = lo
        .get_pages()
        .into_values()
        .next()
        .and_then(|page| lo.get_dictionary(page).ok())
        .and_then(|page| reference(page, b"Resources"))
        .and_then(|r| lo.get_dictionary(r).ok())
        .and_then(|r| reference(r, b"Font"))
        .and_then(|f| lo.get_dictionary(f).ok());
    (0..slots)
        .map(|slot| {
            let font = lo
                .get_dictionary(reference(fonts?, font_id(slot).0.as_bytes())?)
                .ok()?;
            let to_unicode = reference(font, b"ToUnicode")?;
            let descendant = font
                .get(b"DescendantFonts")
                .and_then(LoObj::as_array)
                .ok()?
                .first()?
                .as_dict()
                .ok()?;
            let descriptor = lo
                .get_dictionary(reference(descendant, b"FontDescriptor")?)
                .ok()?;
            let file = reference(descriptor, b"FontFile2")
                .or_else(|| reference(descriptor, b"FontFile3"))?;
            Some([file, to_unicode])
        })
        .collect()
}

/// libdeflate's level: 1 makes PDFs 2 % larger than zlib-rs at level 4 did, for ~11 % less
/// CPU over a whole build; zlib-rs at its level 1 saved a little more but made PDFs 27 % larger
/// (docs/performance.md).
const COMPRESSION_LEVEL: i32 = 1;

/// Deflates every stream that has no filter yet.
fn compress_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    let streams = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            LoObj::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    deflate_all(streams)
}

thread_local! {
    /// One compressor per thread (each holds its tables).
    static DEFLATE: RefCell<Option<libdeflater::Compressor>> = const { RefCell::new(None) };
}

fn deflate_all(streams: Vec<&mut lopdf::Stream>) -> Result<(), PdfError> {
    DEFLATE.with_borrow_mut(|slot| {
        let deflate = match slot {
            Some(d) => d,
            None => {
                let level = libdeflater::CompressionLvl::new(COMPRESSION_LEVEL)
                    .map_err(|_| PdfError::Write("no such deflate level".into()))?;
                slot.insert(libdeflater::Compressor::new(level))
            }
        };
        deflate_with(deflate, streams)
    })
}

fn deflate_with(
    deflate: &mut libdeflater::Compressor,
    streams: Vec<&mut lopdf::Stream>,
) -> Result<(), PdfError> {
    for stream in streams {
        let mut packed = vec![0; deflate.zlib_compress_bound(stream.content.len())];
        let len = deflate
            .zlib_compress(&stream.content, &mut packed)
            .map_err(|e| PdfError::Write(format!("deflate: {e:?}")))?;
        packed.truncate(len);
        if packed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", LoObj::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// A PDF text string: PDFDocEncoding for ASCII, else UTF-16BE with a BOM.
fn text_string(s: &str) -> LoObj {
    if s.is_ascii() {
        LoObj::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        LoObj::String(bytes, StringFormat::Hexadecimal)
    }
}

fn pdf_date(d: Option<jiff::civil::Date>) -> LoObj {
    let s = match d {
        Some(d) => format!(
            "D:{:04}{:02}{:02}000000Z",
            d.year().clamp(0, 9999),
            d.month(),
            d.day()
        ),
        None => "D:19700101000000Z".to_string(),
    };
    LoObj::String(s.into_bytes(), StringFormat::Literal)
}

/// A link annotation's dictionary; the structure tree adds `/StructParent` and `/P`.
fn link_annotation(x: f32, y: f32, w: f32, h: f32, target: &LinkTarget, page_h: f32) -> LoDict {
    let mut d = LoDict::new();
    d.set("Type", LoObj::Name(b"Annot".to_vec()));
    d.set("Subtype", LoObj::Name(b"Link".to_vec()));
    let bottom = page_h - y - h;
    d.set(
        "Rect",
        LoObj::Array(
            [x, bottom, x + w, bottom + h]
                .iter()
                .map(|v| LoObj::Real(*v))
                .collect(),
        ),
    );
    d.set(
        "Border",
        LoObj::Array(vec![
            LoObj::Integer(0),
            LoObj::Integer(0),
            LoObj::Integer(0),
        ]),
    );
    // Printable, as PDF/A and PDF/UA validators expect of annotations.
    d.set("F", LoObj::Integer(4));
    match target {
        LinkTarget::Uri(uri) => {
            let mut a = LoDict::new();
            a.set("S", LoObj::Name(b"URI".to_vec()));
            a.set(
                "URI",
                LoObj::String(uri.as_bytes().to_vec(), StringFormat::Literal),
            );
            d.set("A", LoObj::Dictionary(a));
            d.set("Contents", text_string(&link_description(uri)));
        }
        LinkTarget::Internal { page, y } => {
            // The page's object id is only known once printpdf has written the
            // pages; `finish_document` resolves this placeholder.
            let mut a = LoDict::new();
            a.set("S", LoObj::Name(b"GoTo".to_vec()));
            a.set(
                "D",
                LoObj::Array(vec![
                    LoObj::Integer(*page as i64),
                    LoObj::Name(b"XYZ".to_vec()),
                    LoObj::Integer(0),
                    LoObj::Real(page_h - y),
                    LoObj::Null,
                ]),
            );
            d.set("A", LoObj::Dictionary(a));
            d.set("Contents", text_string(&format!("Go to page {}", page + 1)));
        }
    }
    d
}

/// What a link does, in words (a link annotation's `/Contents`).
fn link_description(uri: &str) -> String {
    if let Some(address) = uri.strip_prefix("mailto:") {
        format!("Email {address}")
    } else if let Some(number) = uri.strip_prefix("tel:") {
        format!("Call {number}")
    } else {
        format!("Open {uri}")
    }
}

fn write_err(e: lopdf::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// Info dictionary, catalog entries, outline and a content-derived `/ID`.
fn finish_document(
    lo: &mut lopdf::Document,
    doc: &LaidOutDocument,
    tree: StructureBuilder,
) -> Result<(), PdfError> {
    lo.version = "1.7".to_string();
    let info = &doc.info;

    // Document information (replaces printpdf's, which has placeholders).
    let mut dict = LoDict::new();
    dict.set("Title", text_string(&info.title));
    dict.set("Author", text_string(&info.author));
    dict.set("Subject", text_string(&info.subject));
    if !info.keywords.is_empty() {
        dict.set("Keywords", text_string(&info.keywords.join(", ")));
    }
    dict.set("Creator", text_string("policyforge"));
    dict.set("Producer", text_string("policyforge (printpdf 0.12)"));
    dict.set("CreationDate", pdf_date(info.created));
    dict.set("ModDate", pdf_date(info.created));
    let old_info = lo.trailer.get(b"Info").and_then(LoObj::as_reference).ok();
    if let Some(id) = old_info {
        lo.objects.remove(&id);
    }
    let info_id = lo.add_object(dict);
    lo.trailer.set("Info", LoObj::Reference(info_id));

    // Outline.
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let struct_root = tree.write(lo, &page_ids);
    let metadata = lo.add_object(metadata::xmp(info));
    let outline = if doc.outline.is_empty() {
        None
    } else {
        Some(build_outline(lo, &doc.outline, &page_ids, doc.height))
    };

    let catalog = lo.catalog_mut().map_err(write_err)?;
    if !info.language.is_empty() {
        catalog.set("Lang", text_string(&info.language));
    }
    let mut prefs = LoDict::new();
    prefs.set("DisplayDocTitle", LoObj::Boolean(true));
    catalog.set("ViewerPreferences", LoObj::Dictionary(prefs));
    let mut mark_info = LoDict::new();
    mark_info.set("Marked", LoObj::Boolean(true));
    catalog.set("MarkInfo", LoObj::Dictionary(mark_info));
    catalog.set("StructTreeRoot", LoObj::Reference(struct_root));
    catalog.set("Metadata", LoObj::Reference(metadata));
    if let Some(root) = outline {
        catalog.set("Outlines", LoObj::Reference(root));
        catalog.set("PageMode", LoObj::Name(b"UseOutlines".to_vec()));
    }

    // A stable file identifier: a hash of the page contents and metadata.
    let mut h = Sha256::new();
    for s in [&info.title, &info.author, &info.subject, &info.language] {
        h.update(s.as_bytes());
        h.update([0]);
    }
    for id in &page_ids {
        if let Ok(page) = lo.get_dictionary(*id)
            && let Ok(LoObj::Reference(c)) = page.get(b"Contents")
            && let Ok(LoObj::Stream(s)) = lo.get_object(*c)
        {
            h.update(&s.content);
        }
    }
    let digest = h.finalize();
    let id = LoObj::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", LoObj::Array(vec![id.clone(), id]));
    Ok(())
}

/// Writes a nested outline (deeper heading levels under shallower ones) and
/// returns the id of its root.
fn build_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
    page_h: f32,
) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&p| entries[p].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    let descendants = |p: usize| -> i64 {
        // Entries after p until one at p's level or shallower.
        entries[p + 1..]
            .iter()
            .take_while(|e| e.level > entries[p].level)
            .count() as i64
    };
    for (i, e) in entries.iter().enumerate() {
        let mut d = LoDict::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            LoObj::Reference(parent[i].map(|p| ids[p]).unwrap_or(root)),
        );
        let siblings = children(parent[i]);
        if let Some(pos) = siblings.iter().position(|&s| s == i) {
            if pos > 0 {
                d.set("Prev", LoObj::Reference(ids[siblings[pos - 1]]));
            }
            if let Some(&next) = siblings.get(pos + 1) {
                d.set("Next", LoObj::Reference(ids[next]));
            }
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", LoObj::Reference(ids[first]));
            d.set("Last", LoObj::Reference(ids[last]));
            d.set("Count", LoObj::Integer(descendants(i)));
        }
        if let Some(page) = page_ids.get(e.page) {
            d.set(
                "Dest",
                LoObj::Array(vec![
                    LoObj::Reference(*page),
                    LoObj::Name(b"XYZ".to_vec()),
                    LoObj::Integer(0),
                    LoObj::Real(page_h - e.y),
                    LoObj::Null,
                ]),
            );
        }
        lo.set_object(ids[i], d);
    }
    let top = children(None);
    let mut d = LoDict::new();
    d.set("Type", LoObj::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        d.set("First", LoObj::Reference(ids[first]));
        d.set("Last", LoObj::Reference(ids[last]));
    }
    d.set("Count", LoObj::Integer(entries.len() as i64));
    lo.set_object(root, d);
    root
}

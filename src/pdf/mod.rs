//! Turns laid-out pages into a PDF file with printpdf.
//!
//! A thin writer: every [`Item`] becomes a few printpdf ops. On top of what
//! printpdf does by itself, this module
//! - subsets the fonts to the glyphs used (printpdf only subsets with its
//!   heavy `text_layout` feature) — see [`subset`];
//! - names fonts and subset tags deterministically, and replaces printpdf's
//!   random trailer `/ID` with a hash of the content, so the same input gives
//!   byte-identical output;
//! - writes the document information, `/Lang`, and a nested outline
//!   (printpdf's own bookmarks are flat and sorted by name within a page).

mod logo;
mod subset;

use std::collections::BTreeMap;
use std::fmt;

use lopdf::{Dictionary as LoDict, Object as LoObj, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, HighlightingMode, Line,
    LineCapStyle, LineDashPattern, LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use crate::typeset::{
    Fonts, Item, LaidOutDocument, LineItem, LinkTarget, OutlineEntry, PrintDocument, Rgb, TextRun,
    TypesetError, layout,
};

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

/// A run of glyphs of one face, positioned in PDF space.
struct GlyphRun {
    face: usize,
    size: f32,
    color: Rgb,
    x: f32,
    y: f32,
    angle: f32,
    glyphs: Vec<(u16, char)>,
}

/// Splits a text run where the face changes (fallback glyphs).
fn shape(fonts: &Fonts, run: &TextRun, page_h: f32, out: &mut Vec<GlyphRun>) {
    let (sin, cos) = run.angle.to_radians().sin_cos();
    let mut pen = 0.0f32;
    let mut cur: Option<GlyphRun> = None;
    for ch in run.text.chars() {
        let (face, g) = fonts.glyph(run.style, ch);
        match cur.as_mut() {
            Some(r) if r.face == face => r.glyphs.push((g.gid, ch)),
            _ => {
                if let Some(r) = cur.take() {
                    out.push(r);
                }
                cur = Some(GlyphRun {
                    face,
                    size: run.size,
                    color: run.color,
                    x: run.x + pen * cos,
                    y: page_h - run.y + pen * sin,
                    angle: run.angle,
                    glyphs: vec![(g.gid, ch)],
                });
            }
        }
        pen += g.advance * run.size;
    }
    if let Some(r) = cur {
        out.push(r);
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0 as f32 / 255.0,
        g: c.1 as f32 / 255.0,
        b: c.2 as f32 / 255.0,
        icc_profile: None,
    })
}

fn font_id(face: usize) -> FontId {
    FontId(format!("F{}", face + 1))
}

/// Graphics state already set in the content stream, to skip redundant ops.
#[derive(Default)]
struct State {
    in_text: bool,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width: Option<f32>,
    dash: Option<Option<[f32; 2]>>,
    cap: Option<bool>,
    font: Option<(usize, f32)>,
}

impl State {
    fn text(&mut self, ops: &mut Vec<Op>, on: bool) {
        if self.in_text != on {
            ops.push(if on {
                Op::StartTextSection
            } else {
                Op::EndTextSection
            });
            self.in_text = on;
        }
    }

    fn fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }
}

fn line_ops(l: &LineItem, page_h: f32, st: &mut State, ops: &mut Vec<Op>) {
    st.text(ops, false);
    if st.stroke != Some(l.color) {
        ops.push(Op::SetOutlineColor {
            col: color(l.color),
        });
        st.stroke = Some(l.color);
    }
    if st.line_width != Some(l.width) {
        ops.push(Op::SetOutlineThickness { pt: Pt(l.width) });
        st.line_width = Some(l.width);
    }
    if st.dash != Some(l.dash) {
        let dash = match l.dash {
            Some([on, off]) => LineDashPattern::new(0.0, &[on, off]),
            None => LineDashPattern::solid(),
        };
        ops.push(Op::SetLineDashPattern { dash });
        st.dash = Some(l.dash);
    }
    if st.cap != Some(l.round_cap) {
        let cap = if l.round_cap {
            LineCapStyle::Round
        } else {
            LineCapStyle::Butt
        };
        ops.push(Op::SetLineCapStyle { cap });
        st.cap = Some(l.round_cap);
    }
    let point = |x: f32, y: f32| LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(page_h - y),
        },
        bezier: false,
    };
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![point(l.x1, l.y1), point(l.x2, l.y2)],
            is_closed: false,
        },
    });
}

fn rect(x: f32, y_top: f32, w: f32, h: f32, page_h: f32, mode: Option<PaintMode>) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(page_h - y_top - h),
        width: Pt(w),
        height: Pt(h),
        mode,
        winding_order: None,
    }
}

/// Writes a laid-out document as PDF bytes.
pub fn write_pdf(doc: &LaidOutDocument, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let page_h = doc.height;
    let faces = fonts.faces();

    // 1. Shape all text, collecting the glyphs used per face.
    let mut shaped: Vec<Vec<Vec<GlyphRun>>> = Vec::with_capacity(doc.pages.len());
    let mut used: Vec<BTreeMap<char, u16>> = vec![BTreeMap::new(); faces.len()];
    for page in &doc.pages {
        let mut page_runs = Vec::new();
        for item in &page.items {
            let mut runs = Vec::new();
            if let Item::Text(t) = item {
                shape(fonts, t, page_h, &mut runs);
                for r in &runs {
                    used[r.face].extend(r.glyphs.iter().map(|g| (g.1, g.0)));
                }
            }
            page_runs.push(runs);
        }
        shaped.push(page_runs);
    }

    // 2. Subset every face that is used.
    let mut pdf = PdfDocument::new(&doc.info.title);
    for (i, chars) in used.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        let parsed = subset::subset_face(&faces[i], chars)?;
        pdf.resources
            .fonts
            .map
            .insert(font_id(i), printpdf::PdfFont::new(parsed));
    }

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

    // 3. Page content.
    let mut pages = Vec::with_capacity(doc.pages.len());
    for (page, runs) in doc.pages.iter().zip(&shaped) {
        let mut ops = Vec::new();
        let mut st = State::default();
        for (item, runs) in page.items.iter().zip(runs) {
            match item {
                Item::Text(_) => {
                    st.text(&mut ops, true);
                    for r in runs {
                        if st.font != Some((r.face, r.size)) {
                            ops.push(Op::SetFont {
                                font: PdfFontHandle::External(font_id(r.face)),
                                size: Pt(r.size),
                            });
                            st.font = Some((r.face, r.size));
                        }
                        st.fill(&mut ops, r.color);
                        let matrix = if r.angle == 0.0 {
                            TextMatrix::Translate(Pt(r.x), Pt(r.y))
                        } else {
                            let (s, c) = r.angle.to_radians().sin_cos();
                            TextMatrix::Raw([c, s, -s, c, r.x, r.y])
                        };
                        ops.push(Op::SetTextMatrix { matrix });
                        // Text is encoded by printpdf through the subset's
                        // char -> glyph map (built from exactly these runs), one
                        // string per run; it also derives /ToUnicode from it.
                        let text: String = r.glyphs.iter().map(|g| g.1).collect();
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(text)],
                        });
                    }
                }
                Item::Rect { x, y, w, h, fill } => {
                    st.text(&mut ops, false);
                    st.fill(&mut ops, *fill);
                    ops.push(Op::DrawRectangle {
                        rectangle: rect(*x, *y, *w, *h, page_h, Some(PaintMode::Fill)),
                    });
                }
                Item::Line(l) => line_ops(l, page_h, &mut st, &mut ops),
                // The one allow-list again, so no layout can smuggle a live `javascript:` action.
                Item::Link {
                    target: LinkTarget::Uri(u),
                    ..
                } if !crate::links::allowed(u) => {}
                Item::Logo(l) => {
                    st.text(&mut ops, false);
                    let image = images
                        .iter()
                        .find(|(a, _)| std::sync::Arc::ptr_eq(a, &l.art))
                        .map(|(_, id)| id);
                    // Drawn between q and Q: the cached state outside stays true.
                    logo::ops(l, page_h, image, &mut ops);
                }
                Item::Link { x, y, w, h, target } => {
                    let actions = match target {
                        LinkTarget::Uri(u) => Actions::Uri(u.clone()),
                        LinkTarget::Internal { page, y } => Actions::Goto(Destination::Xyz {
                            page: page + 1,
                            left: Some(0.0),
                            top: Some(page_h - y),
                            zoom: None,
                        }),
                    };
                    ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            rect(*x, *y, *w, *h, page_h, None),
                            actions,
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            Some(ColorArray::Transparent),
                            Some(HighlightingMode::Invert),
                        ),
                    });
                }
            }
        }
        st.text(&mut ops, false);
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
    finish_document(&mut lo, doc)?;
    compress_streams(&mut lo)?;
    let mut out = Vec::new();
    lo.save_with_options(
        &mut out,
        lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .compression_level(COMPRESSION_LEVEL)
            .build(),
    )
    .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// Deflate level: 6 is within a few per cent of 9 in size and much faster.
const COMPRESSION_LEVEL: u32 = 6;

/// Deflates every stream that has no filter yet.
fn compress_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    use std::io::Write;
    for object in lo.objects.values_mut() {
        if let LoObj::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let mut enc = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                flate2::Compression::new(COMPRESSION_LEVEL),
            );
            enc.write_all(&stream.content)
                .map_err(|e| PdfError::Write(e.to_string()))?;
            let packed = enc.finish().map_err(|e| PdfError::Write(e.to_string()))?;
            if packed.len() < stream.content.len() {
                stream
                    .dict
                    .set("Filter", LoObj::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
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

fn write_err(e: lopdf::Error) -> PdfError {
    PdfError::Write(e.to_string())
}

/// Info dictionary, catalog entries, outline and a content-derived `/ID`.
fn finish_document(lo: &mut lopdf::Document, doc: &LaidOutDocument) -> Result<(), PdfError> {
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

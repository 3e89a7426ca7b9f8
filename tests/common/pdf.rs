//! Reads a PDF back with lopdf, as a reader's tools would: the text on each page with its position
//! (through each font's `/ToUnicode` map and glyph widths), page sizes, fonts, outline, metadata and
//! links, and a rasterised page for decoding QR codes. No system tool is needed.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A PDF opened for reading.
pub struct Pdf {
    pub doc: Document,
    pages: Vec<ObjectId>,
}

/// A run of text shown by one text-showing operator.
#[derive(Clone, Debug)]
pub struct Piece {
    /// Left end of the baseline, points from the page's left edge.
    pub x: f32,
    /// Baseline, points from the page's top edge.
    pub y: f32,
    pub size: f32,
    /// Rotated text (a watermark) is kept, but never joined to its neighbours.
    pub rotated: bool,
    /// One entry per glyph: its text and its advance in points.
    pub glyphs: Vec<(String, f32)>,
}

impl Piece {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.0.as_str()).collect()
    }

    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.1).sum()
    }

    /// The piece's words with their left and right x.
    pub fn words(&self) -> Vec<(String, f32, f32)> {
        let mut out = Vec::new();
        let mut x = self.x;
        let mut word = String::new();
        let mut start = x;
        for (text, advance) in &self.glyphs {
            if text.trim().is_empty() {
                if !word.is_empty() {
                    out.push((std::mem::take(&mut word), start, x));
                }
                x += advance;
                start = x;
            } else {
                if word.is_empty() {
                    start = x;
                }
                word.push_str(text);
                x += advance;
            }
        }
        if !word.is_empty() {
            out.push((word, start, x));
        }
        out
    }
}

/// A font as embedded: its base name, whether its program is embedded, whether it has a
/// `/ToUnicode` map.
#[derive(Clone, Debug)]
pub struct FontInfo {
    pub base_name: String,
    pub embedded: bool,
    pub to_unicode: bool,
}

impl FontInfo {
    /// A subset's name starts with six capital letters and `+`.
    pub fn is_subset(&self) -> bool {
        let b = self.base_name.as_bytes();
        b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase)
    }
}

/// One outline (bookmark) entry and its children.
#[derive(Clone, Debug)]
pub struct Bookmark {
    pub title: String,
    pub kids: Vec<Bookmark>,
}

/// A font's decoding: code -> text, code -> width (thousandths of the size), bytes per code.
struct FontMap {
    unicode: BTreeMap<u32, String>,
    widths: BTreeMap<u32, f32>,
    default_width: f32,
    code_bytes: usize,
}

impl Pdf {
    pub fn open(bytes: &[u8]) -> Pdf {
        let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
        let pages = doc.get_pages().into_values().collect();
        Pdf { doc, pages }
    }

    pub fn read(path: &std::path::Path) -> Pdf {
        Pdf::open(&std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn page(&self, n: usize) -> &Dictionary {
        self.doc
            .get_dictionary(self.pages[n])
            .expect("page dictionary")
    }

    /// Width and height of page `n` (0-based) in points, from its media box.
    pub fn page_size(&self, n: usize) -> (f32, f32) {
        let media = self
            .page(n)
            .get(b"MediaBox")
            .and_then(Object::as_array)
            .expect("MediaBox");
        let v: Vec<f32> = media.iter().map(|o| number(&self.doc, o)).collect();
        (v[2] - v[0], v[3] - v[1])
    }

    fn font_map(&self, font: &Dictionary) -> FontMap {
        let mut map = FontMap {
            unicode: BTreeMap::new(),
            widths: BTreeMap::new(),
            default_width: 1000.0,
            code_bytes: 1,
        };
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Type0" {
            map.code_bytes = 2;
            if let Some(descendant) = font
                .get_deref(b"DescendantFonts", &self.doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| self.doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
            {
                if let Ok(dw) = descendant.get(b"DW") {
                    map.default_width = number(&self.doc, dw);
                }
                if let Ok(w) = descendant
                    .get_deref(b"W", &self.doc)
                    .and_then(Object::as_array)
                {
                    read_cid_widths(&self.doc, w, &mut map.widths);
                }
            }
        } else if let (Ok(first), Ok(widths)) = (
            font.get(b"FirstChar").and_then(Object::as_i64),
            font.get_deref(b"Widths", &self.doc)
                .and_then(Object::as_array),
        ) {
            for (i, w) in widths.iter().enumerate() {
                map.widths
                    .insert(first as u32 + i as u32, number(&self.doc, w));
            }
        }
        if let Ok(stream) = font
            .get_deref(b"ToUnicode", &self.doc)
            .and_then(Object::as_stream)
        {
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            parse_to_unicode(&String::from_utf8_lossy(&bytes), &mut map.unicode);
        }
        map
    }

    fn fonts_of_page(&self, n: usize) -> BTreeMap<Vec<u8>, FontMap> {
        self.doc
            .get_page_fonts(self.pages[n])
            .unwrap_or_default()
            .into_iter()
            .map(|(name, font)| (name, self.font_map(font)))
            .collect()
    }

    /// Every text run of page `n` (0-based), in the order the page draws them.
    pub fn pieces(&self, n: usize) -> Vec<Piece> {
        let (_, page_h) = self.page_size(n);
        let fonts = self.fonts_of_page(n);
        let content = Content::decode(&self.doc.get_page_content(self.pages[n]))
            .expect("page content decodes");
        let mut out = Vec::new();
        let mut font: Option<&FontMap> = None;
        let mut size = 0.0f32;
        // Text matrix (a b c d e f) and the line start.
        let mut tm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut line = tm;
        for op in &content.operations {
            let nums: Vec<f32> = op.operands.iter().map(|o| number(&self.doc, o)).collect();
            match op.operator.as_str() {
                "BT" => {
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    line = tm;
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| fonts.get(name));
                    size = nums.get(1).copied().unwrap_or(0.0);
                }
                "Tm" if nums.len() == 6 => {
                    tm = [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]];
                    line = tm;
                }
                "Td" | "TD" if nums.len() == 2 => {
                    line[4] += nums[0] * line[0] + nums[1] * line[2];
                    line[5] += nums[0] * line[1] + nums[1] * line[3];
                    tm = line;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let Some(f) = font else { continue };
                    let mut glyphs = Vec::new();
                    let strings: Vec<&Object> = match &op.operands[..] {
                        [Object::Array(items)] => items.iter().collect(),
                        operands => operands.last().into_iter().collect(),
                    };
                    for s in strings {
                        match s {
                            Object::String(bytes, _) => {
                                for code in bytes.chunks(f.code_bytes) {
                                    let code =
                                        code.iter().fold(0u32, |c, b| (c << 8) | u32::from(*b));
                                    let text = f.unicode.get(&code).cloned().unwrap_or_default();
                                    let w = f.widths.get(&code).copied().unwrap_or(f.default_width);
                                    glyphs.push((text, w / 1000.0 * size));
                                }
                            }
                            other => {
                                // A TJ adjustment moves the pen left by n thousandths.
                                let adjust = -number(&self.doc, other) / 1000.0 * size;
                                if let Some(last) = glyphs.last_mut() {
                                    last.1 += adjust;
                                }
                            }
                        }
                    }
                    let scale = (tm[0] * tm[0] + tm[1] * tm[1]).sqrt();
                    let piece = Piece {
                        x: tm[4],
                        y: page_h - tm[5],
                        size: size * scale,
                        rotated: tm[1].abs() > 1e-3,
                        glyphs: glyphs.into_iter().map(|(t, w)| (t, w * scale)).collect(),
                    };
                    // The pen moves on along the baseline.
                    let advance = piece.width();
                    tm[4] += advance * tm[0] / scale.max(1e-6);
                    tm[5] += advance * tm[1] / scale.max(1e-6);
                    out.push(piece);
                }
                _ => {}
            }
        }
        out
    }

    /// The text of page `n` in drawing order (as `pdftotext -raw`): a new line where the baseline
    /// changes, a space where the pen jumps forward.
    pub fn raw_text(&self, n: usize) -> String {
        join(&self.pieces(n))
    }

    /// The text of page `n` line by line, top to bottom, each line left to right
    /// (as `pdftotext`).
    pub fn text(&self, n: usize) -> String {
        let mut pieces: Vec<Piece> = self.pieces(n).into_iter().filter(|p| !p.rotated).collect();
        pieces.sort_by(|a, b| {
            let same = (a.y - b.y).abs() < 0.5;
            if same {
                a.x.total_cmp(&b.x)
            } else {
                a.y.total_cmp(&b.y)
            }
        });
        // Sorting by y then x with a tolerance is not transitive; group lines explicitly.
        let mut lines: Vec<Vec<Piece>> = Vec::new();
        for p in pieces {
            match lines.last_mut() {
                Some(l) if (l[0].y - p.y).abs() < 0.5 => l.push(p),
                _ => lines.push(vec![p]),
            }
        }
        let mut out = String::new();
        for mut l in lines {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            out.push_str(join(&l).trim_end());
            out.push('\n');
        }
        out
    }

    /// The text of every page, pages separated by a form feed.
    pub fn all_text(&self) -> String {
        (0..self.page_count())
            .map(|n| self.text(n))
            .collect::<Vec<_>>()
            .join("\u{c}")
    }

    /// The images page `n` draws (`Do` of an image XObject): their pixel sizes, in drawing order.
    pub fn images(&self, n: usize) -> Vec<(i64, i64)> {
        let xobjects = self
            .page(n)
            .get_deref(b"Resources", &self.doc)
            .and_then(Object::as_dict)
            .and_then(|r| r.get_deref(b"XObject", &self.doc))
            .and_then(Object::as_dict)
            .ok();
        let content = Content::decode(&self.doc.get_page_content(self.pages[n]))
            .expect("page content decodes");
        content
            .operations
            .iter()
            .filter(|op| op.operator == "Do")
            .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()))
            .filter_map(|name| {
                let stream = xobjects?
                    .get_deref(name, &self.doc)
                    .and_then(Object::as_stream)
                    .ok()?;
                let d = &stream.dict;
                (d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image")).then(|| {
                    (
                        d.get(b"Width").and_then(Object::as_i64).unwrap_or(0),
                        d.get(b"Height").and_then(Object::as_i64).unwrap_or(0),
                    )
                })
            })
            .collect()
    }

    /// Every font resource of every page, once each.
    pub fn fonts(&self) -> Vec<FontInfo> {
        let mut seen = BTreeMap::new();
        for id in &self.pages {
            for (_, font) in self.doc.get_page_fonts(*id).unwrap_or_default() {
                let base = font
                    .get(b"BaseFont")
                    .and_then(Object::as_name)
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                let descriptor = font
                    .get_deref(b"DescendantFonts", &self.doc)
                    .and_then(Object::as_array)
                    .ok()
                    .and_then(|a| a.first())
                    .and_then(|o| self.doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_dict().ok())
                    .unwrap_or(font)
                    .get_deref(b"FontDescriptor", &self.doc)
                    .and_then(Object::as_dict)
                    .ok();
                let embedded = descriptor.is_some_and(|d| {
                    [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                        .iter()
                        .any(|k| d.get(k).is_ok())
                });
                seen.insert(
                    base.clone(),
                    FontInfo {
                        base_name: base,
                        embedded,
                        to_unicode: font.get(b"ToUnicode").is_ok(),
                    },
                );
            }
        }
        seen.into_values().collect()
    }

    fn catalog(&self) -> &Dictionary {
        self.doc.catalog().expect("catalog")
    }

    /// The outline's top-level entries with their children.
    pub fn outline(&self) -> Vec<Bookmark> {
        let Ok(root) = self
            .catalog()
            .get_deref(b"Outlines", &self.doc)
            .and_then(Object::as_dict)
        else {
            return Vec::new();
        };
        self.bookmarks(root, 0)
    }

    fn bookmarks(&self, parent: &Dictionary, depth: usize) -> Vec<Bookmark> {
        let mut out = Vec::new();
        let mut next = parent.get(b"First").and_then(Object::as_reference).ok();
        while let Some(id) = next {
            let Ok(item) = self.doc.get_dictionary(id) else {
                break;
            };
            assert!(out.len() < 10_000 && depth < 32, "outline loops");
            out.push(Bookmark {
                title: item.get(b"Title").map(text_string).unwrap_or_default(),
                kids: self.bookmarks(item, depth + 1),
            });
            next = item.get(b"Next").and_then(Object::as_reference).ok();
        }
        out
    }

    /// A document information entry (Title, Author, CreationDate, ...), decoded.
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self
            .doc
            .trailer
            .get_deref(b"Info", &self.doc)
            .and_then(Object::as_dict)
            .ok()?;
        info.get(key.as_bytes()).ok().map(text_string)
    }

    /// The catalog's `/Lang`.
    pub fn language(&self) -> Option<String> {
        self.catalog().get(b"Lang").ok().map(text_string)
    }

    /// Every link of every page: `uri:<address>` or `goto:<page index>`.
    pub fn links(&self) -> Vec<String> {
        let mut out = Vec::new();
        for id in &self.pages {
            // Annotations may be written inline or as references.
            let annots: Vec<&Dictionary> = self
                .doc
                .get_dictionary(*id)
                .and_then(|p| p.get_deref(b"Annots", &self.doc))
                .and_then(Object::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|o| self.doc.dereference(o).ok())
                        .filter_map(|(_, o)| o.as_dict().ok())
                        .collect()
                })
                .unwrap_or_default();
            for annot in annots {
                if annot.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
                    continue;
                }
                let action = annot.get_deref(b"A", &self.doc).and_then(Object::as_dict);
                if let Ok(a) = action {
                    match a.get(b"S").and_then(Object::as_name).ok() {
                        Some(b"URI") => out.push(format!(
                            "uri:{}",
                            a.get(b"URI").map(text_string).unwrap_or_default()
                        )),
                        Some(b"GoTo") => {
                            let page = a
                                .get_deref(b"D", &self.doc)
                                .and_then(Object::as_array)
                                .ok()
                                .and_then(|d| d.first())
                                .and_then(|p| p.as_reference().ok())
                                .and_then(|p| self.pages.iter().position(|q| *q == p));
                            out.push(format!("goto:{}", page.map_or(-1, |p| p as i64)));
                        }
                        _ => {}
                    }
                }
            }
        }
        out
    }

    /// Page `n` drawn at `dpi` as greyscale pixels (row-major, 0 black): every filled rectangle
    /// and path in its fill colour, on white. Text is not drawn; it is what a QR decoder needs.
    pub fn rasterise(&self, n: usize, dpi: f32) -> (usize, usize, Vec<u8>) {
        let (page_w, page_h) = self.page_size(n);
        let scale = dpi / 72.0;
        let (w, h) = (
            (page_w * scale).ceil() as usize,
            (page_h * scale).ceil() as usize,
        );
        let mut pixels = vec![255u8; w * h];
        let content = Content::decode(&self.doc.get_page_content(self.pages[n]))
            .expect("page content decodes");
        let mut grey = 0u8;
        let mut ctm_stack = Vec::new();
        let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut rects: Vec<[f32; 4]> = Vec::new();
        let mut in_text = false;
        for op in &content.operations {
            let nums: Vec<f32> = op.operands.iter().map(|o| number(&self.doc, o)).collect();
            match op.operator.as_str() {
                "BT" => in_text = true,
                "ET" => in_text = false,
                "q" => ctm_stack.push(ctm),
                "Q" => ctm = ctm_stack.pop().unwrap_or(ctm),
                "cm" if nums.len() == 6 => ctm = multiply(&nums, &ctm),
                "rg" if nums.len() == 3 => {
                    grey = (0.299 * nums[0] + 0.587 * nums[1] + 0.114 * nums[2])
                        .mul_add(255.0, 0.5)
                        .clamp(0.0, 255.0) as u8;
                }
                "g" if nums.len() == 1 => grey = (nums[0] * 255.0).round().clamp(0.0, 255.0) as u8,
                "re" if nums.len() == 4 && !in_text => {
                    // Corners through the current matrix (no rotation in our pages).
                    let (x0, y0) = apply(&ctm, nums[0], nums[1]);
                    let (x1, y1) = apply(&ctm, nums[0] + nums[2], nums[1] + nums[3]);
                    rects.push([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]);
                }
                "f" | "F" | "f*" | "B" | "B*" => {
                    for [x0, y0, x1, y1] in rects.drain(..) {
                        let px = |v: f32| (v * scale).round().max(0.0) as usize;
                        let (c0, c1) = (px(x0).min(w), px(x1).min(w));
                        // PDF y grows upwards; pixel rows grow downwards.
                        let (r0, r1) = (px(page_h - y1).min(h), px(page_h - y0).min(h));
                        for row in r0..r1 {
                            pixels[row * w + c0..row * w + c1].fill(grey);
                        }
                    }
                }
                "n" | "S" | "s" => rects.clear(),
                _ => {}
            }
        }
        (w, h, pixels)
    }

    /// Every QR code found on any page, drawn at 150 dpi.
    pub fn qr_codes(&self) -> Vec<String> {
        let mut found = Vec::new();
        for n in 0..self.page_count() {
            let (w, h, pixels) = self.rasterise(n, 150.0);
            let mut image =
                rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
            for grid in image.detect_grids() {
                if let Ok((_, content)) = grid.decode() {
                    found.push(content);
                }
            }
        }
        found
    }
}

fn multiply(a: &[f32], b: &[f32; 6]) -> [f32; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &[f32; 6], x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Joins pieces: a newline where the baseline changes, a space where the pen jumps forward.
fn join(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Piece> = None;
    for p in pieces {
        if let Some(q) = prev {
            let gap = p.x - (q.x + q.width());
            if p.rotated || q.rotated || (p.y - q.y).abs() >= 0.5 {
                out.push('\n');
            } else if gap > 0.15 * p.size.max(1.0) || gap < -0.5 * p.size.max(1.0) {
                // A jump forward, or back (a list's marker drawn after its line).
                out.push(' ');
            }
        }
        out.push_str(&p.text());
        prev = Some(p);
    }
    out
}

fn number(doc: &Document, o: &Object) -> f32 {
    match doc.dereference(o).map(|(_, o)| o) {
        Ok(Object::Integer(i)) => *i as f32,
        Ok(Object::Real(r)) => *r,
        _ => 0.0,
    }
}

/// A `/W` array: `c [w1 w2 ...]` or `c_first c_last w`.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut BTreeMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() {
        let first = number(doc, &w[i]) as u32;
        match w.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    out.insert(first + k as u32, number(doc, v));
                }
                i += 2;
            }
            Some(last) if i + 2 < w.len() => {
                let last = number(doc, last) as u32;
                let width = number(doc, &w[i + 2]);
                for c in first..=last.min(first + 65_535) {
                    out.insert(c, width);
                }
                i += 3;
            }
            _ => break,
        }
    }
}

fn hex_value(s: &str) -> Option<u32> {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok()
}

fn hex_text(s: &str) -> String {
    let digits = s.trim_matches(|c| c == '<' || c == '>');
    let units: Vec<u16> = (0..digits.len() / 4)
        .filter_map(|i| u16::from_str_radix(&digits[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16_lossy(&units)
}

/// The `bfchar` and `bfrange` sections of a ToUnicode CMap.
fn parse_to_unicode(cmap: &str, out: &mut BTreeMap<u32, String>) {
    // Tokens: <hex>, [, ], and words.
    let mut tokens = Vec::new();
    let mut chars = cmap.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                let end = cmap[i..].find('>').map_or(cmap.len(), |e| i + e + 1);
                tokens.push(&cmap[i..end]);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '[' | ']' => tokens.push(&cmap[i..i + 1]),
            c if c.is_whitespace() => {}
            _ => {
                let end = cmap[i..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '<' | '[' | ']'))
                    .map_or(cmap.len(), |e| i + e);
                tokens.push(&cmap[i..end]);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            "beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != "endbfchar" {
                    if let Some(code) = hex_value(tokens[i]) {
                        out.insert(code, hex_text(tokens[i + 1]));
                    }
                    i += 2;
                }
            }
            "beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != "endbfrange" {
                    let (Some(lo), Some(hi)) = (hex_value(tokens[i]), hex_value(tokens[i + 1]))
                    else {
                        break;
                    };
                    if tokens[i + 2] == "[" {
                        let mut k = i + 3;
                        let mut code = lo;
                        while k < tokens.len() && tokens[k] != "]" {
                            out.insert(code, hex_text(tokens[k]));
                            code += 1;
                            k += 1;
                        }
                        i = k + 1;
                    } else {
                        let start = hex_text(tokens[i + 2]);
                        let mut units: Vec<u16> = start.encode_utf16().collect();
                        for code in lo..=hi.min(lo + 65_535) {
                            out.insert(code, String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                        i += 3;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, else PDFDocEncoding (as Latin-1).
pub fn text_string(o: &Object) -> String {
    match o {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => bytes.iter().map(|b| char::from(*b)).collect(),
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

//! A page's content stream, written straight into bytes: text runs, filled
//! rectangles and stroked lines, each inside its owner's marked content.
//!
//! printpdf's `Op` list costs an allocation per operator, and its translation
//! to lopdf operations and their encoding took about half the writing time; a
//! page here is one `Vec<u8>`, numbers are printed to the precision a page
//! needs (0.01 pt) and text is a literal string of two-byte glyph codes.

use crate::typeset::{ArtifactKind, LineItem, Rgb};

use super::structure::{Owner, StructureBuilder};

/// A run of glyphs of one face, positioned in PDF space (y up).
pub(super) struct GlyphRun {
    pub face: usize,
    pub size: f32,
    pub color: Rgb,
    pub x: f32,
    pub y: f32,
    pub angle: f32,
    /// Its glyph ids (in the font file), in the page's glyph buffer.
    pub glyphs: std::ops::Range<usize>,
}

/// Graphics state already set, to skip redundant operators.
#[derive(Default)]
pub(super) struct ContentStream {
    buf: Vec<u8>,
    in_text: bool,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width: Option<f32>,
    dash: Option<Option<[f32; 2]>>,
    cap: Option<bool>,
    font: Option<(usize, f32)>,
    /// Where the text line matrix is, in hundredths of a point, when it is an
    /// unrotated translation (the next run moves from there with `Td`).
    line_at: Option<(i64, i64)>,
    /// The open marked-content sequence.
    marked: Option<Owner>,
}

/// Writes `v` rounded to `decimals` (at most 4) places, without trailing zeros.
pub(super) fn num(buf: &mut Vec<u8>, v: f32, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let mut n = (v as f64 * scale as f64).round() as i64;
    if n < 0 {
        buf.push(b'-');
        n = -n;
    }
    let (int, mut frac) = (n / scale, n % scale);
    super::objects::digits(buf, int.unsigned_abs());
    if frac != 0 {
        let mut places = decimals;
        while frac % 10 == 0 {
            frac /= 10;
            places -= 1;
        }
        buf.push(b'.');
        for p in (0..places).rev() {
            buf.push(b'0' + ((frac / 10i64.pow(p)) % 10) as u8);
        }
    }
}

impl ContentStream {
    pub fn new() -> ContentStream {
        ContentStream {
            buf: Vec::with_capacity(16 * 1024),
            ..ContentStream::default()
        }
    }

    fn n(&mut self, v: f32) {
        num(&mut self.buf, v, 2);
        self.buf.push(b' ');
    }

    fn op(&mut self, op: &[u8]) {
        self.buf.extend_from_slice(op);
        self.buf.push(b'\n');
    }

    fn color(&mut self, c: Rgb, op: &[u8]) {
        for ch in [c.0, c.1, c.2] {
            num(&mut self.buf, ch as f32 / 255.0, 3);
            self.buf.push(b' ');
        }
        self.op(op);
    }

    fn text(&mut self, on: bool) {
        if self.in_text != on {
            self.op(if on { b"BT" } else { b"ET" });
            self.in_text = on;
            // BT starts from the identity matrix.
            self.line_at = Some((0, 0));
        }
    }

    fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            self.color(c, b"rg");
            self.fill = Some(c);
        }
    }

    /// Puts what comes next into its owner's marked content, closing the text
    /// object around a change (a sequence never straddles one).
    pub fn mark(&mut self, tree: &mut StructureBuilder, text: bool) {
        let owner = tree.owner(text);
        if self.marked == Some(owner) {
            return;
        }
        self.text(false);
        self.unmark();
        self.buf.push(b'/');
        match owner {
            Owner::Element(e) => {
                let mcid = tree.mark(e);
                self.buf.extend_from_slice(tree.tag_name(e).as_bytes());
                self.buf.extend_from_slice(b" <</MCID ");
                num(&mut self.buf, mcid as f32, 0);
            }
            Owner::Artifact(kind) => {
                self.buf.extend_from_slice(b"Artifact <</Type /");
                self.buf.extend_from_slice(match kind {
                    ArtifactKind::Pagination => b"Pagination",
                    ArtifactKind::Layout => b"Layout",
                    ArtifactKind::Background => b"Background",
                });
            }
        }
        self.op(b">> BDC");
        self.marked = Some(owner);
    }

    fn unmark(&mut self) {
        if self.marked.take().is_some() {
            self.op(b"EMC");
        }
    }

    /// Shows runs of glyphs; `code` maps (face, glyph id) to the code in the
    /// embedded font.
    pub fn text_runs(
        &mut self,
        runs: &[GlyphRun],
        glyphs: &[u16],
        code: impl Fn(usize, u16) -> u16,
    ) {
        self.text(true);
        for r in runs {
            if self.font != Some((r.face, r.size)) {
                self.buf.extend_from_slice(b"/F");
                num(&mut self.buf, (r.face + 1) as f32, 0);
                self.buf.push(b' ');
                self.n(r.size);
                self.op(b"Tf");
                self.font = Some((r.face, r.size));
            }
            self.fill(r.color);
            let at = |v: f32| (v as f64 * 100.0).round() as i64;
            match self.line_at {
                Some((lx, ly)) if r.angle == 0.0 => {
                    // Moves in exact hundredths, so no rounding error builds up.
                    let (x, y) = (at(r.x), at(r.y));
                    num(&mut self.buf, (x - lx) as f32 / 100.0, 2);
                    self.buf.push(b' ');
                    num(&mut self.buf, (y - ly) as f32 / 100.0, 2);
                    self.op(b" Td");
                    self.line_at = Some((x, y));
                }
                _ => {
                    if r.angle == 0.0 {
                        self.buf.extend_from_slice(b"1 0 0 1 ");
                        self.line_at = Some((at(r.x), at(r.y)));
                    } else {
                        let (s, c) = r.angle.to_radians().sin_cos();
                        for v in [c, s, -s, c] {
                            num(&mut self.buf, v, 4);
                            self.buf.push(b' ');
                        }
                        self.line_at = None;
                    }
                    self.n(r.x);
                    self.n(r.y);
                    self.op(b"Tm");
                }
            }
            self.buf.push(b'(');
            for &gid in &glyphs[r.glyphs.clone()] {
                for b in code(r.face, gid).to_be_bytes() {
                    match b {
                        b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', b]),
                        b'\r' => self.buf.extend_from_slice(b"\\r"),
                        b'\n' => self.buf.extend_from_slice(b"\\n"),
                        _ => self.buf.push(b),
                    }
                }
            }
            self.op(b") Tj");
        }
    }

    /// A filled rectangle; (x, y) is its bottom-left corner in PDF space.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.text(false);
        self.fill(fill);
        self.n(x);
        self.n(y);
        self.n(w);
        self.n(h);
        self.op(b"re f");
    }

    /// A stroked line; the layout's y grows downwards, PDF's upwards.
    pub fn line(&mut self, l: &LineItem, page_h: f32) {
        self.text(false);
        if self.stroke != Some(l.color) {
            self.color(l.color, b"RG");
            self.stroke = Some(l.color);
        }
        if self.line_width != Some(l.width) {
            self.n(l.width);
            self.op(b"w");
            self.line_width = Some(l.width);
        }
        if self.dash != Some(l.dash) {
            match l.dash {
                Some([on, off]) => {
                    self.buf.push(b'[');
                    self.n(on);
                    num(&mut self.buf, off, 2);
                    self.op(b"] 0 d");
                }
                None => self.op(b"[] 0 d"),
            }
            self.dash = Some(l.dash);
        }
        if self.cap != Some(l.round_cap) {
            self.op(if l.round_cap { b"1 J" } else { b"0 J" });
            self.cap = Some(l.round_cap);
        }
        self.n(l.x1);
        self.n(page_h - l.y1);
        self.op(b"m");
        self.n(l.x2);
        self.n(page_h - l.y2);
        self.op(b"l S");
    }

    /// A logo, drawn by `super::logo` inside its own `q`/`Q` (so the cached
    /// state stays true).
    pub fn logo(&mut self, item: &crate::typeset::LogoItem, page_h: f32, image: Option<usize>) {
        self.text(false);
        super::logo::write(item, page_h, image, &mut self.buf);
    }

    /// The finished stream.
    pub fn finish(mut self) -> Vec<u8> {
        self.text(false);
        self.unmark();
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        let show = |v: f32, d: u32| {
            let mut b = Vec::new();
            num(&mut b, v, d);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(show(56.692913, 2), "56.69");
        assert_eq!(show(11.0, 2), "11");
        assert_eq!(show(-0.5, 2), "-0.5");
        assert_eq!(show(0.004, 2), "0");
        assert_eq!(show(0.333_333, 3), "0.333");
        assert_eq!(show(1.0, 3), "1");
        assert_eq!(show(0.05, 2), "0.05");
        assert_eq!(show(841.89, 2), "841.89");
    }
}

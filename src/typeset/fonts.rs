//! Font loading and glyph metrics.
//!
//! Fonts are read once with `ttf-parser` into owned lookup tables (character ->
//! glyph id + advance), so laying out text never re-parses a font. The layout
//! keeps the [`Glyph`]s it measured in each text run and the PDF writer draws
//! exactly those (it embeds the faces, but maps and measures nothing), so the
//! positions computed by the layout are exactly the positions the viewer draws.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::TypesetError;

/// The four faces of a family. A missing face falls back to the regular one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum FontStyle {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    /// The style for a combination of bold and italic.
    pub fn new(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, FontStyle::Bold | FontStyle::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, FontStyle::Italic | FontStyle::BoldItalic)
    }

    fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }
}

/// Index of a face inside [`Fonts`] (0..=3 are the styles, 4.. are fallbacks).
pub type FaceId = usize;

/// One glyph of a face: its id and its advance in ems, quantised exactly as
/// the PDF `/W` array stores it (whole thousandths of an em, truncated).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlyphInfo {
    pub gid: u16,
    pub advance: f32,
}

/// A glyph as the layout placed it: the face that draws it (a fallback face for a character
/// the style's face lacks), its id there, its advance and the character it shows. A
/// [`TextRun`](super::TextRun) carries these, so the PDF writer encodes them without mapping
/// or measuring text again (like Typst's `TextItem`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    pub face: FaceId,
    pub id: u16,
    /// In ems, as [`GlyphInfo::advance`].
    pub advance: f32,
    /// For copying and reading aloud (the PDF's `/ToUnicode` map).
    pub ch: char,
}

/// A parsed font face with owned metric tables.
#[derive(Clone, Debug)]
pub struct FontFace {
    /// PostScript name, e.g. `AtkinsonHyperlegible-Regular`.
    pub name: String,
    pub(crate) data: Cow<'static, [u8]>,
    pub units_per_em: u16,
    /// Ascender and descender in ems (descender is negative).
    pub ascender: f32,
    pub descender: f32,
    /// Cap height in ems.
    pub cap_height: f32,
    pub(crate) bbox: [i16; 4],
    pub(crate) caret_slope: (i16, i16),
    pub(crate) weight: u16,
    /// Advance of each glyph in font units (indexed by glyph id).
    pub(crate) advances: Vec<u16>,
    ascii: [Option<GlyphInfo>; 128],
    map: HashMap<char, GlyphInfo>,
    /// SHA-256 of `data`, made on first use: the PDF writer keys the font subsets it caches
    /// across documents on it.
    digest: OnceLock<[u8; 32]>,
}

impl FontFace {
    /// Parses a TrueType/OpenType face.
    pub fn from_bytes(data: impl Into<Cow<'static, [u8]>>) -> Result<FontFace, TypesetError> {
        let data = data.into();
        let face = ttf_parser::Face::parse(&data, 0)
            .map_err(|e| TypesetError::Font(format!("cannot parse font: {e}")))?;
        let upm = face.units_per_em();
        if upm == 0 {
            return Err(TypesetError::Font("font has units_per_em = 0".into()));
        }
        let name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "UnnamedFont".to_string());
        // A PDF font name must not contain spaces or delimiters.
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();

        let n = face.number_of_glyphs();
        let advances: Vec<u16> = (0..n)
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let em = |adv: u16| -> f32 {
            // Same truncation as printpdf's `/W` widths.
            ((adv as f32 * 1000.0 / upm as f32) as i64) as f32 / 1000.0
        };

        let mut ascii = [None; 128];
        let mut map = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    let Some(ch) = char::from_u32(cp) else { return };
                    let Some(gid) = sub.glyph_index(cp) else {
                        return;
                    };
                    if gid.0 == 0 {
                        return;
                    }
                    let info = GlyphInfo {
                        gid: gid.0,
                        advance: em(advances.get(gid.0 as usize).copied().unwrap_or(0)),
                    };
                    if cp < 128 {
                        ascii[cp as usize].get_or_insert(info);
                    } else {
                        map.entry(ch).or_insert(info);
                    }
                });
            }
        }
        if ascii.iter().all(Option::is_none) && map.is_empty() {
            return Err(TypesetError::Font(format!(
                "font {name} has no usable Unicode cmap"
            )));
        }
        let bbox = face.global_bounding_box();
        // The italic angle as a caret slope (rise, run), as `hhea` stores it.
        let angle = face.italic_angle();
        let caret_slope = if angle != 0.0 {
            (1000i16, (-(angle.to_radians().tan()) * 1000.0) as i16)
        } else {
            (1i16, 0i16)
        };
        Ok(FontFace {
            name,
            units_per_em: upm,
            ascender: face.ascender() as f32 / upm as f32,
            descender: face.descender() as f32 / upm as f32,
            cap_height: face
                .capital_height()
                .map(|c| c as f32 / upm as f32)
                .unwrap_or(0.7),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            caret_slope,
            weight: face.weight().to_number(),
            advances,
            ascii,
            map,
            data,
            digest: OnceLock::new(),
        })
    }

    /// The glyph for a character, if the face has one.
    #[inline]
    pub fn glyph(&self, ch: char) -> Option<GlyphInfo> {
        let cp = ch as u32;
        if cp < 128 {
            self.ascii[cp as usize]
        } else {
            self.map.get(&ch).copied()
        }
    }

    /// The raw font file.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// SHA-256 of the font file (computed once per face).
    pub fn digest(&self) -> [u8; 32] {
        *self
            .digest
            .get_or_init(|| Sha256::digest(&self.data).into())
    }

    /// Number of glyphs in the face.
    pub fn glyph_count(&self) -> usize {
        self.advances.len()
    }
}

/// The fonts a document is set in: regular, bold, italic and bold italic
/// faces of one family plus optional fallback faces for characters the
/// family lacks (tried in order).
#[derive(Clone, Debug)]
pub struct Fonts {
    faces: Vec<FontFace>,
    /// For each style, the face index used (missing styles point at regular).
    style_face: [FaceId; 4],
    fallbacks: Vec<FaceId>,
    /// The paragraphs this font set has broken into lines, shared by its clones.
    paragraphs: std::sync::Arc<super::text::memo::ParagraphMemo>,
}

const BUNDLED_REGULAR: &[u8] =
    include_bytes!("../../themes/fonts/AtkinsonHyperlegible-Regular.ttf");
const BUNDLED_BOLD: &[u8] = include_bytes!("../../themes/fonts/AtkinsonHyperlegible-Bold.ttf");
const BUNDLED_ITALIC: &[u8] = include_bytes!("../../themes/fonts/AtkinsonHyperlegible-Italic.ttf");
const BUNDLED_BOLD_ITALIC: &[u8] =
    include_bytes!("../../themes/fonts/AtkinsonHyperlegible-BoldItalic.ttf");
const BUNDLED_SYMBOLS: &[u8] = include_bytes!("../../themes/fonts/DejaVuSans-Symbols.ttf");

impl Fonts {
    /// The paragraphs these fonts have set, for the layout to reuse.
    pub(crate) fn paragraphs(&self) -> &super::text::memo::ParagraphMemo {
        &self.paragraphs
    }

    /// Atkinson Hyperlegible (four styles) with a DejaVu Sans symbol fallback,
    /// compiled into the binary from `themes/fonts/`.
    pub fn bundled() -> Result<Fonts, TypesetError> {
        Fonts::from_faces(
            FontFace::from_bytes(BUNDLED_REGULAR)?,
            Some(FontFace::from_bytes(BUNDLED_BOLD)?),
            Some(FontFace::from_bytes(BUNDLED_ITALIC)?),
            Some(FontFace::from_bytes(BUNDLED_BOLD_ITALIC)?),
            vec![FontFace::from_bytes(BUNDLED_SYMBOLS)?],
        )
    }

    /// Builds a font set from parsed faces. Missing styles use `regular`.
    pub fn from_faces(
        regular: FontFace,
        bold: Option<FontFace>,
        italic: Option<FontFace>,
        bold_italic: Option<FontFace>,
        fallbacks: Vec<FontFace>,
    ) -> Result<Fonts, TypesetError> {
        let mut faces = vec![regular];
        let mut style_face = [0; 4];
        for (style, face) in [
            (FontStyle::Bold, bold),
            (FontStyle::Italic, italic),
            (FontStyle::BoldItalic, bold_italic),
        ] {
            if let Some(face) = face {
                style_face[style.index()] = faces.len();
                faces.push(face);
            }
        }
        let mut fallback_ids = Vec::new();
        for face in fallbacks {
            fallback_ids.push(faces.len());
            faces.push(face);
        }
        Ok(Fonts {
            faces,
            style_face,
            fallbacks: fallback_ids,
            paragraphs: Default::default(),
        })
    }

    /// Loads fonts from a directory: files whose stem ends in `-Regular`,
    /// `-Bold`, `-Italic` and `-BoldItalic` (`.ttf` or `.otf`); only the
    /// regular face is required. Files ending in `-Symbols` become fallbacks.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Fonts, TypesetError> {
        let dir = dir.as_ref();
        let entries = std::fs::read_dir(dir)
            .map_err(|e| TypesetError::Font(format!("cannot read {}: {e}", dir.display())))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
            })
            .collect();
        paths.sort();
        let load = |p: &Path| -> Result<FontFace, TypesetError> {
            let bytes = std::fs::read(p)
                .map_err(|e| TypesetError::Font(format!("cannot read {}: {e}", p.display())))?;
            FontFace::from_bytes(bytes)
        };
        let (mut regular, mut bold, mut italic, mut bold_italic) = (None, None, None, None);
        let mut fallbacks = Vec::new();
        for p in &paths {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem.ends_with("-BoldItalic") {
                bold_italic = Some(load(p)?);
            } else if stem.ends_with("-Bold") {
                bold = Some(load(p)?);
            } else if stem.ends_with("-Italic") {
                italic = Some(load(p)?);
            } else if stem.ends_with("-Regular") {
                regular = Some(load(p)?);
            } else if stem.ends_with("-Symbols") {
                fallbacks.push(load(p)?);
            }
        }
        let regular = regular.ok_or_else(|| {
            TypesetError::Font(format!("no *-Regular.ttf font in {}", dir.display()))
        })?;
        Fonts::from_faces(regular, bold, italic, bold_italic, fallbacks)
    }

    /// All faces; a [`FaceId`] indexes this slice.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// The face for a style.
    pub fn face(&self, style: FontStyle) -> &FontFace {
        &self.faces[self.style_face[style.index()]]
    }

    /// The face id for a style.
    pub fn face_id(&self, style: FontStyle) -> FaceId {
        self.style_face[style.index()]
    }

    /// The face and glyph that draw `ch` in `style`: the style's face, else
    /// the first fallback that has it, else the style's `.notdef` glyph.
    #[inline]
    pub fn glyph(&self, style: FontStyle, ch: char) -> (FaceId, GlyphInfo) {
        let id = self.style_face[style.index()];
        if let Some(g) = self.faces[id].glyph(ch) {
            return (id, g);
        }
        self.glyph_slow(id, ch)
    }

    #[cold]
    fn glyph_slow(&self, id: FaceId, ch: char) -> (FaceId, GlyphInfo) {
        // Layout-only whitespace: draw as a space.
        if ch.is_whitespace()
            && let Some(g) = self.faces[id].glyph(' ')
        {
            return (id, g);
        }
        for &f in &self.fallbacks {
            if let Some(g) = self.faces[f].glyph(ch) {
                return (f, g);
            }
        }
        let face = &self.faces[id];
        let advance = face
            .advances
            .first()
            .map(|a| ((*a as f32 * 1000.0 / face.units_per_em as f32) as i64) as f32 / 1000.0)
            .unwrap_or(0.5);
        (id, GlyphInfo { gid: 0, advance })
    }

    /// The glyph that draws `ch` in `style`, as the layout carries it.
    #[inline]
    pub fn shape_char(&self, style: FontStyle, ch: char) -> Glyph {
        let (face, g) = self.glyph(style, ch);
        Glyph {
            face,
            id: g.gid,
            advance: g.advance,
            ch,
        }
    }

    /// The glyphs that draw `text` in `style`, one per character.
    pub fn shape(&self, style: FontStyle, text: &str) -> Vec<Glyph> {
        text.chars().map(|ch| self.shape_char(style, ch)).collect()
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, style: FontStyle, text: &str, size: f32) -> f32 {
        let mut w = 0.0;
        for ch in text.chars() {
            w += self.glyph(style, ch).1.advance;
        }
        w * size
    }

    /// Ascender of the style's face in ems.
    pub fn ascender(&self, style: FontStyle) -> f32 {
        self.face(style).ascender
    }

    /// Descender of the style's face in ems (negative).
    pub fn descender(&self, style: FontStyle) -> f32 {
        self.face(style).descender
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_policy_punctuation() {
        let fonts = Fonts::bundled().unwrap();
        for ch in "£–—‘’“”•·€…".chars() {
            let (face, g) = fonts.glyph(FontStyle::Regular, ch);
            assert_eq!(face, fonts.face_id(FontStyle::Regular), "{ch}");
            assert_ne!(g.gid, 0, "{ch}");
        }
        // ✓ and Welsh ŵ ŷ come from the DejaVu fallback.
        for ch in "✓ŵŷ◦▪".chars() {
            let (face, g) = fonts.glyph(FontStyle::Bold, ch);
            assert_ne!(face, fonts.face_id(FontStyle::Bold), "{ch}");
            assert_ne!(g.gid, 0, "{ch}");
        }
    }

    #[test]
    fn from_dir_finds_styles_and_fallbacks() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/fonts");
        let fonts = Fonts::from_dir(dir).unwrap();
        assert_eq!(fonts.faces().len(), 5);
        assert_eq!(
            fonts.face(FontStyle::BoldItalic).name,
            "AtkinsonHyperlegible-BoldItalic"
        );
        assert!(Fonts::from_dir("/nonexistent").is_err());
    }

    #[test]
    fn widths_scale_with_size() {
        let fonts = Fonts::bundled().unwrap();
        let w10 = fonts.width(FontStyle::Regular, "Policy", 10.0);
        let w20 = fonts.width(FontStyle::Regular, "Policy", 20.0);
        assert!(w10 > 10.0 && (w20 - 2.0 * w10).abs() < 1e-3);
        assert!(fonts.width(FontStyle::Bold, "Policy", 10.0) > w10);
    }
}

//! Font subsetting with allsorts (the subsetter printpdf itself uses, which
//! it only enables behind its heavy `text_layout` feature), cached across documents.
//!
//! A trust's schools publish the same model policies, so most documents of a build show the
//! same characters in each face: a subset, and its PDF objects (printed, the font file and
//! `/ToUnicode` streams deflated: see [`FontObjects`]), are made once per face, resource name
//! and character set and shared (between threads too). A cached value is a pure function of its key, so the output never depends on
//! which document or thread made it first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::{FontMetrics, FontType, ParsedFont, PdfFontMetricsStub};
use sha2::{Digest, Sha256};

use super::PdfError;
use super::font_objects::FontObjects;
use crate::typeset::FontFace;

/// Most subsets kept at once (each a few tens of KB); the cache is emptied when it is full.
const MAX_CACHED: usize = 512;

/// A face's subset for one set of characters, as documents share it.
pub(crate) struct Subset {
    /// The subset as printpdf embeds it.
    pub parsed: ParsedFont,
    /// Old glyph id -> new glyph id (0 for glyphs not kept), for the content streams.
    pub remap: Vec<u16>,
    /// Its resource name (`/F<n>`) and the characters shown with it: what printpdf is
    /// shown to embed it.
    resource: String,
    chars: String,
    /// Its PDF objects, made by the first document that needs them.
    objects: OnceLock<FontObjects>,
}

impl Subset {
    /// The subset's PDF objects, as printpdf embeds them (made now if no document made them).
    pub fn objects(&self) -> Result<&FontObjects, PdfError> {
        if let Some(made) = self.objects.get() {
            return Ok(made);
        }
        let font = printpdf::PdfFont::new(self.parsed.clone());
        let made = FontObjects::make(font, &self.resource, &self.chars)?;
        Ok(self.objects.get_or_init(|| made))
    }
}

/// What a [`Subset`] depends on: the font file, its resource name (`/F<n>`, which the
/// `/ToUnicode` map names) and each character shown with the glyph drawing it.
#[derive(PartialEq, Eq, Hash)]
struct SubsetKey {
    face: [u8; 32],
    slot: usize,
    chars: Vec<(char, u16)>,
}

static SUBSETS: LazyLock<Mutex<HashMap<SubsetKey, Arc<Subset>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The subset of `face` (resource `/F<slot + 1>`) for `chars`, from the cache or made now.
pub(crate) fn cached_subset(
    face: &FontFace,
    slot: usize,
    chars: &BTreeMap<char, u16>,
) -> Result<Arc<Subset>, PdfError> {
    let key = SubsetKey {
        face: face.digest(),
        slot,
        chars: chars.iter().map(|(c, g)| (*c, *g)).collect(),
    };
    let lock = || SUBSETS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hit) = lock().get(&key) {
        return Ok(hit.clone());
    }
    // Made outside the lock: two threads may both make it, and keep the same value.
    let (parsed, remap) = subset_face(face, chars)?;
    let made = Arc::new(Subset {
        parsed,
        remap,
        resource: format!("F{}", slot + 1),
        chars: chars.keys().collect(),
        objects: OnceLock::new(),
    });
    let mut cache = lock();
    if cache.len() >= MAX_CACHED {
        cache.clear();
    }
    Ok(cache.entry(key).or_insert(made).clone())
}

/// Empties the subset cache (for benchmarks of cold writing, and tests).
pub fn clear_cache() {
    SUBSETS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clear();
}

/// Subsets `face` to `.notdef` plus the glyphs of `chars` (char -> glyph id)
/// and wraps it for printpdf, with a char -> new glyph map so printpdf can
/// write widths and `/ToUnicode`; also returns the old -> new glyph id map
/// that the content streams encode text with. The subset keeps the glyphs in
/// ascending old-id order, so new id `i` is the `i`-th kept glyph.
pub(crate) fn subset_face(
    face: &FontFace,
    chars: &BTreeMap<char, u16>,
) -> Result<(ParsedFont, Vec<u16>), PdfError> {
    let glyphs: BTreeSet<u16> = chars.values().copied().collect();
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .filter(|&g| (g as usize) < face.glyph_count())
        .collect();
    let font_file = ReadScope::new(face.data())
        .read::<FontData<'_>>()
        .map_err(|e| PdfError::Font(format!("{}: {e}", face.name)))?;
    let provider = font_file
        .table_provider(0)
        .map_err(|e| PdfError::Font(format!("{}: {e}", face.name)))?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| PdfError::Font(format!("{}: {e}", face.name)))?;

    let mut remap = vec![0u16; face.glyph_count()];
    let mut widths = BTreeMap::new();
    for (new, &old) in ids.iter().enumerate() {
        remap[old as usize] = new as u16;
        widths.insert(new as u16, face.advances[old as usize]);
    }
    let codepoint_to_glyph = chars
        .iter()
        .map(|(c, old)| (*c as u32, remap.get(*old as usize).copied().unwrap_or(0)))
        .filter(|(_, new)| *new != 0)
        .collect();

    // Subset tag: six capitals derived from the glyph set, so it is stable.
    let mut h = Sha256::new();
    h.update(face.name.as_bytes());
    for g in &ids {
        h.update(g.to_be_bytes());
    }
    let digest = h.finalize();
    let tag: String = digest[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect();

    let font_type = if bytes.starts_with(b"OTTO") {
        FontType::OpenTypeCFF(())
    } else {
        FontType::TrueType
    };
    let upm = face.units_per_em;
    let to_units = |em: f32| (em * upm as f32).round() as i16;
    let parsed = ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", face.name)),
        codepoint_to_glyph,
        glyph_widths: widths,
        units_per_em: upm,
        font_metrics: FontMetrics {
            ascent: to_units(face.ascender),
            descent: to_units(face.descender),
        },
        font_type,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: upm,
            x_min: face.bbox[0],
            y_min: face.bbox[1],
            x_max: face.bbox[2],
            y_max: face.bbox[3],
            caret_slope_rise: face.caret_slope.0,
            caret_slope_run: face.caret_slope.1,
            us_weight_class: face.weight,
        },
    };
    Ok((parsed, remap))
}

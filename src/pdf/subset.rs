//! Font subsetting with allsorts (the subsetter printpdf itself uses, which
//! it only enables behind its heavy `text_layout` feature).

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::{FontMetrics, FontType, ParsedFont, PdfFontMetricsStub};
use sha2::{Digest, Sha256};

use super::PdfError;
use crate::typeset::FontFace;

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

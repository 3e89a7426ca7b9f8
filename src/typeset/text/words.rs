//! Words: spans split into pieces of one face, link and decoration, measured with the
//! fonts' glyph advances, and words too wide for the measure (URLs) split where best.

use std::ops::Range;

use textwrap::core::Fragment;

use crate::typeset::fonts::{FontStyle, Fonts, Glyph};
use crate::typeset::markdown::Span;

use super::TextStyle;

#[derive(Clone, Debug)]
pub(super) struct Piece {
    pub(super) text: Range<usize>,
    /// Its glyphs in [`Tokens::glyphs`], one per character of `text`.
    pub(super) glyphs: Range<usize>,
    pub(super) style: FontStyle,
    pub(super) link: Option<usize>,
    pub(super) strike: bool,
    pub(super) code: bool,
    pub(super) width: f32,
}

#[derive(Clone, Debug)]
pub(super) struct Word {
    pub(super) pieces: Range<usize>,
    pub(super) width: f32,
    /// Width of the space after the word (0 when none).
    pub(super) space: f32,
    pub(super) space_style: FontStyle,
    pub(super) hard_break_after: bool,
    /// Width units for the optimal-fit cost function.
    pub(super) unit: f32,
}

impl Fragment for Word {
    fn width(&self) -> f64 {
        (self.width / self.unit) as f64
    }
    fn whitespace_width(&self) -> f64 {
        (self.space / self.unit) as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Characters that separate words (a no-break space does not).
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// Format characters that take no room and draw nothing (soft hyphen,
/// zero-width space and joiners, byte order mark) and control characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// After which characters a too-long word (a URL) is best broken.
fn is_soft_break_after(c: char) -> bool {
    matches!(
        c,
        '/' | '-' | '.' | '?' | '&' | '=' | '_' | ',' | ';' | ':' | '#' | '@'
    )
}

pub(super) struct Tokens {
    pub(super) buf: String,
    /// The glyphs of `buf`, one per character, as measured.
    pub(super) glyphs: Vec<Glyph>,
    pub(super) pieces: Vec<Piece>,
    pub(super) words: Vec<Word>,
    pub(super) links: Vec<String>,
}

pub(super) fn tokenize(fonts: &Fonts, spans: &[Span], ts: &TextStyle, unit: f32) -> Tokens {
    let mut t = Tokens {
        buf: String::new(),
        glyphs: Vec::new(),
        pieces: Vec::new(),
        words: Vec::new(),
        links: Vec::new(),
    };
    // Start of the word being built (index into pieces).
    let mut word_start = 0usize;
    let mut word_width = 0.0f32;
    let mut in_word = false;

    fn finish(
        t: &mut Tokens,
        word_start: &mut usize,
        word_width: &mut f32,
        in_word: &mut bool,
        space: f32,
        space_style: FontStyle,
        unit: f32,
    ) {
        if *in_word {
            t.words.push(Word {
                pieces: *word_start..t.pieces.len(),
                width: *word_width,
                space,
                space_style,
                hard_break_after: false,
                unit,
            });
        }
        *word_start = t.pieces.len();
        *word_width = 0.0;
        *in_word = false;
    }

    for span in spans {
        let style = FontStyle::new(ts.bold || span.style.bold, ts.italic || span.style.italic);
        if span.hard_break {
            finish(
                &mut t,
                &mut word_start,
                &mut word_width,
                &mut in_word,
                0.0,
                style,
                unit,
            );
            match t.words.last_mut() {
                Some(w) if !w.hard_break_after => {
                    w.hard_break_after = true;
                    w.space = 0.0;
                }
                _ => {
                    // A break with nothing before it: an empty word keeps the blank line.
                    t.words.push(Word {
                        pieces: t.pieces.len()..t.pieces.len(),
                        width: 0.0,
                        space: 0.0,
                        space_style: style,
                        hard_break_after: true,
                        unit,
                    });
                    word_start = t.pieces.len();
                }
            }
            continue;
        }
        let link = span.link.as_ref().map(|l| {
            if t.links.last() != Some(l) {
                t.links.push(l.clone());
            }
            t.links.len() - 1
        });
        for c in span.text.chars() {
            if is_invisible(c) {
                continue;
            }
            if is_break_space(c) {
                if in_word {
                    let space = fonts.glyph(style, ' ').1.advance * ts.size;
                    finish(
                        &mut t,
                        &mut word_start,
                        &mut word_width,
                        &mut in_word,
                        space,
                        style,
                        unit,
                    );
                }
                continue;
            }
            let glyph = fonts.shape_char(style, c);
            let adv = glyph.advance * ts.size;
            let extend = in_word
                && t.pieces.last().is_some_and(|p| {
                    p.style == style
                        && p.link == link
                        && p.strike == span.style.strike
                        && p.code == span.style.code
                });
            if extend {
                if let Some(p) = t.pieces.last_mut() {
                    t.buf.push(c);
                    p.text.end = t.buf.len();
                    t.glyphs.push(glyph);
                    p.glyphs.end = t.glyphs.len();
                    p.width += adv;
                }
            } else {
                let start = t.buf.len();
                t.buf.push(c);
                t.glyphs.push(glyph);
                t.pieces.push(Piece {
                    text: start..t.buf.len(),
                    glyphs: t.glyphs.len() - 1..t.glyphs.len(),
                    style,
                    link,
                    strike: span.style.strike,
                    code: span.style.code,
                    width: adv,
                });
            }
            word_width += adv;
            in_word = true;
        }
    }
    finish(
        &mut t,
        &mut word_start,
        &mut word_width,
        &mut in_word,
        0.0,
        FontStyle::Regular,
        unit,
    );
    t
}

/// Splits words wider than `max` into pieces that fit, preferring to break
/// after URL punctuation.
pub(super) fn split_long_words(t: &mut Tokens, max: f32, size: f32) {
    if !t.words.iter().any(|w| w.width > max) {
        return;
    }
    let old_words = std::mem::take(&mut t.words);
    let old_pieces = std::mem::take(&mut t.pieces);
    for w in old_words {
        if w.width <= max {
            let start = t.pieces.len();
            t.pieces.extend_from_slice(&old_pieces[w.pieces.clone()]);
            t.words.push(Word {
                pieces: start..t.pieces.len(),
                ..w
            });
            continue;
        }
        // Flatten the word into (piece index, char byte range, advance, char, glyph index).
        let mut chars: Vec<(usize, Range<usize>, f32, char, usize)> = Vec::new();
        for (pi, p) in old_pieces[w.pieces.clone()].iter().enumerate() {
            for ((off, c), gi) in t.buf[p.text.clone()].char_indices().zip(p.glyphs.clone()) {
                let s = p.text.start + off;
                let adv = t.glyphs[gi].advance * size;
                chars.push((pi, s..s + c.len_utf8(), adv, c, gi));
            }
        }
        // Chunk boundaries: after every run of URL punctuation (so the line
        // breaker can choose among them), and inside any chunk still wider
        // than the measure, wherever it has to.
        let mut bounds = Vec::new();
        let mut width = 0.0;
        let mut seg_start = 0;
        for j in 0..chars.len() {
            if width + chars[j].2 > max && j > seg_start {
                bounds.push(j);
                seg_start = j;
                width = 0.0;
            }
            width += chars[j].2;
            let soft = is_soft_break_after(chars[j].3)
                && chars.get(j + 1).is_some_and(|n| !is_soft_break_after(n.3));
            if soft {
                bounds.push(j + 1);
                seg_start = j + 1;
                width = 0.0;
            }
        }
        bounds.push(chars.len());
        let mut i = 0;
        for end in bounds {
            if end <= i {
                continue;
            }
            // Emit chars[i..end] as a word made of (sub)pieces.
            let start_piece = t.pieces.len();
            let mut k = i;
            let mut chunk_width = 0.0;
            while k < end {
                let pi = chars[k].0;
                let mut l = k;
                let mut pw = 0.0;
                while l < end && chars[l].0 == pi {
                    pw += chars[l].2;
                    l += 1;
                }
                let src = &old_pieces[w.pieces.start + pi];
                t.pieces.push(Piece {
                    text: chars[k].1.start..chars[l - 1].1.end,
                    glyphs: chars[k].4..chars[l - 1].4 + 1,
                    width: pw,
                    ..src.clone()
                });
                chunk_width += pw;
                k = l;
            }
            let last = end >= chars.len();
            t.words.push(Word {
                pieces: start_piece..t.pieces.len(),
                width: chunk_width,
                space: if last { w.space } else { 0.0 },
                space_style: w.space_style,
                hard_break_after: last && w.hard_break_after,
                unit: w.unit,
            });
            i = end;
        }
    }
}

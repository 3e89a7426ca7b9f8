//! Paragraph line breaking: inline spans -> words with real glyph advances ->
//! lines chosen by textwrap's optimal-fit (SMAWK) algorithm.

use std::ops::Range;

use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use super::fonts::{FontStyle, Fonts};
use super::markdown::Span;
use super::{Item, LineItem, LinkTarget, Rgb, Role, Tag, TextRun};

/// How a paragraph's text is set.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub size: f32,
    pub color: Rgb,
    pub link_color: Rgb,
    /// Forces bold/italic on every span (headings, table headers).
    pub bold: bool,
    pub italic: bool,
}

/// One laid-out line. Item x positions are relative to the line start and
/// y positions relative to the baseline.
#[derive(Clone, Debug, Default)]
pub struct LineLayout {
    pub items: Vec<Item>,
    /// Width of the line's ink (without trailing space).
    pub width: f32,
}

#[derive(Clone, Debug)]
struct Piece {
    text: Range<usize>,
    style: FontStyle,
    link: Option<usize>,
    strike: bool,
    code: bool,
    width: f32,
}

#[derive(Clone, Debug)]
struct Word {
    pieces: Range<usize>,
    width: f32,
    /// Width of the space after the word (0 when none).
    space: f32,
    space_style: FontStyle,
    hard_break_after: bool,
    /// Width units for the optimal-fit cost function.
    unit: f32,
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

struct Tokens {
    buf: String,
    pieces: Vec<Piece>,
    words: Vec<Word>,
    links: Vec<String>,
}

fn tokenize(fonts: &Fonts, spans: &[Span], ts: &TextStyle, unit: f32) -> Tokens {
    let mut t = Tokens {
        buf: String::new(),
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
            let adv = fonts.glyph(style, c).1.advance * ts.size;
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
                    p.width += adv;
                }
            } else {
                let start = t.buf.len();
                t.buf.push(c);
                t.pieces.push(Piece {
                    text: start..t.buf.len(),
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
fn split_long_words(fonts: &Fonts, t: &mut Tokens, max: f32, size: f32) {
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
        // Flatten the word into (piece index, char byte range, advance).
        let mut chars: Vec<(usize, Range<usize>, f32, char)> = Vec::new();
        for (pi, p) in old_pieces[w.pieces.clone()].iter().enumerate() {
            for (off, c) in t.buf[p.text.clone()].char_indices() {
                let s = p.text.start + off;
                let adv = fonts.glyph(p.style, c).1.advance * size;
                chars.push((pi, s..s + c.len_utf8(), adv, c));
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

fn wrap(words: &[Word], first: f32, rest: f32) -> Vec<&[Word]> {
    if words.is_empty() {
        return Vec::new();
    }
    let unit = words[0].unit;
    let widths = [(first / unit) as f64, (rest / unit) as f64];
    let penalties = Penalties {
        nline_penalty: 1000,
        overflow_penalty: 1_000_000,
        short_last_line_fraction: 4,
        short_last_line_penalty: 25,
        hyphen_penalty: 25,
    };
    let fits = |lines: &[&[Word]]| {
        lines.iter().enumerate().all(|(n, line)| {
            let w: f32 = line.iter().map(|w| w.width + w.space).sum::<f32>()
                - line.last().map(|w| w.space).unwrap_or(0.0);
            w <= if n == 0 { first } else { rest } + 0.01
        })
    };
    match wrap_optimal_fit(words, &widths, &penalties) {
        Ok(lines) if fits(&lines) => lines,
        _ => wrap_first_fit(words, &widths),
    }
}

/// Result of breaking a paragraph into lines.
pub struct Paragraph {
    pub lines: Vec<LineLayout>,
}

/// Breaks `spans` into lines: the first line is `first` points wide, the
/// others `rest` points.
pub fn break_paragraph(
    fonts: &Fonts,
    spans: &[Span],
    ts: &TextStyle,
    first: f32,
    rest: f32,
) -> Paragraph {
    let unit = (ts.size * 0.5).max(0.1);
    let mut t = tokenize(fonts, spans, ts, unit);
    let max = first.min(rest).max(ts.size);
    split_long_words(fonts, &mut t, max, ts.size);

    let mut lines = Vec::new();
    let mut seg_start = 0;
    let mut first_seg = true;
    for i in 0..t.words.len() {
        if t.words[i].hard_break_after || i + 1 == t.words.len() {
            let seg = &t.words[seg_start..=i];
            let (f, r) = if first_seg {
                (first, rest)
            } else {
                (rest, rest)
            };
            for line in wrap(seg, f, r) {
                lines.push(build_line(fonts, &t, line, ts));
            }
            first_seg = false;
            seg_start = i + 1;
        }
    }
    Paragraph { lines }
}

/// Builds one line's items: text runs (split where the face, colour or link
/// changes), link underlines and areas inside `Link` tags, strike-through.
struct LineBuilder<'t> {
    ts: &'t TextStyle,
    links: &'t [String],
    items: Vec<Item>,
    run: Option<TextRun>,
    /// The link the open run belongs to.
    run_link: Option<usize>,
    /// The open link: (link, x0, x1).
    link: Option<(usize, f32, f32)>,
    strike: Option<(f32, f32)>,
}

impl LineBuilder<'_> {
    fn flush_run(&mut self) {
        if let Some(r) = self.run.take()
            && !r.text.is_empty()
        {
            self.items.push(Item::Text(r));
        }
    }

    /// Closes the open link: its text, underline and clickable area, then its tag.
    fn flush_link(&mut self) {
        if let Some((l, x0, x1)) = self.link.take() {
            self.flush_run();
            let ts = self.ts;
            let uri = self.links.get(l).cloned().unwrap_or_default();
            self.items.push(Item::Line(LineItem {
                x1: x0,
                y1: ts.size * 0.15,
                x2: x1,
                y2: ts.size * 0.15,
                width: (ts.size * 0.06).max(0.5),
                color: ts.link_color,
                dash: None,
                round_cap: false,
            }));
            self.items.push(Item::Link {
                x: x0,
                y: -ts.size * 0.95,
                w: x1 - x0,
                h: ts.size * 1.25,
                target: LinkTarget::Uri(uri),
            });
            self.items.push(Item::Tag(Tag::End));
        }
    }

    fn flush_strike(&mut self) {
        if let Some((x0, x1)) = self.strike.take() {
            let ts = self.ts;
            self.items.push(Item::Line(LineItem {
                x1: x0,
                y1: -ts.size * 0.3,
                x2: x1,
                y2: -ts.size * 0.3,
                width: (ts.size * 0.06).max(0.5),
                color: ts.color,
                dash: None,
                round_cap: false,
            }));
        }
    }
}

fn build_line(fonts: &Fonts, t: &Tokens, words: &[Word], ts: &TextStyle) -> LineLayout {
    let _ = fonts;
    let mut b = LineBuilder {
        ts,
        links: &t.links,
        items: Vec::new(),
        run: None,
        run_link: None,
        link: None,
        strike: None,
    };
    let mut x = 0.0f32;

    for (wi, w) in words.iter().enumerate() {
        for p in &t.pieces[w.pieces.clone()] {
            let color = if p.link.is_some() {
                ts.link_color
            } else {
                ts.color
            };
            let text = &t.buf[p.text.clone()];
            match (p.link, b.link.as_mut()) {
                (Some(l), Some((cur, _, x1))) if *cur == l => *x1 = x + p.width,
                (Some(l), _) => {
                    b.flush_link();
                    b.flush_run();
                    b.items.push(Item::Tag(Tag::start(Role::Link)));
                    b.link = Some((l, x, x + p.width));
                }
                (None, Some(_)) => b.flush_link(),
                (None, None) => {}
            }
            match b.run.as_mut() {
                Some(r) if r.style == p.style && r.color == color && b.run_link == p.link => {
                    r.text.push_str(text)
                }
                _ => {
                    b.flush_run();
                    b.run_link = p.link;
                    b.run = Some(TextRun {
                        x,
                        y: 0.0,
                        size: ts.size,
                        style: p.style,
                        color,
                        text: text.to_string(),
                        angle: 0.0,
                    });
                }
            }
            match (p.strike, b.strike.as_mut()) {
                (true, Some((_, x1))) => *x1 = x + p.width,
                (true, None) => b.strike = Some((x, x + p.width)),
                (false, _) => b.flush_strike(),
            }
            x += p.width;
        }
        if wi + 1 < words.len() {
            let next_first = words[wi + 1].pieces.start;
            let next_link = t.pieces.get(next_first).and_then(|p| p.link);
            let next_strike = t.pieces.get(next_first).is_some_and(|p| p.strike);
            let link_goes_on =
                matches!((b.link, next_link), (Some((cur, ..)), Some(n)) if cur == n);
            if w.space > 0.0 {
                match b.run.as_mut() {
                    Some(r) if r.style == w.space_style => r.text.push(' '),
                    _ => b.flush_run(),
                }
            }
            if !link_goes_on {
                b.flush_link();
            }
            x += w.space;
            if let Some((_, _, x1)) = b.link.as_mut() {
                *x1 = x;
            }
            match b.strike.as_mut() {
                Some((_, x1)) if next_strike => *x1 = x,
                _ => b.flush_strike(),
            }
        }
    }
    // A line that ends at a space or a forced break keeps that space in its
    // text (it draws nothing), so that the words of consecutive lines do not
    // run together when the PDF's text is read aloud or copied.
    if let (Some(last), Some(r)) = (words.last(), b.run.as_mut())
        && (last.space > 0.0 || last.hard_break_after)
    {
        r.text.push(' ');
    }
    b.flush_link();
    b.flush_run();
    b.flush_strike();
    LineLayout {
        items: b.items,
        width: x,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::markdown::{Block, parse};

    fn style() -> TextStyle {
        TextStyle {
            size: 11.0,
            color: Rgb(0, 0, 0),
            link_color: Rgb(0, 0, 200),
            bold: false,
            italic: false,
        }
    }

    fn spans(md: &str) -> Vec<Span> {
        match parse(md).into_iter().next() {
            Some(Block::Paragraph(s)) => s,
            other => panic!("{other:?}"),
        }
    }

    fn line_text(l: &LineLayout) -> String {
        l.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("|")
            // A line keeps the space it ends at (for text extraction).
            .trim_end()
            .to_string()
    }

    #[test]
    fn lines_fit_and_keep_every_word_in_order() {
        let fonts = Fonts::bundled().unwrap();
        let text = "Staff must not accept friend requests from pupils or their parents on personal social media accounts, and must report any concerns about online safety to the designated safeguarding lead without delay.";
        let p = break_paragraph(&fonts, &spans(text), &style(), 200.0, 200.0);
        assert!(p.lines.len() >= 4, "{}", p.lines.len());
        for l in &p.lines {
            assert!(l.width <= 200.01, "{}", l.width);
        }
        let joined: Vec<String> = p.lines.iter().map(line_text).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn optimal_fit_balances_lines() {
        // Optimal fit avoids a greedy layout's very ragged lines: no line
        // except the last is much shorter than the measure.
        let fonts = Fonts::bundled().unwrap();
        let text = "aaa bb cc ddddd eeeeeee ffff gg hhhhhh iii jjjjj kk llllllll mmm nnnnnn oo ppppp qqq rrrrrrr ss tttt";
        let p = break_paragraph(&fonts, &spans(text), &style(), 120.0, 120.0);
        let n = p.lines.len();
        for l in &p.lines[..n - 1] {
            assert!(l.width > 80.0, "ragged line {}", l.width);
        }
    }

    #[test]
    fn long_urls_are_broken_inside_the_measure() {
        let fonts = Fonts::bundled().unwrap();
        let url = "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2/part-one-information-for-all-school-and-college-staff";
        let md = format!("See <{url}> for details.");
        let p = break_paragraph(&fonts, &spans(&md), &style(), 150.0, 150.0);
        assert!(p.lines.len() >= 3);
        for l in &p.lines {
            assert!(l.width <= 150.01, "{}", l.width);
        }
        let all: String = p.lines.iter().map(line_text).collect::<Vec<_>>().join("");
        assert!(all.replace(' ', "").contains(&url.replace(' ', "")));
        // Every fragment of the URL is a link.
        let links = p
            .lines
            .iter()
            .flat_map(|l| &l.items)
            .filter(|i| matches!(i, Item::Link { .. }))
            .count();
        assert!(links >= 2);
    }

    #[test]
    fn styles_split_runs() {
        let fonts = Fonts::bundled().unwrap();
        let p = break_paragraph(
            &fonts,
            &spans("Plain **bold** and *italic* text"),
            &style(),
            400.0,
            400.0,
        );
        assert_eq!(p.lines.len(), 1);
        // The space after "bold" is set in the regular face, between runs.
        assert_eq!(line_text(&p.lines[0]), "Plain |bold|and |italic|text");
    }

    #[test]
    fn hard_breaks_force_lines() {
        let fonts = Fonts::bundled().unwrap();
        let p = break_paragraph(
            &fonts,
            &spans("one  \ntwo\\\nthree"),
            &style(),
            400.0,
            400.0,
        );
        let texts: Vec<String> = p.lines.iter().map(line_text).collect();
        assert_eq!(texts, ["one", "two", "three"]);
    }
}

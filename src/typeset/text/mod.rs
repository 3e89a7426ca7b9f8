//! Paragraph line breaking: inline spans -> words with real glyph advances ([`words`]) ->
//! lines chosen by textwrap's optimal-fit (SMAWK) algorithm -> each line's positioned items
//! ([`line`]).

mod line;
pub(crate) mod memo;
mod words;

use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use super::fonts::Fonts;
use super::markdown::Span;
use super::{Item, Rgb};

use line::build_line;
use words::{Word, split_long_words, tokenize};

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
#[derive(Clone, Debug)]
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
    fonts.paragraphs().lines(spans, ts, first, rest, || {
        break_now(fonts, spans, ts, first, rest)
    })
}

/// [`break_paragraph`] without the memo.
fn break_now(fonts: &Fonts, spans: &[Span], ts: &TextStyle, first: f32, rest: f32) -> Paragraph {
    let unit = (ts.size * 0.5).max(0.1);
    let mut t = tokenize(fonts, spans, ts, unit);
    let max = first.min(rest).max(ts.size);
    split_long_words(&mut t, max, ts.size);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::markdown::{Block, parse};

    pub(super) fn style() -> TextStyle {
        TextStyle {
            size: 11.0,
            color: Rgb(0, 0, 0),
            link_color: Rgb(0, 0, 200),
            bold: false,
            italic: false,
        }
    }

    pub(super) fn spans(md: &str) -> Vec<Span> {
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

    #[test]
    fn runs_carry_the_glyphs_they_were_measured_with() {
        // The PDF writer draws these glyphs and looks nothing up: they must be the glyphs of
        // the text, one per character, fallbacks included, in runs split at links and styles
        // and URLs broken across lines.
        let fonts = Fonts::bundled().unwrap();
        let md = "Plain **bold** ✓ and <https://www.gov.uk/government/publications/keeping-children-safe-in-education> end";
        let p = break_paragraph(&fonts, &spans(md), &style(), 150.0, 150.0);
        let mut runs = 0;
        for item in p.lines.iter().flat_map(|l| &l.items) {
            if let Item::Text(t) = item {
                runs += 1;
                assert_eq!(t.glyphs, fonts.shape(t.style, &t.text), "{:?}", t.text);
                let shown: String = t.glyphs.iter().map(|g| g.ch).collect();
                assert_eq!(shown, t.text);
            }
        }
        assert!(runs >= 4, "{runs}");
    }
}

//! Paragraphs already broken into lines, kept for the rest of the build.
//!
//! A trust's schools adopt the same model texts, so most paragraphs of a trust's PDFs are the
//! same words at the same measure (in a generated 1,500-document trust, 3,854 distinct
//! paragraphs of 117,500). Breaking a paragraph is a pure function of its spans, its style and
//! its two widths (and the fonts, whose set owns this memo), so a paragraph seen before is
//! taken from here: the very lines breaking it again would give. Entries are compared whole,
//! never by hash alone; the memo is emptied when it holds more than [`BUDGET`] bytes, so memory
//! stays bounded whatever the trust.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::{Paragraph, TextStyle};
use crate::typeset::Item;
use crate::typeset::fonts::Glyph;
use crate::typeset::markdown::Span;

/// The most the memo holds (an estimate of its entries' heap bytes).
const BUDGET: usize = 24 * 1024 * 1024;

/// What decides a paragraph's lines beside its spans.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Setting {
    size: u32,
    color: (u8, u8, u8),
    link_color: (u8, u8, u8),
    bold: bool,
    italic: bool,
    first: u32,
    rest: u32,
}

impl Setting {
    fn of(ts: &TextStyle, first: f32, rest: f32) -> Setting {
        Setting {
            size: ts.size.to_bits(),
            color: (ts.color.0, ts.color.1, ts.color.2),
            link_color: (ts.link_color.0, ts.link_color.1, ts.link_color.2),
            bold: ts.bold,
            italic: ts.italic,
            first: first.to_bits(),
            rest: rest.to_bits(),
        }
    }
}

struct Entry {
    spans: Vec<Span>,
    setting: Setting,
    paragraph: Arc<Paragraph>,
}

#[derive(Default)]
struct Entries {
    by_hash: HashMap<u64, Vec<Entry>>,
    bytes: usize,
}

/// The paragraphs one font set has broken (see the module's text).
#[derive(Default)]
pub struct ParagraphMemo {
    entries: Mutex<Entries>,
}

impl std::fmt::Debug for ParagraphMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParagraphMemo")
    }
}

fn hash_of(spans: &[Span], setting: &Setting) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    setting.hash(&mut h);
    for s in spans {
        s.text.hash(&mut h);
        s.link.hash(&mut h);
        (
            s.style.bold,
            s.style.italic,
            s.style.strike,
            s.style.code,
            s.hard_break,
        )
            .hash(&mut h);
    }
    h.finish()
}

/// An estimate of the heap bytes an entry holds.
fn weight(spans: &[Span], paragraph: &Paragraph) -> usize {
    let text: usize = spans
        .iter()
        .map(|s| s.text.len() + s.link.as_ref().map_or(0, String::len) + size_of::<Span>())
        .sum();
    let lines: usize = paragraph
        .lines
        .iter()
        .flat_map(|l| &l.items)
        .map(|item| {
            size_of::<Item>()
                + match item {
                    Item::Text(run) => run.text.len() + run.glyphs.len() * size_of::<Glyph>(),
                    _ => 0,
                }
        })
        .sum();
    text + lines + 64
}

impl ParagraphMemo {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The lines of `spans` set in `ts` at widths `first` and `rest`: from the memo, or made
    /// by `make` and kept.
    pub fn lines(
        &self,
        spans: &[Span],
        ts: &TextStyle,
        first: f32,
        rest: f32,
        make: impl FnOnce() -> Paragraph,
    ) -> Paragraph {
        let setting = Setting::of(ts, first, rest);
        let hash = hash_of(spans, &setting);
        let found = self.lock().by_hash.get(&hash).and_then(|bucket| {
            bucket
                .iter()
                .find(|e| e.setting == setting && e.spans == spans)
                .map(|e| e.paragraph.clone())
        });
        if let Some(paragraph) = found {
            return Paragraph::clone(&paragraph);
        }
        let paragraph = make();
        let cost = weight(spans, &paragraph);
        if cost <= BUDGET / 16 {
            let mut entries = self.lock();
            if entries.bytes + cost > BUDGET {
                *entries = Entries::default();
            }
            entries.bytes += cost;
            entries.by_hash.entry(hash).or_default().push(Entry {
                spans: spans.to_vec(),
                setting,
                paragraph: Arc::new(paragraph.clone()),
            });
        }
        paragraph
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::super::tests::{spans, style};
    use super::*;
    use crate::typeset::Rgb;
    use crate::typeset::fonts::Fonts;

    #[test]
    fn a_paragraph_seen_before_is_not_broken_again_and_reads_the_same() {
        let fonts = Fonts::bundled().unwrap();
        let memo = ParagraphMemo::default();
        let made = Cell::new(0);
        let text = spans(
            "Governors approve the policy; see [the guidance](https://www.gov.uk/x) for more words that wrap.",
        );
        let make = |spans: &[Span], ts: &TextStyle, first: f32| {
            made.set(made.get() + 1);
            super::super::break_now(&fonts, spans, ts, first, first)
        };
        let a = memo.lines(&text, &style(), 120.0, 120.0, || {
            make(&text, &style(), 120.0)
        });
        let b = memo.lines(&text, &style(), 120.0, 120.0, || {
            make(&text, &style(), 120.0)
        });
        assert_eq!(made.get(), 1);
        assert_eq!(format!("{:?}", a.lines), format!("{:?}", b.lines));
        // Another width, another link or another colour is another paragraph.
        memo.lines(&text, &style(), 200.0, 200.0, || {
            make(&text, &style(), 200.0)
        });
        let other = spans(
            "Governors approve the policy; see [the guidance](https://www.gov.uk/y) for more words that wrap.",
        );
        memo.lines(&other, &style(), 120.0, 120.0, || {
            make(&other, &style(), 120.0)
        });
        let red = TextStyle {
            color: Rgb(200, 0, 0),
            ..style()
        };
        memo.lines(&text, &red, 120.0, 120.0, || make(&text, &red, 120.0));
        assert_eq!(made.get(), 4);
        assert!(memo.lock().bytes > 0);
    }
}

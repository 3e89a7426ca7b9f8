//! One line's items: text runs split where the face, colour or link changes, link underlines
//! and clickable areas inside `Link` tags, and strike-through.

use crate::typeset::fonts::Fonts;
use crate::typeset::{Item, LineItem, LinkTarget, Role, Tag, TextRun};

use super::words::{Tokens, Word};
use super::{LineLayout, TextStyle};

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

pub(super) fn build_line(fonts: &Fonts, t: &Tokens, words: &[Word], ts: &TextStyle) -> LineLayout {
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
                    r.text.push_str(text);
                    r.glyphs.extend_from_slice(&t.glyphs[p.glyphs.clone()]);
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
                        glyphs: t.glyphs[p.glyphs.clone()].to_vec(),
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
                    Some(r) if r.style == w.space_style => {
                        r.text.push(' ');
                        r.glyphs.push(fonts.shape_char(r.style, ' '));
                    }
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
        r.glyphs.push(fonts.shape_char(r.style, ' '));
    }
    b.flush_link();
    b.flush_run();
    b.flush_strike();
    LineLayout {
        items: b.items,
        width: x,
    }
}

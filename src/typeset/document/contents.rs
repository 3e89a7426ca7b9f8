//! The table of contents: one entry per heading down to level 2, with its page number and a
//! link to it.

use crate::typeset::flow::{Flow, PageFrame, PlacedHeading, Theme, VBox};
use crate::typeset::fonts::{FontStyle, Fonts};
use crate::typeset::markdown::Span;
use crate::typeset::text::TextStyle;
use crate::typeset::{Item, LineItem, LinkTarget, Role, Tag, TextRun};

/// Headings at or above this level get a contents entry.
pub(super) const CONTENTS_MAX_LEVEL: u8 = 2;

pub(super) fn contents_boxes(
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
    entries: &[(usize, u8, String)],
    placed: Option<&[PlacedHeading]>,
) -> Vec<VBox> {
    let mut flow = Flow::new(fonts, theme.clone());
    flow.max_box_height = frame.height;
    flow.page_break();
    let (x, width) = (frame.x, frame.width);
    flow.heading(2, &[Span::plain("Contents")], x, width, false);
    flow.set_space(8.0);

    let size = theme.body_size;
    let lh = size * theme.leading;
    let num_w = fonts.width(FontStyle::Regular, "0000", size);
    let dot_pitch = size * 0.45;
    let widest_number = fonts.width(FontStyle::Bold, "00", size);
    flow.open(Role::Contents);
    for (id, level, title) in entries {
        let target = placed.and_then(|p| p.iter().find(|h| h.id == *id));
        let number = target
            .map(|h| (h.page + 1).to_string())
            .unwrap_or_else(|| "0".to_string());
        let bold = *level == 1;
        let ts = TextStyle {
            bold,
            ..theme.body()
        };
        let title_w = width - num_w - size;
        let p = crate::typeset::text::break_paragraph(
            fonts,
            &[Span::plain(title.clone())],
            &ts,
            title_w,
            title_w,
        );
        let base = (lh
            - (fonts.ascender(FontStyle::Regular) - fonts.descender(FontStyle::Regular)) * size)
            / 2.0
            + fonts.ascender(FontStyle::Regular) * size;
        let mut items = vec![Item::Tag(Tag::start(Role::ContentsEntry))];
        if target.is_some() {
            items.push(Item::Tag(Tag::start(Role::Link)));
        }
        let n = p.lines.len().max(1);
        let mut last_w = 0.0;
        for (i, line) in p.lines.into_iter().enumerate() {
            last_w = line.width;
            let dy = i as f32 * lh + base;
            items.extend(line.items.into_iter().map(|it| it.translated(x, dy)));
        }
        let last_base = (n - 1) as f32 * lh + base;
        let style = FontStyle::new(bold, false);
        let nw = fonts.width(style, &number, size);
        let num_x = x + width - nw;
        items.push(Item::Text(TextRun {
            x: num_x,
            y: last_base,
            size,
            style,
            color: theme.text,
            glyphs: fonts.shape(style, &number),
            text: number,
            angle: 0.0,
        }));
        if let Some(h) = target {
            items.push(Item::Link {
                x,
                y: 0.0,
                w: width,
                h: n as f32 * lh,
                target: LinkTarget::Internal {
                    page: h.page,
                    y: h.y,
                },
            });
            items.push(Item::Tag(Tag::End));
        }
        // Dot leader on a fixed grid, ending left of the widest page number,
        // so the dots line up from entry to entry.
        let first = ((last_w + size * 0.6) / dot_pitch).ceil() as i32;
        let last = ((width - widest_number - size * 0.6) / dot_pitch + 1e-3).floor() as i32;
        if last > first {
            items.push(Item::Line(LineItem {
                x1: x + first as f32 * dot_pitch,
                y1: last_base - 0.8,
                // A little past the last dot so rounding never drops it.
                x2: x + last as f32 * dot_pitch + dot_pitch * 0.25,
                y2: last_base - 0.8,
                width: 1.1,
                color: theme.muted,
                dash: Some([0.0, dot_pitch]),
                round_cap: true,
            }));
        }
        items.push(Item::Tag(Tag::End));
        flow.space(if *level == 1 { 6.0 } else { 3.0 });
        flow.push(VBox::new(n as f32 * lh, items));
    }
    flow.close();
    flow.into_boxes()
}

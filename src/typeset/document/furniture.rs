//! The page furniture around the flow: the running header, the footer with the page number,
//! and the DRAFT watermark.

use crate::typeset::flow::{PageFrame, Theme};
use crate::typeset::fonts::{FontStyle, Fonts};
use crate::typeset::{ArtifactKind, Item, LineItem, Rgb, Role, Tag, TextRun};

pub(super) fn running_header(
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
    text: &str,
    out: &mut Vec<Item>,
) {
    if text.is_empty() {
        return;
    }
    let size = 9.0;
    let base = frame.top * 0.55;
    let text = fit_text(fonts, FontStyle::Regular, text, size, frame.width);
    out.push(Item::Tag(Tag::start(Role::Artifact(
        ArtifactKind::Pagination,
    ))));
    out.push(Item::Text(TextRun {
        x: frame.x,
        y: base,
        size,
        style: FontStyle::Regular,
        color: theme.muted,
        glyphs: fonts.shape(FontStyle::Regular, &text),
        text,
        angle: 0.0,
    }));
    out.push(Item::Line(LineItem {
        x1: frame.x,
        y1: frame.top * 0.72,
        x2: frame.x + frame.width,
        y2: frame.top * 0.72,
        width: 0.5,
        color: theme.rule,
        dash: None,
        round_cap: false,
    }));
    out.push(Item::Tag(Tag::End));
}

#[allow(clippy::too_many_arguments)]
pub(super) fn footer(
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
    page_h: f32,
    left: &str,
    n: usize,
    total: usize,
    out: &mut Vec<Item>,
) {
    let size = 9.0;
    let bottom_margin = page_h - frame.top - frame.height;
    let rule_y = page_h - bottom_margin * 0.72;
    let base = page_h - bottom_margin * 0.4;
    let right = format!("Page {n} of {total}");
    let rw = fonts.width(FontStyle::Regular, &right, size);
    out.push(Item::Tag(Tag::start(Role::Artifact(
        ArtifactKind::Pagination,
    ))));
    out.push(Item::Line(LineItem {
        x1: frame.x,
        y1: rule_y,
        x2: frame.x + frame.width,
        y2: rule_y,
        width: 0.5,
        color: theme.rule,
        dash: None,
        round_cap: false,
    }));
    if !left.is_empty() {
        let text = fit_text(
            fonts,
            FontStyle::Regular,
            left,
            size,
            frame.width - rw - size * 2.0,
        );
        out.push(Item::Text(TextRun {
            x: frame.x,
            y: base,
            size,
            style: FontStyle::Regular,
            color: theme.muted,
            glyphs: fonts.shape(FontStyle::Regular, &text),
            text,
            angle: 0.0,
        }));
    }
    out.push(Item::Text(TextRun {
        x: frame.x + frame.width - rw,
        y: base,
        size,
        style: FontStyle::Regular,
        color: theme.muted,
        glyphs: fonts.shape(FontStyle::Regular, &right),
        text: right,
        angle: 0.0,
    }));
    out.push(Item::Tag(Tag::End));
}

/// Shortens `text` with an ellipsis until it fits `max` points.
fn fit_text(fonts: &Fonts, style: FontStyle, text: &str, size: f32, max: f32) -> String {
    if fonts.width(style, text, size) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if fonts.width(style, &s, size) <= max {
            return s;
        }
    }
    String::new()
}

pub(super) fn watermark(fonts: &Fonts, setup: &crate::typeset::PageSetup) -> Item {
    let (w, h) = (setup.width_pt(), setup.height_pt());
    let angle = h.atan2(w);
    let diag = (w * w + h * h).sqrt();
    let text = "DRAFT";
    let unit = fonts.width(FontStyle::Bold, text, 1.0).max(0.1);
    let size = diag * 0.55 / unit;
    let tw = unit * size;
    let cap = fonts.face(FontStyle::Bold).cap_height * size;
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (s, c) = angle.sin_cos();
    Item::Text(TextRun {
        x: cx - tw / 2.0 * c + cap / 2.0 * s,
        y: cy + tw / 2.0 * s + cap / 2.0 * c,
        size,
        style: FontStyle::Bold,
        color: Rgb(0xe2, 0xe2, 0xe2),
        glyphs: fonts.shape(FontStyle::Bold, text),
        text: text.to_string(),
        angle: angle.to_degrees(),
    })
}

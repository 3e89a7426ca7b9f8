//! The printed furniture around a school's text: the band with the logo space and the school's
//! name, the QR panel that closes the back page, and the footer.

use crate::typeset::flow::{Flow, HeadingMark, PageFrame, Theme, VBox};
use crate::typeset::markdown::{Align, Span};
use crate::typeset::text::TextStyle;
use crate::typeset::{
    ArtifactKind, FontStyle, Fonts, Item, PT_PER_MM, Page, Rgb, Role, Tag, TextRun,
};

use super::qr::QrSquares;
use super::{
    BODY_PT, FOOTER_PT, HEIGHT_MM, LEADING, LeafletError, LeafletSheet, PANEL_ID, WIDTH_MM,
};

/// White or near-black, whichever reads on `bg`.
pub(super) fn text_on(bg: Rgb) -> Rgb {
    if bg.contrast(Rgb::WHITE) >= 4.5 {
        Rgb::WHITE
    } else {
        Rgb(0x11, 0x11, 0x11)
    }
}

/// Up to two initials of the school's name, for the logo space.
pub(super) fn monogram(name: &str) -> String {
    const SKIP: [&str; 9] = ["of", "the", "and", "c", "e", "&", "st", "school", "academy"];
    name.split_whitespace()
        .filter(|w| !SKIP.contains(&w.to_lowercase().trim_matches('.')))
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .take(2)
        .collect()
}

/// Stacks boxes from `y`, returning their items moved into place and the height used.
pub(super) fn stack(boxes: Vec<VBox>, y: f32) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut at = y;
    for (i, b) in boxes.into_iter().enumerate() {
        if i > 0 {
            at += b.space_before;
        }
        items.extend(b.items.into_iter().map(|it| it.translated(0.0, at)));
        at += b.height;
    }
    (items, at - y)
}

/// The school's band across the top of the front: the logo space and the school's name.
pub(super) fn band(sheet: &LeafletSheet, fonts: &Fonts, theme: &Theme, frame: &PageFrame) -> VBox {
    let page_w = WIDTH_MM * PT_PER_MM;
    let ink = text_on(sheet.brand);
    let logo = 15.0 * PT_PER_MM;
    let gap = 4.0 * PT_PER_MM;
    let name_x = frame.x + logo + gap;
    let name_w = frame.width - logo - gap;
    let mut flow = Flow::new(fonts, theme.clone());
    let name_ts = TextStyle {
        size: 14.0,
        color: ink,
        link_color: ink,
        bold: true,
        italic: false,
    };
    flow.paragraph(
        &[Span::plain(sheet.school_name.clone())],
        name_x,
        name_w,
        &name_ts,
        1.2,
        Align::Left,
    );
    if let Some(org) = &sheet.organisation {
        flow.space(2.0);
        let org_ts = TextStyle {
            size: BODY_PT,
            bold: false,
            ..name_ts
        };
        flow.paragraph(
            &[Span::plain(org.clone())],
            name_x,
            name_w,
            &org_ts,
            1.25,
            Align::Left,
        );
    }
    let pad = 6.0 * PT_PER_MM;
    let (name_items, name_h) = stack(flow.into_boxes(), 0.0);
    let inner = name_h.max(logo);
    let band_h = pad + inner + pad * 0.8;
    let top = -frame.top;
    let mut items = vec![Item::Rect {
        x: 0.0,
        y: top,
        w: page_w,
        h: band_h,
        fill: sheet.brand,
    }];
    // The logo space: a white tile with the logo, or the school's initials without one.
    let logo_y = top + pad + (inner - logo) / 2.0;
    items.push(Item::Rect {
        x: frame.x,
        y: logo_y,
        w: logo,
        h: logo,
        fill: Rgb::WHITE,
    });
    if let Some(art) = &sheet.logo {
        let inset = 1.2 * PT_PER_MM;
        items.extend(Item::tagged(
            Role::Figure { alt: art.alt() },
            vec![Item::Logo(crate::typeset::LogoItem::centred(
                frame.x + inset,
                logo_y + inset,
                logo - 2.0 * inset,
                logo - 2.0 * inset,
                art.clone(),
            ))],
        ));
    } else {
        // The initials only stand in for a logo next to the school's name: decoration.
        let initials = monogram(&sheet.school_name);
        let size = 17.0;
        let w = fonts.width(FontStyle::Bold, &initials, size);
        items.extend(Item::tagged(
            Role::Artifact(ArtifactKind::Layout),
            vec![Item::Text(TextRun {
                x: frame.x + (logo - w) / 2.0,
                y: logo_y + logo / 2.0 + size * 0.35,
                size,
                style: FontStyle::Bold,
                color: theme.accent,
                glyphs: fonts.shape(FontStyle::Bold, &initials),
                text: initials,
                angle: 0.0,
            })],
        ));
    }
    let name_y = top + pad + (inner - name_h) / 2.0;
    items.extend(name_items.into_iter().map(|i| i.translated(0.0, name_y)));
    VBox::new((band_h - frame.top).max(0.0), items)
}

/// The QR panel that ends the back page: the code, and the address in words.
pub(super) fn qr_panel(
    sheet: &LeafletSheet,
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
) -> Result<VBox, LeafletError> {
    if !crate::links::allowed(&sheet.qr_url) {
        return Err(LeafletError::Shape(format!(
            "the QR code's address `{}` is not a web address",
            sheet.qr_url
        )));
    }
    let qr = QrSquares::new(&sheet.qr_url).map_err(LeafletError::Shape)?;
    // About 35 mm across, and never under 2.1 pt a module (4.4 pixels at 150 dpi), so that
    // phone cameras and decoders read it from a print or a screen.
    let module = (100.0 / qr.side_modules() as f32).clamp(2.1, 2.6);
    let qr_side = qr.side_modules() as f32 * module;
    let pad = 6.0;
    let gap = 10.0;
    let text_x = frame.x + pad + qr_side + gap;
    let text_w = frame.width - 2.0 * pad - qr_side - gap;
    let mut flow = Flow::new(fonts, theme.clone());
    let head = TextStyle {
        size: 12.5,
        color: theme.accent,
        link_color: theme.accent,
        bold: true,
        italic: false,
    };
    flow.paragraph_as(
        Role::Heading(2),
        &[Span::plain(format!("Read our {}", sheet.full_policy_title))],
        text_x,
        text_w,
        &head,
        1.25,
        Align::Left,
    );
    flow.space(3.0);
    let body = theme.body();
    flow.paragraph(
        &[Span::plain("Scan the code, or go to:")],
        text_x,
        text_w,
        &body,
        LEADING,
        Align::Left,
    );
    let mut url = Span::plain(sheet.qr_url.clone());
    url.link = Some(sheet.qr_url.clone());
    flow.paragraph(&[url], text_x, text_w, &body, LEADING, Align::Left);
    let (text_items, text_h) = stack(flow.into_boxes(), 0.0);
    let inner = text_h.max(qr_side);
    let height = inner + 2.0 * pad;
    let mut items = vec![Item::Rect {
        x: frame.x,
        y: 0.0,
        w: frame.width,
        h: height,
        fill: theme.tint,
    }];
    // Read in order: the heading and the address, then the code that opens it.
    let text_y = pad + (inner - text_h) / 2.0;
    items.extend(text_items.into_iter().map(|i| i.translated(0.0, text_y)));
    items.extend(Item::tagged(
        Role::Figure {
            alt: qr_alt(&sheet.full_policy_title, &sheet.qr_url),
        },
        qr.items(
            frame.x + pad,
            pad + (inner - qr_side) / 2.0,
            module,
            Rgb::BLACK,
        ),
    ));
    let mut panel = VBox::new(height, items);
    panel.heading = Some(HeadingMark {
        id: PANEL_ID,
        level: 2,
        title: "Read the full policy".to_string(),
    });
    Ok(panel)
}

/// What the QR code is, for a reader who cannot see it: the page it opens.
pub(super) fn qr_alt(policy_title: &str, url: &str) -> String {
    format!("QR code that opens the full {policy_title} at {url}")
}

/// A brand strip atop every page after the first, and the footer on every page.
pub(super) fn decorate(
    sheet: &LeafletSheet,
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
    n: usize,
    total: usize,
    page: &mut Page,
) {
    let page_w = WIDTH_MM * PT_PER_MM;
    let page_h = HEIGHT_MM * PT_PER_MM;
    if n > 0 {
        let strip = Item::tagged(
            Role::Artifact(ArtifactKind::Layout),
            vec![Item::Rect {
                x: 0.0,
                y: 0.0,
                w: page_w,
                h: 4.0 * PT_PER_MM,
                fill: sheet.brand,
            }],
        );
        page.items.splice(0..0, strip);
    }
    let baseline = page_h - 9.0 * PT_PER_MM;
    let right = format!("Page {} of {total}", n + 1);
    let right_w = fonts.width(FontStyle::Regular, &right, FOOTER_PT);
    let room = frame.width - right_w - 12.0;
    // The footer is ours, not the school's text: shrink it rather than let it collide.
    let natural = fonts.width(FontStyle::Regular, &sheet.footer, FOOTER_PT);
    let size = if natural > room {
        (FOOTER_PT * room / natural).max(6.5)
    } else {
        FOOTER_PT
    };
    page.items.push(Item::Tag(Tag::start(Role::Artifact(
        ArtifactKind::Pagination,
    ))));
    page.items.push(Item::Line(crate::typeset::LineItem {
        x1: frame.x,
        y1: baseline - FOOTER_PT * 1.4,
        x2: frame.x + frame.width,
        y2: baseline - FOOTER_PT * 1.4,
        width: 0.5,
        color: theme.rule,
        dash: None,
        round_cap: false,
    }));
    for (x, text, size) in [
        (frame.x, sheet.footer.clone(), size),
        (frame.x + frame.width - right_w, right, FOOTER_PT),
    ] {
        page.items.push(Item::Text(TextRun {
            x,
            y: baseline,
            size,
            style: FontStyle::Regular,
            color: theme.muted,
            glyphs: fonts.shape(FontStyle::Regular, &text),
            text,
            angle: 0.0,
        }));
    }
    page.items.push(Item::Tag(Tag::End));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monograms() {
        assert_eq!(monogram("Wybunbury Delves C of E Primary School"), "WD");
        assert_eq!(monogram("Kestrel Vale Academy"), "KV");
        assert_eq!(monogram("St Aidan's"), "A");
    }
}

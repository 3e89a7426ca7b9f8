//! The cover page: the brand band with the logos and the organisation, the title, the
//! document control table, the signature line and the ethos statement.

use crate::typeset::flow::{Break, Flow, PageFrame, TableOpts, Theme, VBox};
use crate::typeset::fonts::{FontStyle, Fonts};
use crate::typeset::markdown::{self, Align, Block, Span};
use crate::typeset::text::TextStyle;
use crate::typeset::{Item, LineItem, PrintDocument, Rgb, Role, TextRun};

fn text_on(bg: Rgb) -> Rgb {
    let light = Rgb::WHITE;
    let dark = Rgb(0x11, 0x11, 0x11);
    if bg.contrast(light) >= 4.5 || bg.contrast(light) >= bg.contrast(dark) {
        light
    } else {
        dark
    }
}

pub(super) fn cover_boxes(
    doc: &PrintDocument,
    fonts: &Fonts,
    theme: &Theme,
    frame: &PageFrame,
) -> Vec<VBox> {
    let cover = &doc.cover;
    let mut flow = Flow::new(fonts, theme.clone());
    flow.max_box_height = frame.height;
    let (x, width) = (frame.x, frame.width);

    // Organisation band: full-bleed at the top of the page. The box sits at
    // the top of the content area; its items reach up into the margin.
    let org_ts = TextStyle {
        size: 20.0,
        color: text_on(cover.brand),
        link_color: text_on(cover.brand),
        bold: true,
        italic: false,
    };
    // Logos sit in white tiles: the organisation's at the left (its name moves right), the
    // school's own at the right.
    let side = 18.0 * crate::typeset::PT_PER_MM;
    let gap = 5.0 * crate::typeset::PT_PER_MM;
    let (tile, tile_gap) = if cover.logo.is_some() {
        (side, gap)
    } else {
        (0.0, 0.0)
    };
    let right_room = if cover.school_logo.is_some() {
        side + gap
    } else {
        0.0
    };
    let mut band_flow = Flow::new(fonts, theme.clone());
    band_flow.paragraph(
        &[Span::plain(cover.organisation.clone())],
        x + tile + tile_gap,
        width - tile - tile_gap - right_room,
        &org_ts,
        1.2,
        Align::Left,
    );
    let name_lines = band_flow.into_boxes();
    let name_height: f32 = name_lines.iter().map(|b| b.height).sum();
    let inner = name_height
        .max(tile)
        .max(if right_room > 0.0 { side } else { 0.0 });
    let top_pad = frame.top * 0.6;
    let bottom_pad = frame.top * 0.45;
    let band_height = top_pad + inner + bottom_pad;
    let mut band_items = vec![Item::Rect {
        x: 0.0,
        y: -frame.top,
        w: frame.x * 2.0 + frame.width,
        h: band_height,
        fill: cover.brand,
    }];
    let tile_y = top_pad - frame.top + (inner - side) / 2.0;
    let tiles = [(x, &cover.logo), (x + width - side, &cover.school_logo)];
    for (tile_x, logo) in tiles {
        let Some(logo) = logo else { continue };
        band_items.push(Item::Rect {
            x: tile_x,
            y: tile_y,
            w: side,
            h: side,
            fill: Rgb::WHITE,
        });
        let pad = 1.5 * crate::typeset::PT_PER_MM;
        band_items.extend(Item::tagged(
            Role::Figure { alt: logo.alt() },
            vec![Item::Logo(crate::typeset::LogoItem::centred(
                tile_x + pad,
                tile_y + pad,
                side - 2.0 * pad,
                side - 2.0 * pad,
                logo.clone(),
            ))],
        ));
    }
    let mut y = top_pad - frame.top + (inner - name_height) / 2.0;
    for b in name_lines {
        band_items.extend(b.items.into_iter().map(|i| i.translated(0.0, y)));
        y += b.height;
    }
    flow.push(VBox::new((band_height - frame.top).max(0.0), band_items));

    // Title.
    flow.space(36.0);
    let title_ts = TextStyle {
        size: 28.0,
        color: theme.text,
        link_color: theme.link,
        bold: true,
        italic: false,
    };
    flow.paragraph_as(
        Role::Heading(1),
        &[Span::plain(cover.title.clone())],
        x,
        width,
        &title_ts,
        1.15,
        Align::Left,
    );
    if !doc.subject.is_empty() && doc.subject != cover.title {
        flow.space(6.0);
        let sub_ts = TextStyle {
            size: 13.0,
            color: theme.muted,
            ..title_ts
        };
        let sub_ts = TextStyle {
            bold: false,
            ..sub_ts
        };
        flow.paragraph(
            &[Span::plain(doc.subject.clone())],
            x,
            width,
            &sub_ts,
            1.3,
            Align::Left,
        );
    }

    // Document control.
    if !cover.control.is_empty() {
        flow.space(28.0);
        flow.heading_tagged(3, 2, &[Span::plain("Document control")], x, width, false);
        let rows: Vec<Vec<Vec<Span>>> = cover
            .control
            .iter()
            .map(|(k, v)| vec![vec![Span::plain(k.clone())], vec![Span::plain(v.clone())]])
            .collect();
        flow.table(
            &[Align::Left, Align::Left],
            &[],
            &rows,
            x,
            width,
            TableOpts {
                size: theme.body_size,
                label_column: true,
            },
        );
    }

    // Version table (a trust-wide policy: the board's versions).
    if !cover.versions.is_empty() {
        flow.space(18.0);
        flow.heading_tagged(3, 2, &[Span::plain("Version history")], x, width, false);
        let plain = |t: &str| vec![Span::plain(t.to_string())];
        let header: Vec<Vec<Span>> = ["Version", "Date", "Agreed by", "Changes"]
            .iter()
            .map(|h| plain(h))
            .collect();
        let rows: Vec<Vec<Vec<Span>>> = cover
            .versions
            .iter()
            .map(|r| r.iter().map(|c| plain(c)).collect())
            .collect();
        flow.table(
            &[Align::Left, Align::Left, Align::Left, Align::Left],
            &header,
            &rows,
            x,
            width,
            TableOpts {
                size: theme.body_size,
                label_column: false,
            },
        );
    }

    // Signature and date rules.
    if let Some(sig) = &cover.signature_line {
        flow.space(40.0);
        let size = 9.5;
        let rule_y = 0.0;
        let sig_w = (width * 0.55).min(260.0);
        let date_x = x + sig_w + 30.0;
        let date_w = (x + width - date_x).clamp(0.0, 140.0);
        let caption = |tx: f32, text: &str| {
            Item::Text(TextRun {
                x: tx,
                y: rule_y + size * 1.5,
                size,
                style: FontStyle::Regular,
                color: theme.muted,
                glyphs: fonts.shape(FontStyle::Regular, text),
                text: text.to_string(),
                angle: 0.0,
            })
        };
        let rule = |x1: f32, x2: f32| {
            Item::Line(LineItem {
                x1,
                y1: rule_y,
                x2,
                y2: rule_y,
                width: 0.75,
                color: theme.text,
                dash: None,
                round_cap: false,
            })
        };
        let mut items = vec![rule(x, x + sig_w)];
        items.extend(Item::tagged(Role::Paragraph, vec![caption(x, sig)]));
        if date_w > 40.0 {
            items.push(rule(date_x, date_x + date_w));
            items.extend(Item::tagged(Role::Paragraph, vec![caption(date_x, "Date")]));
        }
        // The rule is drawn at the top edge; leave room above it for a signature.
        let mut b = VBox::new(size * 2.0, items);
        b.brk = Break::Allow;
        flow.push(b);
    }

    // Ethos statement in a shaded panel.
    if let Some(ethos) = &cover.ethos {
        let pad = 12.0;
        flow.space(36.0 + pad);
        flow.begin_group(x, width, theme.tint, pad);
        let inner_x = x + pad;
        let inner_w = width - 2.0 * pad;
        let head_ts = TextStyle {
            size: 13.0,
            color: theme.accent,
            link_color: theme.link,
            bold: true,
            italic: false,
        };
        flow.paragraph_as(
            Role::Heading(2),
            &[Span::plain(ethos.heading.clone())],
            inner_x,
            inner_w,
            &head_ts,
            1.25,
            Align::Left,
        );
        flow.keep_with_next();
        flow.space(4.0);
        let ethos_blocks = markdown::parse(&ethos.text);
        let mut first = true;
        for block in &ethos_blocks {
            if !first {
                flow.space(6.0);
            }
            first = false;
            match block {
                Block::Paragraph(spans) => {
                    let ts = TextStyle {
                        italic: true,
                        ..theme.body()
                    };
                    flow.paragraph(spans, inner_x, inner_w, &ts, theme.leading, Align::Left);
                }
                other => flow.block(other, inner_x, inner_w),
            }
        }
        if let Some(r) = &ethos.reference {
            flow.space(4.0);
            let ts = TextStyle {
                size: 9.5,
                color: theme.muted,
                ..theme.body()
            };
            flow.paragraph(
                &[Span::plain(r.clone())],
                inner_x,
                inner_w,
                &ts,
                1.35,
                Align::Right,
            );
        }
        flow.end_group();
    }
    flow.into_boxes()
}

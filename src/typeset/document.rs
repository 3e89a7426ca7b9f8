//! The policy document: cover, contents, body, running header, footer and
//! watermark.
//!
//! Why over 700 lines: cover, contents and furniture are one page model today; issue 10 moves
//! the leaflet's composition beside it and splits the cover from the contents.

use super::flow::{Break, Flow, PageFrame, Pagination, PlacedHeading, TableOpts, Theme, VBox};
use super::fonts::{FontStyle, Fonts};
use super::markdown::{self, Align, Block, Span};
use super::text::TextStyle;
use super::{
    ArtifactKind, DocumentInfo, Item, LaidOutDocument, LineItem, LinkTarget, OutlineEntry,
    PrintDocument, Rgb, Role, Tag, TextRun, TypesetError,
};

/// Headings at or above this level get a contents entry.
const CONTENTS_MAX_LEVEL: u8 = 2;

pub(crate) fn layout_policy(
    doc: &PrintDocument,
    fonts: &Fonts,
) -> Result<LaidOutDocument, TypesetError> {
    let setup = doc.page;
    let frame = setup.frame();
    let theme = Theme::new(doc.cover.brand);
    let blocks = markdown::parse(&doc.body_markdown);

    let cover = cover_boxes(doc, fonts, &theme, &frame);

    let mut body_flow = Flow::new(fonts, theme.clone());
    body_flow.max_box_height = frame.height;
    body_flow.page_break();
    body_flow.blocks(&blocks, frame.x, frame.width);
    let body = body_flow.into_boxes();

    // Pass 1 finds the page of every heading with placeholder numbers in the
    // contents; pass 2 fills them in. The number column has a fixed width, so
    // the contents (and so everything after it) keeps its length; we still
    // check and repeat until stable.
    let entries: Vec<(usize, u8, String)> = body
        .iter()
        .filter_map(|b| b.heading.as_ref())
        .filter(|h| h.level <= CONTENTS_MAX_LEVEL)
        .map(|h| (h.id, h.level, h.title.clone()))
        .collect();
    // The passes only place headings; the pages' items are built once, at the end.
    let mut placed: Option<Vec<PlacedHeading>> = None;
    for _ in 0..4 {
        let contents = contents_boxes(fonts, &theme, &frame, &entries, placed.as_deref());
        let all: Vec<&VBox> = cover.iter().chain(&contents).chain(&body).collect();
        let headings = super::flow::place_headings(&all, &frame).headings;
        let stable = placed.as_ref().is_some_and(|p| {
            p.iter()
                .map(|h| (h.id, h.page))
                .eq(headings.iter().map(|h| (h.id, h.page)))
        });
        placed = Some(headings);
        if stable {
            break;
        }
    }
    let contents = contents_boxes(fonts, &theme, &frame, &entries, placed.as_deref());
    let all: Vec<&VBox> = cover.iter().chain(&contents).chain(&body).collect();
    let pagination: Pagination = super::flow::paginate(&all, &frame, None);

    let total = pagination.pages.len();
    let mut pages = pagination.pages;
    for (n, page) in pages.iter_mut().enumerate() {
        let mut deco = Vec::new();
        if doc.draft {
            deco.extend(Item::tagged(
                Role::Artifact(ArtifactKind::Background),
                vec![watermark(fonts, &setup)],
            ));
        }
        // Watermark underneath everything else.
        deco.append(&mut page.items);
        page.items = deco;
        if n > 0 {
            running_header(fonts, &theme, &frame, &doc.running_header, &mut page.items);
        }
        footer(
            fonts,
            &theme,
            &frame,
            setup.height_pt(),
            &doc.footer_left,
            n + 1,
            total,
            &mut page.items,
        );
    }

    let outline = pagination
        .headings
        .iter()
        .map(|h| OutlineEntry {
            level: h.level,
            title: h.title.clone(),
            page: h.page,
            y: h.y,
        })
        .collect();

    Ok(LaidOutDocument {
        width: setup.width_pt(),
        height: setup.height_pt(),
        pages,
        outline,
        info: DocumentInfo {
            title: doc.title.clone(),
            author: doc.author.clone(),
            subject: doc.subject.clone(),
            keywords: doc.keywords.clone(),
            language: doc.language.clone(),
            created: doc.created,
        },
    })
}

fn text_on(bg: Rgb) -> Rgb {
    let light = Rgb::WHITE;
    let dark = Rgb(0x11, 0x11, 0x11);
    if bg.contrast(light) >= 4.5 || bg.contrast(light) >= bg.contrast(dark) {
        light
    } else {
        dark
    }
}

fn cover_boxes(doc: &PrintDocument, fonts: &Fonts, theme: &Theme, frame: &PageFrame) -> Vec<VBox> {
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
    let side = 18.0 * super::PT_PER_MM;
    let gap = 5.0 * super::PT_PER_MM;
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
        let pad = 1.5 * super::PT_PER_MM;
        band_items.extend(Item::tagged(
            Role::Figure { alt: logo.alt() },
            vec![Item::Logo(super::LogoItem::centred(
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

fn contents_boxes(
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
        let p = super::text::break_paragraph(
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

fn running_header(
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
fn footer(
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

fn watermark(fonts: &Fonts, setup: &super::PageSetup) -> Item {
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
        text: text.to_string(),
        angle: angle.to_degrees(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::*;

    pub(crate) fn sample() -> PrintDocument {
        PrintDocument {
            title: "Social Media Policy".into(),
            author: "Cheshire Academies Trust".into(),
            subject: "Social Media Policy of Wybunbury Delves C of E Primary School".into(),
            keywords: vec!["policy".into()],
            language: "en-GB".into(),
            created: None,
            running_header: "Cheshire Academies Trust".into(),
            footer_left: "Wybunbury Delves · Social Media Policy · Version 2".into(),
            cover: Cover {
                organisation: "Cheshire Academies Trust".into(),
                brand: Rgb(0x00, 0x5e, 0xb8),
                title: "Social Media Policy".into(),
                control: vec![("Version".into(), "2".into())],
                signature_line: Some("Signed, Chair of the LGB".into()),
                ethos: None,
                logo: None,
                school_logo: None,
            },
            body_markdown: (1..=12)
                .map(|i| {
                    format!(
                        "## Section {i}\n\n{}\n\n",
                        "Some words of policy. ".repeat(40)
                    )
                })
                .collect(),
            draft: false,
            page: PageSetup::default(),
        }
    }

    #[test]
    fn contents_numbers_match_heading_pages() {
        let fonts = Fonts::bundled().unwrap();
        let laid = layout(&sample(), &fonts).unwrap();
        assert_eq!(laid.outline.len(), 12);
        // The contents page lists "Section i ... page".
        let texts: Vec<&TextRun> = laid.pages[1]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        for o in &laid.outline {
            let entry = texts.iter().find(|t| t.text == o.title).unwrap();
            let number = texts
                .iter()
                .find(|t| (t.y - entry.y).abs() < 0.01 && t.x > entry.x && t.text != o.title)
                .unwrap();
            assert_eq!(number.text, (o.page + 1).to_string(), "{}", o.title);
        }
        let last = laid.pages.len();
        let footer = format!("Page {last} of {last}");
        assert!(
            laid.pages[last - 1]
                .items
                .iter()
                .any(|i| matches!(i, Item::Text(t) if t.text == footer))
        );
    }

    #[test]
    fn nothing_crosses_the_margins() {
        let fonts = Fonts::bundled().unwrap();
        let mut doc = sample();
        doc.body_markdown.push_str(
            "\n\nSee https://www.example.org/a/very/long/path/that/does/not/fit/on/one/line/of/the/page/at/all/really/not/at/all.html now.\n\n| A | B |\n|---|---|\n| xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | y |\n",
        );
        let laid = layout(&doc, &fonts).unwrap();
        let frame = doc.page.frame();
        for (n, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                if let Item::Text(t) = item {
                    if t.angle != 0.0 {
                        continue;
                    }
                    let right = t.x + fonts.width(t.style, t.text.trim_end(), t.size);
                    assert!(
                        right <= frame.x + frame.width + 0.5,
                        "page {n}: {:?} ends at {right}",
                        t.text
                    );
                    assert!(t.x >= frame.x - 0.5 || n == 0, "{:?}", t.text);
                }
            }
        }
    }
}

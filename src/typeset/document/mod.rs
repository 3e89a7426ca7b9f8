//! The policy document: cover, contents and body flowed onto pages, then each page's running
//! header, footer and (for a draft) watermark. The cover is built in [`cover`], the contents in
//! [`contents`], the page furniture in [`furniture`].

mod contents;
mod cover;
mod furniture;

use super::flow::{Flow, Pagination, PlacedHeading, Theme, VBox};
use super::fonts::Fonts;
use super::markdown;
use super::{
    ArtifactKind, DocumentInfo, Item, LaidOutDocument, OutlineEntry, PrintDocument, Role,
    TypesetError,
};

use contents::{CONTENTS_MAX_LEVEL, contents_boxes};
use cover::cover_boxes;
use furniture::{footer, running_header, watermark};

pub(crate) fn layout_policy(
    doc: &PrintDocument,
    fonts: &Fonts,
) -> Result<LaidOutDocument, TypesetError> {
    let setup = doc.page;
    let frame = setup.frame();
    let theme = Theme::new(doc.cover.brand);
    let blocks = match &doc.body_tree {
        Some(tree) => markdown::blocks(&tree.0.blocks),
        None => markdown::parse(&doc.body_markdown),
    };

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::*;

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
                versions: Vec::new(),
            },
            body_tree: None,
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

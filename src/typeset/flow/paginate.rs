//! Pagination: distributes a stream of boxes over pages, honouring break rules (keep-with-next,
//! widows and orphans, forced breaks), repeating table headers and drawing decoration groups
//! per page.

use crate::typeset::{ArtifactKind, Item, Page, Role, Tag};

use super::{Break, GroupDeco, VBox};

/// The content area of a page, in points from the page's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageFrame {
    pub x: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
}

/// A heading's final position.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedHeading {
    pub id: usize,
    pub level: u8,
    pub title: String,
    /// Page index, 0-based.
    pub page: usize,
    /// Top of the heading, points from the page top.
    pub y: f32,
}

/// The result of [`paginate`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pagination {
    pub pages: Vec<Page>,
    pub headings: Vec<PlacedHeading>,
    /// True when `max_pages` was reached before all boxes were placed.
    pub overflow: bool,
}

struct Placed<'b> {
    /// Index in the input; `None` for a repeated table header.
    index: Option<usize>,
    b: &'b VBox,
    top: f32,
}

/// Distributes boxes over pages of the given frame, honouring break rules,
/// and returns the pages' items. With `max_pages`, stops there and reports
/// overflow.
pub fn paginate(boxes: &[&VBox], frame: &PageFrame, max_pages: Option<usize>) -> Pagination {
    paginate_with(boxes, frame, max_pages, true)
}

/// Where the headings would go, without building the pages' items (the pages
/// come back empty): for passes that only need page numbers.
pub fn place_headings(boxes: &[&VBox], frame: &PageFrame) -> Pagination {
    paginate_with(boxes, frame, None, false)
}

fn paginate_with(
    boxes: &[&VBox],
    frame: &PageFrame,
    max_pages: Option<usize>,
    items: bool,
) -> Pagination {
    let mut out = Pagination::default();
    let mut cur: Vec<Placed> = Vec::new();
    let mut y = 0.0f32;
    let mut i = 0;
    let limit = max_pages.unwrap_or(usize::MAX);
    const EPS: f32 = 0.01;

    let with_items = items;
    let finish = |cur: &mut Vec<Placed>, out: &mut Pagination| {
        let page_no = out.pages.len();
        let mut items = Vec::new();
        if !with_items {
            for p in cur.iter() {
                if let (Some(_), Some(h)) = (p.index, &p.b.heading) {
                    out.headings.push(PlacedHeading {
                        id: h.id,
                        level: h.level,
                        title: h.title.clone(),
                        page: page_no,
                        y: frame.top + p.top,
                    });
                }
            }
            out.pages.push(Page::default());
            cur.clear();
            return;
        }
        // Group decorations first (behind the content), outermost first.
        let mut groups: Vec<(u32, &GroupDeco, f32, f32)> = Vec::new();
        for p in cur.iter() {
            for g in &p.b.groups {
                let (top, bottom) = (p.top, p.top + p.b.height);
                match groups.iter_mut().find(|(id, ..)| *id == g.id) {
                    Some(e) => {
                        e.2 = e.2.min(top);
                        e.3 = e.3.max(bottom);
                    }
                    None => groups.push((g.id, g, top, bottom)),
                }
            }
        }
        groups.sort_by_key(|g| g.0);
        if !groups.is_empty() {
            items.push(Item::Tag(Tag::start(Role::Artifact(ArtifactKind::Layout))));
            for (_, g, top, bottom) in groups {
                items.push(Item::Rect {
                    x: g.x,
                    y: frame.top + top - g.pad,
                    w: g.w,
                    h: bottom - top + 2.0 * g.pad,
                    fill: g.color,
                });
            }
            items.push(Item::Tag(Tag::End));
        }
        for p in cur.iter() {
            let dy = frame.top + p.top;
            if p.index.is_none() {
                // A repeated table header is a reminder, not new content.
                items.push(Item::Tag(Tag::start(Role::Artifact(
                    ArtifactKind::Pagination,
                ))));
                items.extend(
                    p.b.items
                        .iter()
                        .filter(|it| !matches!(it, Item::Tag(_) | Item::Link { .. }))
                        .cloned()
                        .map(|it| it.translated(0.0, dy)),
                );
                items.push(Item::Tag(Tag::End));
                continue;
            }
            items.extend(p.b.items.iter().cloned().map(|it| it.translated(0.0, dy)));
            if let (Some(_), Some(h)) = (p.index, &p.b.heading) {
                out.headings.push(PlacedHeading {
                    id: h.id,
                    level: h.level,
                    title: h.title.clone(),
                    page: page_no,
                    y: dy,
                });
            }
        }
        out.pages.push(Page { items });
        cur.clear();
    };

    while i < boxes.len() {
        if out.pages.len() >= limit {
            out.overflow = true;
            return out;
        }
        let b = boxes[i];
        let has_real = cur.iter().any(|p| p.index.is_some());
        if b.brk == Break::Page && has_real {
            finish(&mut cur, &mut out);
            y = 0.0;
            continue;
        }
        let gap = if cur.is_empty() { 0.0 } else { b.space_before };
        if has_real && y + gap + b.height > frame.height + EPS {
            if b.brk != Break::Allow {
                // Move back to the last allowed break that leaves content behind.
                let k = (1..cur.len()).rev().find(|&k| {
                    cur[k].index.is_some_and(|ix| boxes[ix].brk != Break::Avoid)
                        && cur[..k].iter().any(|p| p.index.is_some())
                });
                if let Some(k) = k {
                    if let Some(ix) = cur[k].index {
                        i = ix;
                    }
                    cur.truncate(k);
                }
            }
            finish(&mut cur, &mut out);
            y = 0.0;
            continue;
        }
        if cur.is_empty()
            && let Some(h) = &b.repeat_header
        {
            cur.push(Placed {
                index: None,
                b: h.as_ref(),
                top: 0.0,
            });
            y = h.height;
        }
        let gap = if cur.is_empty() { 0.0 } else { b.space_before };
        let top = y + gap;
        cur.push(Placed {
            index: Some(i),
            b,
            top,
        });
        y = top + b.height;
        i += 1;
    }
    if !cur.is_empty() {
        if out.pages.len() >= limit {
            out.overflow = true;
        } else {
            finish(&mut cur, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::flow::{Flow, Theme};
    use crate::typeset::fonts::{FontStyle, Fonts};
    use crate::typeset::markdown::{Align, Span};
    use crate::typeset::{Rgb, TextRun};

    fn frame(height: f32) -> PageFrame {
        PageFrame {
            x: 50.0,
            top: 50.0,
            width: 400.0,
            height,
        }
    }

    fn lines_per_page(p: &Pagination) -> Vec<usize> {
        p.pages
            .iter()
            .map(|pg| {
                pg.items
                    .iter()
                    .filter(|i| matches!(i, Item::Text(_)))
                    .count()
            })
            .collect()
    }

    #[test]
    fn widows_and_orphans_are_avoided() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        // 5 one-line paragraphs then a 4-line paragraph on a page of 6 lines.
        let lh = 11.0 * 1.45;
        for _ in 0..5 {
            flow.push(VBox::new(
                lh,
                vec![Item::Text(TextRun {
                    x: 50.0,
                    y: 10.0,
                    size: 11.0,
                    style: FontStyle::Regular,
                    color: Rgb::BLACK,
                    text: "x".into(),
                    glyphs: fonts.shape(FontStyle::Regular, "x"),
                    angle: 0.0,
                })],
            ));
        }
        let long = "word ".repeat(100);
        let ts = flow.theme.body();
        let n = flow.paragraph(&[Span::plain(long)], 50.0, 150.0, &ts, 1.45, Align::Left);
        assert!(n >= 4);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(lh * 6.0 + 1.0), None);
        let counts = lines_per_page(&p);
        // Page 1: five single lines; the paragraph's first line alone would be an orphan.
        assert_eq!(counts[0], 5, "{counts:?}");
        // No page ends or starts with a single line of the paragraph.
        let last = *counts.last().unwrap();
        assert!(last >= 2, "{counts:?}");
    }

    #[test]
    fn headings_stay_with_following_lines() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        let md = format!(
            "{}\n\n## Heading\n\n{}",
            "Filler text. ".repeat(60),
            "Body text of the section. ".repeat(30)
        );
        flow.markdown(&md, 50.0, 400.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        // Try many page heights: the heading is never last on a page.
        for h in (150..400).step_by(7) {
            let p = paginate(&refs, &frame(h as f32), None);
            let hd = &p.headings[0];
            let page = &p.pages[hd.page];
            let below = page
                .items
                .iter()
                .filter(|i| matches!(i, Item::Text(t) if t.y > hd.y + 20.0))
                .count();
            assert!(below >= 2, "height {h}: heading alone at page bottom");
        }
    }

    #[test]
    fn overflow_is_reported() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        flow.markdown(&"Lots of words here. ".repeat(400), 50.0, 300.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(300.0), Some(2));
        assert!(p.overflow);
        assert_eq!(p.pages.len(), 2);
        let all = paginate(&refs, &frame(300.0), None);
        assert!(!all.overflow);
        assert!(all.pages.len() > 2);
    }
}

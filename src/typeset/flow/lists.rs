//! Lists: bullets and numbers laid out against each item's first line, nested lists, and
//! orphan and widow control for a list as a whole.

use crate::typeset::fonts::FontStyle;
use crate::typeset::markdown::Block;
use crate::typeset::{Item, Rgb, Role, Tag, TextRun};

use super::{Break, Flow, VBox, baseline};

pub(super) struct Marker {
    text: String,
    /// Right edge of the marker.
    right: f32,
    style: FontStyle,
    size: f32,
    color: Rgb,
}

impl Flow<'_> {
    /// Lays a pending list marker out against the box's first line, as a `Lbl`.
    pub(super) fn push_marker(&mut self, b: &mut VBox, label: &mut Vec<Item>) {
        if let Some(m) = self.marker.take() {
            let base = b
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Text(t) => Some(t.y),
                    _ => None,
                })
                .unwrap_or_else(|| {
                    baseline(self.fonts, m.style, m.size, m.size * self.theme.leading)
                });
            label.push(Item::Tag(Tag::start(Role::ListLabel)));
            if m.text == "▪" {
                // A drawn square: the symbol font's glyph is too heavy.
                let side = m.size * 0.27;
                let x_height = m.size * 0.5;
                label.push(Item::Rect {
                    x: m.right - side * 1.6,
                    y: base - x_height / 2.0 - side / 2.0,
                    w: side,
                    h: side,
                    fill: m.color,
                });
            } else {
                let w = self.fonts.width(m.style, &m.text, m.size);
                label.push(Item::Text(TextRun {
                    x: m.right - w,
                    y: base,
                    size: m.size,
                    style: m.style,
                    color: m.color,
                    glyphs: self.fonts.shape(m.style, &m.text),
                    text: m.text,
                    angle: 0.0,
                }));
            }
            label.push(Item::Tag(Tag::End));
        }
    }

    pub(super) fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32) {
        let size = self.theme.body_size;
        let depth = self.list_depth;
        let (indent, markers): (f32, Vec<String>) = match start {
            Some(s) => {
                let markers: Vec<String> = (0..items.len() as u64)
                    .map(|i| format!("{}.", s.saturating_add(i)))
                    .collect();
                let widest = markers
                    .iter()
                    .map(|m| self.fonts.width(FontStyle::Regular, m, size))
                    .fold(0.0, f32::max);
                ((widest + size * 0.55).max(size * 1.6), markers)
            }
            None => {
                // As browsers draw them: disc, circle, then squares.
                let bullet = match depth {
                    0 => "•",
                    1 => "◦",
                    _ => "▪",
                };
                (size * 1.5, vec![bullet.to_string(); items.len()])
            }
        };
        let indent = indent.min(width * 0.3);
        let first_box = self.boxes.len();
        self.list_depth += 1;
        self.open(Role::List {
            ordered: start.is_some(),
        });
        for (i, (item, marker)) in items.iter().zip(markers).enumerate() {
            if i > 0 {
                self.space(size * 0.3);
            }
            self.open(Role::ListItem);
            self.marker_at = self.pending_tags.len();
            self.marker = Some(Marker {
                text: marker,
                right: if start.is_some() {
                    x + indent - size * 0.45
                } else {
                    x + size * 0.6
                },
                style: FontStyle::Regular,
                size,
                color: self.theme.text,
            });
            self.open(Role::ListBody);
            if item.is_empty() {
                self.push(VBox::new(size * self.theme.leading, Vec::new()));
            }
            for (j, b) in item.iter().enumerate() {
                if j > 0 {
                    self.space(size * 0.4);
                }
                // Blocks inside items sit closer together than top-level ones.
                let saved = self.theme.block_gap;
                self.theme.block_gap = size * 0.4;
                self.block(b, x + indent, width - indent);
                self.theme.block_gap = saved;
            }
            // A marker not consumed (item of empty blocks) is dropped.
            self.marker = None;
            self.close();
            self.close();
        }
        self.close();
        self.list_depth -= 1;
        // Orphan and widow control for the list as a whole: at least two
        // lines of it at the bottom and at the top of a page.
        if depth == 0 && self.boxes.len() >= first_box + 4 {
            let last = self.boxes.len() - 1;
            for ix in [first_box + 1, last] {
                if self.boxes[ix].brk == Break::Allow {
                    self.boxes[ix].brk = Break::Avoid;
                }
            }
        }
    }
}

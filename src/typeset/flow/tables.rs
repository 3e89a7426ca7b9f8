//! Tables: column widths from the cells' natural and minimum widths, one box per row (split
//! when taller than a page), and the header row repeated on every page the table runs onto.

use std::rc::Rc;

use crate::typeset::fonts::FontStyle;
use crate::typeset::markdown::{Align, Span, spans_text};
use crate::typeset::text::{LineLayout, TextStyle, break_paragraph};
use crate::typeset::{HeaderScope, Item, LineItem, Rgb, Role, Tag};

use super::{Break, Flow, VBox, align_offset, baseline};

/// Options of a table.
#[derive(Clone, Copy, Debug)]
pub struct TableOpts {
    pub size: f32,
    /// Bold, shaded first column (label/value tables).
    pub label_column: bool,
}

impl Flow<'_> {
    /// A table; every row is one box (split when taller than a page); the
    /// header row is repeated on each page the table continues on.
    pub fn table(
        &mut self,
        aligns: &[Align],
        head: &[Vec<Span>],
        rows: &[Vec<Vec<Span>>],
        x: f32,
        width: f32,
        opts: TableOpts,
    ) {
        let ncols = rows
            .iter()
            .map(|r| r.len())
            .chain(std::iter::once(head.len()))
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let size = opts.size;
        let pad_x = size * 0.5;
        let pad_y = size * 0.35;
        let leading = self.theme.leading * 0.95;
        let body = TextStyle {
            size,
            color: self.theme.text,
            link_color: self.theme.link,
            bold: false,
            italic: false,
        };
        let bold = TextStyle { bold: true, ..body };
        let cell_style = |row_is_head: bool, col: usize| {
            if row_is_head || (opts.label_column && col == 0) {
                bold
            } else {
                body
            }
        };

        // Natural (one-line) and minimum (longest word) widths per column.
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        let all_rows = std::iter::once((true, head)).chain(rows.iter().map(|r| (false, &r[..])));
        for (is_head, row) in all_rows.clone() {
            for (c, cell) in row.iter().enumerate() {
                let ts = cell_style(is_head, c);
                let style = FontStyle::new(ts.bold, ts.italic);
                let text = spans_text(cell);
                let nat = self.fonts.width(style, &text, size);
                let longest = text
                    .split_whitespace()
                    .map(|w| self.fonts.width(style, w, size))
                    .fold(0.0, f32::max);
                natural[c] = natural[c].max(nat);
                minimum[c] = minimum[c].max(longest);
            }
        }
        let avail = (width - 2.0 * pad_x * ncols as f32).max(ncols as f32 * size);
        let sum_nat: f32 = natural.iter().sum();
        let sum_min: f32 = minimum.iter().sum();
        let widths: Vec<f32> = if sum_nat <= avail {
            if opts.label_column {
                // Label column as narrow as it can be; values take the rest.
                let mut w = natural.clone();
                let extra = avail - sum_nat;
                if let Some(last) = w.last_mut() {
                    *last += extra;
                }
                w
            } else if sum_nat > 0.0 {
                natural
                    .iter()
                    .map(|n| n + (avail - sum_nat) * n / sum_nat)
                    .collect()
            } else {
                vec![avail / ncols as f32; ncols]
            }
        } else if sum_min <= avail {
            let flex: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
            natural
                .iter()
                .zip(&minimum)
                .map(|(n, m)| {
                    if flex > 0.0 {
                        m + (avail - sum_min) * (n - m) / flex
                    } else {
                        avail / ncols as f32
                    }
                })
                .collect()
        } else {
            // Not even the longest words fit: narrow columns keep their
            // words whole and the widest ones (long URLs) are broken.
            let mut order: Vec<usize> = (0..ncols).collect();
            order.sort_by(|&a, &b| minimum[a].total_cmp(&minimum[b]));
            let mut w = vec![0.0; ncols];
            let mut remaining = avail;
            for (k, &c) in order.iter().enumerate() {
                let share = remaining / (ncols - k) as f32;
                w[c] = minimum[c].min(share);
                remaining -= w[c];
            }
            w
        };
        let col_x: Vec<f32> = widths
            .iter()
            .scan(x, |cx, w| {
                let this = *cx;
                *cx += w + 2.0 * pad_x;
                Some(this)
            })
            .collect();

        let rule = self.theme.rule;
        let line = |y: f32, w: f32, color: Rgb| {
            Item::Line(LineItem {
                x1: x,
                y1: y,
                x2: x + width,
                y2: y,
                width: w,
                color,
                dash: None,
                round_cap: false,
            })
        };

        let mut header_box: Option<Rc<VBox>> = None;
        let mut first_body = true;
        self.open(Role::Table);
        for (ri, (is_head, row)) in all_rows.enumerate() {
            if is_head && row.is_empty() {
                continue;
            }
            // Lay out every cell.
            let cells: Vec<(Vec<LineLayout>, Align)> = (0..ncols)
                .map(|c| {
                    let ts = cell_style(is_head, c);
                    let spans = row.get(c).map(|s| &s[..]).unwrap_or(&[]);
                    let p = break_paragraph(self.fonts, spans, &ts, widths[c], widths[c]);
                    (p.lines, aligns.get(c).copied().unwrap_or_default())
                })
                .collect();
            let lh = size * leading;
            let base = baseline(self.fonts, FontStyle::Regular, size, lh);
            let nlines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(1);
            // Split rows taller than a page into chunks of lines.
            let per_chunk = (((self.max_box_height - 2.0 * pad_y) / lh).floor() as usize).max(1);
            let mut start = 0;
            while start < nlines {
                let end = (start + per_chunk).min(nlines);
                let height = (end - start) as f32 * lh + 2.0 * pad_y;
                // A row split over pages continues the same row and cells.
                let mut items = vec![Item::Tag(Tag::Start {
                    role: Role::TableRow,
                    key: Some(ri as u32),
                })];
                if is_head {
                    items.push(Item::Rect {
                        x,
                        y: 0.0,
                        w: width,
                        h: height,
                        fill: self.theme.tint,
                    });
                } else if opts.label_column {
                    items.push(Item::Rect {
                        x,
                        y: 0.0,
                        w: widths[0] + 2.0 * pad_x,
                        h: height,
                        fill: self.theme.tint,
                    });
                }
                for (c, (lines, align)) in cells.iter().enumerate() {
                    let role = if is_head {
                        Role::TableHeader(HeaderScope::Column)
                    } else if opts.label_column && c == 0 {
                        Role::TableHeader(HeaderScope::Row)
                    } else {
                        Role::TableCell
                    };
                    items.push(Item::Tag(Tag::Start {
                        role,
                        key: Some(c as u32),
                    }));
                    for (k, l) in lines.iter().enumerate().take(end).skip(start) {
                        let dx = col_x[c] + pad_x + align_offset(*align, widths[c], l.width);
                        let dy = pad_y + (k - start) as f32 * lh + base;
                        items.extend(l.items.iter().cloned().map(|it| it.translated(dx, dy)));
                    }
                    items.push(Item::Tag(Tag::End));
                }
                if is_head || (opts.label_column && first_body && start == 0) {
                    items.push(line(0.0, 0.75, rule));
                }
                let bottom = if is_head {
                    line(height, 1.0, self.theme.accent)
                } else {
                    line(height, 0.5, rule)
                };
                items.push(bottom);
                items.push(Item::Tag(Tag::End));
                let mut b = VBox::new(height, items);
                // Keep the first row with the header, and never leave the
                // last row alone at the top of a page.
                let last_row = !is_head && rows.len() >= 3 && ri == rows.len();
                if start > 0
                    || (!is_head && first_body && header_box.is_some())
                    || (last_row && start == 0)
                {
                    b.brk = Break::Avoid;
                }
                if !is_head {
                    b.repeat_header = header_box.clone();
                }
                if is_head {
                    let mut hb = b.clone();
                    hb.brk = Break::Allow;
                    hb.space_before = 0.0;
                    hb.groups = self.groups.clone();
                    header_box = Some(Rc::new(hb));
                }
                self.push(b);
                start = end;
            }
            if !is_head {
                first_body = false;
            }
        }
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use crate::typeset::flow::{Flow, PageFrame, Theme, VBox, paginate};
    use crate::typeset::{Fonts, Item, Rgb};

    fn frame(height: f32) -> PageFrame {
        PageFrame {
            x: 50.0,
            top: 50.0,
            width: 400.0,
            height,
        }
    }

    #[test]
    fn tables_repeat_their_header() {
        let fonts = Fonts::bundled().unwrap();
        let mut flow = Flow::new(&fonts, Theme::new(Rgb(0, 80, 160)));
        let mut md = String::from("| Role | Responsibility |\n|---|---|\n");
        for i in 0..40 {
            md.push_str(&format!("| Role {i} | Does things number {i} |\n"));
        }
        flow.markdown(&md, 50.0, 400.0);
        let boxes = flow.into_boxes();
        let refs: Vec<&VBox> = boxes.iter().collect();
        let p = paginate(&refs, &frame(300.0), None);
        assert!(p.pages.len() >= 2);
        for page in &p.pages {
            let first_text = page.items.iter().find_map(|i| match i {
                Item::Text(t) => Some(t.text.clone()),
                _ => None,
            });
            assert_eq!(first_text.as_deref(), Some("Role"));
        }
    }
}

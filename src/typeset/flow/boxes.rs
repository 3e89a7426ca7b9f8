//! The box model: unbreakable vertical boxes, the break rule before each, and what they carry
//! for pagination (headings, decoration groups, repeated table headers).

use std::rc::Rc;

use crate::typeset::{Item, Rgb};

/// May the page break before a box?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    Allow,
    /// Only if there is no other way (keep-with-previous).
    Avoid,
    /// Always start a new page here.
    Page,
}

/// A background or bar drawn behind a run of boxes (block quotes, shaded
/// panels); split per page.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupDeco {
    pub id: u32,
    pub x: f32,
    pub w: f32,
    pub color: Rgb,
    /// How far the shape extends above the first and below the last box.
    pub pad: f32,
}

/// A heading placed in the flow (for the contents and the outline).
#[derive(Clone, Debug, PartialEq)]
pub struct HeadingMark {
    pub id: usize,
    pub level: u8,
    pub title: String,
}

/// An unbreakable strip of content.
#[derive(Clone, Debug, PartialEq)]
pub struct VBox {
    pub height: f32,
    /// Space above the box; dropped at the top of a page.
    pub space_before: f32,
    /// Items with absolute x and y relative to the top of the box.
    pub items: Vec<Item>,
    pub brk: Break,
    pub heading: Option<HeadingMark>,
    pub groups: Vec<GroupDeco>,
    /// Box repeated at the top of a page that starts with this box (table header).
    pub repeat_header: Option<Rc<VBox>>,
}

impl VBox {
    pub fn new(height: f32, items: Vec<Item>) -> VBox {
        VBox {
            height,
            space_before: 0.0,
            items,
            brk: Break::Allow,
            heading: None,
            groups: Vec::new(),
            repeat_header: None,
        }
    }
}

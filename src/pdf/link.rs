//! Link annotations: a clickable area on a page that opens a web address, an email, a phone
//! number, or goes to a page of the document.

use crate::typeset::LinkTarget;

use super::PdfError;
use super::file::FileWriter;
use super::objects::{self, Ref};

/// A link annotation as the writer keeps it until the pages have object numbers.
pub(super) struct Link {
    /// Left, bottom, right, top in PDF space.
    rect: [f32; 4],
    action: Action,
}

enum Action {
    Uri(String),
    /// Page index, and the top of the view on it (PDF space).
    GoTo {
        page: usize,
        top: f32,
    },
}

impl Link {
    /// A link over the layout's box (x, y, w, h; y down) on a page `page_h` points high.
    pub fn new(x: f32, y: f32, w: f32, h: f32, target: &LinkTarget, page_h: f32) -> Link {
        let bottom = page_h - y - h;
        let action = match target {
            LinkTarget::Uri(uri) => Action::Uri(uri.clone()),
            LinkTarget::Internal { page, y } => Action::GoTo {
                page: *page,
                top: page_h - y,
            },
        };
        Link {
            rect: [x, bottom, x + w, bottom + h],
            action,
        }
    }

    /// Writes the annotation as object `id`: on page `page`, in the parent tree under
    /// `struct_parent`; `pages` resolves an internal link's page.
    pub fn write(
        &self,
        file: &mut FileWriter,
        id: Ref,
        struct_parent: i64,
        page: Option<Ref>,
        pages: &[Ref],
    ) -> Result<(), PdfError> {
        file.dict(id, |d| {
            d.name("Type", "Annot").name("Subtype", "Link");
            objects::reals(d.key("Rect"), &self.rect);
            d.key("Border").extend_from_slice(b"[0 0 0]");
            // Printable, as PDF/A and PDF/UA validators expect of annotations.
            d.int("F", 4);
            match &self.action {
                Action::Uri(uri) => {
                    d.dict("A", |a| {
                        a.name("S", "URI").literal("URI", uri.as_bytes());
                    });
                    d.text("Contents", &description(uri));
                }
                Action::GoTo { page, top } => {
                    d.dict("A", |a| {
                        a.name("S", "GoTo");
                        let out = a.key("D");
                        out.push(b'[');
                        match pages.get(*page) {
                            Some(r) => objects::reference(out, *r),
                            None => out.extend_from_slice(b"null"),
                        }
                        out.extend_from_slice(b" /XYZ 0 ");
                        objects::real(out, *top);
                        out.extend_from_slice(b" null]");
                    });
                    d.text("Contents", &format!("Go to page {}", page + 1));
                }
            }
            d.int("StructParent", struct_parent);
            if let Some(page) = page {
                d.reference("P", page);
            }
        })
    }
}

/// What a link does, in words (a link annotation's `/Contents`).
fn description(uri: &str) -> String {
    if let Some(address) = uri.strip_prefix("mailto:") {
        format!("Email {address}")
    } else if let Some(number) = uri.strip_prefix("tel:") {
        format!("Call {number}")
    } else {
        format!("Open {uri}")
    }
}

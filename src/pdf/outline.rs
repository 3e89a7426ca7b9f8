//! The document outline (bookmarks), nested: deeper heading levels under shallower ones
//! (printpdf's own bookmarks are flat and sorted by name within a page).

use crate::typeset::OutlineEntry;

use super::PdfError;
use super::file::FileWriter;
use super::objects::{self, Ref};

/// Writes the outline of `entries` and returns its root.
pub(super) fn write(
    file: &mut FileWriter,
    entries: &[OutlineEntry],
    pages: &[Ref],
    page_h: f32,
) -> Result<Ref, PdfError> {
    let root = file.alloc();
    let ids: Vec<Ref> = entries.iter().map(|_| file.alloc()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&p| entries[p].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    let descendants = |p: usize| -> i64 {
        // Entries after p until one at p's level or shallower.
        entries[p + 1..]
            .iter()
            .take_while(|e| e.level > entries[p].level)
            .count() as i64
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let kids = children(Some(i));
        file.dict(ids[i], |d| {
            d.text("Title", &e.title);
            d.reference("Parent", parent[i].map(|p| ids[p]).unwrap_or(root));
            if let Some(pos) = siblings.iter().position(|&s| s == i) {
                if pos > 0 {
                    d.reference("Prev", ids[siblings[pos - 1]]);
                }
                if let Some(&next) = siblings.get(pos + 1) {
                    d.reference("Next", ids[next]);
                }
            }
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                d.reference("First", ids[first]);
                d.reference("Last", ids[last]);
                d.int("Count", descendants(i));
            }
            if let Some(page) = pages.get(e.page) {
                let out = d.key("Dest");
                out.push(b'[');
                objects::reference(out, *page);
                out.extend_from_slice(b" /XYZ 0 ");
                objects::real(out, page_h - e.y);
                out.extend_from_slice(b" null]");
            }
        })?;
    }
    let top = children(None);
    file.dict(root, |d| {
        d.name("Type", "Outlines");
        if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
            d.reference("First", ids[first]);
            d.reference("Last", ids[last]);
        }
        d.int("Count", entries.len() as i64);
    })?;
    Ok(root)
}

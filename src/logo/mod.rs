//! Logos of schools and trusts: read once, checked (format by content, file size, dimensions),
//! and handed as one value to every output — the page header, the PDF cover band, the leaflet.
//!
//! SVG logos are read into a small shape model ([`svg`]) and written out again from it, so the
//! SVG the site publishes is the same drawing the PDF prints and can carry nothing else (no
//! script, no outside reference). PNG logos are decoded ([`raster`]) for the PDF and published
//! as they are.

pub mod raster;
pub mod svg;

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Position};

/// Largest logo file accepted: a logo is drawn small, and every page loads it.
pub const MAX_BYTES: usize = 512 * 1024;
/// Smallest and largest sides of a PNG logo, in pixels.
pub const MIN_PX: u32 = 32;
pub const MAX_PX: u32 = 4096;
/// A logo may be at most this many times wider than tall, or taller than wide.
pub const MAX_ASPECT: f32 = 5.0;

/// What a logo draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Art {
    Vector(svg::Drawing),
    Raster(raster::Bitmap),
}

/// A checked logo.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub art: Art,
    /// Width over height.
    pub aspect: f32,
    /// The file the site publishes: `logo.svg` (written from the shapes) or `logo.png`.
    pub file_name: &'static str,
    pub bytes: Vec<u8>,
    /// Who it belongs to, for the alt text: "<name> logo".
    pub owner: String,
}

impl Logo {
    pub fn alt(&self) -> String {
        format!("{} logo", self.owner)
    }

    /// The logo's size when drawn within a `w` x `h` box, keeping its shape.
    pub fn fit(&self, w: f32, h: f32) -> (f32, f32) {
        if self.aspect >= w / h {
            (w, w / self.aspect)
        } else {
            (h * self.aspect, h)
        }
    }

    /// Width and height for the page's `<img>`, at `height` CSS pixels.
    pub fn html_size(&self, height: u32) -> (u32, u32) {
        (
            ((height as f32) * self.aspect).round().max(1.0) as u32,
            height,
        )
    }
}

/// The logos of a project, by whose they are.
#[derive(Debug, Clone, Default)]
pub struct Logos {
    pub schools: std::collections::BTreeMap<String, Arc<Logo>>,
    pub trusts: std::collections::BTreeMap<String, Arc<Logo>>,
}

impl Logos {
    /// The logo a school's pages and papers show: its own, else its trust's.
    pub fn for_school(&self, school: &str, trust: Option<&str>) -> Option<&Arc<Logo>> {
        self.schools
            .get(school)
            .or_else(|| trust.and_then(|t| self.trusts.get(t)))
    }
}

/// Reads and checks the logo `value` names, relative to `folder`; `yaml` and `at` are where it
/// is named, for the messages. `what` is "school" or "trust".
pub fn read(
    root: &Path,
    folder: &Path,
    value: &str,
    yaml: &Path,
    at: Position,
    what: &str,
    owner: &str,
) -> Result<Logo, Diagnostic> {
    let rel = Path::new(value);
    if value.trim().is_empty() {
        return Err(Diagnostic::error(yaml, at, "the logo's file name is empty")
            .with_hint("give the logo's file name, such as `logo: logo.svg`, or remove the line"));
    }
    if rel.is_absolute()
        || value.starts_with('/')
        || value.contains('\\')
        || rel.components().any(|c| matches!(c, Component::ParentDir))
    {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!("the path `{value}` leaves the {what}'s folder"),
        )
        .with_hint(format!(
            "put the logo inside the {what}'s folder and give its path from there, such as `logo.svg`"
        )));
    }
    let file: PathBuf = folder.join(rel);
    let full = root.join(&file);
    if !full.is_file() {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!("there is no file `{value}` in the {what}'s folder"),
        )
        .with_hint("check the spelling, or remove the line"));
    }
    // A link inside the folder may still point out of it: the file itself must be inside.
    let inside = match (full.canonicalize(), root.join(folder).canonicalize()) {
        (Ok(f), Ok(d)) => f.starts_with(d),
        _ => false,
    };
    if !inside {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!("the logo `{value}` is a link to a file outside the {what}'s folder"),
        )
        .with_hint(format!("copy the logo into the {what}'s folder itself")));
    }
    let size = std::fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES as u64 {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!(
                "the logo `{value}` is {} KB; a logo may be at most {} KB",
                size.div_ceil(1024),
                MAX_BYTES / 1024
            ),
        )
        .with_hint(
            "save it smaller: an SVG, or a PNG about 600 pixels wide, is plenty for a logo",
        ));
    }
    let bytes = std::fs::read(&full).map_err(|e| {
        Diagnostic::error(yaml, at, format!("cannot read the logo `{value}`: {e}"))
            .with_hint("check that the file can be read")
    })?;
    let (art, aspect, file_name, published) = if bytes.starts_with(raster::SIGNATURE) {
        let bitmap = raster::decode(&bytes).map_err(|m| {
            Diagnostic::error(
                yaml,
                at,
                format!("the logo `{value}` is not a readable PNG: {m}"),
            )
            .with_hint("open it in an image editor and save it again as PNG, or use an SVG")
        })?;
        for (side, px) in [("wide", bitmap.width), ("tall", bitmap.height)] {
            if !(MIN_PX..=MAX_PX).contains(&px) {
                return Err(Diagnostic::error(
                    yaml,
                    at,
                    format!(
                        "the logo `{value}` is {px} pixels {side}; a PNG logo must be {MIN_PX} to {MAX_PX} pixels wide and tall"
                    ),
                )
                .with_hint("save it about 600 pixels wide, or use an SVG"));
            }
        }
        let aspect = bitmap.width as f32 / bitmap.height as f32;
        (Art::Raster(bitmap), aspect, "logo.png", bytes)
    } else if looks_like_svg(&bytes) {
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Diagnostic::error(&file, Position::new(1, 1), "this SVG is not UTF-8 text")
                .with_hint("save it again as UTF-8 from your drawing program")
        })?;
        let drawing = svg::parse(text).map_err(|e| {
            Diagnostic::error(
                &file,
                Position::new(e.line, e.column),
                format!("the logo cannot be drawn: {}", e.message),
            )
            .with_hint(e.hint)
        })?;
        let aspect = drawing.width / drawing.height;
        let clean = drawing.to_svg().into_bytes();
        (Art::Vector(drawing), aspect, "logo.svg", clean)
    } else {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!("the logo `{value}` is neither an SVG nor a PNG file"),
        )
        .with_hint(
            "use an SVG (best) or a PNG; the name's ending does not matter, the content does",
        ));
    };
    if !(1.0 / MAX_ASPECT..=MAX_ASPECT).contains(&aspect) {
        return Err(Diagnostic::error(
            yaml,
            at,
            format!(
                "the logo `{value}` is {:.1} times as {} as it is {}; at most {MAX_ASPECT} is drawn well",
                aspect.max(1.0 / aspect),
                if aspect > 1.0 { "wide" } else { "tall" },
                if aspect > 1.0 { "tall" } else { "wide" },
            ),
        )
        .with_hint("use the logo's emblem or a squarer version"));
    }
    Ok(Logo {
        art,
        aspect,
        file_name,
        bytes: published,
        owner: owner.to_string(),
    })
}

/// An SVG file: optional BOM, XML declaration, comments or doctype, then `<svg`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}');
    head.trim_start().starts_with('<') && head.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_shape() {
        let logo = Logo {
            art: Art::Vector(svg::parse(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100"/></svg>"#).unwrap()),
            aspect: 2.0,
            file_name: "logo.svg",
            bytes: Vec::new(),
            owner: "A School".into(),
        };
        assert_eq!(logo.fit(40.0, 40.0), (40.0, 20.0));
        assert_eq!(logo.fit(100.0, 20.0), (40.0, 20.0));
        assert_eq!(logo.html_size(48), (96, 48));
        assert_eq!(logo.alt(), "A School logo");
    }

    #[test]
    fn svg_is_recognised_by_content() {
        assert!(looks_like_svg(
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"/>"
        ));
        assert!(looks_like_svg("\u{feff}<svg/>".as_bytes()));
        assert!(!looks_like_svg(b"GIF89a"));
        assert!(!looks_like_svg(b"hello <svg"));
    }
}

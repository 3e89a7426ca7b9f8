//! Logos in the PDF: an SVG logo's shapes as vector paths, a PNG logo as an image XObject (with
//! its alpha channel as a soft mask, which printpdf writes).
//!
//! Each logo is drawn inside its own saved graphics state, so it is one self-contained run of
//! content: the place to wrap a tagged PDF's `Figure` (with the logo's alt text) around it.

use printpdf::{RawImage, RawImageData, RawImageFormat, XObject, XObjectId};

use crate::logo::Art;
use crate::logo::svg::{Segment, SubPath};
use crate::typeset::{LogoItem, Rgb};

/// The name of the `n`th image of a document (deterministic, unlike printpdf's own ids).
pub(super) fn image_id(n: usize) -> XObjectId {
    XObjectId(format!("Logo{}", n + 1))
}

/// A PNG logo as printpdf's raw image (RGBA: printpdf splits off the alpha as a soft mask).
pub(super) fn image(bitmap: &crate::logo::raster::Bitmap) -> XObject {
    XObject::Image(RawImage {
        width: bitmap.width as usize,
        height: bitmap.height as usize,
        data_format: RawImageFormat::RGBA8,
        pixels: RawImageData::U8(bitmap.rgba.clone()),
        tag: Vec::new(),
    })
}

/// Writes `v` and a space (to 0.01 pt, as the rest of the page).
fn n(out: &mut Vec<u8>, v: f32) {
    super::content::num(out, v, 2);
    out.push(b' ');
}

fn colour(out: &mut Vec<u8>, c: Rgb, op: &[u8]) {
    for ch in [c.0, c.1, c.2] {
        super::content::num(out, ch as f32 / 255.0, 3);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

/// The content-stream operators drawing `item` on a page `page_h` points high, inside their own
/// `q`/`Q`, so the graphics state cached outside stays true; `image` names its XObject if it is a
/// PNG.
pub(super) fn write(item: &LogoItem, page_h: f32, image: Option<&XObjectId>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"q\n");
    match (&item.art.art, image) {
        (Art::Raster(_), Some(id)) => {
            n(out, item.w);
            out.extend_from_slice(b"0 0 ");
            n(out, item.h);
            n(out, item.x);
            n(out, page_h - item.y - item.h);
            out.extend_from_slice(b"cm /");
            out.extend_from_slice(id.0.as_bytes());
            out.extend_from_slice(b" Do\n");
        }
        (Art::Vector(drawing), _) => {
            let scale = item.w / drawing.width;
            let point = |out: &mut Vec<u8>, p: (f32, f32)| {
                n(out, item.x + p.0 * scale);
                n(out, page_h - (item.y + p.1 * scale));
            };
            let path = |out: &mut Vec<u8>, sub: &SubPath, close: bool| {
                point(out, sub.start);
                out.extend_from_slice(b"m\n");
                for seg in &sub.segments {
                    match seg {
                        Segment::Line(p) => {
                            point(out, *p);
                            out.extend_from_slice(b"l\n");
                        }
                        Segment::Cubic(a, b, p) => {
                            point(out, *a);
                            point(out, *b);
                            point(out, *p);
                            out.extend_from_slice(b"c\n");
                        }
                    }
                }
                if close {
                    out.extend_from_slice(b"h\n");
                }
            };
            for shape in &drawing.shapes {
                if let Some(fill) = shape.fill {
                    colour(out, fill, b"rg");
                    for sub in &shape.paths {
                        path(out, sub, true);
                    }
                    out.extend_from_slice(if shape.even_odd { b"f*\n" } else { b"f\n" });
                }
                if let Some(stroke) = shape.stroke {
                    colour(out, stroke.colour, b"RG");
                    n(out, stroke.width * scale);
                    out.extend_from_slice(b"w\n");
                    out.extend_from_slice(if stroke.round {
                        b"1 J 1 j\n"
                    } else {
                        b"0 J 0 j\n"
                    });
                    for sub in &shape.paths {
                        path(out, sub, sub.closed);
                    }
                    out.extend_from_slice(b"S\n");
                }
            }
        }
        (Art::Raster(_), None) => {}
    }
    out.extend_from_slice(b"Q\n");
}

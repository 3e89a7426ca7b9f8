//! Logos in the PDF: an SVG logo's shapes as vector paths, a PNG logo as an image XObject (with
//! its alpha channel as a soft mask, as printpdf wrote it).
//!
//! Each logo is drawn inside its own saved graphics state, so it is one self-contained run of
//! content: the place to wrap a tagged PDF's `Figure` (with the logo's alt text) around it.

use crate::logo::Art;
use crate::logo::raster::Bitmap;
use crate::logo::svg::{Segment, SubPath};
use crate::typeset::{LogoItem, Rgb};

use super::PdfError;
use super::deflate::deflate_image;
use super::file::{Compression, FileWriter};
use super::objects::Ref;

/// The resource name of the `n`th image of a document (deterministic).
pub(super) fn image_name(n: usize) -> String {
    format!("Logo{}", n + 1)
}

/// Writes a PNG logo as an image XObject: its colours (RGB), with its alpha channel as a
/// soft mask image of its own. Returns the image's object.
pub(super) fn write_image(file: &mut FileWriter, bitmap: &Bitmap) -> Result<Ref, PdfError> {
    let pixels = bitmap.rgba.len() / 4;
    let mut rgb = Vec::with_capacity(pixels * 3);
    let mut alpha = Vec::with_capacity(pixels);
    for px in bitmap.rgba.chunks_exact(4) {
        rgb.extend_from_slice(&px[..3]);
        alpha.push(px[3]);
    }
    let image = |colour_space: &'static str| {
        move |d: &mut super::objects::Dict<'_>| {
            d.name("Type", "XObject").name("Subtype", "Image");
            d.int("Width", bitmap.width as i64);
            d.int("Height", bitmap.height as i64);
            d.int("BitsPerComponent", 8);
            d.name("ColorSpace", colour_space);
            d.name("Filter", "FlateDecode");
        }
    };
    let mask = file.alloc();
    let fill = image("DeviceGray");
    file.stream(mask, &deflate_image(&alpha)?, Compression::None, fill)?;
    let id = file.alloc();
    let fill = image("DeviceRGB");
    file.stream(id, &deflate_image(&rgb)?, Compression::None, |d| {
        fill(d);
        d.reference("SMask", mask);
    })?;
    Ok(id)
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
/// `q`/`Q`, so the graphics state cached outside stays true; `image` is the number of its
/// XObject (see [`image_name`]) if it is a PNG.
pub(super) fn write(item: &LogoItem, page_h: f32, image: Option<usize>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"q\n");
    match (&item.art.art, image) {
        (Art::Raster(_), Some(image)) => {
            n(out, item.w);
            out.extend_from_slice(b"0 0 ");
            n(out, item.h);
            n(out, item.x);
            n(out, page_h - item.y - item.h);
            out.extend_from_slice(b"cm /");
            out.extend_from_slice(image_name(image).as_bytes());
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

//! Logos in the PDF: an SVG logo's shapes as vector paths, a PNG logo as an image XObject (with
//! its alpha channel as a soft mask, which printpdf writes).
//!
//! Each logo is drawn inside its own saved graphics state, so it is one self-contained run of
//! content: the place to wrap a tagged PDF's `Figure` (with the logo's alt text) around it.

use printpdf::{
    Color, Line, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, Point, Polygon,
    PolygonRing, Pt, RawImage, RawImageData, RawImageFormat, WindingOrder, XObject, XObjectId,
    XObjectTransform,
};

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

fn colour(c: Rgb) -> Color {
    super::color(c)
}

/// The ops drawing `item` on a page `page_h` points high; `image` names its XObject if it is a
/// PNG. The caller resets its cached graphics state afterwards.
pub(super) fn ops(item: &LogoItem, page_h: f32, image: Option<&XObjectId>, out: &mut Vec<Op>) {
    out.push(Op::SaveGraphicsState);
    match (&item.art.art, image) {
        (Art::Raster(_), Some(id)) => out.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(item.x)),
                translate_y: Some(Pt(page_h - item.y - item.h)),
                scale_x: Some(item.w),
                scale_y: Some(item.h),
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        }),
        (Art::Vector(drawing), _) => {
            let scale = item.w / drawing.width;
            let at = |p: (f32, f32), bezier: bool| LinePoint {
                p: Point {
                    x: Pt(item.x + p.0 * scale),
                    y: Pt(page_h - (item.y + p.1 * scale)),
                },
                bezier,
            };
            let points = |path: &SubPath| {
                let mut v = vec![at(path.start, false)];
                for seg in &path.segments {
                    match seg {
                        Segment::Line(p) => v.push(at(*p, false)),
                        Segment::Cubic(a, b, p) => {
                            v.push(at(*a, true));
                            v.push(at(*b, true));
                            v.push(at(*p, false));
                        }
                    }
                }
                v
            };
            for shape in &drawing.shapes {
                if let Some(fill) = shape.fill {
                    out.push(Op::SetFillColor { col: colour(fill) });
                    out.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: shape
                                .paths
                                .iter()
                                .map(|p| PolygonRing { points: points(p) })
                                .collect(),
                            mode: PaintMode::Fill,
                            winding_order: if shape.even_odd {
                                WindingOrder::EvenOdd
                            } else {
                                WindingOrder::NonZero
                            },
                        },
                    });
                }
                if let Some(stroke) = shape.stroke {
                    out.push(Op::SetOutlineColor {
                        col: colour(stroke.colour),
                    });
                    out.push(Op::SetOutlineThickness {
                        pt: Pt(stroke.width * scale),
                    });
                    out.push(Op::SetLineCapStyle {
                        cap: if stroke.round {
                            LineCapStyle::Round
                        } else {
                            LineCapStyle::Butt
                        },
                    });
                    out.push(Op::SetLineJoinStyle {
                        join: if stroke.round {
                            LineJoinStyle::Round
                        } else {
                            LineJoinStyle::Miter
                        },
                    });
                    for p in &shape.paths {
                        out.push(Op::DrawLine {
                            line: Line {
                                points: points(p),
                                is_closed: p.closed,
                            },
                        });
                    }
                }
            }
        }
        (Art::Raster(_), None) => {}
    }
    out.push(Op::RestoreGraphicsState);
}

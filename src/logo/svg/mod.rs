//! The SVG subset a logo may use, read into shapes the PDF writer and the site both draw.
//!
//! Supported: `<svg>` with a `viewBox` (or a width and height), `<g>`, `<path>` (every command,
//! arcs included), `<rect>` (rounded too), `<circle>`, `<ellipse>`, `<line>`, `<polyline>`,
//! `<polygon>`; flat colours in `fill` and `stroke` (attributes or `style="..."`), `fill-rule`,
//! `stroke-width`, round or square caps and joins, and `transform`. `<title>`, `<desc>`,
//! `<metadata>`, `<defs>` and drawing programs' own elements are skipped. Anything that would
//! change the drawing and cannot be drawn exactly — text, embedded images, gradients,
//! transparency, dashes, clipping, masks, filters, `<use>`, `<style>` sheets, scripts — is an
//! error that names the line and says what to do, never something silently left out.

use crate::typeset::Rgb;

mod geometry;
mod paint;
mod write;

use geometry::{Matrix, Pen, apply, length, multiply, numbers, path_data, transform};
use paint::{Style, read_style};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// More segments than any logo needs; a guard against huge files.
const MAX_SEGMENTS: usize = 20_000;
const MAX_DEPTH: usize = 64;

/// A point in the drawing's units, y down, from the view box's top-left corner.
pub type Point = (f32, f32);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Line(Point),
    Cubic(Point, Point, Point),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubPath {
    pub start: Point,
    pub segments: Vec<Segment>,
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub colour: Rgb,
    pub width: f32,
    /// Round caps and joins (else butt caps, mitred joins; square caps are drawn as butt).
    pub round: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub paths: Vec<SubPath>,
    pub fill: Option<Rgb>,
    pub even_odd: bool,
    pub stroke: Option<Stroke>,
}

/// A logo's drawing: its size (the view box's) and its shapes in painting order.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

/// Why an SVG cannot be drawn, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

struct Reader<'a> {
    doc: &'a roxmltree::Document<'a>,
    shapes: Vec<Shape>,
    segments: usize,
}

impl Reader<'_> {
    fn error(&self, node: roxmltree::Node<'_, '_>, message: String, hint: &str) -> SvgError {
        let pos = self.doc.text_pos_at(node.range().start);
        SvgError {
            line: pos.row as usize,
            column: pos.col as usize,
            message,
            hint: hint.to_string(),
        }
    }
}

/// Reads an SVG logo.
pub fn parse(text: &str) -> Result<Drawing, SvgError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        SvgError {
            line: pos.row as usize,
            column: pos.col as usize,
            message: format!("this is not well-formed XML: {e}"),
            hint: "save the logo again from your drawing program as plain SVG".to_string(),
        }
    })?;
    let root = doc.root_element();
    let mut reader = Reader {
        doc: &doc,
        shapes: Vec::new(),
        segments: 0,
    };
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(reader.error(
            root,
            "the file's first element is not an SVG drawing (<svg xmlns=\"http://www.w3.org/2000/svg\">)".into(),
            "save the logo again from your drawing program as plain SVG",
        ));
    }
    let (min_x, min_y, width, height) = view_box(&reader, root)?;
    let base = [1.0, 0.0, 0.0, 1.0, -min_x, -min_y];
    let style = read_style(&reader, root, Style::default())?;
    for child in root.children() {
        walk(&mut reader, child, &base, style, 1)?;
    }
    if reader.shapes.is_empty() {
        return Err(reader.error(
            root,
            "the SVG draws nothing".into(),
            "check that the file is the logo, with its shapes",
        ));
    }
    Ok(Drawing {
        width,
        height,
        shapes: reader.shapes,
    })
}

fn view_box(
    reader: &Reader<'_>,
    root: roxmltree::Node<'_, '_>,
) -> Result<(f32, f32, f32, f32), SvgError> {
    let bad = |m: &str| {
        reader.error(
            root,
            m.to_string(),
            "give the <svg> element a viewBox, such as viewBox=\"0 0 200 100\"",
        )
    };
    let (x, y, w, h) = if let Some(vb) = root.attribute("viewBox") {
        let n = numbers(vb).map_err(|_| bad("the viewBox is not four numbers"))?;
        if n.len() != 4 {
            return Err(bad("the viewBox is not four numbers"));
        }
        (n[0], n[1], n[2], n[3])
    } else {
        let side = |name: &str| root.attribute(name).and_then(length);
        match (side("width"), side("height")) {
            (Some(w), Some(h)) => (0.0, 0.0, w, h),
            _ => {
                return Err(bad(
                    "the SVG has no viewBox, and no width and height in plain units",
                ));
            }
        }
    };
    if !(w.is_finite() && h.is_finite() && x.is_finite() && y.is_finite()) || w <= 0.0 || h <= 0.0 {
        return Err(bad("the viewBox's width and height must be positive"));
    }
    Ok((x, y, w, h))
}

/// Elements skipped with everything inside them.
const SKIPPED: [&str; 4] = ["title", "desc", "metadata", "defs"];

fn walk(
    reader: &mut Reader<'_>,
    node: roxmltree::Node<'_, '_>,
    parent: &Matrix,
    inherited: Style,
    depth: usize,
) -> Result<(), SvgError> {
    if !node.is_element() {
        return Ok(());
    }
    // Drawing programs' own elements (Inkscape's namedview) are not SVG, and not drawn.
    if node.tag_name().namespace() != Some(SVG_NS) {
        return Ok(());
    }
    let name = node.tag_name().name();
    if SKIPPED.contains(&name) {
        return Ok(());
    }
    if depth > MAX_DEPTH {
        return Err(reader.error(
            node,
            "the groups are nested too deeply".into(),
            "flatten the groups in your drawing program",
        ));
    }
    let unsupported = |what: &str, hint: &str| {
        Err(reader.error(
            node,
            format!("<{name}> is not supported in a logo: {what}"),
            hint,
        ))
    };
    match name {
        "text" | "tspan" | "textPath" => {
            return unsupported(
                "text needs fonts that the reader may not have",
                "turn the text into shapes (Inkscape: Path > Object to Path; Illustrator: Type > Create Outlines)",
            );
        }
        "image" => {
            return unsupported(
                "it embeds another picture",
                "use a PNG logo instead, or redraw it as shapes",
            );
        }
        "script" | "foreignObject" | "a" | "iframe" | "audio" | "video" | "animate" | "set"
        | "animateTransform" | "animateMotion" => {
            return unsupported(
                "a logo is a still picture",
                "remove it; a logo needs only shapes",
            );
        }
        "style" => {
            return unsupported(
                "style sheets are not read",
                "save with presentation attributes (fill=\"#...\") instead of CSS: Illustrator's SVG option \"Styling: Presentation Attributes\"",
            );
        }
        "use" | "symbol" | "svg" | "switch" => {
            return unsupported(
                "copies and nested drawings are not expanded",
                "in your drawing program, unlink clones (Inkscape: Edit > Clone > Unlink Clone) and save again",
            );
        }
        "linearGradient" | "radialGradient" | "pattern" | "clipPath" | "mask" | "filter"
        | "marker" => {
            return unsupported(
                "only flat colours are drawn",
                "use flat colours, without gradients, clipping, masks or filters",
            );
        }
        "g" | "path" | "rect" | "circle" | "ellipse" | "line" | "polyline" | "polygon" => {}
        other => {
            return Err(reader.error(
                node,
                format!("<{other}> is not an element a logo may use"),
                "a logo may use <g>, <path>, <rect>, <circle>, <ellipse>, <line>, <polyline> and <polygon>",
            ));
        }
    }
    let style = read_style(reader, node, inherited)?;
    let matrix = match node.attribute("transform") {
        Some(t) => multiply(
            parent,
            &transform(t).ok_or_else(|| {
                reader.error(
                    node,
                    format!("cannot read the transform `{t}`"),
                    "use matrix(), translate(), scale(), rotate(), skewX() or skewY()",
                )
            })?,
        ),
        None => *parent,
    };
    if style.hidden {
        return Ok(());
    }
    if name == "g" {
        for child in node.children() {
            walk(reader, child, &matrix, style, depth + 1)?;
        }
        return Ok(());
    }
    let paths = geometry(reader, node, name)?;
    let count: usize = paths.iter().map(|p| p.segments.len() + 1).sum();
    reader.segments += count;
    if reader.segments > MAX_SEGMENTS {
        return Err(reader.error(
            node,
            format!("the logo has more than {MAX_SEGMENTS} path segments"),
            "simplify the drawing (Inkscape: Path > Simplify) or use a PNG",
        ));
    }
    let paths: Vec<SubPath> = paths
        .into_iter()
        .map(|p| SubPath {
            start: apply(&matrix, p.start),
            segments: p
                .segments
                .into_iter()
                .map(|s| match s {
                    Segment::Line(a) => Segment::Line(apply(&matrix, a)),
                    Segment::Cubic(a, b, c) => {
                        Segment::Cubic(apply(&matrix, a), apply(&matrix, b), apply(&matrix, c))
                    }
                })
                .collect(),
            closed: p.closed,
        })
        .collect();
    let scale = (matrix[0] * matrix[3] - matrix[1] * matrix[2]).abs().sqrt();
    // A line has no inside to fill.
    let fill = if matches!(name, "line") {
        None
    } else {
        style.fill
    };
    let stroke = style
        .stroke
        .filter(|_| style.stroke_width > 0.0)
        .map(|colour| Stroke {
            colour,
            width: style.stroke_width * scale,
            round: style.round,
        });
    if paths.iter().any(|p| !p.segments.is_empty()) && (fill.is_some() || stroke.is_some()) {
        reader.shapes.push(Shape {
            paths,
            fill,
            even_odd: style.even_odd,
            stroke,
        });
    }
    Ok(())
}

/// The subpaths of one shape element, in its own user units.
fn geometry(
    reader: &Reader<'_>,
    node: roxmltree::Node<'_, '_>,
    name: &str,
) -> Result<Vec<SubPath>, SvgError> {
    let num = |attr: &str| -> Result<f32, SvgError> {
        match node.attribute(attr) {
            None => Ok(0.0),
            Some(v) => length(v).ok_or_else(|| {
                reader.error(
                    node,
                    format!("{attr}=\"{v}\" is not a number"),
                    "write plain numbers (percentages are not read)",
                )
            }),
        }
    };
    let mut pen = Pen::default();
    match name {
        "rect" => {
            let (x, y, w, h) = (num("x")?, num("y")?, num("width")?, num("height")?);
            if w <= 0.0 || h <= 0.0 {
                return Ok(Vec::new());
            }
            let (mut rx, mut ry) = (num("rx")?, num("ry")?);
            if node.attribute("ry").is_none() {
                ry = rx;
            }
            if node.attribute("rx").is_none() {
                rx = ry;
            }
            let (rx, ry) = (rx.clamp(0.0, w / 2.0), ry.clamp(0.0, h / 2.0));
            if rx == 0.0 || ry == 0.0 {
                pen.move_to((x, y));
                pen.line_to((x + w, y));
                pen.line_to((x + w, y + h));
                pen.line_to((x, y + h));
                pen.close();
            } else {
                pen.move_to((x + rx, y));
                pen.line_to((x + w - rx, y));
                pen.arc_to(rx, ry, 0.0, false, true, (x + w, y + ry));
                pen.line_to((x + w, y + h - ry));
                pen.arc_to(rx, ry, 0.0, false, true, (x + w - rx, y + h));
                pen.line_to((x + rx, y + h));
                pen.arc_to(rx, ry, 0.0, false, true, (x, y + h - ry));
                pen.line_to((x, y + ry));
                pen.arc_to(rx, ry, 0.0, false, true, (x + rx, y));
                pen.close();
            }
        }
        "circle" => {
            let r = num("r")?;
            if r > 0.0 {
                pen.ellipse(num("cx")?, num("cy")?, r, r);
            }
        }
        "ellipse" => {
            let (rx, ry) = (num("rx")?, num("ry")?);
            if rx > 0.0 && ry > 0.0 {
                pen.ellipse(num("cx")?, num("cy")?, rx, ry);
            }
        }
        "line" => {
            pen.move_to((num("x1")?, num("y1")?));
            pen.line_to((num("x2")?, num("y2")?));
        }
        "polyline" | "polygon" => {
            let points = node.attribute("points").unwrap_or("");
            let n = numbers(points).map_err(|_| {
                reader.error(
                    node,
                    "the points are not a list of numbers".into(),
                    "write points as \"x1,y1 x2,y2 ...\"",
                )
            })?;
            for (i, pair) in n.chunks_exact(2).enumerate() {
                if i == 0 {
                    pen.move_to((pair[0], pair[1]));
                } else {
                    pen.line_to((pair[0], pair[1]));
                }
            }
            if name == "polygon" && !pen.paths.is_empty() {
                pen.close();
            }
        }
        _ => {
            let d = node.attribute("d").unwrap_or("");
            path_data(&mut pen, d).map_err(|at| {
                reader.error(
                    node,
                    format!("the path's d=\"…\" cannot be read near character {} (`{}`)", at + 1, d.get(at..(at + 12).min(d.len())).unwrap_or("")),
                    "save the logo again from your drawing program; path data is commands (M, L, C, …) and numbers",
                )
            })?;
        }
    }
    Ok(pen.paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"10 20 100 50\">\n{body}\n</svg>"
        )
    }

    #[test]
    fn shapes_are_read_in_view_box_units() {
        let d = parse(&svg("<rect x=\"10\" y=\"20\" width=\"100\" height=\"50\" fill=\"#f00\"/>\n<circle cx=\"60\" cy=\"45\" r=\"10\" style=\"fill:none;stroke:navy;stroke-width:2\"/>")).unwrap();
        assert_eq!((d.width, d.height), (100.0, 50.0));
        assert_eq!(d.shapes.len(), 2);
        assert_eq!(d.shapes[0].fill, Some(Rgb(255, 0, 0)));
        assert_eq!(d.shapes[0].paths[0].start, (0.0, 0.0));
        assert_eq!(d.shapes[1].fill, None);
        assert_eq!(d.shapes[1].stroke.unwrap().colour, Rgb(0, 0, 128));
        assert_eq!(d.shapes[1].paths[0].start, (60.0, 25.0));
    }

    #[test]
    fn path_commands_and_transforms() {
        let d = parse(&svg("<g transform=\"translate(10 20) scale(2)\"><path d=\"M0,0h10v10H0zM1 1l2-2 3.5.5c1 1 2 2 3 3s1 1 2 2q1 1 2 2t2 2a5 5 0 0 1 10 0z\"/></g>")).unwrap();
        let p = &d.shapes[0].paths;
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].segments[0], Segment::Line((20.0, 0.0)));
        assert!(p[0].closed && p[1].closed);
        assert_eq!(p[1].start, (2.0, 2.0));
        // The arc ends where the path data says.
        match p[1].segments.last() {
            Some(Segment::Cubic(_, _, end)) => {
                assert!(
                    (end.0 - 51.0).abs() < 0.01 && (end.1 - 17.0).abs() < 0.01,
                    "{end:?}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unsupported_features_are_named_with_their_line() {
        for (body, words, line) in [
            ("<text x=\"0\">Hi</text>", "<text> is not supported", 2),
            (
                "<g>\n<image href=\"x.png\"/></g>",
                "<image> is not supported",
                3,
            ),
            (
                "<rect width=\"1\" height=\"1\" fill=\"url(#g)\"/>",
                "gradients",
                2,
            ),
            (
                "<rect width=\"1\" height=\"1\" opacity=\"0.5\"/>",
                "transparency",
                2,
            ),
            ("<script>alert(1)</script>", "<script> is not supported", 2),
            ("<style>rect{fill:red}</style>", "style sheets", 2),
            (
                "<path d=\"M 0 0 L x\"/>",
                "cannot be read near character",
                2,
            ),
            (
                "<rect width=\"1\" height=\"1\" fill=\"banana\"/>",
                "not a colour",
                2,
            ),
        ] {
            let e = parse(&svg(body)).unwrap_err();
            assert!(e.message.contains(words), "{body}: {}", e.message);
            assert_eq!(e.line, line, "{body}");
            assert!(!e.hint.is_empty());
        }
        assert!(
            parse(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>"
            )
            .unwrap_err()
            .message
            .contains("viewBox")
        );
        assert!(parse("<html/>").unwrap_err().message.contains("not an SVG"));
        assert!(parse("<svg").unwrap_err().message.contains("well-formed"));
        assert!(
            parse(&svg("<defs><linearGradient id=\"g\"/></defs>"))
                .unwrap_err()
                .message
                .contains("draws nothing")
        );
    }

    #[test]
    fn editors_extras_are_skipped() {
        let text = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" width=\"20mm\" height=\"10mm\"><title>Logo</title><defs/><inkscape:thing/><rect width=\"5\" height=\"5\" style=\"fill:#123456;fill-opacity:1;stroke-dasharray:none;font-family:Arial\" inkscape:label=\"x\"/><rect width=\"5\" height=\"5\" display=\"none\"/></svg>";
        let d = parse(text).unwrap();
        assert_eq!(d.shapes.len(), 1);
        assert!((d.width / d.height - 2.0).abs() < 1e-4);
    }

    #[test]
    fn the_clean_svg_reads_back_the_same() {
        let d = parse(&svg("<rect x=\"20\" y=\"30\" width=\"30\" height=\"20\" rx=\"4\" fill=\"teal\" stroke=\"#000\" stroke-linejoin=\"round\"/><polygon points=\"10,20 50,20 30,60\" fill-rule=\"evenodd\"/>")).unwrap();
        let clean = d.to_svg();
        assert!(
            clean.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50\"")
        );
        let again = parse(&clean).unwrap();
        assert_eq!(again.shapes.len(), d.shapes.len());
        assert_eq!(again.to_svg(), clean);
    }
}

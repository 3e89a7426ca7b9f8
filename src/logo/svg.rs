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

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    // m then n applied to a point: n(m(p))... here: result = parent * child.
    [
        m[0] * n[0] + m[2] * n[1],
        m[1] * n[0] + m[3] * n[1],
        m[0] * n[2] + m[2] * n[3],
        m[1] * n[2] + m[3] * n[3],
        m[0] * n[4] + m[2] * n[5] + m[4],
        m[1] * n[4] + m[3] * n[5] + m[5],
    ]
}

fn apply(m: &Matrix, p: Point) -> Point {
    (
        m[0] * p.0 + m[2] * p.1 + m[4],
        m[1] * p.0 + m[3] * p.1 + m[5],
    )
}

/// The painting properties a shape inherits.
#[derive(Clone, Copy)]
struct Style {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    stroke_width: f32,
    even_odd: bool,
    round: bool,
    hidden: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            fill: Some(Rgb::BLACK),
            stroke: None,
            stroke_width: 1.0,
            even_odd: false,
            round: false,
            hidden: false,
        }
    }
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

/// A length in user units: a number, or with px, pt, pc, mm, cm or in.
fn length(s: &str) -> Option<f32> {
    let s = s.trim();
    let units = [
        ("px", 1.0),
        ("pt", 4.0 / 3.0),
        ("pc", 16.0),
        ("mm", 96.0 / 25.4),
        ("cm", 96.0 / 2.54),
        ("in", 96.0),
    ];
    for (unit, scale) in units {
        if let Some(n) = s.strip_suffix(unit) {
            return n
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .map(|v| v * scale);
        }
    }
    s.parse::<f32>().ok().filter(|v| v.is_finite())
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

/// The drawing properties of `node` (attributes, then `style="..."`, which wins), over `inherited`.
fn read_style(
    reader: &Reader<'_>,
    node: roxmltree::Node<'_, '_>,
    inherited: Style,
) -> Result<Style, SvgError> {
    let mut style = inherited;
    let mut declarations: Vec<(String, String)> = node
        .attributes()
        .filter(|a| a.namespace().is_none())
        .map(|a| (a.name().to_string(), a.value().to_string()))
        .collect();
    if let Some(css) = node.attribute("style") {
        for decl in css.split(';') {
            if let Some((k, v)) = decl.split_once(':') {
                declarations.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    for (key, value) in declarations {
        let value = value.trim().trim_end_matches("!important").trim();
        let bad = |what: String, hint: &str| Err(reader.error(node, what, hint));
        match key.as_str() {
            "fill" | "stroke" => {
                let colour = match colour(value) {
                    Some(c) => c,
                    None if value.starts_with("url(") => {
                        return bad(
                            format!("{key}=\"{value}\": gradients and patterns are not drawn"),
                            "use a flat colour, such as #1f4e79",
                        );
                    }
                    None => {
                        return bad(
                            format!("{key}=\"{value}\" is not a colour policyforge can read"),
                            "write colours as #rrggbb, rgb(r, g, b), a colour name, or none",
                        );
                    }
                };
                if key == "fill" {
                    style.fill = colour;
                } else {
                    style.stroke = colour;
                }
            }
            "stroke-width" => match length(value) {
                Some(w) if w >= 0.0 => style.stroke_width = w,
                _ => {
                    return bad(
                        format!("stroke-width=\"{value}\" is not a width"),
                        "write the width as a number, such as 2",
                    );
                }
            },
            "fill-rule" => style.even_odd = value == "evenodd",
            "stroke-linecap" | "stroke-linejoin" if value == "round" => style.round = true,
            "display" if value == "none" => style.hidden = true,
            "visibility" if value == "hidden" || value == "collapse" => style.hidden = true,
            "opacity" | "fill-opacity" | "stroke-opacity"
                if value
                    .parse::<f32>()
                    .map_or(value != "100%", |o| (o - 1.0).abs() > 1e-3) =>
            {
                return bad(
                    format!("{key}=\"{value}\": transparency is not drawn"),
                    "use solid colours (opacity 1)",
                );
            }
            "stroke-dasharray" if value != "none" => {
                return bad(
                    format!("stroke-dasharray=\"{value}\": dashed lines are not drawn"),
                    "use solid lines, or turn the dashes into shapes (Inkscape: Path > Stroke to Path)",
                );
            }
            "clip-path" | "mask" | "filter" | "marker" | "marker-start" | "marker-mid"
            | "marker-end"
                if value != "none" =>
            {
                return bad(
                    format!("{key}=\"{value}\" is not drawn"),
                    "remove clipping, masks, filters and markers, or flatten them in your drawing program",
                );
            }
            "mix-blend-mode" if value != "normal" => {
                return bad(
                    format!("{key}=\"{value}\" is not drawn"),
                    "use normal blending",
                );
            }
            _ => {} // ids, classes, sizes, fonts, editor settings: nothing to draw
        }
    }
    Ok(style)
}

/// A colour; `Some(None)` for `none`.
fn colour(value: &str) -> Option<Option<Rgb>> {
    let v = value.trim().to_ascii_lowercase();
    if v == "none" || v == "transparent" {
        return Some(None);
    }
    if let Some(hex) = v.strip_prefix('#') {
        let digit = |c: char| c.to_digit(16).map(|d| d as u8);
        let chars: Vec<char> = hex.chars().collect();
        return match chars.len() {
            3 => {
                let (r, g, b) = (digit(chars[0])?, digit(chars[1])?, digit(chars[2])?);
                Some(Some(Rgb(r * 17, g * 17, b * 17)))
            }
            6 => {
                let byte = |i: usize| Some(digit(chars[i])? * 16 + digit(chars[i + 1])?);
                Some(Some(Rgb(byte(0)?, byte(2)?, byte(4)?)))
            }
            _ => None,
        };
    }
    if let Some(inner) = v.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split([',', ' ']).filter(|p| !p.is_empty()).collect();
        if parts.len() != 3 {
            return None;
        }
        let mut c = [0u8; 3];
        for (i, p) in parts.iter().enumerate() {
            let n = match p.strip_suffix('%') {
                Some(pc) => pc.parse::<f32>().ok()? * 2.55,
                None => p.parse::<f32>().ok()?,
            };
            c[i] = n.round().clamp(0.0, 255.0) as u8;
        }
        return Some(Some(Rgb(c[0], c[1], c[2])));
    }
    let named = [
        ("black", (0, 0, 0)),
        ("currentcolor", (0, 0, 0)),
        ("white", (255, 255, 255)),
        ("red", (255, 0, 0)),
        ("green", (0, 128, 0)),
        ("blue", (0, 0, 255)),
        ("yellow", (255, 255, 0)),
        ("orange", (255, 165, 0)),
        ("purple", (128, 0, 128)),
        ("navy", (0, 0, 128)),
        ("maroon", (128, 0, 0)),
        ("teal", (0, 128, 128)),
        ("gold", (255, 215, 0)),
        ("silver", (192, 192, 192)),
        ("gray", (128, 128, 128)),
        ("grey", (128, 128, 128)),
        ("darkgreen", (0, 100, 0)),
        ("darkblue", (0, 0, 139)),
        ("darkred", (139, 0, 0)),
        ("lime", (0, 255, 0)),
        ("aqua", (0, 255, 255)),
        ("fuchsia", (255, 0, 255)),
        ("olive", (128, 128, 0)),
    ];
    named
        .iter()
        .find(|(n, _)| *n == v)
        .map(|(_, (r, g, b))| Some(Rgb(*r, *g, *b)))
}

/// A `transform` attribute as one matrix.
fn transform(text: &str) -> Option<Matrix> {
    let mut m = IDENTITY;
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest.find('(')?;
        let close = rest.find(')')?;
        let name = rest[..open].trim().trim_start_matches(',').trim();
        let args = numbers(&rest[open + 1..close]).ok()?;
        let t = match (name, args.as_slice()) {
            ("matrix", [a, b, c, d, e, f]) => [*a, *b, *c, *d, *e, *f],
            ("translate", [x]) => [1.0, 0.0, 0.0, 1.0, *x, 0.0],
            ("translate", [x, y]) => [1.0, 0.0, 0.0, 1.0, *x, *y],
            ("scale", [s]) => [*s, 0.0, 0.0, *s, 0.0, 0.0],
            ("scale", [x, y]) => [*x, 0.0, 0.0, *y, 0.0, 0.0],
            ("rotate", [a]) => rotation(*a),
            ("rotate", [a, cx, cy]) => multiply(
                &multiply(&[1.0, 0.0, 0.0, 1.0, *cx, *cy], &rotation(*a)),
                &[1.0, 0.0, 0.0, 1.0, -cx, -cy],
            ),
            ("skewX", [a]) => [1.0, 0.0, a.to_radians().tan(), 1.0, 0.0, 0.0],
            ("skewY", [a]) => [1.0, a.to_radians().tan(), 0.0, 1.0, 0.0, 0.0],
            _ => return None,
        };
        m = multiply(&m, &t);
        rest = rest[close + 1..].trim_start();
    }
    m.iter().all(|v| v.is_finite()).then_some(m)
}

fn rotation(degrees: f32) -> Matrix {
    let (s, c) = degrees.to_radians().sin_cos();
    [c, s, -s, c, 0.0, 0.0]
}

/// Numbers separated by commas and/or spaces ("1,2 3-4.5.5e1").
fn numbers(text: &str) -> Result<Vec<f32>, ()> {
    let mut scanner = Scanner::new(text);
    let mut out = Vec::new();
    while scanner.skip_separators() {
        out.push(scanner.number().ok_or(())?);
    }
    Ok(out)
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            s: text.as_bytes(),
            i: 0,
        }
    }

    /// Skips spaces and commas; false at the end.
    fn skip_separators(&mut self) -> bool {
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_whitespace() || self.s[self.i] == b',')
        {
            self.i += 1;
        }
        self.i < self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn number(&mut self) -> Option<f32> {
        self.skip_separators();
        let start = self.i;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.i += 1;
        }
        let mut digits = false;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
            digits = true;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
                digits = true;
            }
        }
        if !digits {
            self.i = start;
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mark = self.i;
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
            } else {
                self.i = mark;
            }
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
    }

    /// An arc's flag: a single 0 or 1, with or without separators.
    fn flag(&mut self) -> Option<bool> {
        self.skip_separators();
        let c = self.peek()?;
        self.i += 1;
        match c {
            b'0' => Some(false),
            b'1' => Some(true),
            _ => None,
        }
    }
}

/// Builds subpaths in untransformed user units.
#[derive(Default)]
struct Pen {
    paths: Vec<SubPath>,
    at: Point,
    start: Point,
}

impl Pen {
    fn move_to(&mut self, p: Point) {
        self.paths.push(SubPath {
            start: p,
            segments: Vec::new(),
            closed: false,
        });
        self.at = p;
        self.start = p;
    }

    fn current(&mut self) -> &mut SubPath {
        if self.paths.last().is_none_or(|p| p.closed) {
            let at = self.at;
            self.paths.push(SubPath {
                start: at,
                segments: Vec::new(),
                closed: false,
            });
            self.start = at;
        }
        let last = self.paths.len() - 1;
        &mut self.paths[last]
    }

    fn line_to(&mut self, p: Point) {
        self.current().segments.push(Segment::Line(p));
        self.at = p;
    }

    fn cubic_to(&mut self, a: Point, b: Point, p: Point) {
        self.current().segments.push(Segment::Cubic(a, b, p));
        self.at = p;
    }

    fn close(&mut self) {
        if let Some(last) = self.paths.last_mut()
            && !last.closed
        {
            last.closed = true;
        }
        self.at = self.start;
    }

    /// An elliptical arc from the pen to `p` (SVG's endpoint form), as cubic curves.
    fn arc_to(&mut self, rx: f32, ry: f32, angle: f32, large: bool, sweep: bool, p: Point) {
        let (x1, y1) = self.at;
        let (x2, y2) = p;
        let (mut rx, mut ry) = (rx.abs(), ry.abs());
        if rx < 1e-6 || ry < 1e-6 || (x1 == x2 && y1 == y2) {
            self.line_to(p);
            return;
        }
        let (sin, cos) = angle.to_radians().sin_cos();
        let dx = (x1 - x2) / 2.0;
        let dy = (y1 - y2) / 2.0;
        let x1p = cos * dx + sin * dy;
        let y1p = -sin * dx + cos * dy;
        let lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
        if lambda > 1.0 {
            rx *= lambda.sqrt();
            ry *= lambda.sqrt();
        }
        let num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
        let den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
        let mut coef = (num / den).max(0.0).sqrt();
        if large == sweep {
            coef = -coef;
        }
        let cxp = coef * rx * y1p / ry;
        let cyp = -coef * ry * x1p / rx;
        let cx = cos * cxp - sin * cyp + (x1 + x2) / 2.0;
        let cy = sin * cxp + cos * cyp + (y1 + y2) / 2.0;
        let vector_angle = |ux: f32, uy: f32, vx: f32, vy: f32| {
            let a = (ux * vy - uy * vx).atan2(ux * vx + uy * vy);
            if a.is_finite() { a } else { 0.0 }
        };
        let theta1 = vector_angle(1.0, 0.0, (x1p - cxp) / rx, (y1p - cyp) / ry);
        let mut delta = vector_angle(
            (x1p - cxp) / rx,
            (y1p - cyp) / ry,
            (-x1p - cxp) / rx,
            (-y1p - cyp) / ry,
        );
        if !sweep && delta > 0.0 {
            delta -= std::f32::consts::TAU;
        } else if sweep && delta < 0.0 {
            delta += std::f32::consts::TAU;
        }
        let pieces = (delta.abs() / std::f32::consts::FRAC_PI_2).ceil().max(1.0) as usize;
        let step = delta / pieces as f32;
        let k = 4.0 / 3.0 * (step / 4.0).tan();
        let point = |t: f32| {
            let (s, c) = t.sin_cos();
            (
                cx + rx * c * cos - ry * s * sin,
                cy + rx * c * sin + ry * s * cos,
            )
        };
        let derivative = |t: f32| {
            let (s, c) = t.sin_cos();
            (-rx * s * cos - ry * c * sin, -rx * s * sin + ry * c * cos)
        };
        let mut t = theta1;
        for i in 0..pieces {
            let t2 = t + step;
            let (p1, d1) = (point(t), derivative(t));
            let (p2, d2) = (point(t2), derivative(t2));
            let end = if i + 1 == pieces { p } else { p2 };
            self.cubic_to(
                (p1.0 + k * d1.0, p1.1 + k * d1.1),
                (p2.0 - k * d2.0, p2.1 - k * d2.1),
                end,
            );
            t = t2;
        }
    }

    fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32) {
        const K: f32 = 0.552_284_8;
        let (kx, ky) = (rx * K, ry * K);
        self.move_to((cx + rx, cy));
        self.cubic_to((cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry));
        self.cubic_to((cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy));
        self.cubic_to((cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry));
        self.cubic_to((cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy));
        self.close();
    }
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

/// Reads path data; on failure, the byte offset where reading stopped.
fn path_data(pen: &mut Pen, d: &str) -> Result<(), usize> {
    let mut s = Scanner::new(d);
    let mut command: Option<u8> = None;
    // The last cubic's second control point and quadratic's control point, for S and T.
    let mut last_cubic: Option<Point> = None;
    let mut last_quad: Option<Point> = None;
    while s.skip_separators() {
        let c = s.peek().ok_or(s.i)?;
        if c.is_ascii_alphabetic() {
            command = Some(c);
            s.i += 1;
        } else if command.is_none() {
            return Err(s.i);
        }
        let cmd = command.ok_or(s.i)?;
        let rel = cmd.is_ascii_lowercase();
        let (ox, oy) = if rel { pen.at } else { (0.0, 0.0) };
        let start = s.i;
        let mut next_cubic = None;
        let mut next_quad = None;
        match cmd.to_ascii_uppercase() {
            b'M' => {
                let (x, y) = (s.number().ok_or(start)?, s.number().ok_or(start)?);
                pen.move_to((ox + x, oy + y));
                // Further pairs after M are lines.
                command = Some(if rel { b'l' } else { b'L' });
            }
            b'L' => {
                let (x, y) = (s.number().ok_or(start)?, s.number().ok_or(start)?);
                pen.line_to((ox + x, oy + y));
            }
            b'H' => {
                let x = s.number().ok_or(start)?;
                let y = pen.at.1;
                pen.line_to((if rel { pen.at.0 + x } else { x }, y));
            }
            b'V' => {
                let y = s.number().ok_or(start)?;
                let x = pen.at.0;
                pen.line_to((x, if rel { pen.at.1 + y } else { y }));
            }
            b'C' => {
                let v: Vec<f32> = (0..6)
                    .map(|_| s.number())
                    .collect::<Option<_>>()
                    .ok_or(start)?;
                let (a, b, p) = (
                    (ox + v[0], oy + v[1]),
                    (ox + v[2], oy + v[3]),
                    (ox + v[4], oy + v[5]),
                );
                pen.cubic_to(a, b, p);
                next_cubic = Some(b);
            }
            b'S' => {
                let v: Vec<f32> = (0..4)
                    .map(|_| s.number())
                    .collect::<Option<_>>()
                    .ok_or(start)?;
                let at = pen.at;
                let a = last_cubic.map_or(at, |c| (2.0 * at.0 - c.0, 2.0 * at.1 - c.1));
                let (b, p) = ((ox + v[0], oy + v[1]), (ox + v[2], oy + v[3]));
                pen.cubic_to(a, b, p);
                next_cubic = Some(b);
            }
            b'Q' | b'T' => {
                let at = pen.at;
                let (q, p) = if cmd.eq_ignore_ascii_case(&b'Q') {
                    let v: Vec<f32> = (0..4)
                        .map(|_| s.number())
                        .collect::<Option<_>>()
                        .ok_or(start)?;
                    ((ox + v[0], oy + v[1]), (ox + v[2], oy + v[3]))
                } else {
                    let v: Vec<f32> = (0..2)
                        .map(|_| s.number())
                        .collect::<Option<_>>()
                        .ok_or(start)?;
                    (
                        last_quad.map_or(at, |c| (2.0 * at.0 - c.0, 2.0 * at.1 - c.1)),
                        (ox + v[0], oy + v[1]),
                    )
                };
                let a = (
                    at.0 + 2.0 / 3.0 * (q.0 - at.0),
                    at.1 + 2.0 / 3.0 * (q.1 - at.1),
                );
                let b = (p.0 + 2.0 / 3.0 * (q.0 - p.0), p.1 + 2.0 / 3.0 * (q.1 - p.1));
                pen.cubic_to(a, b, p);
                next_quad = Some(q);
            }
            b'A' => {
                let rx = s.number().ok_or(start)?;
                let ry = s.number().ok_or(start)?;
                let angle = s.number().ok_or(start)?;
                let large = s.flag().ok_or(start)?;
                let sweep = s.flag().ok_or(start)?;
                let x = s.number().ok_or(start)?;
                let y = s.number().ok_or(start)?;
                pen.arc_to(rx, ry, angle, large, sweep, (ox + x, oy + y));
            }
            b'Z' => {
                pen.close();
                command = None;
            }
            _ => return Err(start.saturating_sub(1)),
        }
        last_cubic = next_cubic;
        last_quad = next_quad;
    }
    Ok(())
}

/// A number for SVG output: at most two decimals, no trailing zeros.
fn fmt(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

impl Drawing {
    /// The drawing as a clean SVG: one `<path>` per shape, nothing else.
    pub fn to_svg(&self) -> String {
        let mut out = format!(
            "<svg xmlns=\"{SVG_NS}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">",
            w = fmt(self.width),
            h = fmt(self.height)
        );
        for shape in &self.shapes {
            let mut d = String::new();
            for p in &shape.paths {
                d.push_str(&format!("M{} {}", fmt(p.start.0), fmt(p.start.1)));
                for seg in &p.segments {
                    match seg {
                        Segment::Line((x, y)) => d.push_str(&format!("L{} {}", fmt(*x), fmt(*y))),
                        Segment::Cubic(a, b, c) => d.push_str(&format!(
                            "C{} {} {} {} {} {}",
                            fmt(a.0),
                            fmt(a.1),
                            fmt(b.0),
                            fmt(b.1),
                            fmt(c.0),
                            fmt(c.1)
                        )),
                    }
                }
                if p.closed {
                    d.push('Z');
                }
            }
            out.push_str(&format!(
                "<path d=\"{d}\" fill=\"{}\"",
                shape.fill.map_or("none".to_string(), hex)
            ));
            if shape.even_odd {
                out.push_str(" fill-rule=\"evenodd\"");
            }
            if let Some(s) = shape.stroke {
                out.push_str(&format!(
                    " stroke=\"{}\" stroke-width=\"{}\"",
                    hex(s.colour),
                    fmt(s.width)
                ));
                if s.round {
                    out.push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
                }
            }
            out.push_str("/>");
        }
        out.push_str("</svg>\n");
        out
    }
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

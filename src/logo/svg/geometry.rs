//! Geometry of an SVG logo: transforms, numbers and path data, and the pen that turns every
//! command (arcs, quadratics, shorthand curves) into lines and cubic curves.

use super::{Point, Segment, SubPath};

pub(super) type Matrix = [f32; 6];
pub(super) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

pub(super) fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
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

pub(super) fn apply(m: &Matrix, p: Point) -> Point {
    (
        m[0] * p.0 + m[2] * p.1 + m[4],
        m[1] * p.0 + m[3] * p.1 + m[5],
    )
}

/// A length in user units: a number, or with px, pt, pc, mm, cm or in.
pub(super) fn length(s: &str) -> Option<f32> {
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

/// A `transform` attribute as one matrix.
pub(super) fn transform(text: &str) -> Option<Matrix> {
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

pub(super) fn rotation(degrees: f32) -> Matrix {
    let (s, c) = degrees.to_radians().sin_cos();
    [c, s, -s, c, 0.0, 0.0]
}

/// Numbers separated by commas and/or spaces ("1,2 3-4.5.5e1").
pub(super) fn numbers(text: &str) -> Result<Vec<f32>, ()> {
    let mut scanner = Scanner::new(text);
    let mut out = Vec::new();
    while scanner.skip_separators() {
        out.push(scanner.number().ok_or(())?);
    }
    Ok(out)
}

pub(super) struct Scanner<'a> {
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
pub(super) struct Pen {
    pub(super) paths: Vec<SubPath>,
    at: Point,
    start: Point,
}

impl Pen {
    pub(super) fn move_to(&mut self, p: Point) {
        self.paths.push(SubPath {
            start: p,
            segments: Vec::new(),
            closed: false,
        });
        self.at = p;
        self.start = p;
    }

    pub(super) fn current(&mut self) -> &mut SubPath {
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

    pub(super) fn line_to(&mut self, p: Point) {
        self.current().segments.push(Segment::Line(p));
        self.at = p;
    }

    pub(super) fn cubic_to(&mut self, a: Point, b: Point, p: Point) {
        self.current().segments.push(Segment::Cubic(a, b, p));
        self.at = p;
    }

    pub(super) fn close(&mut self) {
        if let Some(last) = self.paths.last_mut()
            && !last.closed
        {
            last.closed = true;
        }
        self.at = self.start;
    }

    /// An elliptical arc from the pen to `p` (SVG's endpoint form), as cubic curves.
    pub(super) fn arc_to(
        &mut self,
        rx: f32,
        ry: f32,
        angle: f32,
        large: bool,
        sweep: bool,
        p: Point,
    ) {
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

    pub(super) fn ellipse(&mut self, cx: f32, cy: f32, rx: f32, ry: f32) {
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

/// Reads path data; on failure, the byte offset where reading stopped.
pub(super) fn path_data(pen: &mut Pen, d: &str) -> Result<(), usize> {
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

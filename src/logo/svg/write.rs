//! Writes a logo's drawing back out as a clean SVG: one `<path>` per shape, nothing else.

use crate::typeset::Rgb;

use super::{Drawing, SVG_NS, Segment};

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

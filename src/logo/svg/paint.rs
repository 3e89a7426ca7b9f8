//! The painting properties of an SVG logo's elements: colours, widths, fill rules, and the
//! properties that cannot be drawn exactly, which are refused.

use crate::typeset::Rgb;

use super::{Reader, SvgError, geometry::length};

/// The painting properties a shape inherits.
#[derive(Clone, Copy)]
pub(super) struct Style {
    pub(super) fill: Option<Rgb>,
    pub(super) stroke: Option<Rgb>,
    pub(super) stroke_width: f32,
    pub(super) even_odd: bool,
    pub(super) round: bool,
    pub(super) hidden: bool,
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

/// The drawing properties of `node` (attributes, then `style="..."`, which wins), over `inherited`.
pub(super) fn read_style(
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
pub(super) fn colour(value: &str) -> Option<Option<Rgb>> {
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

//! The colours and sizes a flow is set in.

use crate::typeset::Rgb;
use crate::typeset::text::TextStyle;

/// Colours and sizes of the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Body text size in points.
    pub body_size: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
    pub heading_leading: f32,
    /// Sizes of `#` .. `######` headings.
    pub heading_sizes: [f32; 6],
    pub table_size: f32,
    /// Space between blocks.
    pub block_gap: f32,
    pub text: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    /// Headings: the brand colour, darkened until it reads on white.
    pub accent: Rgb,
    pub link: Rgb,
    /// A light tint of the brand colour for backgrounds.
    pub tint: Rgb,
    pub code_bg: Rgb,
    pub brand: Rgb,
}

impl Theme {
    /// The default theme for a brand colour.
    pub fn new(brand: Rgb) -> Theme {
        let mut accent = brand;
        let mut t = 0.0;
        while accent.contrast(Rgb::WHITE) < 4.5 && t < 1.0 {
            t += 0.05;
            accent = brand.mix(Rgb(0x10, 0x10, 0x10), t);
        }
        Theme {
            body_size: 11.0,
            leading: 1.45,
            heading_leading: 1.25,
            heading_sizes: [20.0, 16.0, 13.0, 11.5, 11.0, 11.0],
            table_size: 10.0,
            block_gap: 8.0,
            text: Rgb(0x1c, 0x1c, 0x1c),
            muted: Rgb(0x55, 0x55, 0x55),
            rule: Rgb(0xc4, 0xc4, 0xc4),
            accent,
            link: accent,
            tint: brand.mix(Rgb::WHITE, 0.88),
            code_bg: Rgb(0xf1, 0xf1, 0xf1),
            brand,
        }
    }

    /// The same theme with every size multiplied by `factor` (for small pages).
    pub fn scaled(mut self, factor: f32) -> Theme {
        self.body_size *= factor;
        for s in &mut self.heading_sizes {
            *s *= factor;
        }
        self.table_size *= factor;
        self.block_gap *= factor;
        self
    }

    /// Body text style.
    pub fn body(&self) -> TextStyle {
        TextStyle {
            size: self.body_size,
            color: self.text,
            link_color: self.link,
            bold: false,
            italic: false,
        }
    }
}

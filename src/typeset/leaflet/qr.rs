//! A QR code as vector squares: one filled rectangle per run of dark modules in a row.

use qrcode::{Color, EcLevel, QrCode};

use crate::typeset::{Item, Rgb};

/// Light modules around the code, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw.
pub struct QrSquares {
    /// Modules per side, without the quiet zone.
    pub modules: usize,
    /// Dark runs per row: (row, first column, length).
    runs: Vec<(usize, usize, usize)>,
}

impl QrSquares {
    /// Encodes `text` with medium error correction (15% of the code may be damaged).
    pub fn new(text: &str) -> Result<QrSquares, String> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| format!("cannot make a QR code of {text}: {e}"))?;
        let modules = code.width();
        let colors = code.to_colors();
        let mut runs = Vec::new();
        for row in 0..modules {
            let mut col = 0;
            while col < modules {
                if colors[row * modules + col] == Color::Dark {
                    let start = col;
                    while col < modules && colors[row * modules + col] == Color::Dark {
                        col += 1;
                    }
                    runs.push((row, start, col - start));
                } else {
                    col += 1;
                }
            }
        }
        Ok(QrSquares { modules, runs })
    }

    /// Side of the whole symbol, quiet zone included, in modules.
    pub fn side_modules(&self) -> usize {
        self.modules + 2 * QUIET_ZONE
    }

    /// Items drawing the code with its quiet zone at (x, y), `module` points per module:
    /// a white square, then the dark runs. Each run reaches a hair into the row below so
    /// that rasterisers leave no pale seams between rows.
    pub fn items(&self, x: f32, y: f32, module: f32, dark: Rgb) -> Vec<Item> {
        let side = self.side_modules() as f32 * module;
        let mut items = vec![Item::Rect {
            x,
            y,
            w: side,
            h: side,
            fill: Rgb::WHITE,
        }];
        let origin = QUIET_ZONE as f32 * module;
        let last_row = self.modules.saturating_sub(1);
        items.extend(self.runs.iter().map(|&(row, col, len)| {
            let overlap = if row < last_row { module * 0.08 } else { 0.0 };
            Item::Rect {
                x: x + origin + col as f32 * module,
                y: y + origin + row as f32 * module,
                w: len as f32 * module,
                h: module + overlap,
                fill: dark,
            }
        }));
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_dark_module() {
        let url = "https://policies.example.org.uk/schools/a-school/social-media/";
        let qr = QrSquares::new(url).unwrap();
        let code = QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        assert_eq!(qr.runs.iter().map(|r| r.2).sum::<usize>(), dark);
        assert_eq!(qr.side_modules(), code.width() + 8);
    }
}

//! PNG logos, decoded to 8-bit RGBA for the PDF (the site publishes the file itself).

/// The first eight bytes of every PNG file.
pub const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Pixels, row by row from the top, four bytes (R, G, B, A) each.
#[derive(Debug, Clone, PartialEq)]
pub struct Bitmap {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Decodes a PNG of any colour type and depth to RGBA8, refusing sizes past the checks' limits
/// before allocating for them.
pub fn decode(bytes: &[u8]) -> Result<Bitmap, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (width, height) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if width > super::MAX_PX || height > super::MAX_PX || width == 0 || height == 0 {
        // The caller names the limits; say only what was found.
        return Ok(Bitmap {
            width,
            height,
            rgba: Vec::new(),
        });
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "the image is too large".to_string())?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    let pixels = (width * height) as usize;
    let rgba = match frame.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Indexed => return Err("an indexed image was not expanded".into()),
    };
    if rgba.len() != pixels * 4 {
        return Err("the image data is shorter than its size says".into());
    }
    Ok(Bitmap {
        width,
        height,
        rgba,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny PNG written with the png crate's encoder.
    pub(crate) fn png(width: u32, height: u32, colour: png::ColorType) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, width, height);
            enc.set_color(colour);
            enc.set_depth(png::BitDepth::Eight);
            let mut w = enc.write_header().unwrap();
            let channels = match colour {
                png::ColorType::Rgba => 4,
                png::ColorType::Rgb => 3,
                png::ColorType::GrayscaleAlpha => 2,
                _ => 1,
            };
            let data: Vec<u8> = (0..width * height * channels)
                .map(|i| (i % 251) as u8)
                .collect();
            w.write_image_data(&data).unwrap();
        }
        out
    }

    #[test]
    fn every_colour_type_becomes_rgba() {
        for colour in [
            png::ColorType::Rgba,
            png::ColorType::Rgb,
            png::ColorType::Grayscale,
            png::ColorType::GrayscaleAlpha,
        ] {
            let b = decode(&png(40, 30, colour)).unwrap();
            assert_eq!((b.width, b.height, b.rgba.len()), (40, 30, 40 * 30 * 4));
        }
    }

    #[test]
    fn damaged_files_are_errors() {
        let mut bytes = png(40, 30, png::ColorType::Rgb);
        bytes.truncate(bytes.len() / 2);
        assert!(decode(&bytes).is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\nnonsense").is_err());
    }
}

//! Stream compression with libdeflate, one compressor per thread.

use std::cell::RefCell;

use super::PdfError;

/// libdeflate's level: 1 makes PDFs 2 % larger than zlib-rs at level 4 did, for ~11 % less
/// CPU over a whole build; zlib-rs at its level 1 saved a little more but made PDFs 27 % larger
/// (docs/performance.md).
const COMPRESSION_LEVEL: i32 = 1;

/// The level for logo images: a logo is small and rare, and printpdf (which wrote them before)
/// deflated them at zlib's default level 6.
const IMAGE_LEVEL: i32 = 6;

thread_local! {
    /// One compressor per thread (each holds its tables).
    static DEFLATE: RefCell<Option<libdeflater::Compressor>> = const { RefCell::new(None) };
}

fn compressor(level: i32) -> Result<libdeflater::Compressor, PdfError> {
    let level = libdeflater::CompressionLvl::new(level)
        .map_err(|_| PdfError::Write("no such deflate level".into()))?;
    Ok(libdeflater::Compressor::new(level))
}

fn zlib(deflate: &mut libdeflater::Compressor, data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut packed = vec![0; deflate.zlib_compress_bound(data.len())];
    let len = deflate
        .zlib_compress(data, &mut packed)
        .map_err(|e| PdfError::Write(format!("deflate: {e:?}")))?;
    packed.truncate(len);
    Ok(packed)
}

/// `data` deflated (zlib format, for `/FlateDecode`), or `None` where that is no smaller.
pub(super) fn deflate(data: &[u8]) -> Result<Option<Vec<u8>>, PdfError> {
    DEFLATE.with_borrow_mut(|slot| {
        let deflate = match slot {
            Some(d) => d,
            None => slot.insert(compressor(COMPRESSION_LEVEL)?),
        };
        let packed = zlib(deflate, data)?;
        Ok((packed.len() < data.len()).then_some(packed))
    })
}

/// Image samples deflated at the image level (always: an image's dictionary names the filter).
pub(super) fn deflate_image(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    zlib(&mut compressor(IMAGE_LEVEL)?, data)
}

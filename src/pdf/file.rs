//! The PDF file: a header, the streams, one compressed object stream holding every other
//! object, and a compressed cross-reference stream.
//!
//! Object numbers are handed out up front ([`FileWriter::alloc`]), so objects can name each
//! other before they are written; each object is printed once, straight into the file or the
//! object stream, in the order the writer writes them, so the output is deterministic.

use super::PdfError;
use super::deflate::deflate;
use super::objects::{self, Dict, Ref};

/// Cross-reference entry of an object not written (yet): free.
const FREE: (u8, u32, u16) = (0, 0, 0xFFFF);

/// A PDF file being written.
pub(super) struct FileWriter {
    out: Vec<u8>,
    /// The object stream's objects, one a line, and its table of `number offset` pairs.
    body: Vec<u8>,
    table: Vec<u8>,
    count: u32,
    /// Per object number: (type, field 2, field 3) of its cross-reference entry.
    xref: Vec<(u8, u32, u16)>,
}

/// Whether a stream is to be deflated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Compression {
    /// Deflated when that makes it smaller.
    Deflate,
    /// Written as it is (the content is final: already filtered, or to stay readable).
    None,
}

impl FileWriter {
    pub fn new() -> FileWriter {
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        FileWriter {
            out,
            body: Vec::with_capacity(32 * 1024),
            table: Vec::with_capacity(4 * 1024),
            count: 0,
            xref: vec![FREE],
        }
    }

    /// A new object number, for an object written later.
    pub fn alloc(&mut self) -> Ref {
        self.xref.push(FREE);
        Ref(self.xref.len() as u32 - 1)
    }

    /// Writes object `r` into the object stream; `write` prints its value.
    pub fn object(&mut self, r: Ref, write: impl FnOnce(&mut Vec<u8>)) -> Result<(), PdfError> {
        let index = u16::try_from(self.count)
            .map_err(|_| PdfError::Write("too many objects for one object stream".into()))?;
        objects::int(&mut self.table, r.0 as i64);
        self.table.push(b' ');
        objects::int(&mut self.table, self.body.len() as i64);
        self.table.push(b' ');
        self.set_xref(r, (2, 0, index))?;
        self.count += 1;
        write(&mut self.body);
        self.body.push(b'\n');
        Ok(())
    }

    /// Writes dictionary object `r` into the object stream.
    pub fn dict(&mut self, r: Ref, fill: impl FnOnce(&mut Dict<'_>)) -> Result<(), PdfError> {
        self.object(r, |out| objects::dict(out, fill))
    }

    /// Writes stream object `r`: its dictionary (the entries `fill` adds, then `/Filter` if it
    /// is deflated here and `/Length`) and `content`.
    pub fn stream(
        &mut self,
        r: Ref,
        content: &[u8],
        compression: Compression,
        fill: impl FnOnce(&mut Dict<'_>),
    ) -> Result<(), PdfError> {
        let packed = match compression {
            Compression::Deflate => deflate(content)?,
            Compression::None => None,
        };
        let content = packed.as_deref().unwrap_or(content);
        self.raw_stream(
            r,
            |out| {
                objects::dict(out, |d| {
                    fill(d);
                    if packed.is_some() {
                        d.name("Filter", "FlateDecode");
                    }
                    d.int("Length", content.len() as i64);
                })
            },
            content,
        )
    }

    /// Writes stream object `r` whose whole dictionary (with its `/Length`) `dict` prints.
    pub fn raw_stream(
        &mut self,
        r: Ref,
        dict: impl FnOnce(&mut Vec<u8>),
        content: &[u8],
    ) -> Result<(), PdfError> {
        let at = self.offset()?;
        self.set_xref(r, (1, at, 0))?;
        objects::int(&mut self.out, r.0 as i64);
        self.out.extend_from_slice(b" 0 obj\n");
        dict(&mut self.out);
        self.out.extend_from_slice(b"\nstream\n");
        self.out.extend_from_slice(content);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        Ok(())
    }

    fn offset(&self) -> Result<u32, PdfError> {
        u32::try_from(self.out.len()).map_err(|_| PdfError::Write("file over 4 GB".into()))
    }

    fn set_xref(&mut self, r: Ref, entry: (u8, u32, u16)) -> Result<(), PdfError> {
        match self.xref.get_mut(r.0 as usize) {
            Some(slot) if *slot == FREE && r.0 != 0 => {
                *slot = entry;
                Ok(())
            }
            _ => Err(PdfError::Write(format!("object {} written twice", r.0))),
        }
    }

    /// Finishes the file: the object stream, then the cross-reference stream, whose dictionary
    /// is the trailer (`/Root`, `/Info`, `/ID`).
    pub fn finish(mut self, root: Ref, info: Ref, id: &[u8]) -> Result<Vec<u8>, PdfError> {
        // The object stream: its objects point at it by number.
        let objstm = self.alloc();
        for entry in &mut self.xref {
            if entry.0 == 2 {
                entry.1 = objstm.0;
            }
        }
        let first = self.table.len();
        let mut data = std::mem::take(&mut self.table);
        data.extend_from_slice(&self.body);
        let count = self.count;
        self.stream(objstm, &data, Compression::Deflate, |d| {
            d.name("Type", "ObjStm");
            d.int("N", count as i64);
            d.int("First", first as i64);
        })?;

        // The cross-reference stream, [1 4 2] per entry.
        // It lists itself, at the offset it is about to be written at.
        let xref = self.alloc();
        let xref_at = self.offset()?;
        let mut entries = Vec::with_capacity(self.xref.len() * 7);
        for (n, &(t, f2, f3)) in self.xref.iter().enumerate() {
            let (t, f2, f3) = if n == xref.0 as usize {
                (1, xref_at, 0)
            } else {
                (t, f2, f3)
            };
            entries.push(t);
            entries.extend_from_slice(&f2.to_be_bytes());
            entries.extend_from_slice(&f3.to_be_bytes());
        }
        let size = self.xref.len() as i64;
        self.stream(xref, &entries, Compression::Deflate, |d| {
            d.reference("Root", root);
            d.reference("Info", info);
            let out = d.key("ID");
            out.push(b'[');
            objects::hex(out, id);
            out.push(b' ');
            objects::hex(out, id);
            out.push(b']');
            d.name("Type", "XRef");
            d.int("Size", size);
            d.key("W").extend_from_slice(b"[1 4 2]");
        })?;
        self.out.extend_from_slice(b"startxref\n");
        objects::int(&mut self.out, xref_at as i64);
        self.out.extend_from_slice(b"\n%%EOF\n");
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_come_back_through_lopdf() {
        let mut file = FileWriter::new();
        let root = file.alloc();
        let info = file.alloc();
        let stream = file.alloc();
        file.dict(root, |d| {
            d.name("Type", "Catalog").literal("Title", b"T (1)");
        })
        .unwrap();
        file.dict(info, |d| {
            d.text("Title", "Tést");
        })
        .unwrap();
        file.stream(stream, b"BT ET", Compression::Deflate, |_| {})
            .unwrap();
        let bytes = file.finish(root, info, &[1; 16]).unwrap();
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let cat = back.catalog().unwrap();
        assert_eq!(cat.get(b"Title").unwrap().as_str().unwrap(), b"T (1)");
        let Ok(lopdf::Object::Stream(s)) = back.get_object((stream.0, 0)) else {
            panic!("stream")
        };
        assert_eq!(
            s.decompressed_content().unwrap_or(s.content.clone()),
            b"BT ET"
        );
    }

    #[test]
    fn an_object_is_written_once() {
        let mut file = FileWriter::new();
        let r = file.alloc();
        file.dict(r, |_| {}).unwrap();
        assert!(file.dict(r, |_| {}).is_err());
        assert!(file.dict(Ref(0), |_| {}).is_err());
    }
}

//! A font subset's PDF objects, as printpdf embeds them, made once and copied into every
//! document that shows the subset.
//!
//! printpdf is the font embedder: it writes the `Type0` font, its `CIDFontType2`/`CIDFontType0`
//! descendant with the widths, the font descriptor, the font file (`/FontFile2` or
//! `/FontFile3`) and the `/ToUnicode` map. Asking it for a whole document per PDF re-serialised
//! every font for every document (5 % of a build's CPU). Instead, a one-page printpdf document
//! that shows just the subset's characters in just that font is made once per subset; its font
//! objects are printed into bytes (the streams deflated once), with holes where they name each
//! other, and a document copies those bytes, filling in its own object numbers.

use lopdf::{Object, ObjectId};
use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};

use super::PdfError;
use super::deflate::deflate;
use super::file::FileWriter;
use super::objects::{self, Ref};

/// A font's objects, printed, with the places where they name each other left open.
#[derive(Debug)]
pub(crate) struct FontObjects {
    /// The objects; the first is the font dictionary the page resources name.
    objects: Vec<Printed>,
}

/// One object: its value (a stream's dictionary, with its final `/Length`), the holes in it,
/// and a stream's content (already filtered).
#[derive(Debug)]
struct Printed {
    value: Vec<u8>,
    /// (offset in `value`, index of the object named there), in offset order.
    holes: Vec<(usize, usize)>,
    stream: Option<Vec<u8>>,
}

impl FontObjects {
    /// printpdf's objects for font `font` (resource name `id`) showing `chars`.
    pub fn make(font: PdfFont, id: &str, chars: &str) -> Result<FontObjects, PdfError> {
        let mut pdf = PdfDocument::new("");
        let id = FontId(id.to_string());
        pdf.resources.fonts.map.insert(id.clone(), font);
        let ops = vec![
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(10.0),
            },
            Op::ShowText {
                items: vec![TextItem::Text(chars.to_string())],
            },
            Op::EndTextSection,
        ];
        pdf.pages = vec![PdfPage::new(printpdf::Mm(10.0), printpdf::Mm(10.0), ops)];
        let opts = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let lo = pdf.to_lopdf_document(&opts, &mut Vec::new());
        let font = font_dictionary(&lo, &id.0)
            .ok_or_else(|| PdfError::Font(format!("printpdf wrote no font {}", id.0)))?;

        // The objects the font dictionary reaches, in the order they are first named.
        let mut ids = vec![font];
        let mut k = 0;
        while let Some(&at) = ids.get(k) {
            let object = lo
                .get_object(at)
                .map_err(|e| PdfError::Font(e.to_string()))?;
            let mut named = Vec::new();
            references(object, &mut named);
            for r in named {
                if !ids.contains(&r) {
                    ids.push(r);
                }
            }
            k += 1;
        }
        let index = |r: ObjectId| ids.iter().position(|&i| i == r);
        let objects = ids
            .iter()
            .map(|&at| {
                let object = lo
                    .get_object(at)
                    .map_err(|e| PdfError::Font(e.to_string()))?;
                let mut printed = Printed {
                    value: Vec::new(),
                    holes: Vec::new(),
                    stream: None,
                };
                match object {
                    Object::Stream(s) => {
                        let mut dict = s.dict.clone();
                        let mut content = s.content.clone();
                        if s.allows_compression
                            && dict.get(b"Filter").is_err()
                            && let Some(packed) = deflate(&content)?
                        {
                            dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                            content = packed;
                        }
                        dict.set("Length", Object::Integer(content.len() as i64));
                        print(&mut printed, &Object::Dictionary(dict), &index);
                        printed.stream = Some(content);
                    }
                    other => print(&mut printed, other, &index),
                }
                Ok(printed)
            })
            .collect::<Result<Vec<_>, PdfError>>()?;
        Ok(FontObjects { objects })
    }

    /// Writes the objects into `file` under new numbers; returns the font dictionary's.
    pub fn write(&self, file: &mut FileWriter) -> Result<Ref, PdfError> {
        let refs: Vec<Ref> = self.objects.iter().map(|_| file.alloc()).collect();
        for (object, &r) in self.objects.iter().zip(&refs) {
            let fill = |out: &mut Vec<u8>| {
                let mut from = 0;
                for &(at, named) in &object.holes {
                    out.extend_from_slice(&object.value[from..at]);
                    if let Some(&target) = refs.get(named) {
                        objects::reference(out, target);
                    }
                    from = at;
                }
                out.extend_from_slice(&object.value[from..]);
            };
            match &object.stream {
                Some(content) => file.raw_stream(r, fill, content)?,
                None => file.object(r, fill)?,
            }
        }
        refs.first()
            .copied()
            .ok_or_else(|| PdfError::Font("a font without objects".into()))
    }
}

/// The font dictionary named `id` in the first page's font resources.
fn font_dictionary(lo: &lopdf::Document, id: &str) -> Option<ObjectId> {
    let reference = |d: &lopdf::Dictionary, key: &[u8]| d.get(key).and_then(Object::as_reference);
    let page = lo.get_pages().into_values().next()?;
    let page = lo.get_dictionary(page).ok()?;
    let resources = lo
        .get_dictionary(reference(page, b"Resources").ok()?)
        .ok()?;
    let fonts = lo
        .get_dictionary(reference(resources, b"Font").ok()?)
        .ok()?;
    reference(fonts, id.as_bytes()).ok()
}

/// The indirect objects `object` names, in the order it names them.
fn references(object: &Object, found: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(r) => found.push(*r),
        Object::Array(items) => items.iter().for_each(|o| references(o, found)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, found)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, found)),
        _ => {}
    }
}

/// Prints `object` into `printed`, leaving a hole for each reference.
fn print(printed: &mut Printed, object: &Object, index: &dyn Fn(ObjectId) -> Option<usize>) {
    let out = &mut printed.value;
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => objects::int(out, *i),
        Object::Real(r) => objects::real(out, *r),
        Object::Name(n) => objects::name(out, n),
        Object::String(s, lopdf::StringFormat::Literal) => objects::literal(out, s),
        Object::String(s, lopdf::StringFormat::Hexadecimal) => objects::hex(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    printed.value.push(b' ');
                }
                print(printed, item, index);
            }
            printed.value.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (key, value) in d.iter() {
                objects::name(&mut printed.value, key);
                printed.value.push(b' ');
                print(printed, value, index);
            }
            printed.value.extend_from_slice(b">>");
        }
        // Streams are only ever objects of their own (handled by the caller).
        Object::Stream(s) => print(printed, &Object::Dictionary(s.dict.clone()), index),
        Object::Reference(r) => match index(*r) {
            Some(k) => printed.holes.push((out.len(), k)),
            None => out.extend_from_slice(b"null"),
        },
    }
}

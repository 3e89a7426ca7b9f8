//! Serialises the finished lopdf document into PDF bytes: every dictionary and
//! array object in one compressed object stream, the streams beside it, and a
//! compressed cross-reference stream.
//!
//! lopdf's own writer clones each object into its object stream and prints it
//! three times, which took a third of the writing time; here each object is
//! printed once, in object-number order, so the output is deterministic.

use std::io::Write;

use lopdf::{Dictionary, Object, StringFormat};

use super::{PdfError, deflate_all};

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let regular = b.is_ascii_graphic()
            && !matches!(
                b,
                b'#' | b'/' | b'%' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}'
            );
        if regular {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

fn write_string(out: &mut Vec<u8>, bytes: &[u8], format: StringFormat) {
    match format {
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for b in bytes {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        StringFormat::Literal => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
    }
}

fn write_real(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        out.push(b'0');
        return;
    }
    // Up to four decimals, without trailing zeros (PDF has no exponents), printed as the
    // content streams print their numbers.
    super::content::num(out, v, 4);
}

fn write_dict(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// Writes a direct object (streams are written by [`write`] only).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => write_real(out, *r),
        Object::Name(n) => write_name(out, n),
        Object::String(s, f) => write_string(out, s, *f),
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => write_dict(out, &s.dict),
        Object::Reference((n, g)) => {
            let _ = write!(out, "{n} {g} R");
        }
    }
}

/// The file: header, streams, one object stream with everything else, and a
/// cross-reference stream whose dictionary is `trailer` (with `/Root`, `/Info`, `/ID`).
pub(super) fn write(lo: &mut lopdf::Document) -> Result<Vec<u8>, PdfError> {
    let max_id = lo.objects.keys().map(|(n, _)| *n).max().unwrap_or(0);
    let objstm_id = max_id + 1;
    let xref_id = max_id + 2;
    let size = (xref_id + 1) as usize;
    // Cross-reference entries: (type, field 2, field 3).
    let mut xref: Vec<(u8, u32, u16)> = vec![(0, 0, 0xFFFF); size];

    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");

    // The object stream's body and its table of (number, offset).
    let mut body = Vec::with_capacity(32 * 1024);
    let mut table = Vec::with_capacity(4 * 1024);
    let mut count = 0u16;
    for (&(n, g), object) in &lo.objects {
        match object {
            Object::Stream(s) => {
                xref[n as usize] = (1, out.len() as u32, g);
                let _ = writeln!(out, "{n} {g} obj");
                let mut dict = s.dict.clone();
                dict.set("Length", Object::Integer(s.content.len() as i64));
                write_dict(&mut out, &dict);
                out.extend_from_slice(b"\nstream\n");
                out.extend_from_slice(&s.content);
                out.extend_from_slice(b"\nendstream\nendobj\n");
            }
            _ if g == 0 => {
                let _ = write!(table, "{n} {} ", body.len());
                xref[n as usize] = (2, objstm_id, count);
                count += 1;
                write_object(&mut body, object);
                body.push(b'\n');
            }
            _ => {
                xref[n as usize] = (1, out.len() as u32, g);
                let _ = writeln!(out, "{n} {g} obj");
                write_object(&mut out, object);
                out.extend_from_slice(b"\nendobj\n");
            }
        }
    }

    // The object stream.
    let first = table.len();
    table.extend_from_slice(&body);
    let mut objstm = lopdf::Stream::new(Dictionary::new(), table);
    let mut xref_stream = lopdf::Stream::new(Dictionary::new(), Vec::new());
    xref[objstm_id as usize] = (1, out.len() as u32, 0);
    deflate_all(vec![&mut objstm])?;
    let mut dict = objstm.dict.clone();
    dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    dict.set("N", Object::Integer(count as i64));
    dict.set("First", Object::Integer(first as i64));
    dict.set("Length", Object::Integer(objstm.content.len() as i64));
    let _ = writeln!(out, "{objstm_id} 0 obj");
    write_dict(&mut out, &dict);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&objstm.content);
    out.extend_from_slice(b"\nendstream\nendobj\n");

    // The cross-reference stream, [1 4 2] per entry.
    let xref_at = out.len();
    xref[xref_id as usize] = (1, xref_at as u32, 0);
    let mut entries = Vec::with_capacity(size * 7);
    for (t, f2, f3) in &xref {
        entries.push(*t);
        entries.extend_from_slice(&f2.to_be_bytes());
        entries.extend_from_slice(&f3.to_be_bytes());
    }
    xref_stream.set_content(entries);
    deflate_all(vec![&mut xref_stream])?;
    let mut dict = lo.trailer.clone();
    dict.remove(b"Prev");
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(size as i64));
    dict.set(
        "W",
        Object::Array(vec![
            Object::Integer(1),
            Object::Integer(4),
            Object::Integer(2),
        ]),
    );
    for (key, value) in xref_stream.dict.iter() {
        dict.set(key.clone(), value.clone());
    }
    dict.set("Length", Object::Integer(xref_stream.content.len() as i64));
    let _ = writeln!(out, "{xref_id} 0 obj");
    write_dict(&mut out, &dict);
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&xref_stream.content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let _ = write!(out, "startxref\n{xref_at}\n%%EOF\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_strings_and_reals_are_escaped() {
        let mut out = Vec::new();
        write_name(&mut out, b"A B#(x)");
        out.push(b' ');
        write_string(&mut out, b"a(b)\\c\n", StringFormat::Literal);
        out.push(b' ');
        write_real(&mut out, 12.5);
        out.push(b' ');
        write_real(&mut out, -0.00001);
        out.push(b' ');
        write_real(&mut out, 3.0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "/A#20B#23#28x#29 (a\\(b\\)\\\\c\\n) 12.5 0 3"
        );
    }

    #[test]
    fn objects_come_back_through_lopdf() {
        let mut lo = lopdf::Document::with_version("1.7");
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Catalog".to_vec()));
        d.set(
            "Title",
            Object::String(b"T (1)".to_vec(), StringFormat::Literal),
        );
        let root = lo.add_object(d);
        let stream = lo.add_object(lopdf::Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        lo.trailer.set("Root", Object::Reference(root));
        let bytes = write(&mut lo).unwrap();
        let back = lopdf::Document::load_mem(&bytes).unwrap();
        let cat = back.catalog().unwrap();
        assert_eq!(cat.get(b"Title").unwrap().as_str().unwrap(), b"T (1)");
        let Ok(Object::Stream(s)) = back.get_object(stream) else {
            panic!("stream")
        };
        assert_eq!(
            s.decompressed_content().unwrap_or(s.content.clone()),
            b"BT ET"
        );
    }
}

//! PDF objects written straight into bytes: names, strings, numbers, references, arrays and
//! dictionaries, with no object tree in between.
//!
//! A document's structure tree, pages and annotations used to be built as lopdf dictionaries
//! (a key allocation and a hashed insert per entry, then a walk to print them, then a drop):
//! a sixth of a build's CPU for values printed exactly once. Here a dictionary is printed as
//! it is built, its keys static names.

/// An indirect object's number (its generation is always 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Ref(pub u32);

/// Writes a name object (`/Name`), escaping what a regular character may not be.
pub(super) fn name(out: &mut Vec<u8>, name: &[u8]) {
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
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(&[b'#', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        }
    }
}

/// Writes a literal string, `(…)`, escaping parentheses, backslashes and line ends.
pub(super) fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
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

/// Writes a hexadecimal string, `<…>`.
pub(super) fn hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &b in bytes {
        out.extend_from_slice(&[HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
    }
    out.push(b'>');
}

/// A text string: PDFDocEncoding (a literal string) for ASCII, else UTF-16BE with a byte order
/// mark (a hexadecimal string).
pub(super) fn text_string(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        literal(out, s.as_bytes());
    } else {
        let mut bytes = Vec::with_capacity(2 + 2 * s.len());
        bytes.extend_from_slice(&[0xFE, 0xFF]);
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        hex(out, &bytes);
    }
}

/// Writes an integer.
pub(super) fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    digits(out, v.unsigned_abs());
}

/// Writes the decimal digits of `k` (no formatting machinery: numbers are most of a PDF).
pub(super) fn digits(out: &mut Vec<u8>, mut k: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (k % 10) as u8;
        k /= 10;
        if k == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Writes a real number: up to four decimals without trailing zeros (PDF has no exponents),
/// printed as the content streams print theirs; 0 for what is not finite.
pub(super) fn real(out: &mut Vec<u8>, v: f32) {
    if v.is_finite() {
        super::content::num(out, v, 4);
    } else {
        out.push(b'0');
    }
}

/// Writes a reference, `n 0 R`.
pub(super) fn reference(out: &mut Vec<u8>, r: Ref) {
    int(out, r.0 as i64);
    out.extend_from_slice(b" 0 R");
}

/// Writes an array, `[a b …]`, each item by `one`.
pub(super) fn array<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut one: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        one(out, item);
    }
    out.push(b']');
}

/// Writes an array of reals, `[a b …]`.
pub(super) fn reals(out: &mut Vec<u8>, values: &[f32]) {
    array(out, values, |out, v| real(out, *v));
}

/// Writes an array of references, `[a 0 R b 0 R …]`.
pub(super) fn references(out: &mut Vec<u8>, refs: impl IntoIterator<Item = Ref>) {
    array(out, refs, reference);
}

/// Writes a dictionary: `<<`, the entries `fill` adds, `>>`.
pub(super) fn dict(out: &mut Vec<u8>, fill: impl FnOnce(&mut Dict<'_>)) {
    out.extend_from_slice(b"<<");
    fill(&mut Dict { out });
    out.extend_from_slice(b">>");
}

/// A dictionary being written: each method prints one entry.
pub(super) struct Dict<'a> {
    out: &'a mut Vec<u8>,
}

impl Dict<'_> {
    /// Starts an entry and returns the buffer its value is to be written into.
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        name(self.out, key.as_bytes());
        self.out.push(b' ');
        self.out
    }

    pub fn name(&mut self, key: &str, value: &str) -> &mut Self {
        let out = self.key(key);
        name(out, value.as_bytes());
        self
    }

    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        let out = self.key(key);
        int(out, value);
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key)
            .extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    pub fn reference(&mut self, key: &str, value: Ref) -> &mut Self {
        let out = self.key(key);
        reference(out, value);
        self
    }

    pub fn text(&mut self, key: &str, value: &str) -> &mut Self {
        let out = self.key(key);
        text_string(out, value);
        self
    }

    pub fn literal(&mut self, key: &str, value: &[u8]) -> &mut Self {
        let out = self.key(key);
        literal(out, value);
        self
    }

    pub fn dict(&mut self, key: &str, fill: impl FnOnce(&mut Dict<'_>)) -> &mut Self {
        let out = self.key(key);
        dict(out, fill);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_strings_and_numbers_are_escaped() {
        assert_eq!(show(|o| name(o, b"A B#(x)")), "/A#20B#23#28x#29");
        assert_eq!(show(|o| literal(o, b"a(b)\\c\n")), "(a\\(b\\)\\\\c\\n)");
        assert_eq!(show(|o| real(o, 12.5)), "12.5");
        assert_eq!(show(|o| real(o, -0.00001)), "0");
        assert_eq!(show(|o| real(o, 3.0)), "3");
        assert_eq!(show(|o| real(o, f32::NAN)), "0");
        assert_eq!(show(|o| int(o, -120)), "-120");
        assert_eq!(show(|o| int(o, 0)), "0");
        assert_eq!(show(|o| text_string(o, "é")), "<FEFF00E9>");
        assert_eq!(show(|o| text_string(o, "a)")), "(a\\))");
    }

    #[test]
    fn dictionaries_print_as_built() {
        let text = show(|o| {
            dict(o, |d| {
                d.name("Type", "Annot").int("F", 4).bool("M", true);
                d.reference("P", Ref(7)).dict("A", |a| {
                    a.name("S", "URI");
                });
                reals(d.key("Rect"), &[1.0, 2.5]);
            })
        });
        assert_eq!(
            text,
            "<</Type /Annot/F 4/M true/P 7 0 R/A <</S /URI>>/Rect [1 2.5]>>"
        );
    }
}

//! The XMP metadata stream: the document's title, author, subject and language,
//! and the PDF/UA-1 identification (`pdfuaid:part`).

use crate::typeset::DocumentInfo;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn date(d: Option<jiff::civil::Date>) -> String {
    match d {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            d.year().clamp(0, 9999),
            d.month(),
            d.day()
        ),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// The content of the catalog's `/Metadata` stream (`/Type /Metadata /Subtype /XML`). It is
/// left uncompressed, as PDF/A and many validators expect, so that tools can find it without a
/// PDF parser.
pub(super) fn xmp(info: &DocumentInfo) -> Vec<u8> {
    let language = if info.language.is_empty() {
        "x-default"
    } else {
        info.language.as_str()
    };
    let keywords = info.keywords.join(", ");
    let when = date(info.created);
    let xml = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>policyforge (printpdf 0.12)</pdf:Producer>
<xmp:CreatorTool>policyforge</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        title = escape(&info.title),
        author = escape(&info.author),
        subject = escape(&info.subject),
        language = escape(language),
        keywords = escape(&keywords),
    );
    xml.into_bytes()
}

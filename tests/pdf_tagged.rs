//! Tagged PDF (PDF/UA-1): the structure tree of policy and leaflet PDFs, read
//! back with lopdf only (no system tools). Headings match the Markdown, every
//! painted item is tagged content or an artifact, every link annotation has its
//! `Link` element, fonts map back to Unicode, and the QR code says what it opens.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use policyforge::pdf::{render_pdf, write_pdf};
use policyforge::typeset::leaflet::{LeafletSheet, layout as leaflet_layout};
use policyforge::typeset::{DocumentInfo, Fonts, PrintDocument, Rgb, sample};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::bundled().expect("bundled fonts"))
}

const BODY: &str = "# Purpose\n\nThis policy applies to all staff. Email office@school.example.org.uk or ring 01632 960007; guidance is at https://www.gov.uk/guidance/keeping-children-safe-in-education-with-a-long-address-that-breaks/over-at-least-two-lines-of-the-page-as-it-is-far-too-long.\n\n## Scope\n\n- staff\n- volunteers\n  1. on site\n  2. off site\n\n### Roles\n\n| Role | Duty |\n|---|---|\n| Head | Leads |\n| DSL | Safeguards |\n\n#### Reporting\n\n> Report the same day.\n\n## Review\n\nSee [the trust site](https://trust.example.org.uk/) and [nothing](javascript:alert(1)).\n";

fn policy(draft: bool) -> PrintDocument {
    let mut doc = sample::policy();
    doc.body_markdown = format!("{BODY}\n{}", sample::policy_markdown());
    doc.draft = draft;
    doc
}

/// A parsed PDF with its structure tree flattened in document order.
struct Tagged {
    pdf: Document,
    pages: Vec<ObjectId>,
    /// (structure type, element id) in tree order.
    elements: Vec<(String, ObjectId)>,
    /// Marked contents in the tree: (page id, MCID) -> element id.
    mcids: HashMap<(ObjectId, i64), ObjectId>,
    /// Annotation id -> the element whose `/K` has its `OBJR`.
    objrs: HashMap<ObjectId, ObjectId>,
    /// Text of every marked-content sequence: (page id, MCID) -> text.
    texts: HashMap<(ObjectId, i64), String>,
    /// Text painted inside artifacts, per page.
    artifact_text: Vec<String>,
    /// Painting operators outside tagged content and artifacts.
    untagged: usize,
}

fn name(o: &Object) -> String {
    o.as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// An element's kids (`/K` is an array, or a single kid).
fn kids(d: &Dictionary) -> Vec<Object> {
    match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    }
}

fn dict<'a>(pdf: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// A font's ToUnicode map: 2-byte code -> text.
fn to_unicode(pdf: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
        return map;
    };
    let Ok(Object::Stream(s)) = pdf.get_object(*id) else {
        return map;
    };
    let data = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    let text = String::from_utf8_lossy(&data);
    let hex = |h: &str| -> Vec<u16> {
        let h = h.trim_matches(|c| c == '<' || c == '>');
        (0..h.len() / 4)
            .filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok())
            .collect()
    };
    let decode = |h: &str| String::from_utf16_lossy(&hex(h));
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (section, parts.as_slice()) {
            ("char", [code, uni]) => {
                if let Some(&c) = hex(code).first() {
                    map.insert(c, decode(uni));
                }
            }
            ("range", [lo, hi, uni]) if uni.starts_with('<') => {
                let (lo, hi) = (hex(lo)[0], hex(hi)[0]);
                let base = hex(uni);
                for (k, code) in (lo..=hi).enumerate() {
                    let mut u = base.clone();
                    if let Some(last) = u.last_mut() {
                        *last += k as u16;
                    }
                    map.insert(code, String::from_utf16_lossy(&u));
                }
            }
            _ => {}
        }
    }
    map
}

const PAINT: &[&str] = &[
    "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh",
];

fn read(bytes: &[u8]) -> Tagged {
    let pdf = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let catalog = pdf.catalog().expect("catalog");
    let root = dict(
        &pdf,
        catalog.get(b"StructTreeRoot").expect("StructTreeRoot"),
    )
    .unwrap();

    // The tree, depth first in /K order.
    let mut elements = Vec::new();
    let mut mcids = HashMap::new();
    let mut objrs = HashMap::new();
    fn walk(
        pdf: &Document,
        node: ObjectId,
        out: &mut Vec<(String, ObjectId)>,
        mcids: &mut HashMap<(ObjectId, i64), ObjectId>,
        objrs: &mut HashMap<ObjectId, ObjectId>,
    ) {
        let d = pdf.get_dictionary(node).expect("element");
        out.push((name(d.get(b"S").expect("/S")), node));
        let pg = d.get(b"Pg").and_then(Object::as_reference).ok();
        for k in kids(d) {
            match &k {
                Object::Integer(m) => {
                    mcids.insert((pg.expect("/Pg for integer kids"), *m), node);
                }
                Object::Reference(id) => walk(pdf, *id, out, mcids, objrs),
                Object::Dictionary(kd) => {
                    let t = name(kd.get(b"Type").expect("kid /Type"));
                    if t == "MCR" {
                        let p = kd
                            .get(b"Pg")
                            .and_then(Object::as_reference)
                            .ok()
                            .or(pg)
                            .unwrap();
                        let m = kd.get(b"MCID").unwrap().as_i64().unwrap();
                        mcids.insert((p, m), node);
                    } else if t == "OBJR" {
                        objrs.insert(kd.get(b"Obj").unwrap().as_reference().unwrap(), node);
                    }
                }
                other => panic!("unexpected kid {other:?}"),
            }
        }
    }
    let top = root.get(b"K").unwrap().as_reference().unwrap();
    walk(&pdf, top, &mut elements, &mut mcids, &mut objrs);

    // Content streams: marked content, artifacts, text per MCID.
    let mut texts = HashMap::new();
    let mut artifact_text = Vec::new();
    let mut untagged = 0;
    for &page in &pages {
        let page_dict = pdf.get_dictionary(page).unwrap();
        let resources = dict(&pdf, page_dict.get(b"Resources").unwrap()).unwrap();
        let mut cmaps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
        if let Ok(fonts) = resources.get(b"Font") {
            for (k, v) in dict(&pdf, fonts).unwrap().iter() {
                cmaps.insert(k.clone(), to_unicode(&pdf, dict(&pdf, v).unwrap()));
            }
        }
        let content = Content::decode(&pdf.get_page_content(page)).unwrap();
        // Stack of (is artifact, MCID).
        let mut stack: Vec<(bool, Option<i64>)> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        let mut page_artifacts = String::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let artifact = name(&op.operands[0]) == "Artifact";
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|p| dict(&pdf, p))
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    stack.push((artifact, mcid));
                }
                "EMC" => {
                    stack.pop().expect("EMC without BDC");
                }
                "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
                _ => {}
            }
            if PAINT.contains(&op.operator.as_str()) {
                let artifact = stack.iter().any(|(a, _)| *a);
                let mcid = stack.iter().rev().find_map(|(_, m)| *m);
                if !artifact && mcid.is_none() {
                    untagged += 1;
                }
                if op.operator == "Tj" {
                    let Object::String(bytes, _) = &op.operands[0] else {
                        panic!("Tj operand")
                    };
                    let map = &cmaps[&font];
                    let s: String = bytes
                        .chunks(2)
                        .map(|c| {
                            let code = u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]);
                            map.get(&code)
                                .cloned()
                                .unwrap_or_else(|| panic!("code {code} has no ToUnicode entry"))
                        })
                        .collect();
                    if artifact {
                        page_artifacts.push_str(&s);
                        page_artifacts.push('\n');
                    } else if let Some(m) = mcid {
                        texts
                            .entry((page, m))
                            .or_insert_with(String::new)
                            .push_str(&s);
                    }
                }
            }
        }
        assert!(stack.is_empty(), "unbalanced marked content");
        artifact_text.push(page_artifacts);
    }
    Tagged {
        pdf,
        pages,
        elements,
        mcids,
        objrs,
        texts,
        artifact_text,
        untagged,
    }
}

impl Tagged {
    /// The text of an element and its descendants, in order.
    fn text(&self, element: ObjectId) -> String {
        let d = self.pdf.get_dictionary(element).unwrap();
        let pg = d.get(b"Pg").and_then(Object::as_reference).ok();
        let mut s = String::new();
        for k in kids(d) {
            match k {
                Object::Integer(m) => {
                    s.push_str(self.texts.get(&(pg.unwrap(), m)).map_or("", |t| t));
                }
                Object::Reference(id) => s.push_str(&self.text(id)),
                Object::Dictionary(kd) if name(kd.get(b"Type").unwrap()) == "MCR" => {
                    let p = kd.get(b"Pg").unwrap().as_reference().unwrap();
                    let m = kd.get(b"MCID").unwrap().as_i64().unwrap();
                    s.push_str(self.texts.get(&(p, m)).map_or("", |t| t));
                }
                _ => {}
            }
        }
        s
    }

    fn of_type(&self, s: &str) -> Vec<ObjectId> {
        self.elements
            .iter()
            .filter(|(t, _)| t == s)
            .map(|(_, id)| *id)
            .collect()
    }

    fn squashed(&self, element: ObjectId) -> String {
        self.text(element)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn rendered(draft: bool) -> &'static Tagged {
    static PUBLISHED: OnceLock<Tagged> = OnceLock::new();
    static DRAFT: OnceLock<Tagged> = OnceLock::new();
    let cell = if draft { &DRAFT } else { &PUBLISHED };
    cell.get_or_init(|| read(&render_pdf(&policy(draft), fonts()).expect("render")))
}

/// (level, text) of the Markdown's headings, as pulldown-cmark reads them.
fn markdown_headings(md: &str) -> Vec<(u8, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut cur: Option<(u8, String)> = None;
    for e in Parser::new(md) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                cur = Some((policyforge::markdown::level_number(level), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = cur.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(cur.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn heading_levels_and_words_equal_the_markdown() {
    let t = rendered(false);
    let doc = policy(false);
    let headings: Vec<(u8, String)> = t
        .elements
        .iter()
        .filter(|(s, _)| s.len() == 2 && s.starts_with('H'))
        .map(|(s, id)| (s[1..].parse::<u8>().unwrap(), t.squashed(*id)))
        .collect();
    // The cover: the title (H1), then "Document control" and the ethos heading
    // under it, then the contents' heading; then the body as written.
    assert_eq!(headings[0], (1, doc.cover.title.clone()));
    assert_eq!(headings[1], (2, "Document control".to_string()));
    let contents = headings
        .iter()
        .position(|h| h.1 == "Contents")
        .expect("a Contents heading");
    assert_eq!(headings[contents].0, 2);
    let body: Vec<(u8, String)> = headings[contents + 1..].to_vec();
    assert_eq!(body, markdown_headings(&doc.body_markdown));
    assert!(body.iter().any(|h| h.0 == 4), "the fixture has an H4");
}

#[test]
fn every_painted_item_is_tagged_content_or_an_artifact() {
    for draft in [false, true] {
        let t = rendered(draft);
        assert_eq!(t.untagged, 0, "draft={draft}");
        // Every marked-content id on a page is an element's content, and the
        // parent tree maps it back to that element.
        let catalog = t.pdf.catalog().unwrap();
        let root = dict(&t.pdf, catalog.get(b"StructTreeRoot").unwrap()).unwrap();
        let tree = dict(&t.pdf, root.get(b"ParentTree").unwrap()).unwrap();
        let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
        let parent_tree: BTreeMap<i64, &Object> = nums
            .chunks(2)
            .map(|p| (p[0].as_i64().unwrap(), &p[1]))
            .collect();
        for (&(page, mcid), text) in &t.texts {
            let element = t
                .mcids
                .get(&(page, mcid))
                .unwrap_or_else(|| panic!("MCID {mcid} ({text:?}) is not in the structure tree"));
            let key = t
                .pdf
                .get_dictionary(page)
                .unwrap()
                .get(b"StructParents")
                .unwrap()
                .as_i64()
                .unwrap();
            let refs = parent_tree[&key].as_array().unwrap();
            assert_eq!(refs[mcid as usize].as_reference().unwrap(), *element);
        }
        // Running headers, footers and page numbers are artifacts.
        let n = t.pages.len();
        for (i, a) in t.artifact_text.iter().enumerate() {
            assert!(a.contains(&format!("Page {} of {n}", i + 1)), "{a}");
            assert_eq!(a.contains("DRAFT"), draft, "page {i}");
        }
        for page in &t.pages {
            let d = t.pdf.get_dictionary(*page).unwrap();
            assert_eq!(name(d.get(b"Tabs").unwrap()), "S");
        }
    }
}

#[test]
fn every_link_annotation_has_its_link_element() {
    let t = rendered(false);
    let mut uris = Vec::new();
    let mut internal = 0;
    for page in &t.pages {
        let d = t.pdf.get_dictionary(*page).unwrap();
        let Ok(annots) = d.get(b"Annots") else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let id = a.as_reference().unwrap();
            let ad = t.pdf.get_dictionary(id).unwrap();
            assert_eq!(name(ad.get(b"Subtype").unwrap()), "Link");
            let element = t.objrs.get(&id).expect("the annotation's OBJR");
            let e = t.pdf.get_dictionary(*element).unwrap();
            assert_eq!(name(e.get(b"S").unwrap()), "Link");
            assert!(ad.get(b"StructParent").is_ok());
            let contents = ad.get(b"Contents").unwrap().as_str().unwrap();
            assert!(!contents.is_empty());
            let action = dict(&t.pdf, ad.get(b"A").unwrap()).unwrap();
            // The link's words are inside its element.
            assert!(!t.squashed(*element).is_empty());
            match name(action.get(b"S").unwrap()).as_str() {
                "URI" => {
                    let uri = action.get(b"URI").unwrap();
                    uris.push(String::from_utf8_lossy(uri.as_str().unwrap()).into_owned());
                }
                "GoTo" => {
                    let dest = action.get(b"D").unwrap().as_array().unwrap();
                    assert!(t.pages.contains(&dest[0].as_reference().unwrap()));
                    internal += 1;
                }
                other => panic!("unexpected action {other}"),
            }
        }
    }
    assert!(internal > 5, "contents entries link to their pages");
    for want in [
        "mailto:office@school.example.org.uk",
        "tel:+441632960007",
        "https://trust.example.org.uk/",
    ] {
        assert!(uris.iter().any(|u| u == want), "{want} in {uris:?}");
    }
    // A long address broken over lines links every fragment to the whole address.
    let long = "https://www.gov.uk/guidance/keeping-children-safe-in-education-with-a-long-address-that-breaks/over-at-least-two-lines-of-the-page-as-it-is-far-too-long";
    assert!(uris.iter().filter(|u| *u == long).count() >= 2, "{uris:?}");
    assert!(!uris.iter().any(|u| u.contains("javascript")));
    // Every contents entry (TOCI) holds a Link.
    for toci in t.of_type("TOCI") {
        let d = t.pdf.get_dictionary(toci).unwrap();
        let kids = kids(d);
        assert!(kids.iter().any(|k| {
            k.as_reference()
                .ok()
                .and_then(|id| t.pdf.get_dictionary(id).ok())
                .is_some_and(|kd| name(kd.get(b"S").unwrap()) == "Link")
        }));
    }
}

#[test]
fn lists_tables_and_quotes_are_structured() {
    let t = rendered(false);
    for s in [
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "BlockQuote",
        "TOC",
    ] {
        assert!(!t.of_type(s).is_empty(), "no {s}");
    }
    let ths: Vec<String> = t
        .of_type("TH")
        .iter()
        .map(|id| {
            let d = t.pdf.get_dictionary(*id).unwrap();
            let a = dict(&t.pdf, d.get(b"A").expect("TH has attributes")).unwrap();
            name(a.get(b"Scope").unwrap())
        })
        .collect();
    assert!(ths.iter().any(|s| s == "Column") && ths.iter().any(|s| s == "Row"));
    assert!(
        t.of_type("BlockQuote")
            .iter()
            .any(|q| t.squashed(*q) == "Report the same day.")
    );
    let labels: Vec<String> = t.of_type("Lbl").iter().map(|l| t.squashed(*l)).collect();
    assert!(labels.iter().any(|l| l == "1.") && labels.iter().any(|l| l == "•"));
}

#[test]
fn catalog_metadata_and_fonts_meet_pdf_ua() {
    let t = rendered(true);
    let catalog = t.pdf.catalog().unwrap();
    let mark = dict(&t.pdf, catalog.get(b"MarkInfo").unwrap()).unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let prefs = dict(&t.pdf, catalog.get(b"ViewerPreferences").unwrap()).unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let meta = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let Object::Stream(s) = t.pdf.get_object(meta).unwrap() else {
        panic!("metadata is a stream")
    };
    let xmp = String::from_utf8(s.content.clone()).unwrap();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li>",
        policy(true).title
    )));
    // Every font is embedded and has a ToUnicode map (checked while reading the text).
    for page in &t.pages {
        let d = t.pdf.get_dictionary(*page).unwrap();
        let res = dict(&t.pdf, d.get(b"Resources").unwrap()).unwrap();
        for (_, f) in dict(&t.pdf, res.get(b"Font").unwrap()).unwrap().iter() {
            let f = dict(&t.pdf, f).unwrap();
            assert!(f.get(b"ToUnicode").is_ok());
            let desc = f.get(b"DescendantFonts").unwrap().as_array().unwrap();
            let cid = dict(&t.pdf, &desc[0]).unwrap();
            let fd = dict(&t.pdf, cid.get(b"FontDescriptor").unwrap()).unwrap();
            assert!(fd.get(b"FontFile2").is_ok() || fd.get(b"FontFile3").is_ok());
        }
    }
    // The words of a paragraph come back through ToUnicode exactly.
    assert!(t.of_type("P").iter().any(|p| t.squashed(*p).starts_with(
        "This policy applies to all staff. Email office@school.example.org.uk or ring 01632 960007;"
    )),);
}

fn sheet() -> LeafletSheet {
    LeafletSheet {
        school_name: "Wybunbury Delves C of E Primary School".into(),
        organisation: Some("Cheshire Academies Trust".into()),
        title: "Code of conduct for parents and carers".into(),
        markdown: "Welcome. Call the office on 01632 960002.\n\n## Be kind\n\n- Speak calmly.\n- Email office@wybunbury.example.org.uk.\n\n---\n\n## If you are worried\n\n> Talk to us first.\n".into(),
        brand: Rgb(0x00, 0x5e, 0xb8),
        qr_url: "https://policies.example.org.uk/schools/wybunbury-delves/social-media/".into(),
        full_policy_title: "Social Media Policy".into(),
        logo: None,
        footer: "Version 1 · approved by the LGB on 1 September 2025".into(),
        info: DocumentInfo {
            title: "Code of conduct for parents and carers".into(),
            author: "Wybunbury Delves C of E Primary School".into(),
            subject: "Parent leaflet".into(),
            keywords: Vec::new(),
            language: "en-GB".into(),
            created: None,
        },
    }
}

#[test]
fn leaflet_qr_figure_names_the_page_it_opens() {
    let sheet = sheet();
    let laid = leaflet_layout(&sheet, fonts()).expect("leaflet fits");
    let t = read(&write_pdf(&laid, fonts()).expect("write"));
    assert_eq!(t.untagged, 0);
    let figures = t.of_type("Figure");
    assert_eq!(figures.len(), 1);
    let d = t.pdf.get_dictionary(figures[0]).unwrap();
    let alt = String::from_utf8_lossy(d.get(b"Alt").unwrap().as_str().unwrap()).into_owned();
    assert!(alt.contains(&sheet.qr_url), "{alt}");
    assert!(alt.contains("Social Media Policy"), "{alt}");
    // The figure owns the QR code's squares as its content.
    assert!(!kids(d).is_empty());
    let headings: Vec<String> = t
        .elements
        .iter()
        .filter(|(s, _)| s.starts_with('H'))
        .map(|(s, id)| format!("{s} {}", t.squashed(*id)))
        .collect();
    assert_eq!(
        headings,
        [
            "H1 Code of conduct for parents and carers",
            "H2 Be kind",
            "H2 If you are worried",
            "H2 Read our Social Media Policy",
        ]
    );
    // The phone number and email in the text are links.
    let mut uris = Vec::new();
    for page in &t.pages {
        if let Ok(annots) = t.pdf.get_dictionary(*page).unwrap().get(b"Annots") {
            for a in annots.as_array().unwrap() {
                let ad = t.pdf.get_dictionary(a.as_reference().unwrap()).unwrap();
                assert!(t.objrs.contains_key(&a.as_reference().unwrap()));
                let action = dict(&t.pdf, ad.get(b"A").unwrap()).unwrap();
                uris.push(
                    String::from_utf8_lossy(action.get(b"URI").unwrap().as_str().unwrap())
                        .into_owned(),
                );
            }
        }
    }
    for want in [
        "tel:+441632960002",
        "mailto:office@wybunbury.example.org.uk",
        sheet.qr_url.as_str(),
    ] {
        assert!(uris.iter().any(|u| u == want), "{want} in {uris:?}");
    }
}

/// A school's logo, read and checked as `build` reads it.
fn sample_logo(school: &str, file: &str) -> std::sync::Arc<policyforge::logo::Logo> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = root.join("schools").join(school);
    let logo = policyforge::logo::read(
        root,
        &folder,
        file,
        &folder.join("school.yaml"),
        policyforge::diagnostic::Position::new(1, 1),
        "school",
        "Test School",
    )
    .expect("the sample logo is valid");
    std::sync::Arc::new(logo)
}

#[test]
fn logos_are_figures_with_alt_text_in_svg_and_png() {
    for (school, file) in [
        ("alderbeck-primary", "logo.svg"),
        ("hollowmere-church-academy", "logo.png"),
    ] {
        let mut sheet = sheet();
        sheet.logo = Some(sample_logo(school, file));
        let laid = leaflet_layout(&sheet, fonts()).expect("leaflet fits");
        let t = read(&write_pdf(&laid, fonts()).expect("write"));
        assert_eq!(t.untagged, 0, "{school}: every painted item is tagged");
        let alts: Vec<String> = t
            .of_type("Figure")
            .iter()
            .map(|f| {
                let d = t.pdf.get_dictionary(*f).unwrap();
                String::from_utf8_lossy(d.get(b"Alt").unwrap().as_str().unwrap()).into_owned()
            })
            .collect();
        assert_eq!(
            alts.len(),
            2,
            "{school}: the logo and the QR code: {alts:?}"
        );
        assert!(
            alts.iter().any(|a| a == "Test School logo"),
            "{school}: {alts:?}"
        );
        // The logo figure owns marked content (it is drawn, not empty).
        let logo = t
            .of_type("Figure")
            .into_iter()
            .find(|f| {
                let d = t.pdf.get_dictionary(*f).unwrap();
                d.get(b"Alt").unwrap().as_str().unwrap() == b"Test School logo"
            })
            .unwrap();
        assert!(!kids(t.pdf.get_dictionary(logo).unwrap()).is_empty());
    }
}

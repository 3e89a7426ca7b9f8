//! What parents and governors read: headings numbered once (page, contents, PDF), the phone-first
//! policy page, the ethos where it belongs, and the Atom feeds of newly published versions.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Sample, copy_dir, files_under, run, scratch};

const BASE: &str = "https://policies.example.org.uk/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A scratch copy of a fixture under tests/fixtures/, with the project's themes.
struct Fixture {
    dir: PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = scratch(name);
        copy_dir(&root.join("tests/fixtures").join(name), &dir);
        copy_dir(&root.join("themes"), &dir.join("themes"));
        Fixture { dir }
    }

    fn run(&self, args: &[&str]) -> common::Run {
        let dir = self.dir.to_string_lossy().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        run(&args, &self.dir)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.dir.join(rel), text).unwrap();
    }
}

/// The text of an HTML fragment, tags dropped and entities of the escaper undone.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

/// The part of `html` between the first `open` and the next `close` after it.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)? + open.len();
    let end = html[start..].find(close)? + start;
    Some(&html[start..end])
}

/// The entries of a policy page's contents list, as text. The page renders the list twice (open
/// on wide screens, folded on phones); both must say the same.
fn contents(html: &str) -> Vec<String> {
    let entries = |list: &str| -> Vec<String> {
        list.split("<li>")
            .skip(1)
            .map(|li| text_of(li).trim().to_string())
            .collect()
    };
    let wide = entries(between(html, "<ol class=\"toc-list toc-wide\">", "</ol>").unwrap_or(""));
    let folded = between(html, "<details class=\"toc-narrow\">", "</details>").unwrap_or("");
    let narrow = entries(between(folded, "<ol class=\"toc-list\">", "</ol>").unwrap_or(""));
    assert_eq!(wide, narrow, "the two renderings of the contents differ");
    wide
}

/// Every h2/h3 of the policy text, as text.
fn body_headings(html: &str) -> Vec<String> {
    let body = between(
        html,
        "<div class=\"policy-text\">",
        "<section class=\"control\"",
    )
    .unwrap();
    let mut out = Vec::new();
    for level in ["<h2", "<h3"] {
        for part in body.split(level).skip(1) {
            let inner = &part[part.find('>').unwrap() + 1..];
            let end = inner.find("</h").unwrap();
            out.push(text_of(&inner[..end]).trim().to_string());
        }
    }
    out
}

/// "1. 1. Rationale", "2.3 2.3 Scope": a heading that starts with two numbers.
fn starts_with_two_numbers(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let number = |w: Option<&str>| {
        w.is_some_and(|w| {
            let core = w.trim_end_matches(['.', ')', ':']);
            !core.is_empty()
                && core
                    .split('.')
                    .all(|g| g.chars().all(|c| c.is_ascii_digit()) && !g.is_empty())
        })
    };
    number(words.next()) && number(words.next())
}

/// The titles of a PDF's bookmarks, in order, read back with lopdf.
fn outline_titles(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let mut out = Vec::new();
    let Ok(outlines) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) else {
        return out;
    };
    fn walk(doc: &lopdf::Document, first: Option<lopdf::ObjectId>, out: &mut Vec<String>) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            if let Ok(title) = item.get(b"Title").and_then(|t| t.as_str()) {
                out.push(decode_pdf_string(title));
            }
            walk(
                doc,
                item.get(b"First").and_then(|f| f.as_reference()).ok(),
                out,
            );
            next = item.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    let root = doc.get_dictionary(outlines).unwrap();
    walk(
        &doc,
        root.get(b"First").and_then(|f| f.as_reference()).ok(),
        &mut out,
    );
    out
}

fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The words of one page (1-based) of a PDF, read back with lopdf.
fn pdf_page_text(pdf: &Path, page: u32) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.extract_text(&[page]).unwrap_or_default()
}

/// The visible text of a page's body above its `<h1>`.
fn above_first_heading(html: &str) -> String {
    let body = &html[html.find("<body").unwrap()..];
    let head = &body[..body.find("<h1").unwrap()];
    // The skip link is off-screen until focused and names nothing.
    text_of(head)
}

#[test]
fn a_model_that_numbers_its_headings_is_numbered_once_in_page_contents_and_pdf() {
    let s = Sample::new("reading-own-numbers");
    s.run(&["build", "{dir}"]).ok();
    let page = s.read("site/schools/wybunbury-delves/social-media/index.html");
    let toc = contents(&page);
    assert_eq!(
        toc.first().map(String::as_str),
        Some("1. Rationale"),
        "{toc:?}"
    );
    assert_eq!(toc.len(), 7, "{toc:?}");
    let headings = body_headings(&page);
    for entry in &toc {
        assert!(
            headings.contains(entry),
            "{entry} is not a heading of the text: {headings:?}"
        );
    }
    for text in toc.iter().chain(&headings) {
        assert!(!starts_with_two_numbers(text), "numbered twice: {text}");
    }
    // The list draws no numbers of its own (the browser test checks what is drawn).
    let css = s.read("site/schools/wybunbury-delves/assets/style.css");
    assert!(
        css.contains(".toc .toc-list { list-style: none;"),
        "contents list style"
    );
    // The PDF's contents and bookmarks read the same text: its own numbers, once.
    let manifest = s.manifest();
    let pdf = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["school"] == "wybunbury-delves" && d["current"] == true && d["kind"] == "policy"
        })
        .and_then(|d| d["pdf"].as_str())
        .unwrap()
        .to_string();
    let titles = outline_titles(&s.path(&format!("site/{pdf}")));
    assert!(titles.iter().any(|t| t == "1. Rationale"), "{titles:?}");
    assert!(
        titles.iter().all(|t| !starts_with_two_numbers(t)),
        "{titles:?}"
    );
    let contents_page = pdf_page_text(&s.path(&format!("site/{pdf}")), 2);
    assert!(contents_page.contains("1. Rationale"), "{contents_page}");
    assert!(
        contents_page.lines().all(|l| !starts_with_two_numbers(l)),
        "{contents_page}"
    );
}

#[test]
fn a_policy_without_numbers_gets_them_once_everywhere_and_no_feed_without_base_url() {
    let f = Fixture::new("unnumbered-local-policy");
    f.run(&[
        "approve",
        "{dir}",
        "--school",
        "riverside-primary",
        "--policy",
        "homework",
        "--date",
        "2025-01-10",
        "--minute",
        "GB/25/01",
        "--chair",
        "Chair of Governors",
    ])
    .ok();
    let built = f.run(&["build", "{dir}"]);
    built.ok().says("no Atom feeds were made").says("base-url");
    let page = f.read("site/schools/riverside-primary/homework/index.html");
    assert_eq!(
        contents(&page),
        ["1. Aims", "2. How much homework", "3. Help and questions"]
    );
    let headings = body_headings(&page);
    assert!(
        headings.contains(&"1.1 For younger pupils".to_string()),
        "{headings:?}"
    );
    assert!(
        headings.contains(&"2. How much homework".to_string()),
        "{headings:?}"
    );
    // The approved words themselves are unchanged: the intro has no number.
    assert!(page.contains("This policy says what homework Riverside Primary School sets and why."));
    // The PDF numbers the same headings the same way.
    let pdf = f
        .dir
        .join("site/schools/riverside-primary/homework/riverside-primary-homework-v1.pdf");
    let titles = outline_titles(&pdf);
    assert_eq!(
        titles,
        [
            "1. Aims",
            "1.1 For younger pupils",
            "2. How much homework",
            "3. Help and questions"
        ]
    );
    let contents_page = pdf_page_text(&pdf, 2);
    for entry in ["1. Aims", "2. How much homework", "3. Help and questions"] {
        assert!(contents_page.contains(entry), "{entry} in {contents_page}");
    }
    // No base-url: no feed and no link to one.
    let files = files_under(&f.dir.join("site"));
    assert!(!files.iter().any(|p| p.ends_with("feed.xml")), "{files:?}");
    assert!(!page.contains("application/atom+xml"));
    // The table scrolls inside its own labelled, focusable region.
    assert!(
        page.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table 1: Year group, Each week, Reading\" tabindex=\"0\">\n<table>"),
        "{page}"
    );
    // A link whose words are its address is not printed twice on paper.
    assert!(page.contains(
        "<a class=\"bare-link\" href=\"mailto:office@riverside-primary.example.org.uk\">"
    ));
    assert!(page.contains("<a href=\"https://www.gov.uk/\">the Department's website</a>"));
}

#[test]
fn the_school_is_named_once_above_the_title_and_the_control_block_is_a_list() {
    let s = Sample::new("reading-layout");
    s.run(&["build", "{dir}"]).ok();
    let name = "Wybunbury Delves C of E Primary School";
    for page in [
        "site/schools/wybunbury-delves/index.html",
        "site/schools/wybunbury-delves/social-media/index.html",
        "site/schools/wybunbury-delves/social-media/v1/index.html",
        "site/schools/wybunbury-delves/social-media/changes-v2.html",
        "site/schools/wybunbury-delves/leaflet/index.html",
    ] {
        let html = s.read(page);
        let above = above_first_heading(&html);
        assert_eq!(above.matches(name).count(), 1, "{page}: {above}");
    }
    let html = s.read("site/schools/wybunbury-delves/social-media/index.html");
    let control = between(&html, "<dl class=\"control-list\">", "</dl>").unwrap();
    let labels: Vec<String> = control
        .split("<dt>")
        .skip(1)
        .map(|d| text_of(&d[..d.find("</dt>").unwrap()]))
        .collect();
    assert_eq!(
        labels,
        [
            "Version",
            "Trust model",
            "Date agreed by the LGB",
            "Minute reference",
            "Review date",
            "Chair of the LGB",
            "Status"
        ]
    );
    // The status line and the contents come before the text; the full record after it.
    let status = html.find("class=\"document-status\"").unwrap();
    let toc = html.find("class=\"toc\"").unwrap();
    let text = html.find("class=\"policy-text\"").unwrap();
    let record = html.find("class=\"control\"").unwrap();
    assert!(status < toc && toc < text && text < record);
    assert!(text_of(&html).contains("Version 2, approved by the LGB on 18 June 2025."));
    // The trust's pages name the trust once above their heading too.
    let trust = s.read("site/trusts/cdat/index.html");
    assert_eq!(
        above_first_heading(&trust)
            .matches("Chester Diocesan Academies Trust")
            .count(),
        1
    );
}

#[test]
fn the_policy_sentence_of_the_ethos_is_shown_on_documents_only() {
    let s = Sample::new("reading-ethos");
    s.run(&["build", "{dir}"]).ok();
    let general = "Christian values are at the heart of everything CDAT does";
    let sentence = "Those values shape this policy";
    let policy = s.read("site/schools/wybunbury-delves/social-media/index.html");
    assert!(policy.contains(general) && policy.contains(sentence));
    for page in [
        "site/index.html",
        "site/trusts/cdat/index.html",
        "site/trusts/cdat/dashboard.html",
        "site/schools/wybunbury-delves/index.html",
    ] {
        let html = s.read(page);
        assert!(!html.contains(sentence), "{page} shows the policy sentence");
    }
    assert!(
        s.read("site/schools/wybunbury-delves/index.html")
            .contains(general)
    );
    assert!(s.read("site/index.html").contains(general));
    // The PDF's cover reads the same ethos as the policy's page.
    let cover = pdf_page_text(
        &s.path("site/schools/wybunbury-delves/social-media/wybunbury-delves-social-media-v2.pdf"),
        1,
    );
    assert!(cover.contains(sentence), "{cover}");
}

#[test]
fn ethos_problems_name_the_file_and_line() {
    let s = Sample::new("reading-ethos-errors");
    s.replace(
        "model-policies/cdat/trust.yaml",
        "  heading: Our Christian values",
        "  heading: \"\"",
    );
    s.replace(
        "model-policies/cmat/trust.yaml",
        "  policy_text: >-",
        "  polcy_text: >-",
    );
    s.replace(
        "model-policies/cidari/trust.yaml",
        "    Every child in our academies should be known",
        "    This policy says every child in our academies should be known",
    );
    let out = s.run(&["check", "{dir}"]);
    out.fails()
        .says("model-policies/cdat/trust.yaml:9:")
        .says("the ethos `heading` is empty")
        .says("model-policies/cmat/trust.yaml:15:3")
        .says("did you mean `policy_text`?")
        .says("model-policies/cidari/trust.yaml:10:")
        .says("move that sentence to `policy_text:`");
    let s = Sample::new("reading-ethos-empty");
    s.replace(
        "model-policies/cidari/trust.yaml",
        "  policy_text: This policy, like every policy we write, is there to serve that aim.",
        "  policy_text: \"  \"",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("model-policies/cidari/trust.yaml:12:")
        .says("the ethos `policy_text` is empty");
}

/// The entries of a feed: (title, id, updated, alternate href, related href).
struct Entry {
    id: String,
    title: String,
    updated: String,
    alternate: String,
    related: Option<String>,
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    child(node, name).text().unwrap_or("").to_string()
}

fn link(node: roxmltree::Node<'_, '_>, rel: &str) -> Option<String> {
    node.children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .find(|c| c.attribute("rel").unwrap_or("alternate") == rel)
        .and_then(|c| c.attribute("href"))
        .map(str::to_string)
}

/// Parses an Atom feed and checks the elements every feed and entry must have.
fn parse_feed(xml: &str, self_url: &str) -> Vec<Entry> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "root is {:?}",
        feed.tag_name()
    );
    assert!(!text(feed, "title").is_empty());
    assert_eq!(text(feed, "id"), self_url);
    assert_eq!(link(feed, "self").as_deref(), Some(self_url));
    assert!(!text(child(feed, "author"), "name").is_empty());
    let feed_updated = text(feed, "updated");
    let entries: Vec<Entry> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            assert!(child(e, "published").text().is_some());
            assert!(!text(child(e, "author"), "name").is_empty());
            assert!(!text(e, "summary").is_empty());
            Entry {
                id: text(e, "id"),
                title: text(e, "title"),
                updated: text(e, "updated"),
                alternate: link(e, "alternate").expect("an entry links its page"),
                related: link(e, "related"),
            }
        })
        .collect();
    assert!(!entries.is_empty());
    assert_eq!(
        feed_updated, entries[0].updated,
        "the feed is as new as its newest entry"
    );
    for e in &entries {
        // RFC 3339, from the approval date.
        assert_eq!(e.updated.len(), 20, "{}", e.updated);
        assert!(e.updated.ends_with("T00:00:00Z"), "{}", e.updated);
        assert!(e.alternate.starts_with(BASE), "{}", e.alternate);
    }
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    let dates: Vec<&str> = entries.iter().map(|e| e.updated.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    entries
}

/// The site file an absolute link of the feed names.
fn site_file(site: &Path, url: &str) -> PathBuf {
    let rel = url.strip_prefix(BASE).unwrap();
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    site.join(rel)
}

#[test]
fn feeds_are_atom_newest_first_linking_each_version_and_what_changed() {
    let s = Sample::new("reading-feeds");
    s.run(&["build", "{dir}"]).ok();
    let site = s.path("site");
    let school = s.read("site/schools/wybunbury-delves/feed.xml");
    let entries = parse_feed(&school, &format!("{BASE}schools/wybunbury-delves/feed.xml"));
    assert_eq!(entries.len(), 2, "both approved versions");
    assert_eq!(entries[0].title, "Social Media Policy, version 2");
    assert_eq!(
        entries[0].id,
        "tag:policies.example.org.uk,2025-06-18:schools/wybunbury-delves/social-media/v2"
    );
    assert_eq!(
        entries[0].alternate,
        format!("{BASE}schools/wybunbury-delves/social-media/")
    );
    assert_eq!(
        entries[0].related.as_deref(),
        Some(format!("{BASE}schools/wybunbury-delves/social-media/changes-v2.html").as_str())
    );
    assert_eq!(
        entries[1].alternate,
        format!("{BASE}schools/wybunbury-delves/social-media/v1/")
    );
    assert!(
        entries[1].related.is_none(),
        "version 1 has nothing to compare with"
    );
    for e in &entries {
        assert!(site_file(&site, &e.alternate).is_file(), "{}", e.alternate);
        if let Some(r) = &e.related {
            assert!(site_file(&site, r).is_file(), "{r}");
        }
    }
    // The trust's feed holds every school's versions, newest first.
    let trust = s.read("site/trusts/cdat/feed.xml");
    let all = parse_feed(&trust, &format!("{BASE}trusts/cdat/feed.xml"));
    assert!(all.len() > entries.len());
    assert!(all.iter().any(|e| e.id == entries[0].id));
    for e in &all {
        assert!(site_file(&site, &e.alternate).is_file(), "{}", e.alternate);
    }
    // Pages offer their feed.
    for (page, href) in [
        ("site/schools/wybunbury-delves/index.html", "feed.xml"),
        (
            "site/schools/wybunbury-delves/social-media/index.html",
            "../feed.xml",
        ),
        (
            "site/schools/wybunbury-delves/social-media/v1/index.html",
            "../../feed.xml",
        ),
        ("site/trusts/cdat/index.html", "feed.xml"),
        ("site/trusts/cdat/models/social-media.html", "../feed.xml"),
        ("site/index.html", "trusts/cdat/feed.xml"),
    ] {
        let html = s.read(page);
        assert!(
            html.contains(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"New policy versions"
            ),
            "{page}"
        );
        assert!(
            html.contains(&format!("href=\"{href}\">")),
            "{page} links {href}"
        );
    }
    // A school with nothing published has no feed to offer (Alderbeck now publishes CMAT's
    // trust-wide charging policy; St Aidan's publishes nothing yet).
    assert!(
        !s.path("site/schools/st-aidans-fernhollow/feed.xml")
            .exists()
    );
    assert!(
        !s.read("site/schools/st-aidans-fernhollow/index.html")
            .contains("application/atom+xml")
    );
    // Deterministic: the same input gives the same bytes.
    let again = s.path("again");
    s.run(&["build", "{dir}", "--dest-dir", again.to_str().unwrap()])
        .ok();
    assert_eq!(
        std::fs::read_to_string(again.join("trusts/cdat/feed.xml")).unwrap(),
        trust
    );
}

#[test]
fn a_feed_keeps_hostile_names_as_text_and_orders_new_versions_first() {
    let f = Fixture::new("unnumbered-local-policy");
    let book = f.read("book.toml");
    f.write("book.toml", &format!("{book}base-url = \"{BASE}\"\n"));
    let hostile = "Riverside <script>alert(1)</script> & \"Sons\" ]]> School";
    let school = f.read("schools/riverside-primary/school.yaml");
    f.write(
        "schools/riverside-primary/school.yaml",
        &school.replace(
            "name: Riverside Primary School",
            &format!("name: '{}'", hostile.replace('\'', "''")),
        ),
    );
    let approve = |date: &str, minute: &str| {
        f.run(&[
            "approve",
            "{dir}",
            "--school",
            "riverside-primary",
            "--policy",
            "homework",
            "--date",
            date,
            "--minute",
            minute,
            "--chair",
            "Chair of Governors",
            "--changes",
            "Times <b>&</b> reading",
        ])
        .ok();
    };
    approve("2025-01-10", "GB/25/01");
    let policy = f.read("schools/riverside-primary/local/homework.md");
    f.write(
        "schools/riverside-primary/local/homework.md",
        &policy
            .replace("version: 1", "version: 2")
            .replace("up to 30 minutes", "up to 40 minutes"),
    );
    approve("2026-03-05", "GB/26/02");
    f.run(&["build", "{dir}"]).ok();
    let xml = f.read("site/schools/riverside-primary/feed.xml");
    assert!(!xml.contains("<script>") && !xml.contains("<b>"), "{xml}");
    let entries = parse_feed(&xml, &format!("{BASE}schools/riverside-primary/feed.xml"));
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].updated, "2026-03-05T00:00:00Z");
    assert_eq!(entries[1].updated, "2025-01-10T00:00:00Z");
    assert_eq!(
        entries[0].related.as_deref(),
        Some(format!("{BASE}schools/riverside-primary/homework/changes-v2.html").as_str())
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let author = doc
        .descendants()
        .find(|n| n.has_tag_name((ATOM, "name")))
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(author, hostile, "the name arrives as the school typed it");
    let summary = doc
        .descendants()
        .find(|n| n.has_tag_name((ATOM, "summary")))
        .and_then(|n| n.text())
        .unwrap();
    assert!(
        summary.contains("Changes: Times <b>&</b> reading"),
        "{summary}"
    );
}

#[test]
fn a_base_url_that_is_not_a_folder_address_is_an_error_at_its_line() {
    for bad in [
        "https://policies.example.org.uk/?page=1",
        "https:///policies/",
        "https://policies.example.org.uk/our policies/",
    ] {
        let s = Sample::new("reading-base-url");
        s.replace(
            "book.toml",
            "base-url = \"https://policies.example.org.uk/\"",
            &format!("base-url = \"{bad}\""),
        );
        s.run(&["check", "{dir}"])
            .fails()
            .says("book.toml:7:")
            .says("is not the address of a folder of the site");
    }
}

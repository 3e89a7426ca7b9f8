//! End-to-end checks of the PDF engine, reading the PDFs back with lopdf (no system tools): text,
//! fonts, outline, contents, metadata, determinism, margins and size. `.ci/run` cross-checks the
//! same files with poppler and qpdf.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::pdf::Pdf;

use policyforge::pdf::{clear_subset_cache, render_pdf, write_pdf};
use policyforge::typeset::{
    Flow, Fonts, Item, LaidOutDocument, Page, PageSetup, Rgb, Theme, VBox, layout, paginate, sample,
};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::bundled().expect("bundled fonts"))
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_engine");
    std::fs::create_dir_all(&dir).expect("create output dir");
    dir
}

/// The sample policy, plus a table cell and a paragraph with URLs far too
/// long for the measure.
fn test_doc() -> policyforge::typeset::PrintDocument {
    let mut doc = sample::policy();
    doc.body_markdown.push_str(
        "## Useful links\n\n\
         | Resource | Address |\n|---|---|\n\
         | Guidance | https://www.gov.uk/government/publications/a-very-long-guidance-document-name-that-goes-on-and-on/annex-b-further-information |\n\n\
         Long address: https://example.org/averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongpathsegmentwithoutanybreaks/end\n",
    );
    doc
}

struct Rendered {
    bytes: Vec<u8>,
    doc: policyforge::typeset::PrintDocument,
}

fn rendered() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let doc = test_doc();
        let bytes = render_pdf(&doc, fonts()).expect("render");
        let path = out_dir().join("policy.pdf");
        std::fs::write(&path, &bytes).expect("write pdf");
        // The sample's Markdown, for comparisons (docs/performance.md).
        std::fs::write(out_dir().join("policy.md"), sample::policy_markdown()).expect("write md");
        Rendered { bytes, doc }
    })
}

fn pdf() -> &'static Pdf {
    static P: OnceLock<Pdf> = OnceLock::new();
    P.get_or_init(|| Pdf::open(&rendered().bytes))
}

/// The text of page `p` (1-based): line by line, or in drawing order (`raw`).
fn page_text(pdf: &Pdf, page: usize, raw: bool) -> String {
    if raw {
        pdf.raw_text(page - 1)
    } else {
        pdf.text(page - 1)
    }
}

/// The words of the HTML made from the same Markdown (tags stripped).
fn html_words(md: &str) -> Vec<String> {
    let parser = pulldown_cmark::Parser::new_ext(md, policyforge::typeset::markdown_options());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let mut text = String::new();
    // Inline tags (em, strong, a, code, del) join their text to what is
    // around it; block tags separate words.
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !matches!(name.as_str(), "em" | "strong" | "a" | "code" | "del") {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().map(str::to_string).collect()
}

fn is_marker(t: &str) -> bool {
    matches!(t, "•" | "◦" | "▪")
        || (t.ends_with('.') && t.len() > 1 && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn body_has_the_same_words_in_the_same_order_as_html() {
    let r = rendered();
    let n = pdf().page_count();
    // Body pages follow the cover and the contents.
    let mut words = Vec::new();
    for p in 3..=n {
        let mut t = page_text(pdf(), p, true);
        t = t.replace(&r.doc.running_header, " ");
        t = t.replace(&r.doc.footer_left, " ");
        t = t.replace(&format!("Page {p} of {n}"), " ");
        words.extend(t.split_whitespace().map(str::to_string));
    }
    let expected = html_words(&r.doc.body_markdown);
    let mut j = 0;
    for w in &expected {
        while j < words.len() && is_marker(&words[j]) && &words[j] != w {
            j += 1;
        }
        assert!(j < words.len(), "PDF text ended before {w:?}");
        if &words[j] == w {
            j += 1;
            continue;
        }
        // A long word (URL) broken across lines comes back in pieces.
        let mut acc = words[j].clone();
        let mut k = j + 1;
        while acc.len() < w.len() && w.starts_with(&acc) && k < words.len() {
            acc.push_str(&words[k]);
            k += 1;
        }
        assert_eq!(
            &acc,
            w,
            "word mismatch near PDF word {j}: {:?}",
            &words[j.saturating_sub(5)..(j + 5).min(words.len())]
        );
        j = k;
    }
    let rest: Vec<&String> = words[j..].iter().filter(|w| !is_marker(w)).collect();
    assert!(rest.is_empty(), "extra text at the end: {rest:?}");
}

#[test]
fn every_page_has_header_and_page_x_of_y() {
    let r = rendered();
    let n = pdf().page_count();
    assert!(n >= 5, "{n} pages");
    for p in 1..=n {
        let t = page_text(pdf(), p, false);
        assert!(t.contains(&format!("Page {p} of {n}")), "page {p}: {t}");
        assert!(t.contains(&r.doc.footer_left), "page {p} footer");
        if p > 1 {
            assert!(t.contains(&r.doc.running_header), "page {p} header");
        }
    }
    let cover = page_text(pdf(), 1, false);
    for s in [
        "Social Media Policy",
        "Document control",
        "Version",
        "Signed, Chair of the LGB",
        "Our ethos",
    ] {
        assert!(cover.contains(s), "cover lacks {s:?}");
    }
    assert!(page_text(pdf(), 2, false).contains("Contents"));
}

#[test]
fn fonts_are_embedded_subsets() {
    let fonts = pdf().fonts();
    assert!(fonts.len() >= 3, "{fonts:?}");
    for f in fonts {
        assert!(f.embedded, "not embedded: {f:?}");
        assert!(f.is_subset(), "no subset tag: {f:?}");
        assert!(f.to_unicode, "no ToUnicode map: {f:?}");
    }
}

fn count_outline(items: &[common::pdf::Bookmark]) -> usize {
    items.iter().map(|i| 1 + count_outline(&i.kids)).sum()
}

#[test]
fn outline_has_one_entry_per_heading() {
    let r = rendered();
    let headings = pulldown_cmark::Parser::new_ext(
        &r.doc.body_markdown,
        policyforge::typeset::markdown_options(),
    )
    .filter(|e| {
        matches!(
            e,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
        )
    })
    .count();
    let outline = pdf().outline();
    assert_eq!(count_outline(&outline), headings);
    // ### headings nest under their ## heading.
    assert!(outline.iter().any(|o| !o.kids.is_empty()));
}

#[test]
fn contents_page_numbers_match_heading_pages() {
    let r = rendered();
    let n = pdf().page_count();
    let pages: Vec<String> = (1..=n).map(|p| page_text(pdf(), p, false)).collect();
    let contents = page_text(pdf(), 2, false);
    let titles: Vec<String> = r
        .doc
        .body_markdown
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::to_string)
        .collect();
    assert!(titles.len() >= 10);
    for title in &titles {
        let line = contents
            .lines()
            .find(|l| l.starts_with(title.as_str()))
            .unwrap_or_else(|| panic!("{title:?} not in contents:\n{contents}"));
        let listed: usize = line
            .split_whitespace()
            .last()
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no page number in {line:?}"));
        let actual = pages
            .iter()
            .enumerate()
            .skip(2)
            .find(|(_, t)| t.lines().any(|l| l.trim() == title))
            .map(|(i, _)| i + 1)
            .unwrap_or_else(|| panic!("{title:?} not found in the body"));
        assert_eq!(listed, actual, "{title}");
    }
}

#[test]
fn metadata_language_and_links() {
    let r = rendered();
    let pdf = pdf();
    assert_eq!(pdf.info("Title").as_deref(), Some("Social Media Policy"));
    assert_eq!(pdf.info("Author").as_deref(), Some(r.doc.author.as_str()));
    assert_eq!(pdf.info("Subject").as_deref(), Some(r.doc.subject.as_str()));
    assert_eq!(
        pdf.info("Keywords").as_deref(),
        Some("social media, safeguarding, policy")
    );
    assert_eq!(
        pdf.info("CreationDate").as_deref(),
        Some("D:20250901000000Z")
    );
    assert_eq!(pdf.language().as_deref(), Some("en-GB"));
    let links = pdf.links();
    assert!(
        links.contains(&"uri:https://saferinternet.org.uk/".to_string()),
        "no URI link: {links:?}"
    );
    // Contents entries link to their headings' pages.
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("goto:") && l != "goto:-1"),
        "contents entries should link to headings: {links:?}"
    );
}

#[test]
fn rendering_is_deterministic() {
    let r = rendered();
    let again = render_pdf(&r.doc, fonts()).expect("render");
    assert!(again == r.bytes, "two renders differ");
    // A different process state (fonts loaded again) gives the same bytes too.
    let fonts2 = Fonts::bundled().expect("fonts");
    assert!(render_pdf(&r.doc, &fonts2).expect("render") == r.bytes);
    // No date: a fixed date, not the clock.
    let mut doc = r.doc.clone();
    doc.created = None;
    let a = render_pdf(&doc, fonts()).expect("render");
    let b = render_pdf(&doc, fonts()).expect("render");
    assert!(a == b);
    std::fs::write(out_dir().join("undated.pdf"), &a).expect("write");
    assert_eq!(
        Pdf::open(&a).info("CreationDate").as_deref(),
        Some("D:19700101000000Z")
    );
}

/// Font subsets (and their finished streams) are cached across documents and threads: a
/// document written from the cache, or by several threads racing to fill it, is the same.
#[test]
fn cached_font_subsets_give_the_same_bytes() {
    let laid = layout(&test_doc(), fonts()).expect("layout");
    clear_subset_cache();
    let cold = write_pdf(&laid, fonts()).expect("write");
    let warm = write_pdf(&laid, fonts()).expect("write");
    assert!(cold == warm, "a cached subset changed the bytes");
    // Another document shows other characters: its own subsets, not the cached ones.
    let mut other = sample::policy();
    other.body_markdown = "## Zebra quiz\n\nJumpy foxes vex Welsh ŵ ✓ 0123456789.\n".into();
    let other_laid = layout(&other, fonts()).expect("layout");
    let other_warm = write_pdf(&other_laid, fonts()).expect("write");
    clear_subset_cache();
    assert!(write_pdf(&other_laid, fonts()).expect("write") == other_warm);
    // Several threads at once, from an empty cache (each starts with a fresh compressor too).
    clear_subset_cache();
    let outputs: Vec<Vec<u8>> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..4)
            .map(|_| s.spawn(|| write_pdf(&laid, fonts()).expect("write")))
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect()
    });
    for out in outputs {
        assert!(out == cold, "a thread's output differs");
    }
}

#[test]
fn no_word_crosses_the_right_margin() {
    let pdf = pdf();
    let setup = PageSetup::default();
    let right = setup.width_pt() - setup.margin_pt() + 1.0;
    let left = setup.margin_pt() - 1.0;
    let mut words = 0;
    for n in 0..pdf.page_count() {
        for piece in pdf.pieces(n).iter().filter(|p| !p.rotated) {
            for (word, x0, x1) in piece.words() {
                assert!(x1 <= right, "page {n}: {word:?} ends at {x1} > {right}");
                assert!(x0 >= left, "page {n}: {word:?} starts at {x0} < {left}");
                words += 1;
            }
        }
    }
    assert!(words > 1000, "{words} words");
}

#[test]
fn size_is_small() {
    let r = rendered();
    assert!(r.bytes.len() <= 40_000, "{} bytes", r.bytes.len());
    // A long policy stays under the hard limit too.
    let mut doc = sample::policy();
    doc.body_markdown = doc.body_markdown.repeat(2);
    let bytes = render_pdf(&doc, fonts()).expect("render");
    assert!(bytes.len() <= 60 * 1024, "{} bytes", bytes.len());
}

#[test]
fn draft_watermark_on_every_page() {
    let mut doc = sample::policy();
    doc.draft = true;
    let bytes = render_pdf(&doc, fonts()).expect("render");
    std::fs::write(out_dir().join("draft.pdf"), &bytes).expect("write");
    let pdf = Pdf::open(&bytes);
    for n in 0..pdf.page_count() {
        let watermark = pdf
            .pieces(n)
            .into_iter()
            .find(|p| p.text() == "DRAFT")
            .unwrap_or_else(|| panic!("page {n}: no DRAFT"));
        assert!(watermark.rotated, "page {n}: the watermark runs diagonally");
    }
}

#[test]
fn raw_html_is_shown_literally() {
    let mut doc = sample::policy();
    doc.body_markdown =
        "## Raw\n\nSome <b>inline</b> html.\n\n<div class=\"x\">A block</div>\n".into();
    let bytes = render_pdf(&doc, fonts()).expect("render");
    std::fs::write(out_dir().join("raw.pdf"), &bytes).expect("write");
    let t = page_text(&Pdf::open(&bytes), 3, false);
    assert!(t.contains("Some <b>inline</b> html."), "{t}");
    assert!(t.contains("<div class=\"x\">A block</div>"), "{t}");
}

#[test]
fn hostile_input_does_not_panic() {
    let mut doc = sample::policy();
    doc.body_markdown = format!(
        "# \n\n{}\n\n|a|\n|-|\n|{}|\n\n- \n-\n\n>\n\n```\n\t\n```\n\n{}",
        "x".repeat(5000),
        "y ".repeat(3000),
        "\u{0}\u{feff}\u{200b}😀 ꙮ"
    );
    doc.cover.control = vec![(String::new(), "z".repeat(2000))];
    doc.footer_left = "f".repeat(1000);
    let bytes = render_pdf(&doc, fonts()).expect("render");
    assert!(bytes.starts_with(b"%PDF-"));
    // An unusable page is an error, not a panic.
    doc.page = PageSetup {
        width_mm: 50.0,
        height_mm: 50.0,
        margin_mm: 30.0,
    };
    assert!(render_pdf(&doc, fonts()).is_err());
    doc.page.width_mm = f32::NAN;
    assert!(render_pdf(&doc, fonts()).is_err());
}

/// What a leaflet needs: Markdown laid into an A5 column with a page limit,
/// overflow detection, and items of its own (a QR code as squares).
#[test]
fn leaflet_style_reuse() {
    let setup = PageSetup::a5();
    let frame = setup.frame();
    let theme = Theme::new(Rgb(0x00, 0x5e, 0xa8)).scaled(0.85);
    let mut flow = Flow::new(fonts(), theme.clone());
    flow.max_box_height = frame.height;
    flow.markdown("## Short\n\nA few words for parents.", frame.x, frame.width);
    let boxes = flow.into_boxes();
    let refs: Vec<&VBox> = boxes.iter().collect();
    let fits = paginate(&refs, &frame, Some(2));
    assert!(!fits.overflow);

    let mut long = Flow::new(fonts(), theme);
    long.markdown(&sample::policy_markdown(), frame.x, frame.width);
    let boxes = long.into_boxes();
    let refs: Vec<&VBox> = boxes.iter().collect();
    let over = paginate(&refs, &frame, Some(2));
    assert!(over.overflow);
    assert_eq!(over.pages.len(), 2);

    let mut pages: Vec<Page> = fits.pages;
    for i in 0..10 {
        pages[0].items.push(Item::Rect {
            x: frame.x + i as f32 * 4.0,
            y: 300.0,
            w: 4.0,
            h: 4.0,
            fill: Rgb::BLACK,
        });
    }
    let doc = LaidOutDocument {
        width: setup.width_pt(),
        height: setup.height_pt(),
        pages,
        ..LaidOutDocument::default()
    };
    let bytes = write_pdf(&doc, fonts()).expect("write");
    std::fs::write(out_dir().join("leaflet.pdf"), &bytes).expect("write");
    let (w, h) = Pdf::open(&bytes).page_size(0);
    assert!(
        (w - 419.528).abs() < 0.01 && (h - 595.276).abs() < 0.01,
        "{w} x {h}"
    );
}

#[test]
fn layout_is_usable_without_pdf() {
    let laid = layout(&sample::policy(), fonts()).expect("layout");
    assert!(laid.pages.len() >= 5);
    assert_eq!(laid.outline.iter().filter(|o| o.level == 2).count(), 13);
}

/// Helper for `same_bytes_in_another_process`: renders the test document to
/// `$PDF_ENGINE_OUT` (run only when that test starts this binary again).
#[test]
#[ignore = "started by same_bytes_in_another_process"]
fn render_to_env_path() {
    if let Ok(path) = std::env::var("PDF_ENGINE_OUT") {
        let bytes = render_pdf(&test_doc(), fonts()).expect("render");
        std::fs::write(path, bytes).expect("write");
    }
}

#[test]
fn same_bytes_in_another_process() {
    let r = rendered();
    let path = out_dir().join("other-process.pdf");
    let _ = std::fs::remove_file(&path);
    let status = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "render_to_env_path", "--ignored", "--quiet"])
        .env("PDF_ENGINE_OUT", &path)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run test binary");
    assert!(status.success());
    let other = std::fs::read(&path).expect("other process wrote the PDF");
    assert!(
        other == r.bytes,
        "a second process rendered different bytes"
    );
}

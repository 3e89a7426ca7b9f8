//! Markdown, read once: [`parse`] turns merged Markdown into a [`Document`] tree with every
//! safety rule applied (raw HTML shown as text, only allowed link targets, contacts linked), and
//! every output reads that tree: [`to_html`] for pages, [`crate::typeset::markdown`] for the
//! PDF, [`sections`] for the search index, and `workflow::redline` for "what changed".

pub mod html;
pub mod parse;
pub mod tree;

pub use html::escape_html;
pub use parse::{options, parse, slug};
pub use tree::{Block, Document, Inline, Reading};

use tree::Ending;

/// A heading of a page, for its contents list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Its level on the page (see [`tree::Heading::page_level`]).
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

pub fn level_number(level: pulldown_cmark::HeadingLevel) -> u8 {
    level as u8
}

/// Renders a policy body to HTML and lists its headings (for a contents list).
pub fn to_html(markdown: &str) -> (String, Vec<Heading>) {
    tree_to_html(&parse(markdown))
}

/// Renders a parsed body to HTML and lists its headings.
pub fn tree_to_html(document: &Document) -> (String, Vec<Heading>) {
    (html::render(document), headings(document))
}

/// The headings of a document as its page shows them.
pub fn headings(document: &Document) -> Vec<Heading> {
    document
        .headings()
        .into_iter()
        .map(|h| Heading {
            level: h.page_level,
            text: h.text.clone(),
            anchor: h.anchor.clone(),
        })
        .collect()
}

/// One stretch of a page between headings, for the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading that opens it; empty for the text before the first heading.
    pub heading: String,
    /// The heading's anchor, the same one [`to_html`] gives it; empty before the first heading.
    pub anchor: String,
    /// Its plain text, blocks separated by newlines.
    pub text: String,
}

/// Splits a body into sections at every heading, with the anchors [`to_html`] gives them.
pub fn sections(markdown: &str) -> Vec<Section> {
    sections_of(&parse(markdown))
}

/// Splits a parsed body into sections at every heading.
pub fn sections_of(document: &Document) -> Vec<Section> {
    let mut anchors = document.headings().into_iter().map(|h| h.anchor.clone());
    let mut out = vec![Section {
        heading: String::new(),
        anchor: String::new(),
        text: String::new(),
    }];
    let mut in_heading = false;
    document.read(&mut |step| {
        let Some(last) = out.last_mut() else { return };
        match step {
            Reading::HeadingStart => {
                in_heading = true;
                out.push(Section {
                    heading: String::new(),
                    anchor: anchors.next().unwrap_or_default(),
                    text: String::new(),
                });
            }
            Reading::End(Ending::Heading) => in_heading = false,
            Reading::Words(t) if in_heading => last.heading.push_str(t),
            Reading::Words(t) => last.text.push_str(t),
            Reading::Break if !in_heading => last.text.push(' '),
            Reading::End(_) => last.text.push('\n'),
            Reading::Break => {}
        }
    });
    for s in &mut out {
        s.text = s
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    out.retain(|s| !s.heading.is_empty() || !s.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let (html, _) = to_html("Hello <script>alert(1)</script>\n");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn unsafe_links_are_dropped() {
        let (html, _) = to_html("[x](javascript:alert(1)) [y](https://example.org)\n");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("https://example.org"));
    }

    #[test]
    fn the_link_check_refuses_what_the_parser_refuses() {
        for md in [
            "[a](javascript:alert(1)) and [b](https://ok.org)\n\n![i](data:x)\n",
            "<data:text/html,hi> <mailto:a@b.org> <c@d.org> [r][x]\n\n[x]: vbscript:y\n",
            "- [list](file:///etc)\n  - ![nested](https://i.org/p.png)\n\n| t |\n|---|\n| [c](ftp://x) |\n",
            "no links at all, only office@school.example.org and 01632 960007\n",
        ] {
            let by_tree: Vec<_> = parse::parse(md)
                .refused
                .iter()
                .map(|r| (r.target.clone(), r.line))
                .collect();
            let by_scan: Vec<_> = parse::refused_links(md)
                .iter()
                .map(|r| (r.target.clone(), r.line))
                .collect();
            assert_eq!(by_tree, by_scan, "{md}");
        }
        assert_eq!(
            parse::refused_links("[a](javascript:x)\n\n[b](data:y)\n").len(),
            2
        );
    }

    #[test]
    fn contacts_become_links() {
        let (html, _) = to_html(
            "Email office\\_desk@school.example.org or ring 01632 960007; see <https://a.org> and `www.b.org.uk`.\n",
        );
        assert!(
            html.contains(
                r#"href="mailto:office_desk@school.example.org">office_desk@school.example.org</a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="tel:+441632960007">01632 960007</a>"#),
            "{html}"
        );
        assert_eq!(html.matches("https://a.org").count(), 2, "{html}");
        assert!(!html.contains("href=\"https://www.b.org.uk"), "{html}");
    }

    #[test]
    fn sections_carry_the_anchors_of_the_page() {
        let md = "Intro *text*.\n\n## 1. Rationale\n\nWe use\nblogs.\n\n## Aims\n\n- one\n- two\n\n## Aims\n";
        let (html, heads) = to_html(md);
        let secs = sections(md);
        assert_eq!(secs[0].anchor, "");
        assert_eq!(secs[0].text, "Intro text.");
        assert_eq!(secs[1].heading, "1. Rationale");
        assert_eq!(secs[1].text, "We use blogs.");
        assert_eq!(secs[2].text, "one\ntwo");
        for (s, h) in secs[1..].iter().zip(&heads) {
            assert_eq!(s.anchor, h.anchor);
            assert!(html.contains(&format!("id=\"{}\"", s.anchor)));
        }
        assert_eq!(secs[3].anchor, "aims-2");
        // Raw HTML stays text, as on the page.
        assert_eq!(sections("<b>x</b>\n")[0].text, "<b>x</b>");
    }

    #[test]
    fn headings_get_anchors() {
        let (html, heads) = to_html("## 1. Rationale\n\ntext\n\n## Aims\n");
        assert_eq!(heads[0].anchor, "1-rationale");
        assert!(html.contains("<h2 id=\"1-rationale\">"), "{html}");
    }
}

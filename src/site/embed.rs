//! `<policy>/embed.html`: the current version of a policy as an HTML fragment for a school
//! website's content manager (a WordPress "Custom HTML" block, a Squarespace code block).
//!
//! A fragment has no page of its own around it: no `<html>`, header or footer, and its styles are
//! scoped under one class, `policyforge-embed`, so they cannot restyle the host page. Its headings
//! start at `<h2>` (the host page has its own `<h1>`) and its ids start with `pf-`, so they cannot
//! clash with the host page's. Links are absolute when book.toml gives `base-url`, else relative to
//! the fragment's own folder.

use serde_json::json;

use crate::diagnostic::Diagnostic;

use super::SiteContext;
use super::documents::{DocumentFacts, human_size};

/// Prefix of every id in a fragment.
const ID_PREFIX: &str = "pf-";

/// Moves every heading of rendered body HTML one level down (the fragment's title is its `<h2>`)
/// and prefixes its id. The body's text is escaped, so `<hN` only ever opens a heading.
pub fn nest_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=5).rev() {
        let deeper = level + 1;
        out = out
            .replace(
                &format!("<h{level} id=\""),
                &format!("<h{deeper} id=\"{ID_PREFIX}"),
            )
            .replace(&format!("<h{level}>"), &format!("<h{deeper}>"))
            .replace(&format!("</h{level}>"), &format!("</h{deeper}>"));
    }
    out
}

/// Where a fragment's links go: under `base-url`, or from the fragment's folder.
fn link(base: Option<&str>, site_path: &str, local: &str) -> String {
    match base {
        Some(base) => format!(
            "{}/{}",
            base.trim_end_matches('/'),
            site_path.strip_suffix("index.html").unwrap_or(site_path)
        ),
        None => local.to_string(),
    }
}

/// The fragment of one policy's current version. `page` and `pdf` are site paths.
pub fn fragment(
    ctx: &SiteContext<'_>,
    facts: &DocumentFacts<'_>,
    theme: &crate::theme::Branding,
    page: &str,
    pdf: Option<(&str, usize)>,
    summary: &str,
) -> Result<String, Diagnostic> {
    let base = ctx.project.book.build.base_url.as_deref();
    let (body, headings) = facts.body_html();
    let toc: Vec<_> = headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| json!({"anchor": format!("{ID_PREFIX}{}", h.anchor), "text": h.text}))
        .collect();
    let page_name = page.rsplit('/').next().unwrap_or("index.html");
    let frame = ctx.frame("embed", facts.title.clone(), String::new());
    let values = json!({
        "school_name": facts.school_name,
        "summary": summary,
        "page_href": link(base, page, page_name),
        "pdf": pdf.map(|(path, size)| json!({
            "href": link(base, path, path.rsplit('/').next().unwrap_or(path)),
            "size": human_size(size),
        })),
        "toc": toc,
        "body": nest_headings(body),
        "primary": theme.colours.primary.hex(),
        "accent": theme.colours.accent.hex(),
    });
    ctx.pages
        .render(&ctx.theme(theme).name, "embed.html", &frame, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_down_and_ids_are_prefixed() {
        let (html, _) =
            crate::markdown::to_html("## Aims\n\n### Detail\n\ntext &lt;h2 id=\"x\"&gt;\n");
        let nested = nest_headings(&html);
        assert!(nested.contains("<h3 id=\"pf-aims\">Aims</h3>"), "{nested}");
        assert!(
            nested.contains("<h4 id=\"pf-detail\">Detail</h4>"),
            "{nested}"
        );
        assert!(!nested.contains("<h2"));
    }

    #[test]
    fn links_are_absolute_with_a_base() {
        assert_eq!(
            link(
                Some("https://x.org/"),
                "schools/a/p/index.html",
                "index.html"
            ),
            "https://x.org/schools/a/p/"
        );
        assert_eq!(link(None, "schools/a/p/x.pdf", "x.pdf"), "x.pdf");
    }
}

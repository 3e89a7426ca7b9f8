//! Search without a server: every school folder (and each trust's pages, and the site's index)
//! gets its sections as a JavaScript file, `search-index.js`, and a small script, `search.js`,
//! that searches them in the browser.
//!
//! The index is a script, not JSON fetched at run time, for the reason mdBook writes its
//! elasticlunr index as `searchindex.js`: `fetch` does not work from `file://`, where a web admin
//! previews the folder before uploading it. The index holds each section's plain text once; the
//! script tokenises it when the index loads, with the same rules it applies to the query, so the
//! two can never disagree. Pages work without JavaScript: the search form is `hidden` until the
//! script shows it.

use serde::Serialize;

use crate::markdown::{self, Section};

/// The script that searches an index, written into each folder's assets.
pub const SCRIPT: &str = include_str!("search.js");

/// The global the index script assigns, and `search.js` reads.
const GLOBAL: &str = "policyforgeSearchIndex";

/// One searchable section of a published page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    /// What the page is, as a result names it ("Social Media Policy").
    pub page: String,
    /// The page, relative to the index's base folder.
    pub href: String,
    pub heading: String,
    /// The heading's anchor on the page; empty for the text before the first heading.
    pub anchor: String,
    pub text: String,
}

/// The entries of one published page: one per section of its Markdown.
pub fn entries(page: &str, href: &str, markdown: &str) -> Vec<Entry> {
    markdown::sections(markdown)
        .into_iter()
        .map(
            |Section {
                 heading,
                 anchor,
                 text,
             }| Entry {
                page: page.to_string(),
                href: href.to_string(),
                heading,
                anchor,
                text,
            },
        )
        .collect()
}

/// The same entries seen from a folder `prefix` higher up (`schools/<school>/`), their page
/// names led by `label` (the school's name).
pub fn rebased(entries: &[Entry], prefix: &str, label: &str) -> Vec<Entry> {
    entries
        .iter()
        .map(|e| Entry {
            page: format!("{label}: {}", e.page),
            href: format!("{prefix}{}", e.href),
            ..e.clone()
        })
        .collect()
}

#[derive(Serialize)]
struct IndexFile<'a> {
    /// Bumped when the shape changes, so that a stale script can tell.
    version: u32,
    entries: &'a [Entry],
}

/// The index as a script: one assignment of a JSON value (valid JavaScript), so that `<`, `&`
/// and line separators in the text can do nothing but be text.
pub fn index_script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(&IndexFile {
        version: 1,
        entries,
    })
    .unwrap_or_else(|_| "{\"version\":1,\"entries\":[]}".to_string());
    // Escaped so that the file stays valid however it is served or inlined.
    let json = json
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.{GLOBAL} = {json};\n")
}

/// What a page's search form needs: where the index and script are, relative to the page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchBox {
    /// The index script.
    pub index: String,
    /// The folder the index's `href`s are relative to.
    pub base: String,
    /// `search.js`.
    pub script: String,
    /// What is searched, in the label: "Search this school's policies".
    pub label: String,
}

impl SearchBox {
    /// For a page `root` below a folder whose `assets/` holds both scripts.
    pub fn in_folder(root: &str, label: impl Into<String>) -> SearchBox {
        SearchBox {
            index: format!("{root}assets/search-index.js"),
            base: root.to_string(),
            script: format!("{root}assets/search.js"),
            label: label.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_follow_the_sections() {
        let e = entries(
            "Policy",
            "p/index.html",
            "Intro.\n\n## Aims\n\nTo be kind.\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].anchor, "aims");
        assert_eq!(e[1].text, "To be kind.");
        let up = rebased(&e, "schools/a/", "A School");
        assert_eq!(up[1].href, "schools/a/p/index.html");
        assert_eq!(up[1].page, "A School: Policy");
    }

    #[test]
    fn the_index_cannot_close_a_script_or_break_a_line() {
        let e = entries(
            "P",
            "p.html",
            "## </script><script>alert(1)</script>\n\nA\u{2028}B \"q\"\n",
        );
        let js = index_script(&e);
        assert!(!js.contains("</script>"), "{js}");
        assert!(!js.contains('\u{2028}'));
        assert!(js.starts_with("window.policyforgeSearchIndex = {"));
        let json = js
            .trim_start_matches("window.policyforgeSearchIndex = ")
            .trim_end()
            .trim_end_matches(';');
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            back["entries"][0]["heading"],
            "</script><script>alert(1)</script>"
        );
    }
}

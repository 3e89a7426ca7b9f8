//! Search without a server: every school folder gets its sections as a JavaScript file,
//! `assets/search-index.js`, and a small script, `assets/search.js`, that searches them in the
//! browser. A trust's pages (and the site's index) search the same school files: a short list of
//! them, `search-sources.js`, says which to load, so no text is written twice however many schools
//! a trust has.
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

/// The global object each index script adds itself to (by its school's id), and the global the
/// sources list assigns; `search.js` reads both.
const GLOBAL: &str = "policyforgeSearchIndex";
const SOURCES: &str = "policyforgeSearchSources";

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
    entries_of(page, href, &markdown::parse(markdown))
}

/// The search entries of a page whose body is already parsed.
pub fn entries_of(page: &str, href: &str, document: &markdown::Document) -> Vec<Entry> {
    markdown::sections_of(document)
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

#[derive(Serialize)]
struct IndexFile<'a> {
    /// Bumped when the shape changes, so that a stale script can tell.
    version: u32,
    entries: &'a [Entry],
}

/// A JSON value as JavaScript source: escaped so that `<`, `&` and line separators in the text
/// can do nothing but be text, however the file is served or inlined.
fn script_value(json: String) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A school's index as a script: it adds itself, under the school's id, to one global object.
pub fn index_script(key: &str, entries: &[Entry]) -> String {
    let json = serde_json::to_string(&IndexFile {
        version: 1,
        entries,
    })
    .unwrap_or_else(|_| "{\"version\":1,\"entries\":[]}".to_string());
    let key = serde_json::to_string(key).unwrap_or_else(|_| "\"\"".to_string());
    format!(
        "(window.{GLOBAL} = window.{GLOBAL} || {{}})[{}] = {};\n",
        script_value(key),
        script_value(json)
    )
}

/// One school's index, for a page that searches several.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The school's id, under which its index script adds itself.
    pub key: String,
    /// The index script, relative to the searching page's base folder.
    pub index: String,
    /// The school's folder, relative to the same base: its entries' `href`s are relative to it.
    pub base: String,
    /// The school's name, leading each of its results.
    pub label: String,
}

/// The list of schools a trust's (or the site's) pages search, as a script.
pub fn sources_script(sources: &[Source]) -> String {
    let json = serde_json::to_string(sources).unwrap_or_else(|_| "[]".to_string());
    format!("window.{SOURCES} = {};\n", script_value(json))
}

/// What a page's search form needs: where the index and script are, relative to the page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchBox {
    /// The school's id, under which its index adds itself (a school's pages).
    pub key: Option<String>,
    /// The index script (a school's pages) or the sources script (a trust's pages, the site's).
    pub index: String,
    /// Whether `index` is a list of sources rather than one school's index.
    pub sources: bool,
    /// The folder the index's `href`s (or the sources' paths) are relative to.
    pub base: String,
    /// `search.js`.
    pub script: String,
    /// What is searched, in the label: "Search this school's policies".
    pub label: String,
}

impl SearchBox {
    /// For a page `root` below a school's folder, whose `assets/` holds both scripts.
    pub fn in_folder(root: &str, key: &str, label: impl Into<String>) -> SearchBox {
        SearchBox {
            key: Some(key.to_string()),
            index: format!("{root}assets/search-index.js"),
            sources: false,
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
        let list = sources_script(&[Source {
            key: "a".into(),
            index: "schools/a/assets/search-index.js".into(),
            base: "schools/a/".into(),
            label: "A </script>".into(),
        }]);
        assert!(list.starts_with("window.policyforgeSearchSources = [{\"key\":\"a\""));
        assert!(!list.contains("</script>"));
    }

    #[test]
    fn the_index_cannot_close_a_script_or_break_a_line() {
        let e = entries(
            "P",
            "p.html",
            "## </script><script>alert(1)</script>\n\nA\u{2028}B \"q\"\n",
        );
        let js = index_script("a-school", &e);
        assert!(!js.contains("</script>"), "{js}");
        assert!(!js.contains('\u{2028}'));
        let prefix = "(window.policyforgeSearchIndex = window.policyforgeSearchIndex || {})[\"a-school\"] = ";
        assert!(js.starts_with(prefix), "{js}");
        let json = js
            .trim_start_matches(prefix)
            .trim_end()
            .trim_end_matches(';');
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            back["entries"][0]["heading"],
            "</script><script>alert(1)</script>"
        );
    }
}

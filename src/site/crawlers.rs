//! What search engines read: `sitemap.xml` and `robots.txt` at the site's root, both from
//! book.toml's `base-url`.
//!
//! A sitemap must list absolute addresses, so without `base-url` none is written (a sitemap of
//! guessed addresses would be worse than none); `robots.txt` is written either way, keeping
//! crawlers out of `drafts/`, and names the sitemap when there is one.

use crate::markdown::escape_html;

use super::Files;

/// Whether a published file is a page a search engine should list.
fn listed(path: &str) -> bool {
    path.ends_with(".html")
        && !path.starts_with("drafts/")
        && !path.ends_with("/embed.html")
        && path != "embed.html"
}

/// The address of a page: `index.html` becomes its folder, as people share it.
fn address(base: &str, path: &str) -> String {
    let path = if path == "index.html" {
        String::new()
    } else {
        path.strip_suffix("/index.html")
            .map_or(path.to_string(), |dir| format!("{dir}/"))
    };
    let encoded: Vec<String> = path.split('/').map(encode_segment).collect();
    format!("{}/{}", base.trim_end_matches('/'), encoded.join("/"))
}

/// Percent-encodes what may not appear in a URL path segment (ids are already plain).
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `sitemap.xml`: every published page of the site, sorted, under `base`.
pub fn sitemap<'a>(paths: impl IntoIterator<Item = &'a str>, base: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths.into_iter().filter(|p| listed(p)) {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_html(&address(base, path))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// The path part of `base` ("/" for a site at the root of its host), ending in `/`.
fn base_path(base: &str) -> String {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/", |i| &after_scheme[i..])
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// `robots.txt`: drafts are never to be indexed; the sitemap, if there is one.
pub fn robots(base: Option<&str>) -> String {
    let path = base.map_or("/".to_string(), base_path);
    let mut out = format!(
        "# Written by policyforge. Published policies may be indexed; drafts may not.\n# Crawlers read this file only at the root of a web address (such as https://example.org/robots.txt).\nUser-agent: *\nDisallow: {path}drafts/\n"
    );
    if let Some(base) = base {
        out.push_str(&format!(
            "\nSitemap: {}/sitemap.xml\n",
            base.trim_end_matches('/')
        ));
    }
    out
}

/// Writes both files into the site.
pub fn files<'a>(paths: impl IntoIterator<Item = &'a str>, base: Option<&str>) -> Files {
    let mut site = Files::default();
    if let Some(base) = base {
        site.add("sitemap.xml", sitemap(paths, base));
    }
    site.add("robots.txt", robots(base));
    site
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_folders_and_encoded() {
        let base = "https://policies.example.org.uk/";
        assert_eq!(
            address(base, "index.html"),
            "https://policies.example.org.uk/"
        );
        assert_eq!(
            address(base, "schools/a/social-media/index.html"),
            "https://policies.example.org.uk/schools/a/social-media/"
        );
        assert_eq!(
            address("https://x.org/p", "schools/a b/changes-v2.html"),
            "https://x.org/p/schools/a%20b/changes-v2.html"
        );
    }

    #[test]
    fn robots_follow_the_base_path() {
        assert!(robots(Some("https://x.org/policies")).contains("Disallow: /policies/drafts/"));
        assert!(
            robots(Some("https://x.org/policies/"))
                .contains("Sitemap: https://x.org/policies/sitemap.xml")
        );
        let none = robots(None);
        assert!(none.contains("Disallow: /drafts/"));
        assert!(!none.contains("Sitemap"));
    }

    #[test]
    fn drafts_and_fragments_are_not_listed() {
        let paths = [
            "index.html",
            "drafts/schools/a/p/index.html",
            "schools/a/p/embed.html",
            "schools/a/p/x.pdf",
            "schools/a/p/index.html",
        ];
        let map = sitemap(paths, "https://x.org/");
        assert_eq!(map.matches("<url>").count(), 2, "{map}");
        assert!(map.contains("<loc>https://x.org/schools/a/p/</loc>"));
    }
}

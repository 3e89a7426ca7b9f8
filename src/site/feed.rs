//! Atom feeds of newly published versions: `schools/<school>/feed.xml` and `trusts/<trust>/feed.xml`.
//!
//! Every entry is one approved version of a school's policy, newest first, linking the policy's
//! page and, from version 2 on, its "what changed" page. Atom needs absolute addresses, so feeds
//! exist only when `book.toml` sets `base-url`; without it the build leaves them out and says so.
//! Ids and dates come from the approvals, never from the clock, so a rebuild gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::analysis::Analysis;
use crate::dates;
use crate::load::Project;
use crate::model::Trust;

use super::Files;
use super::pages::FeedLink;

/// One published version, as a feed entry shows it.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub trust: Option<String>,
    pub school: String,
    pub school_name: String,
    pub policy: String,
    pub title: String,
    pub version: u32,
    pub approved_on: Date,
    /// "the Local Governing Body (minute LGB/25/02)".
    pub approved_by: String,
    pub changes: Option<String>,
    /// Paths relative to the site's root.
    pub page: String,
    pub changes_page: Option<String>,
    pub pdf: String,
}

/// Every feed of the site, decided once before any page is rendered, so that each page can say
/// whether it has a feed to offer.
#[derive(Debug, Default)]
pub struct Feeds {
    /// `base-url` with one trailing slash; `None`: no feeds.
    base: Option<String>,
    /// Newest first.
    entries: Vec<FeedEntry>,
    /// Schools and trusts with at least one entry: those that have a feed.
    schools: BTreeSet<String>,
    trusts: BTreeSet<String>,
}

/// Why a site has no feeds, for the build to tell its user.
pub const NO_BASE_URL: &str = "no Atom feeds were made: they need absolute links, and book.toml sets no `base-url` under [build] (add e.g. `base-url = \"https://policies.example.org.uk/\"`)";

impl Feeds {
    pub fn plan(project: &Project, analysis: &Analysis) -> Feeds {
        let mut entries = Vec::new();
        for publication in analysis.publications.iter().filter(|p| !p.is_leaflet()) {
            for version in &publication.versions {
                let meta = &version.snapshot.meta;
                let Some(approved_on) = version.approved_on else {
                    continue;
                };
                entries.push(FeedEntry {
                    trust: publication.trust_id().map(str::to_string),
                    school: publication.school.id.clone(),
                    school_name: meta.school_name.clone(),
                    policy: publication.policy.id().to_string(),
                    title: meta.title.clone(),
                    version: meta.version,
                    approved_on,
                    approved_by: format!(
                        "the {} (minute {})",
                        if publication.policy.is_trust_wide() {
                            &publication.terms.board
                        } else {
                            &publication.terms.local_body
                        },
                        meta.minute
                    ),
                    changes: version
                        .approval
                        .changes
                        .clone()
                        .filter(|c| !c.trim().is_empty()),
                    page: version.paths.html.clone(),
                    changes_page: version.paths.changes.clone(),
                    pdf: version.paths.pdf.clone(),
                });
            }
        }
        entries.sort_by(|a, b| {
            b.approved_on
                .cmp(&a.approved_on)
                .then_with(|| a.school.cmp(&b.school))
                .then_with(|| a.policy.cmp(&b.policy))
                .then_with(|| b.version.cmp(&a.version))
        });
        Feeds {
            base: project.book.base_url(),
            schools: entries.iter().map(|e| e.school.clone()).collect(),
            trusts: entries.iter().filter_map(|e| e.trust.clone()).collect(),
            entries,
        }
    }

    /// The school's feed, linked from a page `root` away from the school's folder.
    pub fn school_link(&self, school: &str, school_name: &str, root: &str) -> Option<FeedLink> {
        (self.base.is_some() && self.schools.contains(school)).then(|| FeedLink {
            title: school_title(school_name),
            href: format!("{root}feed.xml"),
        })
    }

    /// The trust's feed, linked from a page `to_dir` away from `trusts/<trust>/`.
    pub fn trust_link(&self, trust: &Trust, to_dir: &str) -> Option<FeedLink> {
        (self.base.is_some() && self.trusts.contains(trust.id())).then(|| FeedLink {
            title: trust_title(&trust.name),
            href: format!("{to_dir}feed.xml"),
        })
    }

    /// Every feed, or why there are none (a note for the build's user).
    pub fn render(&self, project: &Project, analysis: &Analysis) -> Result<Files, String> {
        let Some(base) = &self.base else {
            return Err(NO_BASE_URL.to_string());
        };
        let mut site = Files::default();
        let language = &project.book.book.language;
        // Entries stay newest first within each group.
        let mut by_school: BTreeMap<&str, Vec<&FeedEntry>> = BTreeMap::new();
        let mut by_trust: BTreeMap<&str, Vec<&FeedEntry>> = BTreeMap::new();
        for e in &self.entries {
            by_school.entry(&e.school).or_default().push(e);
            if let Some(t) = &e.trust {
                by_trust.entry(t).or_default().push(e);
            }
        }
        for facts in &analysis.schools {
            let school = &facts.school;
            let Some(entries) = by_school.get(school.id.as_str()) else {
                continue;
            };
            let dir = format!("schools/{}/", school.id);
            let head = FeedHead {
                title: school_title(&school.name.value),
                subtitle: format!(
                    "Each version of a policy of {} as its {} approved it.",
                    school.name.value, facts.terms.local_body
                ),
                author: school.name.value.clone(),
                dir,
                language,
            };
            site.add(
                format!("{}feed.xml", head.dir),
                atom(base, &head, entries, false),
            );
        }
        for facts in &analysis.trusts {
            let trust = &facts.trust;
            let Some(entries) = by_trust.get(trust.id()) else {
                continue;
            };
            let head = FeedHead {
                title: trust_title(&trust.name),
                subtitle: format!(
                    "Each version of a policy that a school of {} publishes, as its {} approved it.",
                    trust.name, facts.terms.local_body
                ),
                author: trust.name.clone(),
                dir: format!("trusts/{}/", trust.id()),
                language,
            };
            site.add(
                format!("{}feed.xml", head.dir),
                atom(base, &head, entries, true),
            );
        }
        Ok(site)
    }
}

fn school_title(name: &str) -> String {
    format!("New policy versions: {name}")
}

fn trust_title(name: &str) -> String {
    format!("New policy versions in {name}'s schools")
}

struct FeedHead<'a> {
    title: String,
    subtitle: String,
    author: String,
    /// The feed's folder, relative to the site's root, ending in `/`.
    dir: String,
    language: &'a str,
}

/// An absolute address for a site path; `index.html` is left off, as the QR codes do.
fn url(base: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let encoded: Vec<String> = path.split('/').map(percent_encode).collect();
    format!("{base}{}", encoded.join("/"))
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn timestamp(date: Date) -> String {
    format!("{}T00:00:00Z", dates::iso(date))
}

/// A permanent, unique entry id that does not depend on where the version's page lives now
/// (the current version moves to `v<N>/` when it is replaced): an RFC 4151 tag URI minted from
/// the base-url's host and the approval date.
fn entry_id(base: &str, entry: &FeedEntry) -> String {
    let specific = format!(
        "schools/{}/{}/v{}",
        percent_encode(&entry.school),
        percent_encode(&entry.policy),
        entry.version
    );
    match tag_authority(base) {
        Some(host) => format!("tag:{host},{}:{specific}", dates::iso(entry.approved_on)),
        None => format!("{base}{specific}"),
    }
}

/// The host of `base` when it is a DNS name (a tag URI's authority cannot be an IP or carry a port).
fn tag_authority(base: &str) -> Option<String> {
    let rest = base.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    let dns = !host.is_empty()
        && host.contains(|c: char| c.is_ascii_alphabetic())
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    dns.then_some(host)
}

fn atom(base: &str, head: &FeedHead<'_>, entries: &[&FeedEntry], name_school: bool) -> String {
    let self_url = url(base, &format!("{}feed.xml", head.dir));
    let updated = entries
        .iter()
        .map(|e| e.approved_on)
        .max()
        .map(timestamp)
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(head.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml(&head.title)));
    out.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(&head.subtitle)));
    out.push_str(&format!("  <id>{}</id>\n", xml(&self_url)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&url(base, &head.dir))
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&head.author)
    ));
    out.push_str("  <generator>policyforge</generator>\n");
    for e in entries {
        out.push_str(&entry(base, e, name_school));
    }
    out.push_str("</feed>\n");
    out
}

fn entry(base: &str, e: &FeedEntry, name_school: bool) -> String {
    let page = url(base, &e.page);
    let changes = e.changes_page.as_ref().map(|c| url(base, c));
    let pdf = url(base, &e.pdf);
    let date = dates::british(e.approved_on);
    let title = if name_school {
        format!("{}, version {}: {}", e.title, e.version, e.school_name)
    } else {
        format!("{}, version {}", e.title, e.version)
    };
    let mut summary = format!(
        "Version {} of the {} of {}, approved by {} on {date}.",
        e.version, e.title, e.school_name, e.approved_by
    );
    if let Some(c) = &e.changes {
        summary.push_str(&format!(" Changes: {}", c.trim()));
    }
    // The content is HTML carried as text: escaped once for HTML, then once more for XML.
    let html = crate::markdown::escape_html;
    let mut content = format!(
        "<p>{}</p><p><a href=\"{}\">Read the {}</a>",
        html(&summary),
        html(&page),
        html(&e.title)
    );
    if let Some(c) = &changes {
        content.push_str(&format!(
            " · <a href=\"{}\">What changed in version {}</a>",
            html(c),
            e.version
        ));
    }
    content.push_str(&format!(" · <a href=\"{}\">PDF</a></p>", html(&pdf)));
    let stamp = timestamp(e.approved_on);
    let mut out = String::from("  <entry>\n");
    out.push_str(&format!("    <title>{}</title>\n", xml(&title)));
    out.push_str(&format!("    <id>{}</id>\n", xml(&entry_id(base, e))));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&page)
    ));
    if let Some(c) = &changes {
        out.push_str(&format!(
            "    <link rel=\"related\" type=\"text/html\" title=\"What changed in version {}\" href=\"{}\"/>\n",
            e.version,
            xml(c)
        ));
    }
    out.push_str(&format!(
        "    <link rel=\"enclosure\" type=\"application/pdf\" title=\"PDF\" href=\"{}\"/>\n",
        xml(&pdf)
    ));
    out.push_str(&format!("    <published>{stamp}</published>\n"));
    out.push_str(&format!("    <updated>{stamp}</updated>\n"));
    out.push_str(&format!(
        "    <author><name>{}</name></author>\n",
        xml(&e.school_name)
    ));
    out.push_str(&format!(
        "    <summary type=\"text\">{}</summary>\n",
        xml(&summary)
    ));
    out.push_str(&format!(
        "    <content type=\"html\">{}</content>\n",
        xml(&content)
    ));
    out.push_str("  </entry>\n");
    out
}

/// Escapes text for XML content and attributes; characters XML 1.0 cannot hold at all (most
/// control characters) become U+FFFD rather than breaking the feed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}\u{7f}é"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\u{7f}é"
        );
    }

    #[test]
    fn tag_ids_use_a_dns_host_only() {
        assert_eq!(
            tag_authority("https://Policies.Example.org.uk:8443/x/"),
            Some("policies.example.org.uk".to_string())
        );
        assert_eq!(tag_authority("http://127.0.0.1/"), None);
        assert_eq!(tag_authority("http://[::1]/"), None);
    }

    #[test]
    fn urls_are_absolute_and_encoded() {
        assert_eq!(
            url("https://x.org/", "schools/a b/p/index.html"),
            "https://x.org/schools/a%20b/p/"
        );
        assert_eq!(
            url("https://x.org/", "schools/a/p/changes-v2.html"),
            "https://x.org/schools/a/p/changes-v2.html"
        );
    }
}

//! The "what changed" page of a policy version: the [`Redline`] of it against the version before,
//! as governors read it before they approve: a list of the sections that changed, then each of
//! them under its heading with a little unchanged text around the change, and the full text one
//! click away.

use std::sync::Arc;

use serde_json::json;

use crate::analysis::{Publication, PublishedVersion};
use crate::diagnostic::Diagnostics;
use crate::markdown::escape_html;
use crate::workflow::redline::{self, Change, ChangedSection, PassageKind, Piece, Redline, Shown};

use super::SiteContext;
use super::pages::crumb;
use super::schools::relative;

/// The "what changed" page between two approved versions; `root` leads to the school's folder.
/// The older version comes with the tree its page showed, when that was just made (else its
/// text is numbered and parsed here, as its page did).
pub fn changes_page(
    ctx: &SiteContext<'_>,
    publication: &Publication,
    (older, older_tree): (&PublishedVersion, Option<Arc<crate::markdown::Document>>),
    newer: &PublishedVersion,
    newer_tree: &crate::markdown::Document,
    root: &str,
) -> Result<String, Diagnostics> {
    let (older_meta, newer_meta) = (&older.snapshot.meta, &newer.snapshot.meta);
    let older_tree =
        older_tree.unwrap_or_else(|| crate::numbering::shown(&older.snapshot.markdown).tree);
    let redline = redline::compare_trees(&older_tree, newer_tree);
    let here = newer.paths.changes.clone().unwrap_or_default();
    let newer_href = relative(&here, &newer.paths.html);
    let older_href = relative(&here, &older.paths.html);
    let title = format!(
        "What changed in version {} of the {}",
        newer_meta.version, newer_meta.title
    );
    let mut frame = ctx.school_frame(
        "changes",
        title,
        (&publication.school.id, &newer_meta.school_name),
        root,
        publication.trust.as_deref(),
    );
    frame.crumbs = vec![
        crumb("Policies", Some(&format!("{root}index.html"))),
        crumb(newer_meta.title.clone(), Some(&newer_href)),
    ];
    frame.description = format!(
        "What changed between versions {} and {} of the {} of {}: the sections that changed, word by word.",
        older_meta.version, newer_meta.version, newer_meta.title, newer_meta.school_name
    );
    let sections: Vec<_> = redline
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (href, words) = full_text_link(
                s,
                (&older_href, older_meta.version),
                (&newer_href, newer_meta.version),
            );
            json!({
                "id": format!("change-{}", i + 1),
                "title": s.title(),
                "kind": kind_words(s.change),
                "trail": s.heading.as_ref().map(|h| h.trail.join(" › ")).unwrap_or_default(),
                "heading": heading_html(s),
                "body": body_html(s),
                "full_href": href,
                "full_words": words,
            })
        })
        .collect();
    let page = json!({
        "from_version": older_meta.version,
        "to_version": newer_meta.version,
        "from_date": older.approved_words(),
        "to_date": newer.approved_words(),
        "summary": summary(&redline),
        "sections": sections,
        "newer_href": newer_href,
        "older_href": older_href,
    });
    ctx.pages
        .render(
            &ctx.theme(&publication.theme).name,
            "changes.html",
            &frame,
            page,
        )
        .map_err(|d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        })
}

/// The sentence under the page's title: how much changed, and where.
pub fn summary(redline: &Redline) -> String {
    if redline.sections.is_empty() {
        return "No words changed: only the record of approval is new.".to_string();
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} added and {} removed, in {}. Only the sections that changed are shown, each with a little of the unchanged text around the change.",
        plural(redline.words_added, "word", "words"),
        plural(redline.words_removed, "word", "words"),
        where_changed(redline),
    )
}

/// "2 of its 11 sections".
pub fn where_changed(redline: &Redline) -> String {
    match (redline.sections.len(), redline.section_count) {
        (0 | 1, 0 | 1) => "its only section".to_string(),
        (n, total) => format!("{n} of its {} sections", total.max(n)),
    }
}

fn kind_words(change: Change) -> &'static str {
    match change {
        Change::Added => "new section",
        Change::Removed => "section removed",
        Change::Same | Change::Changed => "changed",
    }
}

/// Where the whole of a section can be read: the newer version's page at its heading, or the
/// older version's for a section that was removed.
fn full_text_link(
    section: &ChangedSection,
    (older_href, older_version): (&str, u32),
    (newer_href, newer_version): (&str, u32),
) -> (String, String) {
    let (href, version) = if section.change == Change::Removed {
        (older_href, older_version)
    } else {
        (newer_href, newer_version)
    };
    match &section.heading {
        Some(h) if !h.anchor.is_empty() => (
            format!("{href}#{}", h.anchor),
            format!("Read this section in full in version {version}"),
        ),
        _ => (
            href.to_string(),
            format!("Read the whole of version {version}"),
        ),
    }
}

fn pieces_html(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Same(t) => out.push_str(&escape_html(t)),
            Piece::Added(t) => out.push_str(&format!("<ins>{}</ins>", escape_html(t))),
            Piece::Removed(t) => out.push_str(&format!("<del>{}</del>", escape_html(t))),
        }
    }
    out
}

fn heading_html(section: &ChangedSection) -> String {
    match &section.heading {
        Some(h) => pieces_html(&h.pieces),
        None => escape_html(section.title()),
    }
}

/// A section's shown passages as HTML: paragraphs, lists (nested as written, numbered as in the
/// text), tables, quotes and code, each with its changed words marked.
fn body_html(section: &ChangedSection) -> String {
    let mut w = Body::default();
    for shown in &section.shown {
        match shown {
            Shown::Gap(n) => {
                w.close_all();
                w.out.push_str(&format!(
                    "<p class=\"redline-gap\">[…] {n} unchanged {} not shown</p>\n",
                    if *n == 1 { "passage" } else { "passages" }
                ));
            }
            Shown::Passage(p) => {
                let class = match p.change {
                    Change::Added => " class=\"passage-added\"",
                    Change::Removed => " class=\"passage-removed\"",
                    Change::Same | Change::Changed => "",
                };
                let cells: Vec<String> = p.cells.iter().map(|c| pieces_html(c)).collect();
                match &p.kind {
                    PassageKind::Item { number, depth } => {
                        w.close_table();
                        w.item(*number, *depth, class, &cells.join(" "));
                    }
                    PassageKind::TableRow { head } => {
                        w.close_lists();
                        w.row(*head, class, &cells);
                    }
                    other => {
                        w.close_all();
                        let text = cells.join(" ");
                        w.out.push_str(&match other {
                            PassageKind::Quote => {
                                format!("<blockquote><p{class}>{text}</p></blockquote>\n")
                            }
                            PassageKind::Code => format!("<pre{class}><code>{text}</code></pre>\n"),
                            _ => format!("<p{class}>{text}</p>\n"),
                        });
                    }
                }
            }
        }
    }
    w.close_all();
    w.out
}

#[derive(Default)]
struct Body {
    out: String,
    /// The lists open, innermost last: the depth each was written at, and whether it is numbered.
    lists: Vec<(usize, bool)>,
    table: bool,
}

impl Body {
    fn item(&mut self, number: Option<u64>, depth: usize, class: &str, text: &str) {
        let ordered = number.is_some();
        while self.lists.last().is_some_and(|(d, _)| *d > depth) {
            self.close_list();
        }
        if let Some(&(d, o)) = self.lists.last()
            && d == depth
        {
            if o == ordered {
                self.out.push_str("</li>\n");
            } else {
                self.close_list();
            }
        }
        if self.lists.last().is_none_or(|(d, _)| *d < depth) {
            if !self.lists.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(if ordered { "<ol>\n" } else { "<ul>\n" });
            self.lists.push((depth, ordered));
        }
        let value = number.map_or(String::new(), |n| format!(" value=\"{n}\""));
        self.out.push_str(&format!("<li{value}{class}>{text}"));
    }

    fn close_list(&mut self) {
        if let Some((_, ordered)) = self.lists.pop() {
            self.out.push_str(if ordered {
                "</li>\n</ol>\n"
            } else {
                "</li>\n</ul>\n"
            });
        }
    }

    fn close_lists(&mut self) {
        while !self.lists.is_empty() {
            self.close_list();
        }
    }

    fn row(&mut self, head: bool, class: &str, cells: &[String]) {
        if !self.table {
            self.out.push_str("<div class=\"table-scroll\" role=\"region\" aria-label=\"Changed table rows\" tabindex=\"0\"><table>\n");
            self.table = true;
        }
        let tag = if head { "th scope=\"col\"" } else { "td" };
        let close = if head { "th" } else { "td" };
        self.out.push_str(&format!("<tr{class}>"));
        for c in cells {
            self.out.push_str(&format!("<{tag}>{c}</{close}>"));
        }
        self.out.push_str("</tr>\n");
    }

    fn close_table(&mut self) {
        if self.table {
            self.out.push_str("</table></div>\n");
            self.table = false;
        }
    }

    fn close_all(&mut self) {
        self.close_lists();
        self.close_table();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_stay_lists_and_nest_as_written() {
        let old = "## 1. Aims\n\nIntro.\n\n1. one\n2. two\n   - inner a\n3. three\n\n## 2. Other\n\nSame.\n";
        let new = "## 1. Aims\n\nIntro.\n\n1. one\n2. two\n   - inner b\n3. three\n\n## 2. Other\n\nSame.\n";
        let redline = redline::compare(old, new);
        assert_eq!(redline.sections.len(), 1);
        let html = body_html(&redline.sections[0]);
        assert!(html.contains("<ol>\n<li value=\"2\">two\n<ul>\n<li>inner <del>a</del><ins>b</ins></li>\n</ul>\n</li>\n<li value=\"3\">three</li>\n</ol>"), "{html}");
        assert!(!html.contains("Same."), "{html}");
        assert_eq!(heading_html(&redline.sections[0]), "1. Aims");
    }
}

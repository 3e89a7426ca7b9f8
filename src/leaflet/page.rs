//! The HTML page of one version of a school's leaflet.

use serde_json::json;

use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::SiteContext;
use crate::site::documents::human_size;
use crate::site::schools::relative;
use crate::validate::CheckedAdoption;
use crate::workflow::snapshot::Snapshot;

use super::Paths;
use super::sheet::full_policy_title;

/// What the HTML page of one version shows.
pub(super) struct LeafletPage<'a> {
    pub(super) snap: &'a Snapshot,
    pub(super) paths: &'a Paths,
    /// Size in bytes and pages.
    pub(super) pdf: Option<(usize, usize)>,
    pub(super) history: Vec<serde_json::Value>,
    pub(super) approved: Option<String>,
    pub(super) review_due: Option<String>,
    /// For a replaced version: the notice and the link to the current one.
    pub(super) notice: Option<(String, String)>,
    pub(super) draft: bool,
}

pub(super) fn leaflet_page(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    page: &LeafletPage<'_>,
    url: &str,
) -> Result<String, Diagnostic> {
    let school = item.school;
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let snap = page.snap;
    let root = page.paths.root;
    let (body, _) = markdown::to_html(&snap.markdown);
    let mut frame = ctx.school_frame(
        "leaflet",
        snap.meta.title.clone(),
        (&school.id, &snap.meta.school_name),
        root,
        trust,
    );
    // No breadcrumb: its one step, the school's policies, is the header's link.
    frame.draft = page.draft;
    frame.noindex = page.draft;
    if page.draft {
        // Drafts live outside the published folder, where there is no feed and no search.
        frame.feeds.clear();
        frame.search = None;
    }
    frame.description = format!(
        "{}: a short guide for parents and carers of {}.",
        snap.meta.title, snap.meta.school_name
    );
    frame.footer_text = trust.map_or(snap.meta.school_name.clone(), |t| {
        format!("{} is part of {}.", snap.meta.school_name, t.name)
    });
    let full_id = item.policy.full_policy();
    let full_page = format!("schools/{}/{full_id}/index.html", school.id);
    let published =
        ctx.checked.adoptions.iter().any(|a| {
            a.school.id == school.id && a.policy.id() == full_id && !a.snapshots.is_empty()
        });
    let values = json!({
        "school_name": snap.meta.school_name,
        "body": body,
        "full_policy": {
            "title": full_policy_title(ctx.project, school, item.policy),
            "href": published.then(|| relative(&page.paths.html, &full_page)),
            "url": url,
        },
        "pdf": page.pdf.map(|(size, pages)| json!({
            "href": relative(&page.paths.html, &page.paths.pdf),
            "size": human_size(size),
            "pages": if pages == 1 { "one A5 page".to_string() } else { format!("{pages} A5 pages") },
        })),
        "approved": page.approved,
        "review_due": page.review_due,
        "history": page.history,
        "notice": page.notice.as_ref().map(|n| n.0.clone()),
        "notice_href": page.notice.as_ref().map(|n| n.1.clone()),
    });
    ctx.pages
        .render(&ctx.theme_of(trust).name, "leaflet.html", &frame, values)
}

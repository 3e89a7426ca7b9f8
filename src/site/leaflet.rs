//! The leaflet output: for each published version of a school's parent leaflet an accessible
//! HTML page and its A5 PDF (printed by `crate::leaflet`), in `schools/<school>/leaflet/`.

use serde_json::json;

use crate::analysis::{Draft, Publication, PublishedVersion, SchoolFacts};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::leaflet::PLACEHOLDER_BASE;
use crate::markdown;

use super::documents::human_size;
use super::schools::relative;
use super::versions::{DocumentOutput, Rendered, ShownVersion};
use super::{Files, SiteContext, search};

/// Parent leaflets.
pub struct LeafletOutput;

/// The site's address, which a published leaflet's QR code needs.
pub fn base_url(ctx: &SiteContext<'_>) -> Result<String, Diagnostic> {
    ctx.project.book.build.base_url.clone().ok_or_else(|| {
        Diagnostic::error(
            "book.toml",
            Position::new(1, 1),
            "parent leaflets need the site's web address for their QR codes, and book.toml gives none",
        )
        .with_hint("add `base-url = \"https://policies.example.org.uk/\"` (your site's address) under `[build]`")
    })
}

/// What the HTML page of one version shows.
struct LeafletPage<'a> {
    title: &'a str,
    school_name: &'a str,
    markdown: &'a str,
    html: &'a str,
    pdf: &'a str,
    /// From the page to the school's folder.
    root: &'a str,
    /// Size in bytes and pages.
    size: (usize, usize),
    history: Vec<serde_json::Value>,
    approved: Option<String>,
    review_due: Option<String>,
    /// For a replaced version: the notice and the link to the current one.
    notice: Option<(String, String)>,
    draft: bool,
}

fn url_of(base: &str, publication: &Publication) -> String {
    crate::leaflet::opens(base, publication).0
}

impl DocumentOutput for LeafletOutput {
    fn version(
        &self,
        ctx: &SiteContext<'_>,
        _school: &SchoolFacts,
        publication: &Publication,
        version: &PublishedVersion,
        _before: Option<&ShownVersion>,
        out: &mut Files,
        problems: &mut Diagnostics,
    ) -> Option<Rendered> {
        let base = base_url(ctx).ok()?;
        let pdf = match crate::leaflet::print_version(ctx, publication, version, &base) {
            Ok(pdf) => pdf,
            Err(d) => {
                problems.push(d);
                return None;
            }
        };
        let at = &version.paths;
        let snap = &version.snapshot;
        let history: Vec<serde_json::Value> = publication
            .versions
            .iter()
            .map(|other| {
                json!({
                    "version": other.version(),
                    "date": other.approved_words(),
                    "minute": other.snapshot.meta.minute,
                    "href": (other.version() != version.version()).then(|| relative(&at.html, &other.paths.html)),
                })
            })
            .collect();
        let notice = match publication.current() {
            Some(latest) if !version.current => Some((
                format!(
                    "This is version {} of the leaflet, which has been replaced by version {}.",
                    version.version(),
                    latest.version()
                ),
                relative(&at.html, &latest.paths.html),
            )),
            _ => None,
        };
        let page = LeafletPage {
            title: &snap.meta.title,
            school_name: &snap.meta.school_name,
            markdown: &snap.markdown,
            html: &at.html,
            pdf: &at.pdf,
            root: at.root,
            size: (pdf.bytes.len(), pdf.pages),
            history,
            approved: Some(format!(
                "Version {}, approved by the {} on {} (minute {}).",
                version.version(),
                publication.terms.local_body,
                version.approved_words(),
                snap.meta.minute
            )),
            review_due: version.review_due.map(crate::dates::british),
            notice,
            draft: false,
        };
        match leaflet_page(ctx, publication, &page, &url_of(&base, publication)) {
            Ok(html) => out.add(at.html.clone(), html),
            Err(d) => problems.push(d),
        }
        out.add(at.pdf.clone(), pdf.bytes);
        let home = format!("schools/{}/index.html", publication.school.id);
        Some(Rendered {
            pdf: true,
            search: if version.current {
                search::entries(&snap.meta.title, &relative(&home, &at.html), &snap.markdown)
            } else {
                Vec::new()
            },
            shown: None,
        })
    }

    fn draft(
        &self,
        ctx: &SiteContext<'_>,
        school: &SchoolFacts,
        publication: &Publication,
        draft: &Draft,
        out: &mut Files,
    ) -> Result<(), Diagnostics> {
        let one = |d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        };
        let base = ctx
            .project
            .book
            .build
            .base_url
            .clone()
            .unwrap_or_else(|| PLACEHOLDER_BASE.to_string());
        let pdf = crate::leaflet::print_draft(ctx, publication, draft, &base).map_err(one)?;
        let page = LeafletPage {
            title: &publication.policy.meta.title,
            school_name: &publication.school.name.value,
            markdown: &draft.merged.markdown,
            html: &draft.html,
            pdf: &draft.pdf,
            root: "../",
            size: (pdf.bytes.len(), pdf.pages),
            history: Vec::new(),
            approved: None,
            review_due: None,
            notice: None,
            draft: true,
        };
        let html =
            leaflet_page(ctx, publication, &page, &url_of(&base, publication)).map_err(one)?;
        out.add(draft.html.clone(), html);
        out.add(draft.pdf.clone(), pdf.bytes);
        let dir = format!("drafts/schools/{}", publication.school.id);
        super::folder_assets(ctx, school, &dir, out);
        Ok(())
    }
}

fn leaflet_page(
    ctx: &SiteContext<'_>,
    publication: &Publication,
    page: &LeafletPage<'_>,
    url: &str,
) -> Result<String, Diagnostic> {
    let school = &publication.school;
    let trust = publication.trust.as_deref();
    let (body, _) = markdown::to_html(page.markdown);
    let mut frame = ctx.school_frame(
        "leaflet",
        page.title,
        (&school.id, page.school_name),
        page.root,
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
        page.title, page.school_name
    );
    frame.footer_text = trust.map_or(page.school_name.to_string(), |t| {
        format!("{} is part of {}.", page.school_name, t.name)
    });
    let full = publication.full_policy.as_ref();
    let full_page = format!(
        "schools/{}/{}/index.html",
        school.id,
        full.map_or("", |f| f.id.as_str())
    );
    let (size, pages) = page.size;
    let values = json!({
        "school_name": page.school_name,
        "body": body,
        "full_policy": {
            "title": full.map_or("full policy", |f| f.title.as_str()),
            "href": full.is_some_and(|f| f.published).then(|| relative(page.html, &full_page)),
            "url": url,
        },
        "pdf": json!({
            "href": relative(page.html, page.pdf),
            "size": human_size(size),
            "pages": if pages == 1 { "one A5 page".to_string() } else { format!("{pages} A5 pages") },
        }),
        "approved": page.approved,
        "review_due": page.review_due,
        "history": page.history,
        "notice": page.notice.as_ref().map(|n| n.0.clone()),
        "notice_href": page.notice.as_ref().map(|n| n.1.clone()),
    });
    ctx.pages.render(
        &ctx.theme(&publication.theme).name,
        "leaflet.html",
        &frame,
        values,
    )
}

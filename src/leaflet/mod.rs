//! The parent code of conduct leaflet: per school, an accessible HTML page and an A5 PDF of at
//! most two pages whose QR code opens the school's full policy.
//!
//! A leaflet is a model text with `kind: leaflet`, adopted and approved like a policy; this module
//! publishes its approved versions into `schools/<school>/leaflet/` and lists them in the manifest.

mod page;
mod sheet;

use serde_json::json;

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::School;
use crate::site::manifest::{Document, Manifest};
use crate::site::schools::relative;
use crate::site::{SiteContext, SiteFiles};
use crate::validate::CheckedAdoption;
use crate::workflow::Stage;
use crate::workflow::snapshot::{self, Snapshot};

use page::{LeafletPage, leaflet_page};
use sheet::{SheetFacts, Source, approving_body, approving_body_short, pdf_bytes};

/// Where a school's leaflet is, for its home page (relative to the school's folder).
pub struct LeafletLink {
    pub href: String,
    pub pdf: Option<String>,
    pub title: String,
    /// The current version's sections, for the school's search.
    pub search: Vec<crate::site::search::Entry>,
}

pub use sheet::check_fits;

/// Where drafts and the fit check point the QR code when book.toml gives no `base-url`.
const PLACEHOLDER_BASE: &str = "https://policies.example.org.uk/";

/// The folder of a school's leaflet inside the site.
const FOLDER: &str = "leaflet";

/// The page a leaflet's QR code opens: `base-url` + the school's policy folder.
pub fn policy_url(base: &str, school: &str, policy: &str) -> String {
    format!("{}/schools/{school}/{policy}/", base.trim_end_matches('/'))
}

/// Paths of one version's files, relative to the site root.
struct Paths {
    html: String,
    pdf: String,
    /// From the page to the school's folder.
    root: &'static str,
}

fn paths(school: &str, policy: &str, version: u32, current: bool) -> Paths {
    let base = format!("schools/{school}/{FOLDER}");
    let pdf = format!("{school}-{policy}-v{version}.pdf");
    if current {
        Paths {
            html: format!("{base}/index.html"),
            pdf: format!("{base}/{pdf}"),
            root: "../",
        }
    } else {
        Paths {
            html: format!("{base}/v{version}/index.html"),
            pdf: format!("{base}/v{version}/{pdf}"),
            root: "../../",
        }
    }
}

fn base_url(ctx: &SiteContext<'_>) -> Result<String, Diagnostic> {
    ctx.project.book.build.base_url.clone().ok_or_else(|| {
        Diagnostic::error(
            "book.toml",
            Position::new(1, 1),
            "parent leaflets need the site's web address for their QR codes, and book.toml gives none",
        )
        .with_hint("add `base-url = \"https://policies.example.org.uk/\"` (your site's address) under `[build]`")
    })
}

/// Publishes every approved version of a school's leaflet (and, with `--drafts`, its draft).
pub fn build(
    ctx: &SiteContext<'_>,
    school: &School,
    site: &mut SiteFiles,
    manifest: &mut Manifest,
) -> Result<Option<LeafletLink>, Diagnostics> {
    let Some(item) = ctx
        .checked
        .adoptions
        .iter()
        .find(|a| a.school.id == school.id && a.policy.is_leaflet())
    else {
        return Ok(None);
    };
    let mut problems = Diagnostics::default();
    if ctx.options.drafts
        && let Err(d) = build_draft(ctx, item, site)
    {
        problems.push(d);
    }
    let link = if item.snapshots.is_empty() {
        None
    } else {
        match base_url(ctx) {
            Ok(base) => publish(ctx, item, &base, site, manifest, &mut problems),
            Err(d) => {
                problems.push(d);
                None
            }
        }
    };
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(link)
    }
}

fn publish(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    base: &str,
    site: &mut SiteFiles,
    manifest: &mut Manifest,
    problems: &mut Diagnostics,
) -> Option<LeafletLink> {
    let latest = item.snapshots.last()?;
    let school = item.school;
    let policy = item.policy.id();
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let body_name = approving_body(trust);
    let mut link = None;
    for snap in &item.snapshots {
        let version = snap.meta.version;
        let current = version == latest.meta.version;
        let at = paths(&school.id, policy, version, current);
        let Some(approval) = item
            .adoption
            .approvals
            .iter()
            .find(|a| a.version.value == version)
        else {
            continue;
        };
        let approved_on = dates::parse(&snap.meta.approved_on);
        let approved_words = approved_on.map_or(snap.meta.approved_on.clone(), dates::british);
        let cycle = item
            .adoption
            .review_months()
            .map_or(snap.meta.review_cycle_months, |m| {
                m.min(snap.meta.review_cycle_months)
            });
        let review_due = approved_on.map(|d| dates::add_months(d, cycle));
        let facts = SheetFacts {
            project: ctx.project,
            school,
            leaflet: item.policy,
            school_name: snap.meta.school_name.clone(),
            title: snap.meta.title.clone(),
            markdown: snap.markdown.clone(),
            footer: format!(
                "Version {version} · approved by the {} on {approved_words}",
                approving_body_short(trust)
            ),
            created: approved_on,
            logo: ctx
                .checked
                .logos
                .for_school(&school.id, school.trust_id())
                .cloned(),
        };
        let snap_file = snapshot::path_for(&school.id, policy, version);
        let snap_text = snapshot::serialise(snap);
        let source = Source {
            file: &snap_file,
            text: &snap_text,
            first_line: 1,
            approved: true,
        };
        let pdf = match pdf_bytes(ctx, &facts, base, &source) {
            Ok(printed) => printed,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let history: Vec<serde_json::Value> = item
            .snapshots
            .iter()
            .map(|s| {
                let other = paths(
                    &school.id,
                    policy,
                    s.meta.version,
                    s.meta.version == latest.meta.version,
                );
                json!({
                    "version": s.meta.version,
                    "date": dates::parse(&s.meta.approved_on).map_or(s.meta.approved_on.clone(), dates::british),
                    "minute": s.meta.minute,
                    "href": (s.meta.version != version).then(|| relative(&at.html, &other.html)),
                })
            })
            .collect();
        let page = LeafletPage {
            snap,
            paths: &at,
            pdf: Some((pdf.bytes.len(), pdf.pages)),
            history,
            approved: Some(format!(
                "Version {version}, approved by the {body_name} on {approved_words} (minute {}).",
                snap.meta.minute
            )),
            review_due: review_due.map(dates::british),
            notice: (!current).then(|| {
                (
                    format!(
                        "This is version {version} of the leaflet, which has been replaced by version {}.",
                        latest.meta.version
                    ),
                    relative(
                        &at.html,
                        &paths(&school.id, policy, latest.meta.version, true).html,
                    ),
                )
            }),
            draft: false,
        };
        match leaflet_page(ctx, item, &page, &url_of(base, item)) {
            Ok(html) => site.add(at.html.clone(), html),
            Err(d) => problems.push(d),
        }
        site.add(at.pdf.clone(), pdf.bytes);
        let stage = if approval.received_on.is_some() {
            Stage::Received
        } else {
            Stage::Approved
        };
        manifest.push(Document {
            kind: "leaflet",
            trust: school.trust_id().map(str::to_string),
            school: school.id.clone(),
            policy: Some(policy.to_string()),
            title: snap.meta.title.clone(),
            version,
            stage: stage.as_str().to_string(),
            current,
            approved_on: snap.meta.approved_on.clone(),
            review_due: review_due.map(dates::iso),
            html: at.html.clone(),
            pdf: Some(at.pdf.clone()),
            sha256: String::new(),
            pdf_sha256: None,
        });
        if current {
            let home = format!("schools/{}/index.html", school.id);
            link = Some(LeafletLink {
                href: relative(&home, &at.html),
                pdf: Some(relative(&home, &at.pdf)),
                title: snap.meta.title.clone(),
                search: crate::site::search::entries(
                    &snap.meta.title,
                    &relative(&home, &at.html),
                    &snap.markdown,
                ),
            });
        }
    }
    link
}

fn url_of(base: &str, item: &CheckedAdoption<'_>) -> String {
    policy_url(base, &item.school.id, item.policy.full_policy())
}

/// An unapproved leaflet, into `drafts/`: marked DRAFT, never linked, never in the manifest.
fn build_draft(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    site: &mut SiteFiles,
) -> Result<(), Diagnostic> {
    if matches!(item.state.stage, Stage::Approved | Stage::Received) {
        return Ok(());
    }
    let Some(draft) = &item.draft else {
        return Ok(());
    };
    let school = item.school;
    let policy = item.policy.id();
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let base = ctx
        .project
        .book
        .build
        .base_url
        .clone()
        .unwrap_or_else(|| PLACEHOLDER_BASE.to_string());
    let title = format!("DRAFT {}", item.policy.meta.title);
    let facts = SheetFacts {
        project: ctx.project,
        school,
        leaflet: item.policy,
        school_name: school.name.value.clone(),
        title: title.clone(),
        markdown: draft.markdown.clone(),
        footer: format!("DRAFT · not yet approved by the {}", approving_body(trust)),
        created: None,
        logo: ctx
            .checked
            .logos
            .for_school(&school.id, school.trust_id())
            .cloned(),
    };
    let pdf = pdf_bytes(ctx, &facts, &base, &Source::model(item.policy))?;
    let dir = format!("drafts/schools/{}/{FOLDER}", school.id);
    let pdf_name = format!("{}-{policy}-draft.pdf", school.id);
    let snap = Snapshot {
        meta: snapshot::SnapshotMeta {
            school: school.id.clone(),
            school_name: school.name.value.clone(),
            trust_name: trust.map(|t| t.name.clone()).unwrap_or_default(),
            policy: policy.to_string(),
            title: item.policy.meta.title.clone(),
            version: 0,
            model_version: None,
            approved_on: String::new(),
            minute: String::new(),
            chair: String::new(),
            review_cycle_months: item.policy.meta.review_cycle_months,
        },
        markdown: draft.markdown.clone(),
    };
    let at = Paths {
        html: format!("{dir}/index.html"),
        pdf: format!("{dir}/{pdf_name}"),
        root: "../",
    };
    let page = LeafletPage {
        snap: &snap,
        paths: &at,
        pdf: Some((pdf.bytes.len(), pdf.pages)),
        history: Vec::new(),
        approved: None,
        review_due: None,
        notice: None,
        draft: true,
    };
    let html = leaflet_page(ctx, item, &page, &url_of(&base, item))?;
    site.add(at.html, html);
    site.add(at.pdf, pdf.bytes);
    crate::site::folder_assets(ctx, school, &format!("drafts/schools/{}", school.id), site);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_the_base_and_the_school() {
        assert_eq!(
            policy_url(
                "https://policies.example.org.uk/",
                "a-school",
                "social-media"
            ),
            "https://policies.example.org.uk/schools/a-school/social-media/"
        );
        assert_eq!(
            policy_url("https://x.org", "s", "p"),
            "https://x.org/schools/s/p/"
        );
    }
}

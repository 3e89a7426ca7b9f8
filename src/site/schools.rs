//! A school's self-contained folder: its home page, its published policies and their PDFs.
//!
//! Every link inside `schools/<school>/` is relative and stays inside it, so the folder can be
//! uploaded to the school's own website as it is.

use std::path::Path;

use serde_json::json;

use crate::dates;
use crate::diagnostic::Diagnostics;
use crate::model::Approval;
use crate::model::School;
use crate::validate::CheckedAdoption;
use crate::workflow::Stage;
use crate::workflow::snapshot::Snapshot;

use super::documents::{self, DocumentFacts};
use super::manifest::{Document, Manifest};
use super::search;
use super::{SiteContext, SiteFiles};

/// Paths of one version's files, relative to the site root.
pub struct VersionPaths {
    pub html: String,
    pub pdf: String,
    /// From the page to the school's folder.
    pub root: &'static str,
}

pub fn version_paths(school: &str, policy: &str, version: u32, current: bool) -> VersionPaths {
    let base = format!("schools/{school}/{policy}");
    let pdf_name = format!("{school}-{policy}-v{version}.pdf");
    if current {
        VersionPaths {
            html: format!("{base}/index.html"),
            pdf: format!("{base}/{pdf_name}"),
            root: "../",
        }
    } else {
        VersionPaths {
            html: format!("{base}/v{version}/index.html"),
            pdf: format!("{base}/v{version}/{pdf_name}"),
            root: "../../",
        }
    }
}

/// A path relative to the directory of `from` (both relative to the site root).
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dir.len() - common];
    parts.extend(to_parts[common..].iter().map(|s| s.to_string()));
    parts.join("/")
}

/// The versions of an adoption that are published: each frozen text with the approval that
/// froze it, oldest first, with its place among the snapshots.
pub fn published_versions<'a>(
    item: &'a CheckedAdoption<'_>,
) -> impl Iterator<Item = (usize, &'a Snapshot, &'a Approval)> + 'a {
    item.snapshots.iter().enumerate().filter_map(|(index, s)| {
        item.adoption
            .approvals
            .iter()
            .find(|a| a.version.value == s.meta.version)
            .map(|a| (index, s, a))
    })
}

pub struct PublishedPolicy {
    pub title: String,
    /// The current version's sections, for the school's search.
    pub search: Vec<search::Entry>,
    pub href: String,
    pub version: u32,
    pub approved_on: String,
    pub review_due: String,
    pub pdf: Option<String>,
}

/// Builds a school's folder; returns the sections its search finds (relative to the folder).
pub fn build_school(
    ctx: &SiteContext<'_>,
    school: &School,
    site: &mut SiteFiles,
    manifest: &mut Manifest,
) -> Result<Vec<search::Entry>, Diagnostics> {
    let mut problems = Diagnostics::default();
    let dir = format!("schools/{}", school.id);
    super::folder_assets(ctx, school, &dir, site);
    site.add(format!("{dir}/assets/search.js"), search::SCRIPT);
    let mut published = Vec::new();
    let items: Vec<&CheckedAdoption<'_>> = ctx
        .checked
        .adoptions
        .iter()
        .filter(|a| a.school.id == school.id)
        .collect();
    // Leaflets are published by `crate::leaflet`, never as policy pages.
    for item in items.iter().filter(|a| !a.policy.is_leaflet()) {
        match publish_adoption(ctx, item, site, manifest) {
            Ok(Some(p)) => published.push(p),
            Ok(None) => {}
            Err(d) => problems.extend(d),
        }
        if ctx.options.drafts
            && let Err(d) = build_draft(ctx, item, site)
        {
            problems.push(d);
        }
    }
    let leaflet = match crate::leaflet::build(ctx, school, site, manifest) {
        Ok(link) => link,
        Err(d) => {
            problems.extend(d);
            None
        }
    };
    let mut entries: Vec<search::Entry> = published
        .iter()
        .flat_map(|p| p.search.iter().cloned())
        .collect();
    if let Some(l) = &leaflet {
        entries.extend(l.search.iter().cloned());
    }
    site.add(
        format!("{dir}/assets/search-index.js"),
        search::index_script(&school.id, &entries),
    );
    finish(ctx, school, site, &published, leaflet, problems).map(|()| entries)
}

fn finish(
    ctx: &SiteContext<'_>,
    school: &School,
    site: &mut SiteFiles,
    published: &[PublishedPolicy],
    leaflet: Option<crate::leaflet::LeafletLink>,
    mut problems: Diagnostics,
) -> Result<(), Diagnostics> {
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let theme = ctx.theme_of(trust);
    // The header names the school; the page's own heading says what it holds.
    let mut frame = ctx.school_frame(
        "school",
        "Policies",
        (&school.id, &school.name.value),
        "",
        trust,
    );
    frame.footer_text = trust.map_or(school.name.value.clone(), |t| {
        format!("{} is part of {}.", school.name.value, t.name)
    });
    frame.description = format!(
        "The policies of {}, each the version its {} approved, with its PDF and history.",
        school.name.value,
        trust.map_or("governing body".to_string(), |t| t.local_body.clone())
    );
    let page = json!({
        "school": {
            "trust_name": trust.map(|t| t.name.clone()),
            "head_title_label": "Head of the school",
            "head_title": school.head_title.value,
            "urn": school.urn.value,
            "website": school.website.as_ref().map(|w| w.value.clone()),
            "office_email": school.contacts.office_email.as_ref().map(|e| e.value.clone()),
            "office_phone": school.contacts.office_phone,
            "office_phone_href": school.contacts.office_phone.as_deref().and_then(crate::contacts::phone_href),
        },
        "local_body": trust.map_or("local governing body".to_string(), |t| t.local_body.clone()),
        "policies": published.iter().map(|p| json!({
            "title": p.title, "href": p.href, "version": p.version,
            "approved_on": p.approved_on, "review_due": p.review_due, "pdf": p.pdf,
        })).collect::<Vec<_>>(),
        "leaflet": leaflet.map(|l| json!({"href": l.href, "pdf": l.pdf, "title": l.title})),
        "feed": frame.feeds.first(),
        "social": school.social_media.iter().map(|a| json!({"platform": a.platform, "url": a.url.value})).collect::<Vec<_>>(),
    });
    match ctx.pages.render(&theme.name, "school.html", &frame, page) {
        Ok(html) => site.add(format!("schools/{}/index.html", school.id), html),
        Err(d) => problems.push(d),
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(())
    }
}

/// Publishes every approved version of one adoption; returns the current one for the school's page.
fn publish_adoption(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    site: &mut SiteFiles,
    manifest: &mut Manifest,
) -> Result<Option<PublishedPolicy>, Diagnostics> {
    let Some(latest) = item.snapshots.last() else {
        return Ok(None);
    };
    let mut problems = Diagnostics::default();
    let school = item.school;
    let policy_id = item.policy.id();
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let adoption = item.adoption;
    let cycle_months = |cycle: u32| adoption.review_months().map_or(cycle, |m| m.min(cycle));
    let history: Vec<serde_json::Value> = item
        .snapshots
        .iter()
        .map(|s| {
            let approval = adoption.approvals.iter().find(|a| a.version.value == s.meta.version);
            let current = s.meta.version == latest.meta.version;
            let paths = version_paths(&school.id, policy_id, s.meta.version, current);
            json!({
                "version": s.meta.version,
                "date": dates::parse(&s.meta.approved_on).map_or(s.meta.approved_on.clone(), dates::british),
                "approved_by": format!("{} (minute {}), chaired by the {}", trust.map_or("LGB".to_string(), |t| t.local_body_short.clone()), s.meta.minute, s.meta.chair),
                "changes": approval.and_then(|a| a.changes.clone()).unwrap_or_default(),
                "html": paths.html,
                "changes_page": if s.meta.version > 1 && item.snapshots.iter().any(|o| o.meta.version < s.meta.version) { Some(format!("schools/{}/{}/changes-v{}.html", school.id, policy_id, s.meta.version)) } else { None },
            })
        })
        .collect();
    let mut current_summary = None;
    for (index, snapshot, approval) in published_versions(item) {
        let version = snapshot.meta.version;
        let current = version == latest.meta.version;
        let paths = version_paths(&school.id, policy_id, version, current);
        let approved_on = dates::parse(&snapshot.meta.approved_on);
        let review_due = approved_on
            .map(|d| dates::add_months(d, cycle_months(snapshot.meta.review_cycle_months)));
        let facts = DocumentFacts {
            school,
            trust,
            policy: item.policy,
            school_name: snapshot.meta.school_name.clone(),
            title: snapshot.meta.title.clone(),
            markdown: DocumentFacts::shown_text(&snapshot.markdown),
            approval: Some(approval),
            version: Some(version),
            model_version: snapshot.meta.model_version,
            review_due,
            received: approval.received_on.is_some(),
        };
        let pdf = match documents::pdf_bytes(ctx, &facts, Path::new(&adoption.file)) {
            Ok(bytes) => Some(bytes),
            Err(d) => {
                problems.push(d);
                None
            }
        };
        let page_history: Vec<serde_json::Value> = history
            .iter()
            .map(|h| {
                let mut h = h.clone();
                let target = h["html"].as_str().unwrap_or_default().to_string();
                h["href"] = if target == paths.html {
                    serde_json::Value::Null
                } else {
                    json!(relative(&paths.html, &target))
                };
                h["changes_href"] = h["changes_page"]
                    .as_str()
                    .map_or(serde_json::Value::Null, |c| json!(relative(&paths.html, c)));
                h
            })
            .collect();
        let notice = (!current).then(|| {
            (
                format!(
                    "This is version {version}, which has been replaced by version {}.",
                    latest.meta.version
                ),
                "Read the current version".to_string(),
                relative(
                    &paths.html,
                    &version_paths(&school.id, policy_id, latest.meta.version, true).html,
                ),
            )
        });
        let pdf_link = pdf
            .as_ref()
            .map(|b| (relative(&paths.html, &paths.pdf), b.len()));
        match documents::policy_page(
            ctx,
            &facts,
            paths.root,
            pdf_link,
            json!(page_history),
            notice,
            false,
        ) {
            Ok(html) => site.add(paths.html.clone(), html),
            Err(d) => problems.push(d),
        }
        let has_pdf = pdf.is_some();
        if current {
            let summary = documents::summary(&facts);
            match super::embed::fragment(
                ctx,
                &facts,
                &paths.html,
                pdf.as_ref().map(|b| (paths.pdf.as_str(), b.len())),
                &summary,
            ) {
                Ok(html) => site.add(
                    format!("schools/{}/{}/embed.html", school.id, policy_id),
                    html,
                ),
                Err(d) => problems.push(d),
            }
        }
        if let Some(bytes) = pdf {
            site.add(paths.pdf.clone(), bytes);
        }
        if index > 0 {
            let older = &item.snapshots[index - 1];
            match documents::changes_page(ctx, item, older, snapshot, "../") {
                Ok(html) => site.add(
                    format!(
                        "schools/{}/{}/changes-v{version}.html",
                        school.id, policy_id
                    ),
                    html,
                ),
                Err(d) => problems.extend(d),
            }
        }
        let stage = if approval.received_on.is_some() {
            Stage::Received
        } else {
            Stage::Approved
        };
        manifest.push(Document {
            kind: "policy",
            trust: school.trust_id().map(str::to_string),
            school: school.id.clone(),
            policy: Some(policy_id.to_string()),
            title: snapshot.meta.title.clone(),
            version,
            stage: stage.as_str().to_string(),
            current,
            approved_on: snapshot.meta.approved_on.clone(),
            review_due: review_due.map(dates::iso),
            html: paths.html.clone(),
            pdf: has_pdf.then(|| paths.pdf.clone()),
            sha256: String::new(),
            pdf_sha256: None,
        });
        if current {
            current_summary = Some(PublishedPolicy {
                title: snapshot.meta.title.clone(),
                search: search::entries(
                    &snapshot.meta.title,
                    &relative(&format!("schools/{}/index.html", school.id), &paths.html),
                    // The text the page shows (numbered once), so the anchors are the page's.
                    &facts.markdown,
                ),
                href: relative(&format!("schools/{}/index.html", school.id), &paths.html),
                version,
                approved_on: approved_on.map_or(snapshot.meta.approved_on.clone(), dates::british),
                review_due: review_due.map_or(String::new(), dates::british),
                pdf: has_pdf
                    .then(|| relative(&format!("schools/{}/index.html", school.id), &paths.pdf)),
            });
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(current_summary)
    }
}

/// An unapproved adoption, into `drafts/`: marked DRAFT, never linked, never in the manifest.
fn build_draft(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    site: &mut SiteFiles,
) -> Result<(), crate::diagnostic::Diagnostic> {
    if matches!(item.state.stage, Stage::Approved | Stage::Received) {
        return Ok(());
    }
    let Some(draft) = &item.draft else {
        return Ok(());
    };
    let school = item.school;
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let facts = DocumentFacts {
        school,
        trust,
        policy: item.policy,
        school_name: school.name.value.clone(),
        title: item.policy.meta.title.clone(),
        markdown: DocumentFacts::shown_text(&draft.markdown),
        approval: None,
        version: None,
        model_version: item.adoption.model_version.as_ref().map(|v| v.value),
        review_due: None,
        received: false,
    };
    let base = format!("drafts/schools/{}/{}", school.id, item.policy.id());
    let pdf = documents::pdf_bytes(ctx, &facts, &item.adoption.file)?;
    let pdf_name = format!("{}-{}-draft.pdf", school.id, item.policy.id());
    let html = documents::policy_page(
        ctx,
        &facts,
        "../",
        Some((pdf_name.clone(), pdf.len())),
        json!([]),
        None,
        true,
    )?;
    site.add(format!("{base}/index.html"), html);
    site.add(format!("{base}/{pdf_name}"), pdf);
    super::folder_assets(ctx, school, &format!("drafts/schools/{}", school.id), site);
    site.add(
        format!("drafts/schools/{}/index.html", school.id),
        draft_index(school),
    );
    Ok(())
}

fn draft_index(school: &School) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Drafts</title></head><body><main><h1>Drafts of {}</h1><p>Drafts are not published. Open each policy's folder.</p></main></body></html>\n",
        crate::markdown::escape_html(&school.name.value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative("schools/a/p/index.html", "schools/a/p/v1/index.html"),
            "v1/index.html"
        );
        assert_eq!(
            relative("schools/a/p/v1/index.html", "schools/a/p/index.html"),
            "../index.html"
        );
        assert_eq!(
            relative("schools/a/index.html", "schools/a/p/x.pdf"),
            "p/x.pdf"
        );
    }
}

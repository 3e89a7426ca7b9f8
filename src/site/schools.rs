//! A school's self-contained folder: its home page, its published policies and their PDFs.
//!
//! Every link inside `schools/<school>/` is relative and stays inside it, so the folder can be
//! uploaded to the school's own website as it is. A school is one build unit: it returns its
//! own files, manifest entries and search sections, and only reads what it is given.

use serde_json::json;

use crate::analysis::{Publication, SchoolFacts};
use crate::diagnostic::{Diagnostic, Diagnostics};

use super::leaflet::LeafletOutput;
use super::manifest::Document;
use super::policies::PolicyOutput;
use super::versions::{self, CurrentLink, DocumentOutput, Published};
use super::{Files, SiteContext, search};

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

/// What building one school gave.
#[derive(Default)]
pub struct SchoolOutput {
    pub files: Files,
    pub documents: Vec<Document>,
    /// The sections its search finds (relative to its folder); empty when it publishes nothing.
    pub search: Vec<search::Entry>,
}

/// Builds a school's folder.
pub fn build_school(
    ctx: &SiteContext<'_>,
    school: &SchoolFacts,
) -> Result<SchoolOutput, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut out = SchoolOutput::default();
    let dir = format!("schools/{}", school.school.id);
    super::folder_assets(ctx, school, &dir, &mut out.files);
    out.files
        .add(format!("{dir}/assets/search.js"), search::SCRIPT);
    let publications: Vec<&Publication> = ctx.analysis.publications_of(school).collect();
    // Policies in the order they were checked; then the school's one leaflet.
    let mut policies: Vec<CurrentLink> = Vec::new();
    for publication in publications.iter().filter(|p| !p.is_leaflet()) {
        let published = versions::publish(ctx, school, publication, &PolicyOutput, &mut problems);
        policies.extend(take(&mut out, published));
        if ctx.options.drafts {
            draft(
                ctx,
                school,
                publication,
                &PolicyOutput,
                &mut out.files,
                &mut problems,
            );
        }
    }
    let mut leaflet: Option<CurrentLink> = None;
    if let Some(publication) = publications.iter().find(|p| p.is_leaflet()) {
        if ctx.options.drafts {
            draft(
                ctx,
                school,
                publication,
                &LeafletOutput,
                &mut out.files,
                &mut problems,
            );
        }
        if !publication.versions.is_empty() {
            match super::leaflet::base_url(ctx) {
                Ok(_) => {
                    let published =
                        versions::publish(ctx, school, publication, &LeafletOutput, &mut problems);
                    leaflet = take(&mut out, published);
                }
                Err(d) => problems.push(d),
            }
        }
    }
    out.search = policies
        .iter()
        .chain(leaflet.iter())
        .flat_map(|p| p.search.iter().cloned())
        .collect();
    out.files.add(
        format!("{dir}/assets/search-index.js"),
        search::index_script(&school.school.id, &out.search),
    );
    match home_page(ctx, school, &policies, leaflet.as_ref()) {
        Ok(html) => out.files.add(format!("{dir}/index.html"), html),
        Err(d) => problems.push(d),
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(out)
    }
}

/// Keeps a published document's files and manifest entries; returns its current link.
fn take(out: &mut SchoolOutput, published: Published) -> Option<CurrentLink> {
    out.files.append(published.files);
    out.documents.extend(published.documents);
    published.current
}

/// A document's draft, when it has one (the build asks for drafts).
fn draft(
    ctx: &SiteContext<'_>,
    school: &SchoolFacts,
    publication: &Publication,
    output: &dyn DocumentOutput,
    files: &mut Files,
    problems: &mut Diagnostics,
) {
    if let Some(draft) = &publication.draft
        && let Err(d) = output.draft(ctx, school, publication, draft, files)
    {
        problems.extend(d);
    }
}

/// The school's home page: its policies, its leaflet, its contacts.
fn home_page(
    ctx: &SiteContext<'_>,
    facts: &SchoolFacts,
    published: &[CurrentLink],
    leaflet: Option<&CurrentLink>,
) -> Result<String, Diagnostic> {
    let school = &facts.school;
    let trust = facts.trust.as_deref();
    let terms = &facts.terms;
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
        school.name.value, terms.local_body
    );
    let page = json!({
        "school": {
            "trust_name": trust.map(|t| t.name.clone()),
            "head_title_label": terms.head,
            "head_title": school.head_title.value,
            "urn": school.urn.value,
            "website": school.website.as_ref().map(|w| w.value.clone()),
            "office_email": school.contacts.office_email.as_ref().map(|e| e.value.clone()),
            "office_phone": school.contacts.office_phone,
            "office_phone_href": school.contacts.office_phone.as_deref().and_then(crate::contacts::phone_href),
        },
        "local_body": terms.local_body,
        "board": published.iter().any(|p| p.agreed_by.is_some()).then(|| terms.board.clone()),
        "policies": published.iter().map(|p| json!({
            "title": p.title, "href": p.href, "version": p.version,
            "approved_on": p.approved_on, "review_due": p.review_due, "pdf": p.pdf, "agreed_by": p.agreed_by,
        })).collect::<Vec<_>>(),
        "leaflet": leaflet.map(|l| json!({"href": l.href, "pdf": l.pdf, "title": l.title})),
        "feed": frame.feeds.first(),
        "social": school.social_media.iter().map(|a| json!({"platform": a.platform, "url": a.url.value})).collect::<Vec<_>>(),
        "required": super::compliance::school_section(ctx.analysis, &school.id),
        "paper_copy": super::compliance::paper_copy(school),
    });
    ctx.pages
        .render(&ctx.theme(&facts.theme).name, "school.html", &frame, page)
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

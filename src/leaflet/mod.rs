//! The parent code of conduct leaflet's PDF: per school, an A5 PDF of at most two pages whose
//! QR code opens the school's full policy.
//!
//! A leaflet is a model text with `kind: leaflet`, adopted and approved like a policy; its
//! versions are published (pages, PDFs, manifest entries) by `crate::site::leaflet`, through the
//! same loop as policies. This module prints one version, or a draft.

mod sheet;

use crate::analysis::{Draft, Publication, PublishedVersion};
use crate::diagnostic::Diagnostic;
use crate::site::SiteContext;
use crate::workflow::snapshot;

use sheet::{SheetFacts, Source, pdf_bytes};

pub use sheet::check_fits;

/// Where drafts and the fit check point the QR code when book.toml gives no `base-url`.
pub const PLACEHOLDER_BASE: &str = "https://policies.example.org.uk/";

/// The page a leaflet's QR code opens: `base-url` + the school's policy folder.
pub fn policy_url(base: &str, school: &str, policy: &str) -> String {
    format!("{}/schools/{school}/{policy}/", base.trim_end_matches('/'))
}

/// The address a school's leaflet opens (its QR code and link) under `base`, and what it calls
/// that page: the analysis's one answer for the page, the PDF and the draft alike.
pub fn opens(base: &str, publication: &Publication) -> (String, String) {
    let base = base.trim_end_matches('/');
    match &publication.full_policy {
        Some(full) => (
            format!("{base}/{}", full.path(&publication.school.id)),
            full.opens().to_string(),
        ),
        None => (
            format!("{base}/schools/{}/", publication.school.id),
            "published policies".to_string(),
        ),
    }
}

/// A leaflet's PDF and how many pages it has.
pub struct LeafletPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The PDF of one approved version; its QR code opens the school's policy under `base`.
pub fn print_version(
    ctx: &SiteContext<'_>,
    publication: &Publication,
    version: &PublishedVersion,
    base: &str,
) -> Result<LeafletPdf, Diagnostic> {
    let school = &publication.school;
    let snap = &version.snapshot;
    let (qr_url, opens_title) = opens(base, publication);
    let facts = SheetFacts {
        qr_url,
        opens_title,
        project: ctx.project,
        school,
        school_name: snap.meta.school_name.clone(),
        title: snap.meta.title.clone(),
        markdown: snap.markdown.clone(),
        footer: format!(
            "Version {} · approved by the {} on {}",
            version.version(),
            publication.terms.local_body_short,
            version.approved_words()
        ),
        created: version.approved_on,
        logo: ctx
            .analysis
            .logos
            .for_school(&school.id, school.trust_id())
            .cloned(),
    };
    let snap_file = snapshot::path_for(&school.id, publication.policy.id(), version.version());
    let snap_text = snapshot::serialise(snap);
    let source = Source {
        file: &snap_file,
        text: &snap_text,
        first_line: 1,
        approved: true,
    };
    pdf_bytes(ctx, &facts, &source).map(|p| LeafletPdf {
        bytes: p.bytes,
        pages: p.pages,
    })
}

/// The PDF of a draft, marked DRAFT.
pub fn print_draft(
    ctx: &SiteContext<'_>,
    publication: &Publication,
    draft: &Draft,
    base: &str,
) -> Result<LeafletPdf, Diagnostic> {
    let school = &publication.school;
    let (qr_url, opens_title) = opens(base, publication);
    let facts = SheetFacts {
        qr_url,
        opens_title,
        project: ctx.project,
        school,
        school_name: school.name.value.clone(),
        title: format!("DRAFT {}", publication.policy.meta.title),
        markdown: draft.merged.markdown.clone(),
        footer: format!(
            "DRAFT · not yet approved by the {}",
            publication.terms.local_body
        ),
        created: None,
        logo: ctx
            .analysis
            .logos
            .for_school(&school.id, school.trust_id())
            .cloned(),
    };
    pdf_bytes(ctx, &facts, &Source::model(&publication.policy)).map(|p| LeafletPdf {
        bytes: p.bytes,
        pages: p.pages,
    })
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

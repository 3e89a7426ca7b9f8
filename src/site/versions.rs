//! The one loop that publishes every approved version of a document, for policies and leaflets
//! alike: each output says what files a version makes; the loop lists them in the manifest and
//! keeps the current version's link for the school's home page.

use crate::analysis::{Draft, Publication, PublishedVersion, SchoolFacts};
use crate::dates;
use crate::diagnostic::Diagnostics;

use super::manifest::Document;
use super::schools::relative;
use super::{Files, SiteContext, search};

/// What an output made of one version, beyond its files.
pub struct Rendered {
    /// The version's PDF was made (at `paths.pdf`).
    pub pdf: bool,
    /// The sections the school's search finds, with links relative to the school's folder.
    pub search: Vec<search::Entry>,
    /// The version's text as its page showed it (numbered and parsed), for the next version's
    /// "what changed" page; `None` for documents without one.
    pub shown: Option<ShownVersion>,
}

/// A version's text as it was shown: its number and its document tree.
#[derive(Clone)]
pub struct ShownVersion {
    pub version: u32,
    pub tree: std::sync::Arc<crate::markdown::Document>,
}

/// An output of one kind of document (policy, leaflet): its pages and PDFs, returned as files.
pub trait DocumentOutput {
    /// The files of one published version; `None` when it could not be made (the reason is in
    /// `problems`). `before` is the text the version before it showed, when it was just made.
    #[allow(clippy::too_many_arguments)]
    fn version(
        &self,
        ctx: &SiteContext<'_>,
        school: &SchoolFacts,
        publication: &Publication,
        version: &PublishedVersion,
        before: Option<&ShownVersion>,
        out: &mut Files,
        problems: &mut Diagnostics,
    ) -> Option<Rendered>;

    /// The files of a draft, for `build --drafts`: marked DRAFT, never linked or listed.
    fn draft(
        &self,
        ctx: &SiteContext<'_>,
        school: &SchoolFacts,
        publication: &Publication,
        draft: &Draft,
        out: &mut Files,
    ) -> Result<(), Diagnostics>;
}

/// The current version of a document, as the school's home page lists it (links relative to
/// the school's folder).
pub struct CurrentLink {
    pub title: String,
    pub href: String,
    pub pdf: Option<String>,
    pub version: u32,
    pub approved_on: String,
    pub review_due: String,
    /// A trust-wide policy: the board that agreed it (the home page says so instead of
    /// "approved").
    pub agreed_by: Option<String>,
    pub search: Vec<search::Entry>,
}

/// What publishing one document gave: its files, its manifest entries and its current link.
#[derive(Default)]
pub struct Published {
    pub files: Files,
    pub documents: Vec<Document>,
    pub current: Option<CurrentLink>,
}

/// Publishes every approved version of `publication` through `output`.
pub fn publish(
    ctx: &SiteContext<'_>,
    school: &SchoolFacts,
    publication: &Publication,
    output: &dyn DocumentOutput,
    problems: &mut Diagnostics,
) -> Published {
    let mut published = Published::default();
    let home = format!("schools/{}/index.html", publication.school.id);
    let mut before: Option<ShownVersion> = None;
    for version in &publication.versions {
        let Some(rendered) = output.version(
            ctx,
            school,
            publication,
            version,
            before.as_ref(),
            &mut published.files,
            problems,
        ) else {
            before = None;
            continue;
        };
        before = rendered.shown.clone();
        let paths = &version.paths;
        let meta = &version.snapshot.meta;
        published.documents.push(Document {
            kind: publication.kind.manifest_kind().to_string(),
            tier: publication.policy.tier().as_str().to_string(),
            trust: publication.trust_id().map(str::to_string),
            school: publication.school.id.clone(),
            policy: Some(publication.policy.id().to_string()),
            title: meta.title.clone(),
            version: version.version(),
            stage: version.stage.as_str().to_string(),
            current: version.current,
            approved_on: meta.approved_on.clone(),
            review_due: version.review_due.map(dates::iso),
            html: paths.html.clone(),
            pdf: rendered.pdf.then(|| paths.pdf.clone()),
            sha256: String::new(),
            pdf_sha256: None,
        });
        if version.current {
            published.current = Some(CurrentLink {
                title: meta.title.clone(),
                href: relative(&home, &paths.html),
                pdf: rendered.pdf.then(|| relative(&home, &paths.pdf)),
                version: version.version(),
                approved_on: version.approved_words(),
                review_due: version.review_due.map_or(String::new(), dates::british),
                agreed_by: publication
                    .policy
                    .is_trust_wide()
                    .then(|| publication.terms.board.clone()),
                search: rendered.search,
            });
        }
    }
    published
}

//! What a school's leaflet prints, from its approved (or draft) text, and the diagnostics that
//! point at the section that does not fit.

use std::path::Path;

use crate::analysis::Terms;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::Project;
use crate::model::{ModelPolicy, School, Trust};
use crate::site::SiteContext;
use crate::typeset::{DocumentInfo, Fonts, Rgb};

use super::{PLACEHOLDER_BASE, policy_url};
use crate::typeset::leaflet::{self as layout, LeafletError, LeafletSheet};

/// The policy the QR code opens once the school publishes it: its title.
fn full_policy_title(project: &Project, school: &School, leaflet: &ModelPolicy) -> String {
    project
        .policy_for(school, leaflet.full_policy())
        .map_or("full policy".to_string(), |p| p.meta.title.clone())
}

/// What one rendering of a school's leaflet prints.
pub(super) struct SheetFacts<'a> {
    pub(super) project: &'a Project,
    pub(super) school: &'a School,
    pub(super) school_name: String,
    pub(super) title: String,
    pub(super) markdown: String,
    pub(super) footer: String,
    pub(super) created: Option<jiff::civil::Date>,
    pub(super) logo: Option<std::sync::Arc<crate::logo::Logo>>,
    /// The address the QR code and link open, and what the leaflet calls that page.
    pub(super) qr_url: String,
    pub(super) opens_title: String,
}

pub(super) fn sheet(facts: &SheetFacts<'_>) -> LeafletSheet {
    let project = facts.project;
    let trust = facts.school.trust_id().and_then(|t| project.trust(t));
    let theme_name = trust.map_or("default", Trust::theme_name);
    let brand = project
        .theme(theme_name)
        .or_else(|| project.theme("default"))
        .map_or(Rgb(0x1f, 0x4e, 0x79), |t| {
            let c = t.colours.primary;
            Rgb(c.r, c.g, c.b)
        });
    LeafletSheet {
        school_name: facts.school_name.clone(),
        organisation: trust.map(|t| t.name.clone()),
        title: facts.title.clone(),
        markdown: facts.markdown.clone(),
        brand,
        qr_url: facts.qr_url.clone(),
        full_policy_title: facts.opens_title.clone(),
        footer: facts.footer.clone(),
        logo: facts.logo.clone(),
        info: DocumentInfo {
            title: facts.title.clone(),
            author: facts.school_name.clone(),
            subject: format!(
                "{}: a code of conduct for parents and carers of {}",
                facts.title, facts.school_name
            ),
            keywords: vec![
                facts.title.clone(),
                facts.school_name.clone(),
                "parents and carers".to_string(),
                "social media".to_string(),
                "code of conduct".to_string(),
            ],
            language: project.book.book.language.clone(),
            created: facts.created,
        },
    }
}

/// The line of `text` holding the heading `section`, if any.
fn heading_line(text: &str, section: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with('#') && t.trim_start_matches('#').trim() == section
        })
        .map(|i| i + 1)
}

/// The text a leaflet was made from, to point a diagnostic at the section concerned.
pub(super) struct Source<'a> {
    pub(super) file: &'a Path,
    pub(super) text: &'a str,
    /// The file's line on which `text` starts.
    pub(super) first_line: usize,
    /// Already approved (the fix is a new version) or still a draft.
    pub(super) approved: bool,
}

impl<'a> Source<'a> {
    /// A draft: the model's body, where the section headings are written.
    pub(super) fn model(leaflet: &'a ModelPolicy) -> Source<'a> {
        Source {
            file: &leaflet.file,
            text: &leaflet.body,
            first_line: leaflet.body_line,
            approved: false,
        }
    }
}

fn layout_diagnostic(error: LeafletError, source: &Source<'_>, school: &School) -> Diagnostic {
    match error {
        LeafletError::Overflow(o) => {
            let line = heading_line(source.text, &o.section)
                .map_or(1, |l| source.first_line + l - 1);
            Diagnostic::error(
                source.file,
                Position::new(line, 1),
                format!(
                    "the parent leaflet of {} does not fit on two A5 pages: {}",
                    school.name.value,
                    o.describe()
                ),
            )
            .with_hint(if source.approved {
                "a leaflet is never cut short: shorten that section (or one before it on the same page) in the model or in the school's values, then approve the new text with `policyforge approve`"
            } else {
                "a leaflet is never cut short: shorten that section (or one before it on the same page) in the model or in the school's values before it is approved"
            })
        }
        LeafletError::Shape(message) => {
            Diagnostic::error(source.file, Position::new(source.first_line, 1), message)
                .with_hint("a leaflet has a front and a back: use at most one `---` line, where the back page starts")
        }
    }
}

fn fonts_diagnostic(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "themes/fonts",
        Position::default(),
        format!("cannot load the bundled fonts: {e}"),
    )
}

/// Checks that a leaflet text fits its two pages (before the school's local body approves it).
pub fn check_fits(
    project: &Project,
    school: &School,
    leaflet: &ModelPolicy,
    merged: &str,
) -> Result<(), Diagnostic> {
    let fonts = Fonts::bundled().map_err(fonts_diagnostic)?;
    let base = project
        .book
        .build
        .base_url
        .clone()
        .unwrap_or_else(|| PLACEHOLDER_BASE.to_string());
    let facts = SheetFacts {
        project,
        school,
        school_name: school.name.value.clone(),
        title: leaflet.meta.title.clone(),
        markdown: merged.to_string(),
        footer: format!(
            "Version 99 · approved by the {} on 30 September 2099",
            Terms::for_trust(school.trust_id().and_then(|t| project.trust(t))).local_body_short
        ),
        created: None,
        // The tile is the same size with or without a logo: the fit does not depend on it.
        logo: None,
        // Checked as it will print once the policy it opens is published.
        qr_url: policy_url(&base, &school.id, leaflet.full_policy()),
        opens_title: full_policy_title(project, school, leaflet),
    };
    layout::layout(&sheet(&facts), &fonts)
        .map(|_| ())
        .map_err(|e| layout_diagnostic(e, &Source::model(leaflet), school))
}

/// Lays out and writes one leaflet PDF.
pub(super) fn pdf_bytes(
    ctx: &SiteContext<'_>,
    facts: &SheetFacts<'_>,
    source: &Source<'_>,
) -> Result<Printed, Diagnostic> {
    let laid = layout::layout(&sheet(facts), &ctx.fonts)
        .map_err(|e| layout_diagnostic(e, source, facts.school))?;
    let pages = laid.pages.len();
    let bytes = crate::pdf::write_pdf(&laid, &ctx.fonts).map_err(|e| {
        Diagnostic::error(
            source.file,
            Position::new(1, 1),
            format!("cannot make the PDF of the parent leaflet: {e}"),
        )
        .with_hint("this is a fault in policyforge's typesetting; please report it with this file")
    })?;
    Ok(Printed { bytes, pages })
}

/// A leaflet's PDF and how many pages it has.
pub(super) struct Printed {
    pub(super) bytes: Vec<u8>,
    pub(super) pages: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_by_their_words() {
        let text = "intro\n\n## What we ask\n\ntext\n";
        assert_eq!(heading_line(text, "What we ask"), Some(3));
        assert_eq!(heading_line(text, "Missing"), None);
    }
}

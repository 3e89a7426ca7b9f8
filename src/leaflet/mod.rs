//! The parent code of conduct leaflet: per school, an accessible HTML page and an A5 PDF of at
//! most two pages whose QR code opens the school's full policy.
//!
//! A leaflet is a model text with `kind: leaflet`, adopted and approved like a policy; this module
//! publishes its approved versions into `schools/<school>/leaflet/` and lists them in the manifest.

pub mod layout;
pub mod qr;

use std::path::Path;

use serde_json::json;

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::Project;
use crate::markdown;
use crate::model::{ModelPolicy, School, Trust};
use crate::site::documents::human_size;
use crate::site::manifest::{Document, Manifest};
use crate::site::pages::crumb;
use crate::site::schools::relative;
use crate::site::{SiteContext, SiteFiles, stylesheet};
use crate::typeset::{DocumentInfo, Fonts, Rgb};
use crate::validate::CheckedAdoption;
use crate::workflow::Stage;
use crate::workflow::snapshot::{self, Snapshot};

use layout::{LeafletError, LeafletSheet};

/// Where a school's leaflet is, for its home page (relative to the school's folder).
pub struct LeafletLink {
    pub href: String,
    pub pdf: Option<String>,
    pub title: String,
}

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

fn parse_rgb(hex: &str) -> Rgb {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (h.len(), byte(0), byte(2), byte(4)) {
        (6, Some(r), Some(g), Some(b)) => Rgb(r, g, b),
        _ => Rgb(0x1f, 0x4e, 0x79),
    }
}

/// "Local Governing Body", or the governors of a school outside any trust.
fn approving_body(trust: Option<&Trust>) -> String {
    trust.map_or("governing body".to_string(), |t| t.local_body.clone())
}

/// The same, short enough for the printed footer: "LGB", or "governors".
fn approving_body_short(trust: Option<&Trust>) -> String {
    trust.map_or("governors".to_string(), |t| t.local_body_short.clone())
}

/// The policy the QR code opens: its title as the school publishes it.
fn full_policy_title(project: &Project, school: &School, leaflet: &ModelPolicy) -> String {
    project
        .policy_for(school, leaflet.full_policy())
        .map_or("full policy".to_string(), |p| p.meta.title.clone())
}

/// What one rendering of a school's leaflet prints.
struct SheetFacts<'a> {
    project: &'a Project,
    school: &'a School,
    leaflet: &'a ModelPolicy,
    school_name: String,
    title: String,
    markdown: String,
    footer: String,
    created: Option<jiff::civil::Date>,
}

fn sheet(facts: &SheetFacts<'_>, base_url: &str) -> LeafletSheet {
    let project = facts.project;
    let trust = facts.school.trust_id().and_then(|t| project.trust(t));
    let theme_name = trust.map_or("default", Trust::theme_name);
    let brand = project
        .theme(theme_name)
        .or_else(|| project.theme("default"))
        .map_or(Rgb(0x1f, 0x4e, 0x79), |t| parse_rgb(&t.colours.primary));
    LeafletSheet {
        school_name: facts.school_name.clone(),
        organisation: trust.map(|t| t.name.clone()),
        title: facts.title.clone(),
        markdown: facts.markdown.clone(),
        brand,
        qr_url: policy_url(base_url, &facts.school.id, facts.leaflet.full_policy()),
        full_policy_title: full_policy_title(project, facts.school, facts.leaflet),
        footer: facts.footer.clone(),
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
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
    /// The file's line on which `text` starts.
    first_line: usize,
    /// Already approved (the fix is a new version) or still a draft.
    approved: bool,
}

impl<'a> Source<'a> {
    /// A draft: the model's body, where the section headings are written.
    fn model(leaflet: &'a ModelPolicy) -> Source<'a> {
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

/// Checks that a leaflet text fits its two pages (before the LGB approves it).
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
        .unwrap_or_else(|| "https://policies.example.org.uk/".to_string());
    let facts = SheetFacts {
        project,
        school,
        leaflet,
        school_name: school.name.value.clone(),
        title: leaflet.meta.title.clone(),
        markdown: merged.to_string(),
        footer: format!(
            "Version 99 · approved by the {} on 30 September 2099",
            approving_body_short(school.trust_id().and_then(|t| project.trust(t)))
        ),
        created: None,
    };
    layout::layout(&sheet(&facts, &base), &fonts)
        .map(|_| ())
        .map_err(|e| layout_diagnostic(e, &Source::model(leaflet), school))
}

/// Lays out and writes one leaflet PDF.
fn pdf_bytes(
    ctx: &SiteContext<'_>,
    facts: &SheetFacts<'_>,
    base_url: &str,
    source: &Source<'_>,
) -> Result<Printed, Diagnostic> {
    let laid = layout::layout(&sheet(facts, base_url), &ctx.fonts)
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
struct Printed {
    bytes: Vec<u8>,
    pages: usize,
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
            .review_months
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
            });
        }
    }
    link
}

fn url_of(base: &str, item: &CheckedAdoption<'_>) -> String {
    policy_url(base, &item.school.id, item.policy.full_policy())
}

/// What the HTML page of one version shows.
struct LeafletPage<'a> {
    snap: &'a Snapshot,
    paths: &'a Paths,
    /// Size in bytes and pages.
    pdf: Option<(usize, usize)>,
    history: Vec<serde_json::Value>,
    approved: Option<String>,
    review_due: Option<String>,
    /// For a replaced version: the notice and the link to the current one.
    notice: Option<(String, String)>,
    draft: bool,
}

fn leaflet_page(
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
    let mut frame = ctx.frame(
        "leaflet",
        snap.meta.title.clone(),
        format!("{root}assets/style.css"),
    );
    frame.site_name = snap.meta.school_name.clone();
    frame.org_name = snap.meta.school_name.clone();
    frame.org_link = Some(format!("{root}index.html"));
    frame.crumbs = vec![
        crumb(
            snap.meta.school_name.clone(),
            Some(&format!("{root}index.html")),
        ),
        crumb(snap.meta.title.clone(), None),
    ];
    frame.draft = page.draft;
    frame.noindex = page.draft;
    frame.ethos = trust.and_then(|t| t.ethos.clone());
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
        .unwrap_or_else(|| "https://policies.example.org.uk/".to_string());
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
    site.add(
        format!("drafts/schools/{}/assets/style.css", school.id),
        stylesheet(ctx.theme_of(trust)),
    );
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

    #[test]
    fn headings_are_found_by_their_words() {
        let text = "intro\n\n## What we ask\n\ntext\n";
        assert_eq!(heading_line(text, "What we ask"), Some(3));
        assert_eq!(heading_line(text, "Missing"), None);
    }
}

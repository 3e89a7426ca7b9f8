//! One policy document, published or draft: its HTML page, its PDF, its "what changed" page.

use serde_json::json;

use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::markdown;
use crate::model::{Approval, ModelPolicy, School, Trust};
use crate::typeset::{Cover, PageSetup, PrintDocument, Rgb};
use crate::validate::CheckedAdoption;
use crate::workflow::redline;
use crate::workflow::snapshot::Snapshot;

use super::SiteContext;
use super::pages::{Frame, crumb};

/// What one rendering of a policy shows, whatever it is made from.
pub struct DocumentFacts<'a> {
    pub school: &'a School,
    pub trust: Option<&'a Trust>,
    pub policy: &'a ModelPolicy,
    pub school_name: String,
    pub title: String,
    pub markdown: &'a str,
    /// `None` for a draft.
    pub approval: Option<&'a Approval>,
    pub version: Option<u32>,
    pub model_version: Option<u32>,
    pub review_due: Option<jiff::civil::Date>,
    pub received: bool,
}

impl DocumentFacts<'_> {
    pub fn local_short(&self) -> String {
        self.trust
            .map_or("LGB".to_string(), |t| t.local_body_short.clone())
    }

    pub fn local_body(&self) -> String {
        self.trust
            .map_or("local governing body".to_string(), |t| t.local_body.clone())
    }

    /// The document control block, as CDAT and CMAT documents open.
    pub fn control_rows(&self) -> Vec<(String, String)> {
        let short = self.local_short();
        let not_yet = "not yet approved".to_string();
        let mut rows = vec![
            ("School".to_string(), self.school_name.clone()),
            ("Policy".to_string(), self.title.clone()),
            (
                "Version".to_string(),
                self.version.map_or("Draft".to_string(), |v| v.to_string()),
            ),
        ];
        if let (Some(trust), Some(mv)) = (self.trust, self.model_version) {
            rows.push((
                "Trust model".to_string(),
                format!("{} model, version {mv}", trust.short_name),
            ));
        }
        match self.approval {
            Some(a) => {
                let date = dates::parse(&a.approved_on.value)
                    .map_or(a.approved_on.value.clone(), dates::british);
                rows.push((format!("Date agreed by the {short}"), date));
                rows.push(("Minute reference".to_string(), a.minute.clone()));
                rows.push((
                    "Review date".to_string(),
                    self.review_due.map_or(not_yet.clone(), dates::british),
                ));
                rows.push((format!("Chair of the {short}"), a.chair.clone()));
                rows.push((
                    "Status".to_string(),
                    if self.received {
                        format!("Approved by the {short}; received by the trust")
                    } else {
                        format!("Approved by the {short}")
                    },
                ));
            }
            None => {
                rows.push((format!("Date agreed by the {short}"), not_yet.clone()));
                rows.push(("Review date".to_string(), not_yet.clone()));
                rows.push((format!("Chair of the {short}"), not_yet));
                rows.push(("Status".to_string(), "DRAFT".to_string()));
            }
        }
        rows
    }

    pub fn print_document(&self, ctx: &SiteContext<'_>) -> PrintDocument {
        let theme = ctx.theme_of(self.trust);
        let organisation = self
            .trust
            .map_or(self.school_name.clone(), |t| t.name.clone());
        let (width_mm, height_mm) = theme.page.paper_mm();
        let version = self
            .version
            .map_or("Draft".to_string(), |v| format!("Version {v}"));
        PrintDocument {
            title: self.title.clone(),
            author: organisation.clone(),
            subject: format!("{} of {}", self.title, self.school_name),
            keywords: vec![
                self.title.clone(),
                self.school_name.clone(),
                organisation.clone(),
                "school policy".to_string(),
            ],
            language: ctx.project.book.book.language.clone(),
            created: self
                .approval
                .and_then(|a| dates::parse(&a.approved_on.value)),
            running_header: organisation.clone(),
            footer_left: format!("{} · {} · {version}", self.school_name, self.title),
            cover: Cover {
                organisation,
                brand: parse_rgb(&theme.colours.primary),
                title: self.title.clone(),
                control: self.control_rows(),
                signature_line: Some(format!("Signed, Chair of the {}", self.local_short())),
                ethos: self
                    .trust
                    .and_then(|t| t.ethos.clone())
                    .map(|e| crate::typeset::Ethos {
                        heading: e.heading,
                        text: e.text,
                        reference: e.reference,
                    }),
            },
            body_markdown: self.markdown.to_string(),
            draft: self.approval.is_none(),
            page: PageSetup {
                width_mm,
                height_mm,
                margin_mm: theme.page.margin_mm,
            },
        }
    }
}

fn parse_rgb(hex: &str) -> Rgb {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0x33)
    };
    if h.len() == 6 {
        Rgb(byte(0), byte(2), byte(4))
    } else {
        Rgb(0x1f, 0x4e, 0x79)
    }
}

pub fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

pub fn pdf_bytes(
    ctx: &SiteContext<'_>,
    facts: &DocumentFacts<'_>,
    file: &std::path::Path,
) -> Result<Vec<u8>, Diagnostic> {
    crate::pdf::render_pdf(&facts.print_document(ctx), &ctx.fonts).map_err(|e| {
        Diagnostic::error(
            file,
            Position::new(1, 1),
            format!("cannot make the PDF of {}: {e}", facts.title),
        )
        .with_hint("this is a fault in policyforge's typesetting; please report it with this file")
    })
}

/// Renders the HTML page of a policy (published or draft). `root` leads to the school's folder.
#[allow(clippy::too_many_arguments)]
pub fn policy_page(
    ctx: &SiteContext<'_>,
    facts: &DocumentFacts<'_>,
    root: &str,
    pdf: Option<(String, usize)>,
    history: serde_json::Value,
    notice: Option<(String, String, String)>,
    draft: bool,
) -> Result<String, Diagnostic> {
    let (body, headings) = markdown::to_html(facts.markdown);
    let toc: Vec<_> = headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| json!({"anchor": h.anchor, "text": h.text}))
        .collect();
    let mut frame: Frame = ctx.school_frame(
        "policy",
        facts.title.clone(),
        &facts.school_name,
        root,
        facts.trust,
    );
    frame.crumbs = vec![
        crumb(
            facts.school_name.clone(),
            Some(&format!("{root}index.html")),
        ),
        crumb(facts.title.clone(), None),
    ];
    frame.draft = draft;
    frame.noindex = draft;
    frame.footer_text = footer(facts);
    let (notice, notice_link, notice_href) = notice.unwrap_or_default();
    let page = json!({
        "control": facts.control_rows(),
        "pdf": pdf.map(|(href, size)| json!({"href": href, "size": human_size(size)})),
        "toc": toc,
        "body": body,
        "history": history,
        "local_body": facts.local_body(),
        "notice": if notice.is_empty() { None } else { Some(notice) },
        "notice_link": notice_link,
        "notice_href": notice_href,
    });
    ctx.pages
        .render(&ctx.theme_of(facts.trust).name, "policy.html", &frame, page)
}

fn footer(facts: &DocumentFacts<'_>) -> String {
    match facts.trust {
        Some(t) => match &t.company_number {
            Some(n) => format!(
                "{} is part of {}, a company limited by guarantee registered in England (no. {n}).",
                facts.school_name, t.name
            ),
            None => format!("{} is part of {}.", facts.school_name, t.name),
        },
        None => facts.school_name.clone(),
    }
}

/// The "what changed" page between two approved versions.
pub fn changes_page(
    ctx: &SiteContext<'_>,
    item: &CheckedAdoption<'_>,
    older: &Snapshot,
    newer: &Snapshot,
    root: &str,
) -> Result<String, Diagnostics> {
    let pieces = redline::compare(&older.markdown, &newer.markdown);
    let (added, removed) = redline::counts(&pieces);
    let trust = item.school.trust_id().and_then(|t| ctx.project.trust(t));
    let title = format!(
        "What changed in version {} of the {}",
        newer.meta.version, newer.meta.title
    );
    let mut frame = ctx.school_frame("changes", title, &newer.meta.school_name, root, trust);
    frame.crumbs = vec![
        crumb(
            newer.meta.school_name.clone(),
            Some(&format!("{root}index.html")),
        ),
        crumb(newer.meta.title.clone(), Some("index.html")),
        crumb(format!("Changes in version {}", newer.meta.version), None),
    ];
    let date = |s: &Snapshot| {
        dates::parse(&s.meta.approved_on).map_or(s.meta.approved_on.clone(), dates::british)
    };
    let page = json!({
        "from_version": older.meta.version,
        "to_version": newer.meta.version,
        "from_date": date(older),
        "to_date": date(newer),
        "summary": format!("{added} words added, {removed} words removed."),
        "body": redline::to_html(&pieces),
    });
    ctx.pages
        .render(&ctx.theme_of(trust).name, "changes.html", &frame, page)
        .map_err(|d| {
            let mut all = Diagnostics::default();
            all.push(d);
            all
        })
}

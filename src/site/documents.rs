//! One policy document, published or draft: its HTML page and its PDF.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::json;

use crate::analysis::Terms;
use crate::dates;
use crate::diagnostic::{Diagnostic, Position};
use crate::markdown;
use crate::model::{Approval, EthosStatement, ModelPolicy, School, Trust};
use crate::theme::Branding;
use crate::typeset::{Cover, PageSetup, PrintDocument, Rgb};

use super::SiteContext;
use super::pages::Frame;

/// What one rendering of a policy shows, whatever it is made from.
pub struct DocumentFacts<'a> {
    pub school: &'a School,
    pub trust: Option<&'a Trust>,
    /// The trust's words for its bodies (or a school's outside any trust).
    pub terms: &'a Terms,
    pub policy: &'a ModelPolicy,
    pub school_name: String,
    pub title: String,
    /// The text as every rendering shows it: the approved (or draft) text, with automatic
    /// heading numbers when it numbers none of its own ([`DocumentFacts::shown_text`]).
    pub markdown: Cow<'a, str>,
    /// `markdown` parsed once: the page, the embed, the PDF and the search entries read it.
    pub tree: std::sync::Arc<markdown::Document>,
    /// The body's HTML and headings, rendered once for the page and the embed.
    pub html: std::cell::OnceCell<(String, Vec<markdown::Heading>)>,
    /// `None` for a draft.
    pub approval: Option<&'a Approval>,
    pub version: Option<u32>,
    pub model_version: Option<u32>,
    pub review_due: Option<jiff::civil::Date>,
    pub received: bool,
    /// The version table the PDF prints: (version, date, approved by, changes), oldest first.
    pub versions: Vec<[String; 4]>,
}

/// One row of the document control block.
#[derive(Debug, Clone, Serialize)]
pub struct ControlRow {
    pub label: String,
    pub value: String,
    /// The web page already says it in its header or title, so its block leaves the row out;
    /// the PDF, whose band shows the trust, keeps it.
    pub in_page_heading: bool,
}

impl ControlRow {
    fn new(label: impl Into<String>, value: impl Into<String>) -> ControlRow {
        ControlRow {
            label: label.into(),
            value: value.into(),
            in_page_heading: false,
        }
    }
}

impl<'a> DocumentFacts<'a> {
    /// The text a document shows, numbered and parsed once: see [`crate::numbering`].
    pub fn shown_text(text: &'a str) -> crate::numbering::Shown<'a> {
        crate::numbering::shown(text)
    }

    /// The body's HTML and its headings, rendered on first use.
    pub fn body_html(&self) -> &(String, Vec<markdown::Heading>) {
        self.html.get_or_init(|| markdown::tree_to_html(&self.tree))
    }

    /// The trust's ethos as a policy document shows it.
    pub fn ethos(&self) -> Option<EthosStatement> {
        self.trust
            .and_then(|t| t.ethos.as_ref())
            .map(|e| e.for_document())
    }

    pub fn local_short(&self) -> String {
        self.terms.local_body_short.clone()
    }

    pub fn local_body(&self) -> String {
        self.terms.local_body.clone()
    }

    /// The date the local body approved this version, written the British way.
    fn approved_on(approval: &Approval) -> String {
        dates::parse(&approval.approved_on.value)
            .map_or(approval.approved_on.value.clone(), dates::british)
    }

    /// The document control block, as CDAT and CMAT documents open.
    pub fn control_rows(&self) -> Vec<ControlRow> {
        if self.policy.is_trust_wide() {
            return self.board_control_rows();
        }
        let short = self.local_short();
        let not_yet = "not yet approved".to_string();
        let mut rows = self.heading_rows();
        rows.extend([ControlRow::new(
            "Version",
            self.version.map_or("Draft".to_string(), |v| v.to_string()),
        )]);
        if let (Some(trust), Some(mv)) = (self.trust, self.model_version) {
            rows.push(ControlRow::new(
                "Trust model",
                format!("{} model, version {mv}", trust.short_name),
            ));
        }
        match self.approval {
            Some(a) => {
                rows.push(ControlRow::new(
                    format!("Date agreed by the {short}"),
                    Self::approved_on(a),
                ));
                rows.push(ControlRow::new("Minute reference", a.minute.clone()));
                rows.push(ControlRow::new(
                    "Review date",
                    self.review_due.map_or(not_yet.clone(), dates::british),
                ));
                rows.push(ControlRow::new(
                    format!("Chair of the {short}"),
                    a.chair.clone(),
                ));
                rows.push(ControlRow::new(
                    "Status",
                    if self.received {
                        format!("Approved by the {short}; received by the trust")
                    } else {
                        format!("Approved by the {short}")
                    },
                ));
            }
            None => {
                rows.push(ControlRow::new(
                    format!("Date agreed by the {short}"),
                    not_yet.clone(),
                ));
                rows.push(ControlRow::new("Review date", not_yet.clone()));
                rows.push(ControlRow::new(format!("Chair of the {short}"), not_yet));
                rows.push(ControlRow::new("Status", "DRAFT"));
            }
        }
        rows
    }

    /// The rows the page's own heading already shows (school and policy).
    fn heading_rows(&self) -> Vec<ControlRow> {
        vec![
            ControlRow {
                in_page_heading: true,
                ..ControlRow::new("School", self.school_name.clone())
            },
            ControlRow {
                in_page_heading: true,
                ..ControlRow::new("Policy", self.title.clone())
            },
        ]
    }

    /// A trust-wide policy's control block, in the board's terms (CMAT: "Reviewed by: The
    /// Board", the policy's date, its review date).
    fn board_control_rows(&self) -> Vec<ControlRow> {
        let board = &self.terms.board;
        let trust = self.trust.map_or(String::new(), |t| t.name.clone());
        let mut rows = self.heading_rows();
        rows.extend([
            ControlRow::new(
                "Policy type",
                format!("Trust-wide: one policy for every school of {trust}"),
            ),
            ControlRow::new(
                "Version",
                self.version.map_or("Draft".to_string(), |v| v.to_string()),
            ),
            ControlRow::new("Reviewed by", format!("The {board}")),
        ]);
        match self.approval {
            Some(a) => {
                rows.push(ControlRow::new("Date of policy", Self::approved_on(a)));
                rows.push(ControlRow::new("Minute reference", a.minute.clone()));
                rows.push(ControlRow::new(
                    "Review date",
                    self.review_due
                        .map_or("not yet agreed".to_string(), dates::british),
                ));
                rows.push(ControlRow::new("Status", format!("Agreed by the {board}")));
            }
            None => {
                rows.push(ControlRow::new("Date of policy", "not yet agreed"));
                rows.push(ControlRow::new("Status", "DRAFT"));
            }
        }
        rows
    }

    /// Who approves this document: the board for a trust-wide policy, else the local body.
    pub fn approver(&self) -> String {
        if self.policy.is_trust_wide() {
            self.terms.board.clone()
        } else {
            self.local_body()
        }
    }

    /// One line for the top of the page: which version this is and where it stands; the full
    /// record is the document control block.
    pub fn status_line(&self) -> String {
        if self.policy.is_trust_wide() {
            return match (self.version, self.approval) {
                (Some(version), Some(a)) => format!(
                    "Version {version}, agreed by the {} on {} for every school of the trust.",
                    self.terms.board,
                    Self::approved_on(a)
                ),
                _ => format!("Draft: not yet agreed by the {}.", self.terms.board),
            };
        }
        let short = self.local_short();
        match (self.version, self.approval) {
            (Some(version), Some(a)) => format!(
                "Version {version}, approved by the {short} on {}.",
                Self::approved_on(a)
            ),
            _ => format!("Draft: not yet approved by the {short}."),
        }
    }

    pub fn print_document(&self, ctx: &SiteContext<'_>, theme: &Branding) -> PrintDocument {
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
                brand: rgb(theme.colours.primary),
                title: self.title.clone(),
                control: self
                    .control_rows()
                    .into_iter()
                    .map(|r| (r.label, r.value))
                    .collect(),
                signature_line: Some(if self.policy.is_trust_wide() {
                    format!("Signed, Chair of the {}", self.terms.board)
                } else {
                    format!("Signed, Chair of the {}", self.local_short())
                }),
                versions: self.versions.clone(),
                ethos: self.ethos().map(|e| crate::typeset::Ethos {
                    heading: e.heading,
                    text: e.text,
                    reference: e.reference,
                }),
                logo: match self.trust {
                    Some(t) => ctx.analysis.logos.trusts.get(t.id()).cloned(),
                    None => ctx.analysis.logos.schools.get(&self.school.id).cloned(),
                },
                school_logo: self
                    .trust
                    .and_then(|_| ctx.analysis.logos.schools.get(&self.school.id).cloned()),
            },
            body_markdown: self.markdown.to_string(),
            body_tree: Some(crate::typeset::ParsedBody(self.tree.clone())),
            draft: self.approval.is_none(),
            page: PageSetup {
                width_mm,
                height_mm,
                margin_mm: theme.page.margin_mm,
            },
        }
    }
}

fn rgb(colour: crate::theme::Colour) -> Rgb {
    Rgb(colour.r, colour.g, colour.b)
}

/// One sentence on where a version stands: who approved it and when, and its review date.
pub fn summary(facts: &DocumentFacts<'_>) -> String {
    match (facts.approval, facts.version) {
        (Some(a), Some(v)) => {
            let date = dates::parse(&a.approved_on.value)
                .map_or(a.approved_on.value.clone(), dates::british);
            let review = facts
                .review_due
                .map(|d| format!(" To be reviewed by {}.", dates::british(d)))
                .unwrap_or_default();
            let verb = if facts.policy.is_trust_wide() {
                "agreed"
            } else {
                "approved"
            };
            format!(
                "Version {v}, {verb} by the {} on {date} (minute {}).{review}",
                facts.approver(),
                a.minute
            )
        }
        _ => format!("A draft, not yet approved by the {}.", facts.approver()),
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
    theme: &Branding,
    file: &std::path::Path,
) -> Result<Vec<u8>, Diagnostic> {
    let document = facts.print_document(ctx, theme);
    // Everything the PDF prints is in the document, so its description is the cache's key.
    let key = || {
        crate::cache::KeyBuilder::new("policy pdf")
            .text("document", &format!("{document:?}"))
            .finish()
    };
    ctx.store
        .pdf(key, || crate::pdf::render_pdf(&document, &ctx.fonts))
        .map_err(|e| {
            Diagnostic::error(
                file,
                Position::new(1, 1),
                format!("cannot make the PDF of {}: {e}", facts.title),
            )
            .with_hint(
                "this is a fault in policyforge's typesetting; please report it with this file",
            )
        })
}

/// Renders the HTML page of a policy (published or draft). `root` leads to the school's folder.
#[allow(clippy::too_many_arguments)]
pub fn policy_page(
    ctx: &SiteContext<'_>,
    facts: &DocumentFacts<'_>,
    theme: &Branding,
    root: &str,
    pdf: Option<(String, usize)>,
    history: serde_json::Value,
    notice: Option<(String, String, String)>,
    draft: bool,
) -> Result<String, Diagnostic> {
    let (body, headings) = facts.body_html();
    // The headings already carry their numbers (their own or automatic ones): the contents list
    // shows them as they are and adds none.
    let toc: Vec<_> = headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| json!({"anchor": h.anchor, "text": h.text}))
        .collect();
    let mut frame: Frame = ctx.school_frame(
        "policy",
        facts.title.clone(),
        (&facts.school.id, &facts.school_name),
        root,
        facts.trust,
    );
    // No breadcrumb: its one step, the school's policies, is the header's link.
    frame.draft = draft;
    frame.noindex = draft;
    if draft {
        // Drafts live outside the published folder, where there is no feed and no search.
        frame.feeds.clear();
        frame.search = None;
    }
    frame.ethos = facts.ethos();
    frame.footer_text = footer(facts);
    frame.description = format!(
        "The {} of {}. {}",
        facts.title,
        facts.school_name,
        summary(facts)
    );
    let (notice, notice_link, notice_href) = notice.unwrap_or_default();
    let page = json!({
        "status": facts.status_line(),
        "control": facts.control_rows().into_iter().filter(|r| !r.in_page_heading).collect::<Vec<_>>(),
        "pdf": pdf.map(|(href, size)| json!({"href": href, "size": human_size(size)})),
        "toc": toc,
        "body": body,
        "history": history,
        "local_body": facts.local_body(),
        "history_by": if facts.policy.is_trust_wide() { "Agreed by" } else { "Approved by" },
        "history_caption": if facts.policy.is_trust_wide() {
            format!("Versions agreed by the {}", facts.terms.board)
        } else {
            format!("Versions approved by the {}", facts.local_body())
        },
        "notice": if notice.is_empty() { None } else { Some(notice) },
        "notice_link": notice_link,
        "notice_href": notice_href,
    });
    ctx.pages
        .render(&ctx.theme(theme).name, "policy.html", &frame, page)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Colour;

    #[test]
    fn a_short_colour_is_the_same_in_the_page_and_the_pdf() {
        // Read once: `#0a5` is `#00aa55`, never the PDF's fallback blue.
        let colour = Colour::parse("#0a5").expect("a colour");
        assert_eq!(Colour::parse("#00aa55"), Some(colour));
        assert_eq!(colour.hex(), "#00aa55", "what the stylesheet gets");
        assert_eq!(rgb(colour), Rgb(0x00, 0xaa, 0x55), "what the PDF gets");
    }
}

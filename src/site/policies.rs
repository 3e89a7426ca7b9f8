//! The policy output: for each published version an HTML page and an A4 PDF, from the second
//! version on a "what changed" page, and for the current one an embeddable fragment.

use serde_json::json;

use crate::analysis::{Draft, Publication, PublishedVersion, SchoolFacts};
use crate::diagnostic::Diagnostics;

use super::documents::{self, DocumentFacts};
use super::schools::relative;
use super::versions::{DocumentOutput, Rendered, ShownVersion};
use super::{Files, SiteContext, search};

/// Policies and local policies.
pub struct PolicyOutput;

/// What the version history of a policy's pages lists: every published version.
fn history(publication: &Publication) -> Vec<serde_json::Value> {
    publication
        .versions
        .iter()
        .map(|v| {
            let meta = &v.snapshot.meta;
            let approved_by = if publication.policy.is_trust_wide() {
                format!("The {} (minute {})", publication.terms.board, meta.minute)
            } else {
                format!(
                    "{} (minute {}), chaired by the {}",
                    publication.terms.local_body_short, meta.minute, meta.chair
                )
            };
            json!({
                "version": meta.version,
                "date": v.approved_words(),
                "approved_by": approved_by,
                "changes": v.approval.changes.clone().unwrap_or_default(),
                "html": v.paths.html,
                "changes_page": v.paths.changes,
            })
        })
        .collect()
}

/// The facts of one published version, as its page and PDF show them.
fn facts<'a>(publication: &'a Publication, version: &'a PublishedVersion) -> DocumentFacts<'a> {
    let shown = DocumentFacts::shown_text(&version.snapshot.markdown);
    DocumentFacts {
        school: &publication.school,
        trust: publication.trust.as_deref(),
        terms: &publication.terms,
        policy: &publication.policy,
        school_name: version.snapshot.meta.school_name.clone(),
        title: version.snapshot.meta.title.clone(),
        markdown: shown.text,
        tree: shown.tree,
        html: Default::default(),
        approval: Some(&version.approval),
        version: Some(version.version()),
        model_version: version.snapshot.meta.model_version,
        review_due: version.review_due,
        received: version.approval.received_on.is_some(),
        versions: board_versions(publication, version),
    }
}

/// A trust-wide policy's PDF prints the board's versions up to this one (CMAT's version table).
fn board_versions(publication: &Publication, upto: &PublishedVersion) -> Vec<[String; 4]> {
    if !publication.policy.is_trust_wide() {
        return Vec::new();
    }
    history(publication)
        .iter()
        .filter(|h| {
            h["version"]
                .as_u64()
                .is_some_and(|v| v <= u64::from(upto.version()))
        })
        .map(|h| {
            let text = |key: &str| h[key].as_str().unwrap_or_default().to_string();
            [
                h["version"].to_string(),
                text("date"),
                text("approved_by"),
                text("changes"),
            ]
        })
        .collect()
}

impl DocumentOutput for PolicyOutput {
    fn version(
        &self,
        ctx: &SiteContext<'_>,
        _school: &SchoolFacts,
        publication: &Publication,
        version: &PublishedVersion,
        before: Option<&ShownVersion>,
        out: &mut Files,
        problems: &mut Diagnostics,
    ) -> Option<Rendered> {
        let paths = &version.paths;
        let facts = facts(publication, version);
        let theme = &publication.theme;
        let pdf = match documents::pdf_bytes(ctx, &facts, theme, &publication.adoption_file) {
            Ok(bytes) => Some(bytes),
            Err(d) => {
                problems.push(d);
                None
            }
        };
        let page_history: Vec<serde_json::Value> = history(publication)
            .into_iter()
            .map(|mut h| {
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
        let notice = match publication.current() {
            Some(latest) if !version.current => Some((
                format!(
                    "This is version {}, which has been replaced by version {}.",
                    version.version(),
                    latest.version()
                ),
                "Read the current version".to_string(),
                relative(&paths.html, &latest.paths.html),
            )),
            _ => None,
        };
        let pdf_link = pdf
            .as_ref()
            .map(|b| (relative(&paths.html, &paths.pdf), b.len()));
        match documents::policy_page(
            ctx,
            &facts,
            theme,
            paths.root,
            pdf_link,
            json!(page_history),
            notice,
            false,
        ) {
            Ok(html) => out.add(paths.html.clone(), html),
            Err(d) => problems.push(d),
        }
        if version.current {
            let summary = documents::summary(&facts);
            match super::embed::fragment(
                ctx,
                &facts,
                theme,
                &paths.html,
                pdf.as_ref().map(|b| (paths.pdf.as_str(), b.len())),
                &summary,
            ) {
                Ok(html) => out.add(
                    format!(
                        "schools/{}/{}/embed.html",
                        publication.school.id,
                        publication.folder()
                    ),
                    html,
                ),
                Err(d) => problems.push(d),
            }
        }
        let made_pdf = pdf.is_some();
        if let Some(bytes) = pdf {
            out.add(paths.pdf.clone(), bytes);
        }
        if let Some(changes) = &paths.changes {
            let older = publication
                .versions
                .iter()
                .take_while(|v| v.version() != version.version())
                .last();
            if let Some(older) = older {
                // The older version's text as its page showed it, when it was just made.
                let older_tree = before
                    .filter(|b| b.version == older.version())
                    .map(|b| b.tree.clone());
                match super::changes::changes_page(
                    ctx,
                    publication,
                    (older, older_tree),
                    version,
                    &facts.tree,
                    "../",
                ) {
                    Ok(html) => out.add(changes.clone(), html),
                    Err(d) => problems.extend(d),
                }
            }
        }
        let home = format!("schools/{}/index.html", publication.school.id);
        Some(Rendered {
            pdf: made_pdf,
            // The text the page shows (numbered once), so the anchors are the page's.
            search: if version.current {
                search::entries_of(
                    &version.snapshot.meta.title,
                    &relative(&home, &paths.html),
                    &facts.tree,
                )
            } else {
                Vec::new()
            },
            shown: Some(ShownVersion {
                version: version.version(),
                tree: facts.tree.clone(),
            }),
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
        let shown = DocumentFacts::shown_text(&draft.merged.markdown);
        let facts = DocumentFacts {
            school: &publication.school,
            trust: publication.trust.as_deref(),
            terms: &publication.terms,
            policy: &publication.policy,
            school_name: publication.school.name.value.clone(),
            title: publication.policy.meta.title.clone(),
            markdown: shown.text,
            tree: shown.tree,
            html: Default::default(),
            approval: None,
            version: None,
            model_version: publication.model_version,
            review_due: None,
            received: false,
            versions: Vec::new(),
        };
        let theme = &publication.theme;
        let pdf =
            documents::pdf_bytes(ctx, &facts, theme, &publication.adoption_file).map_err(one)?;
        let pdf_name = draft
            .pdf
            .rsplit('/')
            .next()
            .unwrap_or(&draft.pdf)
            .to_string();
        let html = documents::policy_page(
            ctx,
            &facts,
            theme,
            "../",
            Some((pdf_name, pdf.len())),
            json!([]),
            None,
            true,
        )
        .map_err(one)?;
        out.add(draft.html.clone(), html);
        out.add(draft.pdf.clone(), pdf);
        let dir = format!("drafts/schools/{}", publication.school.id);
        super::folder_assets(ctx, school, &dir, out);
        out.add(
            format!("{dir}/index.html"),
            draft_index(&publication.school),
        );
        Ok(())
    }
}

fn draft_index(school: &crate::model::School) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Drafts</title></head><body><main><h1>Drafts of {}</h1><p>Drafts are not published. Open each policy's folder.</p></main></body></html>\n",
        crate::markdown::escape_html(&school.name.value)
    )
}

//! The rules of `agree`: whether a model's current version may be recorded as agreed by the
//! trust's board, and the version records that result — as a plan, without touching the files.

use std::path::PathBuf;

use jiff::civil::Date;

use super::{AgreeRequest, cli_error, one, parse_date, spanned};
use crate::analysis::Terms;
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::{Project, yaml::nearest};
use crate::model::{ModelPolicy, ModelStatus, ModelVersion, Trust};
use crate::workflow::{board_text, fingerprint};

/// A model's version records as `agree` leaves them.
#[derive(Debug, Clone)]
pub struct AgreementPlan {
    /// The model policy's file, relative to the repository.
    pub model_file: PathBuf,
    /// Its `versions:` records, sorted by version.
    pub versions: Vec<ModelVersion>,
    /// A trust-wide policy: the frozen text of the agreed version (file, bytes), written
    /// together with the records.
    pub frozen: Option<(PathBuf, String)>,
    pub message: String,
    /// Nothing to write: the version is agreed already, with this very text.
    pub unchanged: bool,
}

/// The trust's model `policy`, or an error naming the nearest one.
pub fn find_model<'p>(
    project: &'p Project,
    trust: &str,
    policy: &str,
) -> Result<&'p ModelPolicy, Diagnostics> {
    let mine = || {
        project
            .policies
            .iter()
            .filter(move |p| p.trust.as_deref() == Some(trust))
    };
    mine().find(|p| p.id() == policy).ok_or_else(|| {
        let ids: Vec<&str> = mine().map(|p| p.id()).collect();
        cli_error(
            format!("trust `{trust}` has no model policy `{policy}`"),
            match nearest(policy, &ids) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("its model policies: {}", ids.join(", ")),
            },
        )
    })
}

/// Records the board's agreement of `policy`'s current version (or the fingerprint of one
/// agreed before fingerprints were kept); refused for a version agreed with another text.
pub fn plan(
    policy: &ModelPolicy,
    trust: Option<&Trust>,
    req: &AgreeRequest,
    today: Date,
) -> Result<AgreementPlan, Diagnostics> {
    // The board in the trust's own words ("Board of Trustees"); the default models have none.
    let board = trust.map_or_else(|| "board".to_string(), |t| Terms::of(t).board);
    let print = fingerprint::of_model(policy);
    let mut versions = policy.meta.versions.clone();
    let current = policy.version();
    let message;
    match versions.iter_mut().find(|v| v.version.value == current) {
        Some(record)
            if record.status == ModelStatus::Agreed
                && policy.is_trust_wide()
                && record.frozen_sha256.is_none()
                && record.sha256.as_ref() == Some(&print) =>
        {
            // Agreed before it was trust-wide (or its text never frozen): freeze it now.
            message = format!("Froze the text of version {current}, agreed earlier.");
        }
        Some(record) if record.status == ModelStatus::Agreed => match &record.sha256 {
            Some(s) if *s == print => {
                let when = record
                    .agreed_on
                    .as_ref()
                    .and_then(|d| dates::parse(&d.value))
                    .map_or(String::new(), |d| format!(" on {}", dates::british(d)));
                let minute = record
                    .minute
                    .as_ref()
                    .map_or(String::new(), |m| format!(" (minute {m})"));
                return Ok(AgreementPlan {
                    model_file: policy.file.clone(),
                    versions: policy.meta.versions.clone(),
                    message: format!(
                        "{} version {current} was already agreed by the {board}{when}{minute}, and its text is unchanged: nothing to record.",
                        policy.meta.title
                    ),
                    unchanged: true,
                    frozen: None,
                });
            }
            Some(_) => {
                return Err(one(
                    Diagnostic::error(
                        &policy.file,
                        Position::new(1, 1),
                        format!("version {current} was agreed with a different text"),
                    )
                    .with_hint(format!(
                        "an agreed version never changes: set `version: {}` for the new text and agree that",
                        current + 1
                    )),
                ));
            }
            None => {
                record.sha256 = Some(print.clone());
                message = format!("Recorded the fingerprint of version {current}, agreed earlier.");
            }
        },
        existing => {
            let given = req.date.as_deref().ok_or_else(|| {
                cli_error(
                    format!("the date of the {board} meeting is missing"),
                    "add --date YYYY-MM-DD",
                )
            })?;
            let date = parse_date(given, &format!("date of the {board} meeting"), today)?;
            let minute = req
                .minute
                .clone()
                .filter(|m| !m.trim().is_empty())
                .ok_or_else(|| {
                    cli_error(
                        "the minute reference is missing",
                        format!("add --minute with the {board}'s minute, such as TB/25/017"),
                    )
                })?;
            let record = ModelVersion {
                version: spanned(current),
                status: ModelStatus::Agreed,
                agreed_on: Some(spanned(dates::iso(date))),
                minute: Some(minute.clone()),
                changes: req
                    .changes
                    .clone()
                    .or_else(|| existing.as_ref().and_then(|e| e.changes.clone())),
                sha256: Some(print.clone()),
                frozen_sha256: None,
            };
            match existing {
                Some(e) => *e = record,
                None => versions.push(record),
            }
            message = format!(
                "Recorded that the {board} agreed {} version {current} (minute {minute}).",
                policy.meta.title
            );
        }
    }
    versions.sort_by_key(|v| v.version.value);
    let frozen = match (policy.is_trust_wide(), trust) {
        (true, Some(trust)) => {
            let text = board_text::render(policy, trust).map_err(one)?;
            let record = versions
                .iter_mut()
                .find(|v| v.version.value == current)
                .ok_or_else(|| cli_error("the agreed version has no record", "report this"))?;
            let bytes = board_text::freeze(policy, trust, text, record);
            record.frozen_sha256 = Some(crate::workflow::snapshot::sha256_hex(bytes.as_bytes()));
            Some((
                board_text::path_for(trust.id(), policy.id(), current),
                bytes,
            ))
        }
        (true, None) => {
            return Err(cli_error(
                "a trust-wide policy belongs to a trust",
                "move it into model-policies/<trust>/, or remove `tier: trust-wide`",
            ));
        }
        _ => None,
    };
    Ok(AgreementPlan {
        model_file: policy.file.clone(),
        versions,
        frozen,
        message,
        unchanged: false,
    })
}

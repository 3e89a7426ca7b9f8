//! Frozen texts of trust-wide policies: `model-policies/<trust>/snapshots/<policy>/v<N>.md`,
//! written by `policyforge agree` and fingerprinted in the model's version record.
//!
//! A trust-wide policy is one text for every school, agreed by the board alone, so its frozen
//! text belongs to the trust, not to a school; each school publishes a copy of it.

use std::path::{Path, PathBuf};

use crate::analysis::Terms;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::template::{policy_value, trust_value};
use crate::load::yaml;
use crate::model::{ModelPolicy, ModelVersion, Trust, position_of};

use super::snapshot::{self, Snapshot, SnapshotMeta};

/// Where the frozen text of `version` of a trust's policy lives.
pub fn path_for(trust: &str, policy: &str, version: u32) -> PathBuf {
    PathBuf::from("model-policies")
        .join(trust)
        .join("snapshots")
        .join(policy)
        .join(format!("v{version}.md"))
}

/// The text of a trust-wide policy as it stands: its body over `trust` and `policy` (one text
/// for every school, so there is no `school` and no `fields`).
pub fn render(policy: &ModelPolicy, trust: &Trust) -> Result<String, Diagnostic> {
    let mut context = tera::Context::new();
    context.insert("trust", &trust_value(Some(trust)));
    context.insert("policy", &policy_value(policy));
    crate::assemble::render_body(policy, &context).map(|text| crate::assemble::normalise(&text))
}

/// The exact bytes of the frozen text of one agreed version.
pub fn freeze(
    policy: &ModelPolicy,
    trust: &Trust,
    markdown: String,
    record: &ModelVersion,
) -> String {
    let terms = Terms::of(trust);
    let snapshot = Snapshot {
        meta: SnapshotMeta {
            school: trust.id().to_string(),
            school_name: trust.name.clone(),
            trust_name: trust.name.clone(),
            policy: policy.id().to_string(),
            title: policy.meta.title.clone(),
            version: record.version.value,
            model_version: Some(record.version.value),
            approved_on: record
                .agreed_on
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            minute: record.minute.clone().unwrap_or_default(),
            chair: terms.board.clone(),
            review_cycle_months: policy.meta.review_cycle_months,
        },
        markdown,
    };
    snapshot::freeze(&snapshot, &terms.board)
        .replacen(
            "Frozen by `policyforge approve`",
            "Frozen by `policyforge agree`",
            1,
        )
        .replacen("approved. Never edit", "agreed. Never edit", 1)
}

/// Reads the frozen text of an agreed version and checks it against its fingerprint.
pub fn read_verified(
    root: &Path,
    policy: &ModelPolicy,
    trust: &Trust,
    record: &ModelVersion,
) -> Result<Snapshot, Diagnostic> {
    let version = record.version.value;
    let rel = path_for(trust.id(), policy.id(), version);
    let at = position_of(&record.version);
    let agree_again = format!(
        "run `policyforge agree --trust {} --policy {}` to freeze the agreed text (restore {} from version control if it was deleted)",
        trust.id(),
        policy.id(),
        rel.display()
    );
    let Some(expected) = &record.frozen_sha256 else {
        return Err(Diagnostic::error(
            &policy.file,
            at,
            format!("version {version} of this trust-wide policy has no frozen text"),
        )
        .with_hint(agree_again));
    };
    let text = std::fs::read(root.join(&rel))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| {
            Diagnostic::error(
                &policy.file,
                at,
                format!(
                    "the agreed text of version {version} is missing: {} cannot be read",
                    rel.display()
                ),
            )
            .with_hint(agree_again.clone())
        })?;
    let text = yaml::normalise_text(&text);
    if snapshot::sha256_hex(text.as_bytes()) != *expected {
        return Err(Diagnostic::error(&rel, Position::new(1, 1), format!(
            "the agreed text of version {version} has been changed since the {} agreed it",
            Terms::of(trust).board
        ))
        .with_hint("restore the file from version control; to change the policy, edit the model, raise `version:` and agree the new version"));
    }
    let frozen = snapshot::parse(&text, &rel)?;
    if frozen.meta.version != version {
        return Err(Diagnostic::error(
            &rel,
            Position::new(3, 1),
            "this frozen text belongs to another version",
        )
        .with_hint("restore the file from version control"));
    }
    Ok(frozen)
}

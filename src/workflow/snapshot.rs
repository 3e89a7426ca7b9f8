//! Frozen approved texts: `schools/<school>/snapshots/<policy>/v<N>.md`, fingerprinted by SHA-256.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Position};
use crate::load::yaml;
use crate::model::{Adoption, Approval, position_of};

/// What the LGB approved, as it will be published.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SnapshotMeta {
    pub school: String,
    pub school_name: String,
    pub trust_name: String,
    pub policy: String,
    pub title: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<u32>,
    pub approved_on: String,
    pub minute: String,
    pub chair: String,
    pub review_cycle_months: u32,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub meta: SnapshotMeta,
    pub markdown: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn path_for(school: &str, policy: &str, version: u32) -> PathBuf {
    PathBuf::from("schools")
        .join(school)
        .join("snapshots")
        .join(policy)
        .join(format!("v{version}.md"))
}

/// The exact bytes of a snapshot file.
pub fn serialise(snapshot: &Snapshot) -> String {
    let meta = serde_saphyr::to_string(&snapshot.meta).unwrap_or_default();
    format!(
        "# Frozen by `policyforge approve`: the text the LGB approved. Never edit this file.\n---\n{}---\n{}",
        meta, snapshot.markdown
    )
}

fn parse(text: &str, rel: &Path) -> Result<Snapshot, Diagnostic> {
    let rest = text
        .split_once('\n')
        .map(|(first, rest)| if first.starts_with('#') { rest } else { text })
        .unwrap_or(text);
    let (front, body, _) = yaml::split_front_matter(rest, rel)?;
    let meta: SnapshotMeta = yaml::parse(
        front,
        rel,
        2,
        "a snapshot is written by `policyforge approve`; restore it from version control",
    )?;
    Ok(Snapshot {
        meta,
        markdown: body.to_string(),
    })
}

/// Reads the snapshot of one approval and checks its fingerprint.
pub fn read_verified(
    root: &Path,
    adoption: &Adoption,
    approval: &Approval,
) -> Result<Snapshot, Diagnostic> {
    let rel = path_for(&adoption.school, &adoption.policy, approval.version.value);
    let at = position_of(&approval.sha256);
    let bytes = std::fs::read(root.join(&rel)).map_err(|_| {
        Diagnostic::error(
            &adoption.file,
            at,
            format!(
                "the approved text of version {} is missing: {} does not exist",
                approval.version.value,
                rel.display()
            ),
        )
        .with_hint("restore the file from version control; approved texts are never rebuilt")
    })?;
    let actual = sha256_hex(&bytes);
    if actual != approval.sha256.value {
        return Err(Diagnostic::error(&adoption.file, at, format!(
            "the approved text of version {} has been changed since the LGB approved it ({} no longer matches its fingerprint)",
            approval.version.value,
            rel.display()
        ))
        .with_hint("restore the file from version control; to change the policy, edit the values and approve a new version"));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(&rel, Position::new(1, 1), "this snapshot is not UTF-8 text")
    })?;
    let snapshot = parse(&text, &rel)?;
    if snapshot.meta.version != approval.version.value {
        return Err(Diagnostic::error(
            &rel,
            Position::new(3, 1),
            "this snapshot belongs to another version",
        )
        .with_hint("restore the file from version control"));
    }
    Ok(snapshot)
}

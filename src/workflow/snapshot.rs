//! Frozen approved texts: `schools/<school>/snapshots/<policy>/v<N>.md`, fingerprinted by SHA-256.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::analysis::Terms;
use crate::diagnostic::{Diagnostic, Position};
use crate::load::yaml;
use crate::model::{Adoption, Approval, position_of};

/// What the school's local body approved, as it will be published.
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
    crate::hex::lower(&Sha256::digest(bytes))
}

pub fn path_for(school: &str, policy: &str, version: u32) -> PathBuf {
    PathBuf::from("schools")
        .join(school)
        .join("snapshots")
        .join(policy)
        .join(format!("v{version}.md"))
}

/// The lines of a snapshot file, for pointing at a stored snapshot's lines: the header is one
/// line whatever body it names, so a placeholder stands for the body here.
pub fn serialise(snapshot: &Snapshot) -> String {
    freeze(snapshot, "local body")
}

/// The exact bytes of a new snapshot file, its header naming the body that approved it in the
/// trust's own words (`approver`: `Terms::local_body_short`, "LAC", "governors"). The header is hashed with the rest, so a
/// snapshot once written keeps the header it was written with: only new ones use new words.
pub fn freeze(snapshot: &Snapshot, approver: &str) -> String {
    let meta = serde_saphyr::to_string(&snapshot.meta).unwrap_or_default();
    format!(
        "# Frozen by `policyforge approve`: the text the {approver} approved. Never edit this file.\n---\n{}---\n{}",
        meta, snapshot.markdown
    )
}

pub fn parse(text: &str, rel: &Path) -> Result<Snapshot, Diagnostic> {
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

/// Reads the snapshot of one approval and checks its fingerprint; `terms` word the errors.
pub fn read_verified(
    root: &Path,
    adoption: &Adoption,
    approval: &Approval,
    terms: &Terms,
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
        .with_hint(format!(
            "restore {} from version control (`git checkout -- {}`): approved texts are never rebuilt; if `policyforge approve` was interrupted before writing it, run `policyforge approve --school {} --policy {} --undo` to remove this record",
            rel.display(),
            rel.display(),
            adoption.school,
            adoption.policy
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(&rel, Position::new(1, 1), "this snapshot is not UTF-8 text")
            .with_hint("restore the file from version control")
    })?;
    // The fingerprint is of the text as written (LF, no BOM): a CRLF checkout still verifies.
    let text = yaml::normalise_text(&text);
    let actual = sha256_hex(text.as_bytes());
    if actual != approval.sha256.value {
        return Err(Diagnostic::error(&adoption.file, at, format!(
            "the approved text of version {} has been changed since the {} approved it ({} no longer matches its fingerprint)",
            approval.version.value,
            terms.local_body_short,
            rel.display()
        ))
        .with_hint("restore the file from version control; to change the policy, edit the values and approve a new version"));
    }
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

/// The folder of a school's frozen texts of one policy.
pub fn folder_for(school: &str, policy: &str) -> PathBuf {
    PathBuf::from("schools")
        .join(school)
        .join("snapshots")
        .join(policy)
}

/// Frozen texts in a policy's snapshot folder, by version: `v<N>.md` files, sorted.
pub fn files_in(root: &Path, school: &str, policy: &str) -> Vec<(u32, PathBuf)> {
    let dir = folder_for(school, policy);
    let mut out: Vec<(u32, PathBuf)> = std::fs::read_dir(root.join(&dir))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_str()?.to_string();
                    let version = name.strip_prefix('v')?.strip_suffix(".md")?.parse().ok()?;
                    Some((version, dir.join(name)))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Frozen texts that no approval record of `adoption` accounts for: left by an interrupted
/// `approve`, or by records that were deleted from the adoption file.
pub fn orphans(root: &Path, adoption: &Adoption) -> Vec<(u32, PathBuf)> {
    files_in(root, &adoption.school, &adoption.policy)
        .into_iter()
        .filter(|(v, _)| !adoption.approvals.iter().any(|a| a.version.value == *v))
        .collect()
}

/// Reads a frozen text without a record to check it against (for `approve --finish`).
pub fn read_unrecorded(root: &Path, rel: &Path) -> Result<(Snapshot, String), Diagnostic> {
    let text = yaml::read_text(root, rel)?;
    let snapshot = parse(&text, rel)?;
    Ok((snapshot, sha256_hex(text.as_bytes())))
}

//! Writes a built site into a temporary folder beside the output and swaps it in whole.
//!
//! A failed build never touches the published site; a reader never sees half a site.

use std::path::{Path, PathBuf};

use crate::site::SiteFiles;

#[derive(Debug)]
pub struct PublishError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn err(path: &Path, e: impl std::fmt::Display) -> PublishError {
    PublishError {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Publishes `site` at `output`: writes `output.new`, moves the old site to `output.old`,
/// renames the new one into place, then removes the old one.
pub fn publish(site: &SiteFiles, output: &Path) -> Result<(), PublishError> {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("site");
    let parent = output.parent().unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| err(leftover, e))?;
        }
    }
    let written = write_all(site, &staging);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if output.exists() {
        std::fs::rename(output, &previous).map_err(|e| err(output, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        // Put the old site back rather than leave nothing published.
        let _ = std::fs::rename(&previous, output);
        return Err(err(output, e));
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous).map_err(|e| err(&previous, e))?;
    }
    Ok(())
}

fn write_all(site: &SiteFiles, dir: &Path) -> Result<(), PublishError> {
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| err(&path, e))?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

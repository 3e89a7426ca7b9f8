//! Writing files so that a crash at any instant leaves the repository as before or as after.
//!
//! The way git and SQLite write: a temporary file beside the target, fsynced, then renamed over
//! it, then the folder fsynced. Several files change together through a small journal: every
//! new file is first written under a temporary name, then the journal naming them is renamed
//! into place (the commit point), then the temporary files are renamed over their targets and
//! the journal is removed. `recover` finishes a committed change or removes an uncommitted one,
//! so a `kill -9` is never visible to the next command.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Temporary files end with this, so recovery finds them and the loader never reads them
/// (their names also start with a dot).
pub const TEMP_SUFFIX: &str = ".policyforge-tmp";
/// The journal of a change to several files, at the repository root.
pub const JOURNAL: &str = ".policyforge-journal";

/// The temporary name of `path`: `.<name>.policyforge-tmp` in the same folder.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    path.with_file_name(format!(".{name}{TEMP_SUFFIX}"))
}

/// Flushes a folder's entries (a rename or a removal) to the disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` under its temporary name and flushes it to the disk.
fn write_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir)?;
    let tmp = temp_path(path);
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Writes one file atomically and durably: temporary file, fsync, rename, fsync of the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = write_temp(path, bytes)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(parent_of(path))
}

/// A change to several files of a repository that happens whole or not at all.
pub struct Transaction {
    root: PathBuf,
    /// (file relative to the root, new bytes)
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Transaction {
    pub fn new(root: &Path) -> Transaction {
        Transaction {
            root: root.to_path_buf(),
            files: Vec::new(),
        }
    }

    /// Adds a file (relative to the root) to write.
    pub fn write(&mut self, rel: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        self.files.push((rel.into(), bytes.into()));
    }

    /// Writes every file. Returns the file that could not be written on failure, with nothing
    /// changed.
    pub fn commit(self) -> Result<(), (PathBuf, std::io::Error)> {
        if let [(rel, bytes)] = &self.files[..] {
            return write_atomic(&self.root.join(rel), bytes).map_err(|e| (rel.clone(), e));
        }
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        let undo = |staged: &[(PathBuf, PathBuf)]| {
            for (_, tmp) in staged {
                let _ = std::fs::remove_file(tmp);
                let _ = std::fs::remove_dir(parent_of(tmp));
            }
        };
        for (rel, bytes) in &self.files {
            match write_temp(&self.root.join(rel), bytes) {
                Ok(tmp) => staged.push((rel.clone(), tmp)),
                Err(e) => {
                    undo(&staged);
                    return Err((rel.clone(), e));
                }
            }
        }
        let journal: String = self
            .files
            .iter()
            .map(|(rel, _)| format!("{}\n", rel.to_string_lossy()))
            .collect();
        // The commit point: once the journal exists, recovery finishes the change.
        let journal_path = self.root.join(JOURNAL);
        if let Err(e) = write_atomic(&journal_path, journal.as_bytes()) {
            undo(&staged);
            return Err((PathBuf::from(JOURNAL), e));
        }
        finish(&self.root, &journal).map_err(|e| (PathBuf::from(JOURNAL), e))
    }
}

/// Renames every temporary file the journal names over its target, then removes the journal.
fn finish(root: &Path, journal: &str) -> std::io::Result<()> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for rel in journal.lines().filter(|l| !l.trim().is_empty()) {
        let target = root.join(rel);
        let tmp = temp_path(&target);
        if tmp.exists() {
            std::fs::rename(&tmp, &target)?;
        }
        let dir = parent_of(&target).to_path_buf();
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in &dirs {
        sync_dir(dir)?;
    }
    std::fs::remove_file(root.join(JOURNAL))?;
    sync_dir(root)
}

/// Brings a repository back to a whole state after a crash: finishes a committed change, removes
/// the temporary files of one that never committed. Returns what it did, for a note to the user.
pub fn recover(root: &Path) -> std::io::Result<Vec<String>> {
    let mut done = Vec::new();
    let journal_path = root.join(JOURNAL);
    if journal_path.is_file() {
        let journal = std::fs::read_to_string(&journal_path)?;
        finish(root, &journal)?;
        done.push(format!(
            "finished a change that was interrupted: {}",
            journal.lines().collect::<Vec<_>>().join(", ")
        ));
    }
    let _ = std::fs::remove_file(temp_path(&journal_path));
    for tmp in leftover_temps(root) {
        std::fs::remove_file(&tmp)?;
        // A folder the interrupted command created for the file goes too (kept if not empty).
        let _ = std::fs::remove_dir(parent_of(&tmp));
        let rel = tmp.strip_prefix(root).unwrap_or(&tmp);
        done.push(format!(
            "removed {} left by an interrupted command",
            rel.display()
        ));
    }
    Ok(done)
}

/// Does the repository hold anything an interrupted command left behind?
pub fn needs_recovery(root: &Path) -> bool {
    root.join(JOURNAL).exists() || !leftover_temps(root).is_empty()
}

/// Temporary files under the folders commands write to.
fn leftover_temps(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["model-policies", "schools", "themes", ""] {
        let depth = if dir.is_empty() { 1 } else { 5 };
        for entry in walkdir::WalkDir::new(root.join(dir))
            .max_depth(depth)
            .into_iter()
            .filter_map(Result::ok)
        {
            let is_temp = entry.file_type().is_file()
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.') && n.ends_with(TEMP_SUFFIX));
            if is_temp {
                out.push(entry.into_path());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("policyforge-durable-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("schools/a")).unwrap();
        dir
    }

    #[test]
    fn a_committed_journal_is_finished() {
        let root = scratch("finish");
        std::fs::write(root.join("schools/a/x"), "old").unwrap();
        std::fs::write(temp_path(&root.join("schools/a/x")), "new").unwrap();
        std::fs::write(temp_path(&root.join("schools/a/y")), "new y").unwrap();
        std::fs::write(root.join(JOURNAL), "schools/a/x\nschools/a/y\n").unwrap();
        recover(&root).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("schools/a/x")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("schools/a/y")).unwrap(),
            "new y"
        );
        assert!(!needs_recovery(&root));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn an_uncommitted_change_is_removed() {
        let root = scratch("undo");
        std::fs::write(root.join("schools/a/x"), "old").unwrap();
        std::fs::write(temp_path(&root.join("schools/a/x")), "new").unwrap();
        recover(&root).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("schools/a/x")).unwrap(),
            "old"
        );
        assert!(!needs_recovery(&root));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn transactions_write_every_file() {
        let root = scratch("tx");
        let mut tx = Transaction::new(&root);
        tx.write("schools/a/x", "1");
        tx.write("schools/a/s/v1.md", "2");
        tx.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("schools/a/s/v1.md")).unwrap(),
            "2"
        );
        assert!(!needs_recovery(&root));
        let _ = std::fs::remove_dir_all(&root);
    }
}

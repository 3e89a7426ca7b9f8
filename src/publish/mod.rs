//! Writes a built site into a temporary folder beside the output and swaps it in whole.
//!
//! The output folder is policyforge's alone: it may not be, hold or lie inside the repository's
//! own folders, and an existing folder is replaced only if it is a site policyforge wrote. A
//! failed build never touches the published site; a reader never sees half a site, and no
//! staging or backup folder outlives the build.

use std::path::{Component, Path, PathBuf};

use crate::durable::sync_dir;
use crate::site::SiteFiles;

mod cached;
use crate::site::manifest::GENERATOR;
pub use cached::{holds_exactly, holds_intact, publish_cached};

pub use crate::durable::write_atomic;

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

pub(crate) fn err(path: &Path, e: impl std::fmt::Display) -> PublishError {
    PublishError {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Why an output folder is refused: what is wrong and how to choose another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputRefused {
    pub message: String,
    pub hint: String,
}

/// The absolute form of `path` with every link resolved, also when its last parts do not exist
/// yet: the longest existing part is resolved by the file system, the rest lexically.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            (Some(parent), None) => {
                // A trailing `..` or `.`: keep it for the lexical pass.
                rest.push(
                    existing
                        .components()
                        .next_back()
                        .map(|c| c.as_os_str().to_os_string())
                        .unwrap_or_default(),
                );
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing)?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => out.push(part),
        }
    }
    Ok(out)
}

/// Compares paths the way a case-insensitive file system (Windows, macOS) would, so a folder
/// named `Schools` is never mistaken for a different folder from `schools`.
fn folded(path: &Path) -> Vec<String> {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .collect()
}

fn starts_with_folded(path: &[String], prefix: &[String]) -> bool {
    path.len() >= prefix.len() && path[..prefix.len()] == *prefix
}

/// Checks that `output` may receive the site of the repository at `root`; returns the folder
/// to write, with links resolved.
pub fn check_output(root: &Path, output: &Path) -> Result<PathBuf, OutputRefused> {
    let shown = output.display().to_string();
    let choose = "choose a new or empty folder for the site, such as `site` inside the repository or a folder outside it";
    let resolved = resolve(output).map_err(|e| OutputRefused {
        message: format!("the output folder `{shown}` cannot be used: {e}"),
        hint: choose.to_string(),
    })?;
    let root_resolved = resolve(root).map_err(|e| OutputRefused {
        message: format!("cannot find the repository {}: {e}", root.display()),
        hint: "run the command in a policy repository".to_string(),
    })?;
    let out_key = folded(&resolved);
    let mut protected: Vec<(String, PathBuf)> = vec![(
        "the repository's own folder".to_string(),
        root_resolved.clone(),
    )];
    for name in ["model-policies", "schools", "themes", ".git"] {
        let lexical = root_resolved.join(name);
        let label = format!("the repository's `{name}` folder");
        if let Ok(real) = resolve(&lexical)
            && real != lexical
        {
            protected.push((label.clone(), real));
        }
        protected.push((label, lexical));
    }
    for (label, path) in &protected {
        let key = folded(path);
        let is_root = *path == root_resolved;
        if out_key == key {
            return Err(OutputRefused {
                message: format!(
                    "the output folder `{shown}` is {label}: building there would delete the trust's own files"
                ),
                hint: choose.to_string(),
            });
        }
        if starts_with_folded(&key, &out_key) {
            return Err(OutputRefused {
                message: format!(
                    "the output folder `{shown}` contains {label}: building there would delete the trust's own files"
                ),
                hint: choose.to_string(),
            });
        }
        if !is_root && starts_with_folded(&out_key, &key) {
            return Err(OutputRefused {
                message: format!(
                    "the output folder `{shown}` lies inside {label}: the site would be mixed with the trust's own files"
                ),
                hint: choose.to_string(),
            });
        }
    }
    match std::fs::metadata(&resolved) {
        Err(_) if std::fs::symlink_metadata(&resolved).is_ok() => Err(OutputRefused {
            message: format!("the output folder `{shown}` is a link to something that does not exist"),
            hint: choose.to_string(),
        }),
        Err(_) => Ok(resolved),
        Ok(meta) if !meta.is_dir() => Err(OutputRefused {
            message: format!("the output `{shown}` is a file, not a folder"),
            hint: choose.to_string(),
        }),
        Ok(_) if is_empty_dir(&resolved) || is_site(&resolved) => Ok(resolved),
        Ok(_) => Err(OutputRefused {
            message: format!("the folder `{shown}` already holds files that policyforge did not write, and building would delete them"),
            hint: "choose a new or empty folder for the site (policyforge replaces only a folder holding a site it built, recognised by its manifest.json), or move those files elsewhere".to_string(),
        }),
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Is `dir` a site policyforge wrote? Its manifest.json says so.
pub fn is_site(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return false;
    };
    // Only the top level is read: a trust's documents list (megabytes) is skipped, not built.
    let Ok(top) = serde_json::from_str::<
        std::collections::BTreeMap<String, &serde_json::value::RawValue>,
    >(&text) else {
        return false;
    };
    let generator = top.get("generator");
    generator.and_then(|g| serde_json::from_str::<String>(g.get()).ok()).as_deref() == Some(GENERATOR)
        // Sites built before the marker existed: the manifest's shape alone.
        || (generator.is_none()
            && top.len() == 1
            && top.get("documents").is_some_and(|d| d.get().starts_with('[')))
}

pub(crate) fn siblings(output: &Path) -> (PathBuf, PathBuf) {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("site");
    let parent = output.parent().unwrap_or(Path::new("."));
    (
        parent.join(format!(".{name}.new")),
        parent.join(format!(".{name}.old")),
    )
}

/// Removes what an interrupted build left beside `output`, putting the old site back if the
/// build stopped between its two renames.
pub fn clean_leftovers(output: &Path) -> Result<(), PublishError> {
    let (staging, previous) = siblings(output);
    if !output.exists() && previous.is_dir() {
        std::fs::rename(&previous, output).map_err(|e| err(&previous, e))?;
    }
    for leftover in [&staging, &previous] {
        if std::fs::symlink_metadata(leftover).is_ok() {
            std::fs::remove_dir_all(leftover).map_err(|e| err(leftover, e))?;
        }
    }
    Ok(())
}

/// Publishes `site` at `output` (already checked with `check_output`): writes a staging folder
/// beside it, then swaps the two in one step and removes the old site.
pub fn publish(site: &SiteFiles, output: &Path) -> Result<(), PublishError> {
    let (staging, _) = siblings(output);
    clean_leftovers(output)?;
    if let Err(e) = write_all(site, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    swap_in(&staging, output, false)
}

/// Swaps the finished `staging` folder in at `output`, keeping the old site until the new one
/// is in place. With `keep_old`, an atomic exchange leaves the old site at `staging`.
pub(crate) fn swap_in(staging: &Path, output: &Path, keep_old: bool) -> Result<(), PublishError> {
    let (_, previous) = siblings(output);
    let parent = output.parent().unwrap_or(Path::new("."));
    if output.exists() {
        if exchange(staging, output).is_ok() {
            // `staging` now holds the old site; the new one is published whatever happens next
            // (a leftover is removed by the next command).
            let _ = sync_dir(parent);
            if !keep_old {
                let _ = std::fs::remove_dir_all(staging);
                let _ = sync_dir(parent);
            }
            return Ok(());
        }
        std::fs::rename(output, &previous).map_err(|e| {
            let _ = std::fs::remove_dir_all(staging);
            err(output, e)
        })?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the old site back rather than leave nothing published.
        let _ = std::fs::rename(&previous, output);
        let _ = std::fs::remove_dir_all(staging);
        return Err(err(output, e));
    }
    let _ = sync_dir(parent);
    if previous.exists() {
        std::fs::remove_dir_all(&previous).map_err(|e| err(&previous, e))?;
    }
    Ok(())
}

/// Swaps two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`), so a reader sees the old
/// site or the new one and never neither.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    const RENAME_EXCHANGE: libc::c_uint = 2;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn write_all(site: &SiteFiles, dir: &Path) -> Result<(), PublishError> {
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let mut dirs: Vec<PathBuf> = vec![dir.to_path_buf()];
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
            if !dirs.iter().any(|d| d == parent) {
                dirs.push(parent.to_path_buf());
            }
        }
        std::fs::write(&path, bytes).map_err(|e| err(&path, e))?;
    }
    let paths: Vec<&String> = site.files.keys().collect();
    flush_paths(dir, &paths, &dirs)
}

/// How often the early flush hands what the build has written so far to the disk.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(150);

/// Writes to disk, on a thread of its own for the rest of the command, whatever `dir`'s file
/// system holds in memory: first what other programs left unwritten, then every ~150 ms what the
/// build has written since, so that the flush before the swap ([`flush_paths`]) finds little
/// left. The kernel's flusher writes each batch at once; a build's own threads never wait for
/// the disk (starting each file's writeback from the thread that wrote it made them queue
/// behind the disk: `docs/performance.md`). Nothing waits for this thread.
pub fn start_flush(dir: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(handle) = std::fs::File::open(dir) {
        let flush = move || {
            use std::os::fd::AsRawFd as _;
            loop {
                // SAFETY: the descriptor is open for the duration of the call (the thread owns it).
                unsafe { libc::syncfs(handle.as_raw_fd()) };
                std::thread::sleep(FLUSH_EVERY);
            }
        };
        // A flush that cannot start only leaves more for the one before the swap.
        let _ = std::thread::Builder::new()
            .name("early flush".to_string())
            .spawn(flush);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// Makes every file of the staged site durable before it is swapped in. On Linux one
/// `syncfs` does it for thousands of files at once; elsewhere each file and folder is synced.
pub(crate) fn flush_paths(
    dir: &Path,
    paths: &[&String],
    dirs: &[PathBuf],
) -> Result<(), PublishError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        let handle = std::fs::File::open(dir).map_err(|e| err(dir, e))?;
        // SAFETY: the descriptor is open for the duration of the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    for rel in paths {
        let path = dir.join(rel);
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| err(&path, e))?;
    }
    for d in dirs {
        sync_dir(d).map_err(|e| err(d, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_that_do_not_exist_yet() {
        let tmp = std::env::temp_dir();
        let real = std::fs::canonicalize(&tmp).unwrap();
        assert_eq!(
            resolve(&tmp.join("no-such-a/./b/../c/")).unwrap(),
            real.join("no-such-a/c")
        );
    }
}

//! One writer at a time: an advisory lock on the repository, the way git takes `index.lock`.
//!
//! Writers (`build`, `approve`, `record`, `agree`, `init`) hold it exclusively; readers (`check`,
//! `status`, `diff`, `context`) hold it shared, so they never read between the two renames of an
//! approval. The lock is the operating system's (flock on the repository folder), so a killed
//! command never leaves a stale lock. While a writer holds it, `.policyforge.lock` says which
//! command it is; the file is removed when the writer finishes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::durable;

/// Names the command holding the lock, while it holds it.
pub const HOLDER_FILE: &str = ".policyforge.lock";

/// How long a second command waits for the first: a writer a few seconds, a reader longer (it
/// only waits for a writer to finish, such as a long build). `POLICYFORGE_LOCK_WAIT` (seconds)
/// sets both.
fn wait_limit(shared: bool) -> Duration {
    let seconds = std::env::var("POLICYFORGE_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0 && *s < 86_400.0)
        .unwrap_or(if shared { 60.0 } else { 5.0 });
    Duration::from_secs_f64(seconds)
}

#[derive(Debug)]
pub struct LockError {
    pub message: String,
    pub hint: String,
}

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct RepoLock {
    file: File,
    holder: Option<PathBuf>,
    /// What recovery did on taking the lock (an interrupted command finished or undone).
    pub recovered: Vec<String>,
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        if let Some(holder) = &self.holder {
            let _ = std::fs::remove_file(holder);
        }
        let _ = self.file.unlock();
    }
}

fn lock_target(root: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        File::open(root)
    }
    #[cfg(not(unix))]
    {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(root.join(HOLDER_FILE))
    }
}

fn holder_of(root: &Path) -> String {
    std::fs::read_to_string(root.join(HOLDER_FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "another policyforge command".to_string())
}

fn busy(root: &Path, waited: Duration) -> LockError {
    LockError {
        message: format!(
            "the repository is busy: {} has been writing to it for over {} seconds",
            holder_of(root),
            waited.as_secs()
        ),
        hint: "wait for that command to finish, then run this one again (policyforge lets one command write at a time, so no record is lost)".to_string(),
    }
}

fn io_error(root: &Path, e: &std::io::Error) -> LockError {
    LockError {
        message: format!("cannot lock the repository {}: {e}", root.display()),
        hint: "check that the folder exists and that you may read it".to_string(),
    }
}

fn take(root: &Path, shared: bool) -> Result<File, LockError> {
    let file = lock_target(root).map_err(|e| io_error(root, &e))?;
    let limit = wait_limit(shared);
    let start = Instant::now();
    loop {
        let attempt = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match attempt {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                if start.elapsed() >= limit {
                    return Err(busy(root, limit));
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(root, &e)),
        }
    }
}

/// Takes the lock for a command that writes, finishing or undoing whatever an interrupted
/// command left. `command` is how the holder is named to anyone who has to wait.
pub fn write(root: &Path, command: &str) -> Result<RepoLock, LockError> {
    let file = take(root, false)?;
    let holder = root.join(HOLDER_FILE);
    let _ = std::fs::write(
        &holder,
        format!("`policyforge {command}` (process {})\n", std::process::id()),
    );
    let recovered = durable::recover(root).map_err(|e| LockError {
        message: format!("cannot finish a command that was interrupted: {e}"),
        hint: "check that the repository's folders are writable, then run the command again"
            .to_string(),
    })?;
    Ok(RepoLock {
        file,
        holder: Some(holder),
        recovered,
    })
}

/// Takes the lock for a command that only reads. If an interrupted command left work behind,
/// it is finished first (briefly as a writer), so the reader sees a whole repository.
pub fn read(root: &Path) -> Result<RepoLock, LockError> {
    let file = take(root, true)?;
    // No writer runs while a reader holds the lock: a holder note is a killed writer's.
    if cfg!(unix) {
        let _ = std::fs::remove_file(root.join(HOLDER_FILE));
    }
    if !durable::needs_recovery(root) {
        return Ok(RepoLock {
            file,
            holder: None,
            recovered: Vec::new(),
        });
    }
    drop(file);
    let mut writer = write(root, "(finishing an interrupted command)")?;
    let recovered = std::mem::take(&mut writer.recovered);
    drop(writer);
    Ok(RepoLock {
        file: take(root, true)?,
        holder: None,
        recovered,
    })
}

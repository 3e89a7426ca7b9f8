//! What each object looked like on disk when its bytes were last read back and hashed, so that a
//! later build can trust an object it finds unchanged — the same file, length and modification
//! time — without reading and hashing it again, as git's index does for the work tree. An
//! object changed in place gets a new modification time and is hashed again; a cache copied
//! from elsewhere has other file numbers and is hashed in full. As in git, a file modified
//! within the last seconds is not stamped ("racy"): a change in the same clock tick as the
//! check would keep its modification time.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::Path;
use std::sync::Mutex;

use super::Digest;

/// How long after its last modification a file's time tells every later change.
const RACY: std::time::Duration = std::time::Duration::from_secs(2);

/// An object's identity on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    secs: i64,
    nanos: i64,
}

impl Stamp {
    /// The stamp of a file's metadata (none where the platform gives no file numbers).
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            Some(Stamp {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                secs: meta.mtime(),
                nanos: meta.mtime_nsec(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// The stamps of the last build, and those this build adds.
#[derive(Default)]
pub struct Stamps {
    known: HashMap<Digest, Stamp>,
    added: Mutex<HashMap<Digest, Stamp>>,
}

impl Stamps {
    /// Reads the stamps kept at `path` (none when it is missing or unreadable). One line each:
    /// `digest dev ino len secs nanos`; a line that does not parse is skipped.
    pub fn read(path: &Path) -> Stamps {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let known = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.split(' ');
                let digest = Digest::parse(parts.next()?)?;
                let mut number = || parts.next()?.parse::<i64>().ok();
                let stamp = Stamp {
                    dev: number()? as u64,
                    ino: number()? as u64,
                    len: number()? as u64,
                    secs: number()?,
                    nanos: number()?,
                };
                Some((digest, stamp))
            })
            .collect();
        Stamps {
            known,
            added: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the object of `digest`, as `meta` shows it now, is exactly as it was when its
    /// bytes were last known to be right.
    pub fn vouch(&self, digest: &Digest, meta: &Metadata) -> bool {
        let Some(now) = Stamp::of(meta) else {
            return false;
        };
        self.known.get(digest) == Some(&now) || self.added().get(digest) == Some(&now)
    }

    /// Notes that the object of `digest`, as `meta` shows it, holds exactly its bytes (unless
    /// it was modified too recently to tell a later change by its time).
    pub fn note(&self, digest: &Digest, meta: &Metadata) {
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| std::time::SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age >= RACY);
        if settled
            && let Some(stamp) = Stamp::of(meta)
            && self.known.get(digest) != Some(&stamp)
        {
            self.added().insert(*digest, stamp);
        }
    }

    /// Whether this build noted anything the last one did not.
    pub fn changed(&self) -> bool {
        !self.added().is_empty()
    }

    /// Writes the stamps of the objects `keep` names, for the next build.
    pub fn write(&self, path: &Path, keep: impl Fn(&Digest) -> bool) -> std::io::Result<()> {
        let mut all: Vec<(Digest, Stamp)> = self
            .known
            .iter()
            .map(|(d, s)| (*d, *s))
            .filter(|(d, _)| keep(d))
            .collect();
        let added = self.added();
        all.retain(|(d, _)| !added.contains_key(d));
        all.extend(added.iter().filter(|(d, _)| keep(d)).map(|(d, s)| (*d, *s)));
        drop(added);
        all.sort_by_key(|(d, _)| *d);
        let mut text = String::with_capacity(all.len() * 110);
        for (d, s) in all {
            use std::fmt::Write as _;
            let _ = writeln!(
                text,
                "{} {} {} {} {} {}",
                d.hex(),
                s.dev,
                s.ino,
                s.len,
                s.secs,
                s.nanos
            );
        }
        super::write_replacing(path, text.as_bytes())
    }

    fn added(&self) -> std::sync::MutexGuard<'_, HashMap<Digest, Stamp>> {
        self.added.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_just_written_is_not_stamped_and_a_changed_one_is_not_vouched_for() {
        let dir = std::env::temp_dir().join(format!("policyforge-stamps-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("object");
        std::fs::write(&file, b"bytes").unwrap();
        let digest = Digest::of(b"bytes");
        let stamps = Stamps::default();
        stamps.note(&digest, &std::fs::metadata(&file).unwrap());
        assert!(!stamps.changed(), "a file modified just now is racy");
        // Settled: its time set two minutes back.
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        stamps.note(&digest, &std::fs::metadata(&file).unwrap());
        assert!(stamps.vouch(&digest, &std::fs::metadata(&file).unwrap()));
        // Kept across builds.
        let kept = dir.join("stamps.txt");
        stamps.write(&kept, |_| true).unwrap();
        let next = Stamps::read(&kept);
        assert!(next.vouch(&digest, &std::fs::metadata(&file).unwrap()));
        assert!(!next.vouch(&Digest::of(b"other"), &std::fs::metadata(&file).unwrap()));
        // Changed in place (same length): its time moves, and the stamp no longer holds.
        std::fs::write(&file, b"BYTES").unwrap();
        assert!(!next.vouch(&digest, &std::fs::metadata(&file).unwrap()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

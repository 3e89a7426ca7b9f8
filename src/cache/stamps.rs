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

/// The same for a file system that keeps sub-second times (its clock ticks every few
/// milliseconds at most): an object written this long before its site was published.
const RACY_FINE: std::time::Duration = std::time::Duration::from_millis(50);

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
    /// Objects this build created, as they looked once written (see [`Stamps::settle_written`]).
    written: Mutex<Vec<(Digest, Stamp)>>,
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
            written: Mutex::new(Vec::new()),
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

    /// Notes an object this build has just created with exactly its bytes (`meta` read from the
    /// handle that wrote it). Nobody else knows its path until the site that links it is
    /// published, so it is stamped by [`Stamps::settle_written`] once that is under way.
    pub fn wrote(&self, digest: &Digest, meta: &Metadata) {
        if let Some(stamp) = Stamp::of(meta) {
            self.written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((*digest, stamp));
        }
    }

    /// Stamps the objects this build created that were last modified well before `published`
    /// (when the site linking them began to be published): a later change to one, through
    /// the site's link, then comes in a later clock tick and changes its time. Well before:
    /// [`RACY_FINE`] on a file system with sub-second times, else [`RACY`]. The next build
    /// (the no-op after a cold build) then trusts them on one look instead of hashing them.
    pub fn settle_written(&self, published: std::time::SystemTime) {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let mut added = self.added();
        for (digest, stamp) in written {
            let margin = if stamp.nanos != 0 { RACY_FINE } else { RACY };
            let modified = std::time::UNIX_EPOCH
                .checked_add(std::time::Duration::new(
                    u64::try_from(stamp.secs).unwrap_or(0),
                    u32::try_from(stamp.nanos).unwrap_or(0),
                ))
                .unwrap_or(std::time::UNIX_EPOCH);
            let settled = published
                .duration_since(modified)
                .is_ok_and(|age| age >= margin);
            if settled && self.known.get(&digest) != Some(&stamp) {
                added.insert(digest, stamp);
            }
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

    #[test]
    fn an_object_this_build_wrote_is_stamped_only_when_written_well_before_publishing() {
        let dir =
            std::env::temp_dir().join(format!("policyforge-stamps-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("object");
        std::fs::write(&file, b"bytes").unwrap();
        let digest = Digest::of(b"bytes");
        let meta = std::fs::metadata(&file).unwrap();
        let written = meta.modified().unwrap();

        // Published in the same instant it was written: a change through the site could keep
        // its time, so it is not stamped.
        let stamps = Stamps::default();
        stamps.wrote(&digest, &meta);
        stamps.settle_written(written);
        assert!(!stamps.changed());
        assert!(!stamps.vouch(&digest, &meta));

        // Published well after: stamped, and trusted on one look.
        let stamps = Stamps::default();
        stamps.wrote(&digest, &meta);
        stamps.settle_written(written + RACY + std::time::Duration::from_millis(1));
        assert!(stamps.changed());
        assert!(stamps.vouch(&digest, &std::fs::metadata(&file).unwrap()));

        // Changed afterwards (same length): no longer vouched for.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, b"BYTES").unwrap();
        assert!(!stamps.vouch(&digest, &std::fs::metadata(&file).unwrap()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

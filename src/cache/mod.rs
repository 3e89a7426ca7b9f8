//! The build cache: every file a build makes, kept under the SHA-256 of its bytes, and for each
//! build unit (a school's folder, a trust's pages) the list of files it made from a given key.
//!
//! A unit's key is a digest of everything its files depend on (the input files' bytes, the theme,
//! the fonts, book.toml, the build's options and policyforge's own version), so a rebuild remakes
//! only the units whose inputs changed, and an approved version's PDF is rendered once in its
//! life. Every object is read back and hashed before it is reused: a corrupt or foreign entry is
//! a miss, rebuilt and never published. Deleting the folder only makes the next build slower.
//!
//! Files reach the staged site as hard links to the objects (a copy on another file system), so
//! an unchanged file costs a link, not a write.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The cache's folder, at the repository's root (git ignores it).
pub const DIR: &str = ".policyforge-cache";

/// Bumped when the layout of the cache or of what a unit records changes.
const FORMAT: &str = "policyforge-cache 1";

/// Where the objects' stamps are kept (see [`stamps`]).
const STAMPS: &str = "stamps.txt";

/// A SHA-256 digest: of a file's bytes (an object) or of a unit's inputs (a key).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    pub fn hex(&self) -> String {
        crate::hex::lower(&self.0)
    }

    pub fn parse(hex: &str) -> Option<Digest> {
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(Digest(out))
    }
}

/// Builds a unit's key from labelled inputs; each input is length-prefixed, so no two different
/// lists of inputs give the same bytes to hash.
pub struct KeyBuilder(Sha256);

impl KeyBuilder {
    /// A key for a unit of `kind`; policyforge's version and the cache format are always in it.
    pub fn new(kind: &str) -> KeyBuilder {
        let mut key = KeyBuilder(Sha256::new());
        key.text("format", FORMAT);
        key.text("policyforge", env!("CARGO_PKG_VERSION"));
        key.digest("program", program());
        key.text("kind", kind);
        key
    }

    pub fn bytes(&mut self, label: &str, bytes: &[u8]) -> &mut Self {
        for part in [label.as_bytes(), bytes] {
            self.0.update((part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
        self
    }

    pub fn text(&mut self, label: &str, text: &str) -> &mut Self {
        self.bytes(label, text.as_bytes())
    }

    /// Adds another key (e.g. the digest of the fonts, computed once per build).
    pub fn digest(&mut self, label: &str, digest: &Digest) -> &mut Self {
        self.bytes(label, &digest.0)
    }

    pub fn finish(&self) -> Digest {
        Digest(self.0.clone().finalize().into())
    }
}

/// The identity of the running program: its code, templates and fonts are all inside it, so
/// any other build of policyforge (even of the same version number) misses every entry. The
/// file's size and modification time stand for its bytes (reading a debug build's 200 MB on
/// every run would cost more than it saves).
fn program() -> &'static Digest {
    static PROGRAM: std::sync::OnceLock<Digest> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| {
        let mut key = Sha256::new();
        key.update(env!("CARGO_PKG_VERSION"));
        if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
            key.update(meta.len().to_le_bytes());
            if let Ok(since) = meta
                .modified()
                .map(|m| m.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
            {
                key.update(since.as_nanos().to_le_bytes());
            }
        }
        Digest(key.finalize().into())
    })
}

/// One file of the site as a unit made it: where it goes and which object holds its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedFile {
    pub path: String,
    #[serde(with = "digest_hex")]
    pub digest: Digest,
    pub len: u64,
}

/// What a unit made from one key: its files, and whatever else the build needs from it without
/// making it again (manifest entries, search sources), as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unit {
    pub files: Vec<CachedFile>,
    pub extra: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct UnitRecord {
    format: String,
    #[serde(with = "digest_hex")]
    key: Digest,
    unit: Unit,
}

#[derive(Serialize, Deserialize)]
struct MemoRecord {
    format: String,
    entries: BTreeMap<String, CachedFile>,
}

mod digest_hex {
    use super::Digest;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Digest, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.hex())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        let text = String::deserialize(d)?;
        Digest::parse(&text).ok_or_else(|| serde::de::Error::custom("not a SHA-256 digest"))
    }
}

mod stamps;

use stamps::Stamps;

/// The cache of one repository.
pub struct Cache {
    root: PathBuf,
    /// How each object looked when its bytes were last known to be right.
    stamps: Stamps,
}

impl Cache {
    /// Opens (and creates) the cache in `root`.
    pub fn open(root: &Path) -> std::io::Result<Cache> {
        let objects = root.join("objects");
        std::fs::create_dir_all(&objects)?;
        std::fs::create_dir_all(root.join("units"))?;
        // Every shard folder made once here, so writing an object is one file creation.
        for shard in 0..=255u8 {
            match std::fs::create_dir(objects.join(format!("{shard:02x}"))) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Cache {
            stamps: Stamps::read(&root.join(STAMPS)),
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn object_path(&self, digest: &Digest) -> PathBuf {
        let hex = digest.hex();
        self.root.join("objects").join(&hex[..2]).join(&hex[2..])
    }

    /// Where the object of `file` is kept.
    pub fn object_of(&self, file: &CachedFile) -> PathBuf {
        self.object_path(&file.digest)
    }

    fn unit_path(&self, key: &Digest) -> PathBuf {
        self.root.join("units").join(key.hex())
    }

    /// Keeps `bytes` as an object; returns the file as a unit records it. An object already
    /// there is kept when its bytes are right and replaced when they are not.
    pub fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<CachedFile> {
        let digest = Digest::of(bytes);
        let file = CachedFile {
            path: path.to_string(),
            digest,
            len: bytes.len() as u64,
        };
        let path = self.object_path(&digest);
        // An object is named by its bytes and checked against them before every use, so a new
        // one is written in place; a half-written one (a crash) fails that check and is
        // replaced whole. A file already there is kept if it holds exactly these bytes, else
        // (damaged, or another thread writing the same object) replaced by rename, never
        // written into. Most objects of a cold build are new: creating first spares each a look.
        match File::create_new(&path) {
            Ok(mut handle) => {
                if let Err(e) = handle.write_all(bytes) {
                    drop(handle);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                if let Ok(meta) = handle.metadata() {
                    self.stamps.wrote(&digest, &meta);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && self.holds(&file) => {}
            Err(_) => write_replacing(&path, bytes)?,
        }
        Ok(file)
    }

    /// Whether the object of `file` is there with exactly its bytes: read back and hashed,
    /// unless it is the very file, unchanged since, whose bytes were last known to be right
    /// (see [`stamps`]).
    pub fn holds(&self, file: &CachedFile) -> bool {
        match std::fs::metadata(self.object_path(&file.digest)) {
            Ok(meta) => self.holds_as(file, &meta),
            Err(_) => false,
        }
    }

    /// Whether `meta` shows the very object of `file` as it was when its bytes were last found
    /// right (see [`stamps`]), without reading it.
    pub fn vouches(&self, file: &CachedFile, meta: &std::fs::Metadata) -> bool {
        meta.len() == file.len && self.stamps.vouch(&file.digest, meta)
    }

    /// [`Cache::holds`], given the object's metadata (just read by the caller).
    pub fn holds_as(&self, file: &CachedFile, meta: &std::fs::Metadata) -> bool {
        if meta.len() != file.len {
            return false;
        }
        if self.stamps.vouch(&file.digest, meta) {
            return true;
        }
        let path = self.object_path(&file.digest);
        let Ok(mut handle) = File::open(&path) else {
            return false;
        };
        let before = handle.metadata().ok();
        let mut hasher = Sha256::new();
        let mut buffer = [0u8; 64 * 1024];
        let mut len = 0u64;
        loop {
            match handle.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buffer[..n]);
                    len += n as u64;
                }
                Err(_) => return false,
            }
        }
        let right = len == file.len && Digest(hasher.finalize().into()) == file.digest;
        // Noted only when nothing changed the file while it was read.
        if right
            && let (Some(before), Ok(after)) = (before, handle.metadata())
            && stamps::Stamp::of(&before) == stamps::Stamp::of(&after)
        {
            self.stamps.note(&file.digest, &after);
        }
        right
    }

    /// Stamps the objects this build created, now that the site linking them is published (it
    /// began at `published`): see [`stamps::Stamps::settle_written`].
    pub fn settle_written(&self, published: std::time::SystemTime) {
        self.stamps.settle_written(published);
    }

    /// Keeps the stamps of the objects in `objects` for the next build (when any were added).
    pub fn keep_stamps(&self, objects: &BTreeSet<Digest>) {
        if self.stamps.changed() {
            // Stamps that cannot be written only make the next build read more.
            let _ = self
                .stamps
                .write(&self.root.join(STAMPS), |d| objects.contains(d));
        }
    }

    /// The unit made from `key`, when its record is sound and every object it names is intact.
    pub fn unit(&self, key: &Digest) -> Option<Unit> {
        let unit = self.record_of(key)?;
        unit.files.iter().all(|f| self.holds(f)).then_some(unit)
    }

    /// The record of `key` when it is sound, its objects not yet checked (see [`Cache::read`]).
    pub fn record_of(&self, key: &Digest) -> Option<Unit> {
        let text = std::fs::read(self.unit_path(key)).ok()?;
        let record: UnitRecord = serde_json::from_slice(&text).ok()?;
        (record.format == FORMAT && record.key == *key).then_some(record.unit)
    }

    /// The bytes of `file`'s object, checked against its digest.
    pub fn read(&self, file: &CachedFile) -> std::io::Result<Vec<u8>> {
        let bytes = std::fs::read(self.object_path(&file.digest))?;
        if bytes.len() as u64 == file.len && Digest::of(&bytes) == file.digest {
            Ok(bytes)
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a cache entry does not match its digest",
            ))
        }
    }

    /// Records what a unit made from `key` (its objects already `put`).
    pub fn record(&self, key: &Digest, unit: &Unit) -> std::io::Result<()> {
        let record = UnitRecord {
            format: FORMAT.to_string(),
            key: *key,
            unit: unit.clone(),
        };
        let text = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
        write_replacing(&self.unit_path(key), &text)
    }

    /// A memo of single objects by key (e.g. each PDF by the document it prints), kept in one
    /// file rather than a record per entry: a cold build of a trust makes thousands. Entries are
    /// as sound as a unit record's: their objects are read back and hashed before use.
    pub fn memo(&self, name: &str) -> BTreeMap<Digest, CachedFile> {
        let Ok(text) = std::fs::read(self.memo_path(name)) else {
            return BTreeMap::new();
        };
        match serde_json::from_slice::<MemoRecord>(&text) {
            Ok(record) if record.format == FORMAT => record
                .entries
                .into_iter()
                .filter_map(|(key, file)| Some((Digest::parse(&key)?, file)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// Writes the memo `name` whole (replacing the last one).
    pub fn write_memo(
        &self,
        name: &str,
        entries: &BTreeMap<Digest, CachedFile>,
    ) -> std::io::Result<()> {
        let record = MemoRecord {
            format: FORMAT.to_string(),
            entries: entries.iter().map(|(k, f)| (k.hex(), f.clone())).collect(),
        };
        let text = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
        write_replacing(&self.memo_path(name), &text)
    }

    fn memo_path(&self, name: &str) -> PathBuf {
        self.root.join(format!("{name}.memo.json"))
    }

    /// Puts the object of `file` at `dest`: a hard link, or a copy where links cannot be made.
    pub fn place(&self, file: &CachedFile, dest: &Path) -> std::io::Result<()> {
        let object = self.object_path(&file.digest);
        if std::fs::hard_link(&object, dest).is_ok() {
            return Ok(());
        }
        std::fs::copy(&object, dest).map(|_| ())
    }

    /// Removes every unit record and object this build did not use, so the cache stays the size
    /// of one site. Problems are ignored: a leftover costs space, never correctness.
    pub fn sweep(&self, keys: &BTreeSet<Digest>, objects: &BTreeSet<Digest>) {
        if let Ok(entries) = std::fs::read_dir(self.root.join("units")) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let keep = name
                    .to_str()
                    .and_then(Digest::parse)
                    .is_some_and(|d| keys.contains(&d));
                if !keep {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let Ok(shards) = std::fs::read_dir(self.root.join("objects")) else {
            return;
        };
        for shard in shards.flatten() {
            let prefix = shard.file_name().to_string_lossy().into_owned();
            let Ok(entries) = std::fs::read_dir(shard.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                if !Digest::parse(&name).is_some_and(|d| objects.contains(&d)) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half a
/// file. No fsync: a cache entry lost in a crash is rebuilt, and one damaged fails its hash.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    // Unique per thread and process, so two units writing the same object never share a file.
    let tmp = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let result = File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("policyforge-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_unit_is_found_by_its_key_with_its_files() {
        let dir = scratch("found");
        let cache = Cache::open(&dir).unwrap();
        let key = KeyBuilder::new("school")
            .text("school.yaml", "name: A")
            .finish();
        assert!(cache.unit(&key).is_none());
        let file = cache.put("schools/a/index.html", b"<p>A</p>").unwrap();
        let unit = Unit {
            files: vec![file.clone()],
            extra: serde_json::json!({"documents": 1}),
        };
        cache.record(&key, &unit).unwrap();
        let again = cache.unit(&key).unwrap();
        assert_eq!(again.files, vec![file.clone()]);
        assert_eq!(again.extra["documents"], 1);
        let dest = dir.join("placed.html");
        cache.place(&file, &dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"<p>A</p>");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn keys_differ_with_every_input_and_its_label() {
        let a = KeyBuilder::new("school")
            .text("x", "ab")
            .text("y", "c")
            .finish();
        let b = KeyBuilder::new("school")
            .text("x", "a")
            .text("y", "bc")
            .finish();
        let c = KeyBuilder::new("school")
            .text("z", "ab")
            .text("y", "c")
            .finish();
        let d = KeyBuilder::new("trust")
            .text("x", "ab")
            .text("y", "c")
            .finish();
        let set: BTreeSet<Digest> = [a, b, c, d].into_iter().collect();
        assert_eq!(set.len(), 4);
        assert_eq!(
            a,
            KeyBuilder::new("school")
                .text("x", "ab")
                .text("y", "c")
                .finish()
        );
    }

    #[test]
    fn a_corrupt_object_is_a_miss_and_put_mends_it() {
        let dir = scratch("corrupt");
        let cache = Cache::open(&dir).unwrap();
        let key = KeyBuilder::new("school").finish();
        let file = cache.put("a.pdf", b"%PDF-1.7 real bytes").unwrap();
        cache
            .record(
                &key,
                &Unit {
                    files: vec![file.clone()],
                    extra: serde_json::Value::Null,
                },
            )
            .unwrap();
        // Same length, other bytes: only the hash can tell.
        std::fs::write(cache.object_path(&file.digest), b"%PDF-1.7 evil bytes").unwrap();
        assert!(!cache.holds(&file));
        assert!(cache.unit(&key).is_none());
        cache.put("a.pdf", b"%PDF-1.7 real bytes").unwrap();
        assert!(cache.unit(&key).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_foreign_or_damaged_record_is_a_miss() {
        let dir = scratch("foreign");
        let cache = Cache::open(&dir).unwrap();
        let key = KeyBuilder::new("school").text("a", "1").finish();
        let other = KeyBuilder::new("school").text("a", "2").finish();
        let unit = Unit {
            files: Vec::new(),
            extra: serde_json::Value::Null,
        };
        cache.record(&other, &unit).unwrap();
        // A record copied under another key's name is not that key's.
        std::fs::copy(cache.unit_path(&other), cache.unit_path(&key)).unwrap();
        assert!(cache.unit(&key).is_none());
        std::fs::write(cache.unit_path(&other), b"{ not json").unwrap();
        assert!(cache.unit(&other).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sweep_keeps_only_what_was_used() {
        let dir = scratch("sweep");
        let cache = Cache::open(&dir).unwrap();
        let kept = cache.put("a", b"kept").unwrap();
        let gone = cache.put("b", b"gone").unwrap();
        let key = KeyBuilder::new("u").finish();
        let old = KeyBuilder::new("u").text("v", "old").finish();
        for k in [key, old] {
            cache
                .record(
                    &k,
                    &Unit {
                        files: vec![kept.clone()],
                        extra: serde_json::Value::Null,
                    },
                )
                .unwrap();
        }
        cache.sweep(&[key].into(), &[kept.digest].into());
        assert!(cache.holds(&kept));
        assert!(!cache.holds(&gone));
        assert!(cache.unit(&key).is_some());
        assert!(cache.unit(&old).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! Where the site's files go as build units make them: kept in memory (`serve`, tests), or
//! streamed into the build cache, so memory does not grow with the number of schools and an
//! unchanged unit is not made again.
//!
//! A unit's key covers every input file it can read: its school's folder, its trust's folder,
//! the shared models (`model-policies/default`), its theme and the default theme, the fonts,
//! book.toml, the build's options and policyforge's version (in every [`KeyBuilder`]). A PDF's
//! key is the whole document it prints (every word and setting), so an approved version's PDF
//! is made once in its life, whatever else changes around it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::cache::{Cache, CachedFile, Digest, Unit};

use super::Files;

/// The files of one unit as the store keeps them.
pub type Kept = Vec<CachedFile>;

pub enum Store {
    /// Every file's bytes, by path (`serve` and `site::render`).
    Memory(Mutex<BTreeMap<String, Vec<u8>>>),
    /// Objects in the build cache; only their digests stay in memory.
    Cache(Box<CacheStore>),
}

pub struct CacheStore {
    pub cache: Cache,
    used_keys: Mutex<BTreeSet<Digest>>,
    used_objects: Mutex<BTreeSet<Digest>>,
    /// The PDFs the last build made, by the document each prints.
    pdfs: BTreeMap<Digest, CachedFile>,
    /// The PDFs this build used or made: the memo the next build reads.
    pdfs_used: Mutex<BTreeMap<Digest, CachedFile>>,
}

/// The memo of PDFs in the cache.
const PDF_MEMO: &str = "pdfs";

impl Store {
    pub fn memory() -> Store {
        Store::Memory(Mutex::new(BTreeMap::new()))
    }

    pub fn cache(cache: Cache) -> Store {
        Store::Cache(Box::new(CacheStore {
            pdfs: cache.memo(PDF_MEMO),
            cache,
            used_keys: Mutex::new(BTreeSet::new()),
            used_objects: Mutex::new(BTreeSet::new()),
            pdfs_used: Mutex::new(BTreeMap::new()),
        }))
    }

    /// Keeps a unit's files; returns how the site index lists them.
    pub fn keep(&self, files: Files) -> std::io::Result<Kept> {
        match self {
            Store::Memory(map) => {
                let mut kept = Vec::with_capacity(files.0.len());
                let mut map = lock(map);
                for (path, bytes) in files.0 {
                    kept.push(CachedFile {
                        digest: Digest::of(&bytes),
                        len: bytes.len() as u64,
                        path: path.clone(),
                    });
                    map.insert(path, bytes);
                }
                Ok(kept)
            }
            Store::Cache(store) => {
                let mut kept = Vec::with_capacity(files.0.len());
                for (path, bytes) in files.0 {
                    kept.push(store.cache.put(&path, &bytes)?);
                }
                lock(&store.used_objects).extend(kept.iter().map(|f| f.digest));
                Ok(kept)
            }
        }
    }

    /// The unit made from `key` before, when it is in the cache and intact.
    pub fn unit(&self, key: &Digest) -> Option<Unit> {
        let Store::Cache(store) = self else {
            return None;
        };
        let unit = store.cache.unit(key)?;
        lock(&store.used_keys).insert(*key);
        lock(&store.used_objects).extend(unit.files.iter().map(|f| f.digest));
        Some(unit)
    }

    /// Records what a unit made from `key`, for the next build.
    pub fn record(&self, key: &Digest, unit: &Unit) {
        if let Store::Cache(store) = self {
            // A record that cannot be written only makes the next build slower.
            let _ = store.cache.record(key, unit);
            lock(&store.used_keys).insert(*key);
        }
    }

    /// A PDF made once per distinct document: `key` names everything it prints.
    pub fn pdf<E>(
        &self,
        key: impl FnOnce() -> Digest,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        let Store::Cache(store) = self else {
            return make();
        };
        let key = key();
        if let Some(file) = store.pdfs.get(&key)
            && let Ok(bytes) = store.cache.read(file)
        {
            lock(&store.used_objects).insert(file.digest);
            lock(&store.pdfs_used).insert(key, file.clone());
            return Ok(bytes);
        }
        let bytes = make()?;
        if let Ok(file) = store.cache.put("pdf", &bytes) {
            lock(&store.used_objects).insert(file.digest);
            lock(&store.pdfs_used).insert(key, file);
        }
        Ok(bytes)
    }

    /// Takes the bytes kept in memory (empty for the cache store).
    pub fn into_memory(self) -> BTreeMap<String, Vec<u8>> {
        match self {
            Store::Memory(map) => map.into_inner().unwrap_or_else(|e| e.into_inner()),
            Store::Cache(_) => BTreeMap::new(),
        }
    }

    /// After a build: forgets every cache entry it did not use.
    pub fn sweep(&self) {
        if let Store::Cache(store) = self {
            // The PDFs this build made or read, and those of the units it reused whole (their
            // objects are in use): a school left unchanged keeps its PDFs for its next change.
            let used_objects = lock(&store.used_objects);
            let mut memo = lock(&store.pdfs_used).clone();
            for (key, file) in &store.pdfs {
                if used_objects.contains(&file.digest) {
                    memo.entry(*key).or_insert_with(|| file.clone());
                }
            }
            drop(used_objects);
            // A memo that cannot be written only makes the next build slower.
            let _ = store.cache.write_memo(PDF_MEMO, &memo);
            let used_objects = lock(&store.used_objects);
            store.cache.keep_stamps(&used_objects);
            store.cache.sweep(&lock(&store.used_keys), &used_objects);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

//! Publishing a site whose files are in the build cache, in time proportional to what changed.
//!
//! Every file is a hard link to its object in the cache. The new site is staged in a folder
//! beside the output and swapped in whole, as `publish` does — but the staging folder is the
//! site before last, kept in the cache (`generation/`) after the previous swap, so only the files
//! that differ are unlinked and linked again. What each folder holds is recorded (`live.json` for
//! the published site, `generation.json` for the kept one) and checked file by file against the
//! objects before it is trusted; without a sound record, the staging folder is made from
//! nothing. A crash while the kept folder is being brought up to date leaves no record for it,
//! so the next build starts afresh.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::{Cache, CachedFile, Digest};
use crate::site::SiteIndex;

use super::{PublishError, clean_leftovers, err, flush_paths, siblings, swap_in};

/// What a folder of the site holds, as recorded in the cache.
#[derive(Serialize, Deserialize)]
struct Record {
    /// The published site this record belongs to (another `--dest-dir` has its own).
    output: String,
    files: BTreeMap<String, String>,
}

impl Record {
    fn of(index: &SiteIndex, output: &Path) -> Record {
        Record {
            output: output.to_string_lossy().into_owned(),
            files: index
                .files
                .iter()
                .map(|(p, f)| (p.clone(), f.digest.hex()))
                .collect(),
        }
    }

    fn read(path: &Path, output: &Path) -> Option<Record> {
        let record: Record = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        (record.output == output.to_string_lossy()).then_some(record)
    }

    fn write(&self, path: &Path) {
        // A record that cannot be written only makes the next build slower.
        if let Ok(bytes) = serde_json::to_vec(self) {
            let tmp = path.with_extension("json.tmp");
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, path);
            }
        }
    }
}

/// Publishes a site whose files are in the build cache: each is hard-linked (or copied) from
/// its object into a staging folder, which is then swapped in whole, as by `publish`.
/// When `output` already holds exactly these files, nothing is written: returns `false`.
pub fn publish_cached(
    index: &SiteIndex,
    cache: &Cache,
    output: &Path,
) -> Result<bool, PublishError> {
    clean_leftovers(output)?;
    if holds_exactly(index, cache, output) {
        return Ok(false);
    }
    let live_record = cache.root().join("live.json");
    let kept_record = cache.root().join("generation.json");
    let kept = cache.root().join("generation");
    // What the published site holds now, if its record is true of it: after the swap it is
    // the kept folder.
    let live = Record::read(&live_record, output).filter(|r| matches(r, cache, output));
    let _ = std::fs::remove_file(&live_record);
    let reuse = same_device(cache.root(), output)
        .then(|| Record::read(&kept_record, output))
        .flatten()
        .filter(|_| kept.is_dir());
    // From here the kept folder changes: its record goes first, so a crash leaves none.
    let _ = std::fs::remove_file(&kept_record);
    let staging = match reuse {
        Some(record) => match update(&kept, &record, index, cache) {
            Ok(staged) => staged,
            Err(_) => {
                let _ = std::fs::remove_dir_all(&kept);
                fresh(index, cache, output)?
            }
        },
        None => {
            if kept.exists() {
                let _ = std::fs::remove_dir_all(&kept);
            }
            fresh(index, cache, output)?
        }
    };
    if let Err(e) = flush(&staging, index) {
        let _ = std::fs::remove_dir_all(&staging.dir);
        return Err(e);
    }
    let staging = staging.dir;
    let had_site = output.exists();
    swap_in(&staging, output, staging == kept && live.is_some())?;
    Record::of(index, output).write(&live_record);
    // After an exchange the staging folder holds the old site; keep it for the next build when
    // its record is known, else let it go.
    if staging == kept
        && had_site
        && kept.is_dir()
        && let Some(old) = live
    {
        old.write(&kept_record);
    }
    // A first publish leaves no site before it to keep: a second generation of the same files
    // is linked now (made durable before its record), so that the next build, after one school
    // changed, relinks a few files instead of every file and folder of the site (making
    // thousands of folders again cost that build more than half its second).
    if staging == kept
        && !kept.exists()
        && let Ok(spare) = fresh(index, cache, output)
    {
        if spare.dir == kept && flush(&spare, index).is_ok() {
            Record::of(index, output).write(&kept_record);
        } else {
            let _ = std::fs::remove_dir_all(&spare.dir);
        }
    }
    Ok(true)
}

/// A new staging folder beside `output`, every file linked afresh (folders first, then the
/// files on every core: folders are independent, so their links need not wait on each other).
fn fresh(index: &SiteIndex, cache: &Cache, output: &Path) -> Result<Staged, PublishError> {
    use rayon::prelude::*;
    let kept = cache.root().join("generation");
    // In the cache when it can be swapped with the output (same file system), so that it can be
    // kept; beside the output otherwise.
    let staging = if same_device(cache.root(), output) {
        kept
    } else {
        siblings(output).0
    };
    let made = (|| {
        std::fs::create_dir_all(&staging).map_err(|e| err(&staging, e))?;
        let dirs: BTreeSet<PathBuf> = index
            .files
            .keys()
            .filter_map(|rel| staging.join(rel).parent().map(Path::to_path_buf))
            .collect();
        dirs.par_iter()
            .try_for_each(|dir| std::fs::create_dir_all(dir).map_err(|e| err(dir, e)))?;
        index.files.par_iter().try_for_each(|(rel, file)| {
            let path = staging.join(rel);
            cache.place(file, &path).map_err(|e| err(&path, e))
        })
    })();
    if let Err(e) = made {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(Staged {
        placed: index.files.len(),
        changed: Vec::new(),
        dir: staging,
    })
}

/// A staging folder ready to swap in, and what was written into it.
struct Staged {
    dir: PathBuf,
    /// How many files were linked into it.
    placed: usize,
    /// The files linked and the folders changed, when only some were (see [`flush`]).
    changed: Vec<PathBuf>,
}

/// Makes what was written into the staging folder durable before it is swapped in. A few
/// changed files are synced one by one (with their folders), which costs nothing in proportion
/// to the rest of the disk; many are synced at once by `flush_paths` (one `syncfs` on Linux).
/// Files the folder held unchanged were made durable by the build that placed them.
fn flush(staged: &Staged, index: &SiteIndex) -> Result<(), PublishError> {
    use rayon::prelude::*;
    const ONE_BY_ONE: usize = 512;
    if staged.placed > ONE_BY_ONE || staged.changed.is_empty() && staged.placed > 0 {
        let dirs = [staged.dir.clone()];
        let paths: Vec<&String> = index.files.keys().collect();
        return flush_paths(&staged.dir, &paths, &dirs);
    }
    staged.changed.par_iter().try_for_each(|path| {
        std::fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|e| err(path, e))
    })
}

/// Brings the kept folder from `record` to `index`: removes what went, links what is new or
/// changed.
fn update(
    dir: &Path,
    record: &Record,
    index: &SiteIndex,
    cache: &Cache,
) -> Result<Staged, PublishError> {
    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    // Every folder whose entries change, and every file linked, for `flush`.
    let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut placed = Vec::new();
    for rel in record.files.keys() {
        if !index.files.contains_key(rel) {
            let path = dir.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(err(&path, e)),
            }
            if let Some(parent) = path.parent() {
                emptied.insert(parent.to_path_buf());
            }
        }
    }
    // A file the record names unchanged is kept when it is still the very object the cache
    // holds (the build checked every object it uses; one damaged was made again as a new file,
    // so a kept link to the damaged one is replaced). Looked at on every core.
    let stale: Vec<(&String, &CachedFile)> = {
        use rayon::prelude::*;
        index
            .files
            .par_iter()
            .filter(|(rel, file)| {
                record.files.get(*rel) != Some(&file.digest.hex())
                    || !is_object(&dir.join(rel), cache, file)
            })
            .collect()
    };
    for (rel, file) in stale {
        let path = dir.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
                }
            }
            Err(e) => return Err(err(&path, e)),
        }
        cache.place(file, &path).map_err(|e| err(&path, e))?;
        if let Some(parent) = path.parent() {
            touched.insert(parent.to_path_buf());
        }
        placed.push(path);
    }
    touched.extend(emptied.iter().cloned());
    // Folders left empty go too (deepest first), so no empty folder is published.
    for folder in emptied.iter().rev() {
        let mut at = folder.as_path();
        while at != dir && std::fs::remove_dir(at).is_ok() {
            match at.parent() {
                Some(parent) => at = parent,
                None => break,
            }
        }
    }
    // A folder made or emptied changes its parent's entries too, up to the staging folder.
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    for folder in touched {
        let mut at = folder.as_path();
        while at.starts_with(dir) {
            if !changed.insert(at.to_path_buf()) {
                break;
            }
            match at.parent() {
                Some(parent) => at = parent,
                None => break,
            }
        }
    }
    let count = placed.len();
    placed.extend(changed.into_iter().filter(|d| d.is_dir()));
    Ok(Staged {
        dir: dir.to_path_buf(),
        placed: count,
        changed: placed,
    })
}

/// Whether `path` is the very object of `file` (the same inode, the right length).
fn is_object(path: &Path, cache: &Cache, file: &CachedFile) -> bool {
    object_at(path, cache, file).is_some()
}

/// The metadata of the object of `file` when `path` is that very object.
fn object_at(path: &Path, cache: &Cache, file: &CachedFile) -> Option<std::fs::Metadata> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let a = std::fs::symlink_metadata(path).ok()?;
        let b = std::fs::metadata(cache.object_of(file)).ok()?;
        (a.is_file() && a.ino() == b.ino() && a.dev() == b.dev() && a.len() == file.len)
            .then_some(b)
    }
    #[cfg(not(unix))]
    {
        let _ = (path, cache, file);
        None
    }
}

/// Whether `record` is exactly what `output` holds: each file the very object the cache holds
/// (one look when it is the object as stamped, see `crate::cache::stamps`), nothing else there.
fn matches(record: &Record, cache: &Cache, output: &Path) -> bool {
    use rayon::prelude::*;
    let mut files = Vec::with_capacity(record.files.len());
    for (path, hex) in &record.files {
        let Some(digest) = Digest::parse(hex) else {
            return false;
        };
        files.push((path, digest));
    }
    files.par_iter().all(|(rel, digest)| {
        let path = output.join(rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return false;
        };
        let file = CachedFile {
            path: rel.to_string(),
            digest: *digest,
            len: meta.len(),
        };
        meta.is_file() && (cache.vouches(&file, &meta) || is_object(&path, cache, &file))
    }) && files_under(output) == Some(files.len())
}

/// Whether every file of `index` is at `output` as the very object the cache holds (the same
/// file, linked), and nothing else is there.
pub fn holds_exactly(index: &SiteIndex, cache: &Cache, output: &Path) -> bool {
    use rayon::prelude::*;
    if !index
        .files
        .par_iter()
        .all(|(rel, file)| is_object(&output.join(rel), cache, file))
    {
        return false;
    }
    holds_no_more(index, output)
}

/// [`holds_exactly`], and every file's bytes are right: read back and hashed, unless the object
/// is unchanged since its bytes were last checked (see `crate::cache::stamps`).
pub fn holds_intact(index: &SiteIndex, cache: &Cache, output: &Path) -> bool {
    use rayon::prelude::*;
    if !index.files.par_iter().all(|(rel, file)| {
        let path = output.join(rel);
        // One look, when the site's file is the very object last found right (the same file,
        // length and time as stamped): a hard link shares the object's file number.
        let stamped = std::fs::symlink_metadata(&path)
            .is_ok_and(|meta| meta.is_file() && cache.vouches(file, &meta));
        stamped || object_at(&path, cache, file).is_some_and(|meta| cache.holds_as(file, &meta))
    }) {
        return false;
    }
    holds_no_more(index, output)
}

/// Whether `output` holds no file beyond the `index`'s (which it was found to hold).
fn holds_no_more(index: &SiteIndex, output: &Path) -> bool {
    files_under(output) == Some(index.files.len())
}

/// How many files (not folders) are under `dir`, each folder read on any core; `None` when a
/// folder cannot be read.
fn files_under(dir: &Path) -> Option<usize> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir)
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    entries
        .par_iter()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => files_under(&entry.path()),
            Ok(_) => Some(1),
            Err(_) => None,
        })
        .sum()
}

/// Whether two paths are on one file system, so a folder can be renamed from one to the other.
fn same_device(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let b = if b.exists() {
            b.to_path_buf()
        } else {
            b.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        match (std::fs::metadata(a), std::fs::metadata(&b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

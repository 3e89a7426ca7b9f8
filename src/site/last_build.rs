//! The last build of a repository: when every input file, the options and the day are as they
//! were, and every published file is still the intact object the cache holds, a build has
//! nothing to do (no loading, no checking, no writing).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cache::{Cache, Digest, Unit};

use super::SiteIndex;
use super::store::Store;

/// What a build that changes nothing still tells its user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastBuild {
    pub warnings: usize,
    pub notes: Vec<String>,
}

/// The last build under `key`, when the site at `output` is exactly what it published.
pub fn unchanged(cache: &Cache, key: &Digest, output: &Path) -> Option<(LastBuild, SiteIndex)> {
    let unit = cache.record_of(key)?;
    let last: LastBuild = serde_json::from_value(unit.extra).ok()?;
    let index = SiteIndex {
        files: unit
            .files
            .into_iter()
            .map(|f| (f.path.clone(), f))
            .collect(),
        ..SiteIndex::default()
    };
    // The published files are the cache's objects: each is read back and hashed (or found to be
    // the very file, unchanged since its bytes were last checked), so a file changed in place
    // is found and the site made again.
    let intact = crate::publish::holds_intact(&index, cache, output);
    if intact {
        cache.keep_stamps(&index.files.values().map(|f| f.digest).collect());
    }
    intact.then_some((last, index))
}

/// Remembers a finished build under `key` for the next one.
pub fn remember(store: &Store, key: &Digest, index: &SiteIndex, last: &LastBuild) {
    if let Ok(extra) = serde_json::to_value(last) {
        store.record(
            key,
            &Unit {
                files: index.files.values().cloned().collect(),
                extra,
            },
        );
    }
}

//! The keys of the build units: digests of every input file a unit can read.
//!
//! A school's folder depends on its own files (school.yaml, adoptions, snapshots, logo), its
//! trust's folder (trust.yaml, models, logo), the shared models, its theme and the default theme
//! (templates, styles), the fonts, book.toml and whether drafts are built. The date of the build
//! is not among them: of a school's folder only its home page's list of required policies
//! depends on it (published, or past its review date), so that list's states are added to the
//! key instead (the dashboards, which depend on the date, are made on every build). Each folder is
//! read and hashed once per build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analysis::SchoolFacts;
use crate::cache::{Digest, KeyBuilder};
use crate::load::Project;

use super::BuildOptions;

/// The digest of every file under some folders of the repository, read and hashed once per
/// build (on every core) and shared by every key that covers them: the whole build's key reads
/// the three input folders, and each school's, theme's and trust's key takes its part.
#[derive(Debug, Default)]
pub struct FileDigests {
    /// The folders read whole, relative to the repository.
    covered: Vec<PathBuf>,
    /// Every file under them (relative path, in path order) and its digest (`None`: unreadable).
    files: BTreeMap<PathBuf, Option<Digest>>,
}

impl FileDigests {
    /// Reads and hashes every file under `dirs` (relative to `root`).
    pub fn read(root: &Path, dirs: &[&Path]) -> FileDigests {
        use rayon::prelude::*;
        let mut all = FileDigests::default();
        for dir in dirs {
            let found: Vec<PathBuf> = walkdir::WalkDir::new(root.join(dir))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            let digests: Vec<(PathBuf, Option<Digest>)> = found
                .par_iter()
                .map(|path| {
                    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                    (rel, std::fs::read(path).ok().map(|b| Digest::of(&b)))
                })
                .collect();
            all.files.extend(digests);
            all.covered.push(dir.to_path_buf());
        }
        all
    }

    /// The files under `dir` (relative to the repository), in path order, when it lies in a
    /// folder read whole.
    fn under<'a>(
        &'a self,
        dir: &'a Path,
    ) -> Option<impl Iterator<Item = (&'a PathBuf, &'a Option<Digest>)>> {
        self.covered.iter().any(|c| dir.starts_with(c)).then(|| {
            self.files
                .range(dir.to_path_buf()..)
                .take_while(move |(path, _)| path.starts_with(dir))
        })
    }
}

/// Adds every file under `dir` (in path order, with its path relative to `root`) to a key,
/// from `digests` when they cover it. A missing folder adds nothing but its name.
pub fn add_tree(key: &mut KeyBuilder, root: &Path, dir: &Path, digests: &FileDigests) {
    key.text("tree", &dir.to_string_lossy());
    let read;
    let files = match digests.under(dir) {
        Some(files) => files,
        None => {
            read = FileDigests::read(root, &[dir]);
            match read.under(dir) {
                Some(files) => files,
                None => return,
            }
        }
    };
    for (path, digest) in files {
        let name = path.to_string_lossy();
        // Leftovers of an interrupted write are never read by the loader.
        if name.ends_with(crate::durable::TEMP_SUFFIX) {
            continue;
        }
        match digest {
            Some(d) => key.digest(&name, d),
            None => key.text(&name, "unreadable"),
        };
    }
}

pub struct Inputs {
    common: Digest,
    themes: BTreeMap<String, Digest>,
    trusts: BTreeMap<String, Digest>,
    root: PathBuf,
    digests: FileDigests,
}

impl Inputs {
    /// The keys' inputs, from `digests` (the whole build's key read them) or read now.
    pub fn new(project: &Project, options: &BuildOptions, digests: Option<FileDigests>) -> Inputs {
        let root = project.root.clone();
        let digests =
            digests.unwrap_or_else(|| FileDigests::read(&root, &INPUT_FOLDERS.map(Path::new)));
        let mut common = KeyBuilder::new("inputs");
        common.bytes(
            "book.toml",
            &std::fs::read(root.join("book.toml")).unwrap_or_default(),
        );
        common.text("drafts", if options.drafts { "yes" } else { "no" });
        for dir in ["themes/fonts", "themes/default", "model-policies/default"] {
            add_tree(&mut common, &root, Path::new(dir), &digests);
        }
        let common = common.finish();
        let themes = project
            .themes
            .iter()
            .map(|t| {
                let mut key = KeyBuilder::new("theme");
                add_tree(
                    &mut key,
                    &root,
                    &Path::new("themes").join(&t.name),
                    &digests,
                );
                (t.name.clone(), key.finish())
            })
            .collect();
        let trusts = project
            .trusts
            .iter()
            .map(|t| {
                let mut key = KeyBuilder::new("trust");
                let dir = t.dir.strip_prefix(&root).unwrap_or(&t.dir);
                add_tree(&mut key, &root, dir, &digests);
                (t.id().to_string(), key.finish())
            })
            .collect();
        Inputs {
            common,
            themes,
            trusts,
            root,
            digests,
        }
    }

    /// The key of a school's folder.
    pub fn school(&self, school: &SchoolFacts) -> Digest {
        self.school_with(school, "")
    }

    /// The key of a school's folder whose pages also show `dated`: facts that change with the
    /// day rather than with any file (its required policies' states).
    pub fn school_with(&self, school: &SchoolFacts, dated: &str) -> Digest {
        let mut key = KeyBuilder::new("school");
        if !dated.is_empty() {
            key.text("dated", dated);
        }
        key.digest("inputs", &self.common);
        key.text("theme", &school.theme.name);
        if let Some(theme) = self.themes.get(&school.theme.name) {
            key.digest("theme files", theme);
        }
        if let Some(trust) = school.school.trust_id() {
            key.text("trust", trust);
            if let Some(digest) = self.trusts.get(trust) {
                key.digest("trust files", digest);
            }
        }
        add_tree(
            &mut key,
            &self.root,
            &Path::new("schools").join(&school.school.id),
            &self.digests,
        );
        key.finish()
    }
}

/// The key of a whole build: every input file, the options, the day (the dashboards show it)
/// and where the site goes. When it matches the last build's and the published files are
/// intact, there is nothing to do.
pub fn whole_site(root: &Path, options: &BuildOptions, output: &Path) -> (Digest, FileDigests) {
    let mut key = KeyBuilder::new("site");
    key.text("today", &crate::dates::iso(options.today));
    key.text("drafts", if options.drafts { "yes" } else { "no" });
    key.text("trust", options.trust.as_deref().unwrap_or(""));
    key.text("output", &output.to_string_lossy());
    key.bytes(
        "book.toml",
        &std::fs::read(root.join("book.toml")).unwrap_or_default(),
    );
    let digests = FileDigests::read(root, &INPUT_FOLDERS.map(Path::new));
    for dir in INPUT_FOLDERS {
        add_tree(&mut key, root, Path::new(dir), &digests);
    }
    (key.finish(), digests)
}

/// The folders a build reads (beside book.toml).
const INPUT_FOLDERS: [&str; 3] = ["model-policies", "schools", "themes"];

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
use super::store::add_tree;

pub struct Inputs {
    common: Digest,
    themes: BTreeMap<String, Digest>,
    trusts: BTreeMap<String, Digest>,
    root: PathBuf,
}

impl Inputs {
    pub fn new(project: &Project, options: &BuildOptions) -> Inputs {
        let root = project.root.clone();
        let mut common = KeyBuilder::new("inputs");
        common.bytes(
            "book.toml",
            &std::fs::read(root.join("book.toml")).unwrap_or_default(),
        );
        common.text("drafts", if options.drafts { "yes" } else { "no" });
        for dir in ["themes/fonts", "themes/default", "model-policies/default"] {
            add_tree(&mut common, &root, Path::new(dir));
        }
        let common = common.finish();
        let themes = project
            .themes
            .iter()
            .map(|t| {
                let mut key = KeyBuilder::new("theme");
                add_tree(&mut key, &root, &Path::new("themes").join(&t.name));
                (t.name.clone(), key.finish())
            })
            .collect();
        let trusts = project
            .trusts
            .iter()
            .map(|t| {
                let mut key = KeyBuilder::new("trust");
                let dir = t.dir.strip_prefix(&root).unwrap_or(&t.dir);
                add_tree(&mut key, &root, dir);
                (t.id().to_string(), key.finish())
            })
            .collect();
        Inputs {
            common,
            themes,
            trusts,
            root,
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
        );
        key.finish()
    }
}

/// The key of a whole build: every input file, the options, the day (the dashboards show it)
/// and where the site goes. When it matches the last build's and the published files are
/// intact, there is nothing to do.
pub fn whole_site(root: &Path, options: &BuildOptions, output: &Path) -> Digest {
    let mut key = KeyBuilder::new("site");
    key.text("today", &crate::dates::iso(options.today));
    key.text("drafts", if options.drafts { "yes" } else { "no" });
    key.text("trust", options.trust.as_deref().unwrap_or(""));
    key.text("output", &output.to_string_lossy());
    key.bytes(
        "book.toml",
        &std::fs::read(root.join("book.toml")).unwrap_or_default(),
    );
    for dir in ["model-policies", "schools", "themes"] {
        add_tree(&mut key, root, Path::new(dir));
    }
    key.finish()
}

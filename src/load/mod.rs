//! Walks a policy repository and reads every file into the domain types, collecting all problems.

pub mod template;
pub mod yaml;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{self, Book};
use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::{Adoption, ModelPolicy, PolicyFrontMatter, School, Trust};
use crate::theme::{self, Theme};

/// Everything read from a repository, before any cross-file check.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub book: Book,
    pub trusts: Vec<Trust>,
    /// Trust model policies and schools' local policies.
    pub policies: Vec<ModelPolicy>,
    pub schools: Vec<School>,
    pub adoptions: Vec<Adoption>,
    pub themes: Vec<Theme>,
    /// Files that exist but could not be read (their problems are reported), so later checks
    /// never call them missing.
    pub unreadable: std::collections::BTreeSet<PathBuf>,
}

impl Project {
    pub fn trust(&self, id: &str) -> Option<&Trust> {
        self.trusts.iter().find(|t| t.id() == id)
    }

    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }

    /// The school `id`, or an error saying which school id was meant.
    pub fn find_school(&self, id: &str) -> Result<&School, Diagnostic> {
        self.school(id).ok_or_else(|| self.unknown_school(id))
    }

    /// There is no school `id`: the error, with the nearest id (or every id) as its hint.
    pub fn unknown_school(&self, id: &str) -> Diagnostic {
        let ids: Vec<&str> = self.schools.iter().map(|x| x.id.as_str()).collect();
        Diagnostic::error(
            "schools",
            Position::default(),
            format!("there is no school `{id}`"),
        )
        .with_hint(match yaml::nearest(id, &ids) {
            Some(n) => {
                format!("did you mean `{n}`? A school's id is its folder's name under schools/")
            }
            None => format!(
                "a school's id is its folder's name under schools/: {}",
                ids.join(", ")
            ),
        })
    }

    /// The trust `id`, or an error saying which trust id was meant.
    pub fn find_trust(&self, id: &str) -> Result<&Trust, Diagnostic> {
        self.trust(id).ok_or_else(|| {
            let ids: Vec<&str> = self.trusts.iter().map(|t| t.id()).collect();
            Diagnostic::error(
                "model-policies",
                Position::default(),
                format!("there is no trust `{id}`"),
            )
            .with_hint(match yaml::nearest(id, &ids) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("trusts: {}", ids.join(", ")),
            })
        })
    }

    /// The trust a school belongs to; `None` for a school outside any trust.
    pub fn trust_of(&self, school: &School) -> Option<&Trust> {
        school.trust_id().and_then(|t| self.trust(t))
    }

    /// The policy text a school's adoption fills: its own local policy, its trust's model, or
    /// a shared model from `model-policies/default/`.
    pub fn policy_for(&self, school: &School, policy: &str) -> Option<&ModelPolicy> {
        self.policies
            .iter()
            .find(|p| p.is_local() && p.file.starts_with(&school.dir) && p.id() == policy)
            .or_else(|| {
                let trust = school.trust_id()?;
                self.policies
                    .iter()
                    .find(|p| p.trust.as_deref() == Some(trust) && p.id() == policy)
            })
            .or_else(|| self.shared_models().find(|p| p.id() == policy))
    }

    /// Is `folder` under `model-policies/` the shared models rather than a trust?
    pub fn is_shared_folder(&self, folder: &str) -> bool {
        folder == SHARED_MODELS && self.trust(folder).is_none()
    }

    /// Models in `model-policies/default/`, which every trust and trust-less school can adopt.
    pub fn shared_models(&self) -> impl Iterator<Item = &ModelPolicy> + '_ {
        self.policies
            .iter()
            .filter(|p| p.trust.as_deref().is_some_and(|t| self.is_shared_folder(t)))
    }

    /// Every model a school can adopt: its trust's, then the shared ones it does not override.
    pub fn models_for<'a>(&'a self, school: &'a School) -> Vec<&'a ModelPolicy> {
        let mut models: Vec<&ModelPolicy> = match school.trust_id() {
            Some(t) => self.models_of(t).collect(),
            None => Vec::new(),
        };
        for shared in self.shared_models() {
            if !models.iter().any(|m| m.id() == shared.id()) {
                models.push(shared);
            }
        }
        models
    }

    pub fn models_of<'a>(&'a self, trust: &'a str) -> impl Iterator<Item = &'a ModelPolicy> + 'a {
        self.policies
            .iter()
            .filter(move |p| p.trust.as_deref() == Some(trust))
    }

    pub fn adoption(&self, school: &str, policy: &str) -> Option<&Adoption> {
        self.adoptions
            .iter()
            .find(|a| a.school == school && a.policy == policy)
    }

    /// Does `rel` (or its `.yml` twin) exist but fail to read?
    pub fn is_unreadable(&self, rel: &Path) -> bool {
        self.unreadable.contains(rel) || self.unreadable.contains(&rel.with_extension("yml"))
    }

    /// Could the policy text `policy` for `school` be one of the files that failed to read?
    pub fn policy_unreadable(&self, school: &School, policy: &str) -> bool {
        let name = format!("{policy}.md");
        let mut candidates = vec![
            school.dir.join("local").join(&name),
            PathBuf::from("model-policies")
                .join(SHARED_MODELS)
                .join(&name),
        ];
        if let Some(trust) = school.trust_id() {
            candidates.push(PathBuf::from("model-policies").join(trust).join(&name));
            candidates.push(
                PathBuf::from("model-policies")
                    .join(trust)
                    .join("trust.yaml"),
            );
        }
        candidates.iter().any(|c| self.is_unreadable(c))
    }

    pub fn theme(&self, name: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.name == name)
    }
}

/// The folder under `model-policies/` (without a trust.yaml) whose models every school can adopt.
pub const SHARED_MODELS: &str = "default";

const TRUST_FIELDS: &str = "A trust.yaml has: id, name, short_name, company_number, board, local_body, local_body_short, ethos (heading, text, policy_text, reference), theme, logo.";
const POLICY_FIELDS: &str = "A policy's front matter has: id, kind (policy or leaflet), full_policy, title, version, review_cycle_months, audience, summary, fields, tier (trust-wide, model or local), owner, statutory, publish_online (required, recommended or no), exclude, variant_of, schools, versions.";
const SCHOOL_FIELDS: &str = "A school.yaml has: name, trust, phase, urn, website, head_title, address, contacts (office_email, office_phone, dsl, complaints), social_media (platform, url, handle), logo.";
const ADOPTION_FIELDS: &str =
    "An adoption file has: model_version, review_months, values, events, approvals.";

/// Reads the whole repository. Problems are collected; whatever could be read is returned.
pub fn load(root: &Path) -> (Option<Project>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let book = match config::load(root) {
        Ok(book) => book,
        Err(d) => {
            problems.push(d);
            Book::default()
        }
    };
    for required in ["model-policies", "schools"] {
        if !root.join(required).is_dir() {
            problems.push(
                Diagnostic::error(required, Position::default(), format!("there is no `{required}` folder"))
                    .with_hint("run the command in a policy repository, or create one with `policyforge init DIR`"),
            );
        }
    }
    // A broken book.toml is reported with everything else: only a missing folder stops here.
    if ["model-policies", "schools"]
        .iter()
        .any(|r| !root.join(r).is_dir())
    {
        return (None, problems);
    }
    let mut project = Project {
        root: root.to_path_buf(),
        book,
        trusts: Vec::new(),
        policies: Vec::new(),
        schools: Vec::new(),
        adoptions: Vec::new(),
        themes: Vec::new(),
        unreadable: Default::default(),
    };
    load_trusts(&mut project, &mut problems);
    load_schools(&mut project, &mut problems);
    project.themes = theme::load_all(root, &mut problems);
    template::render_help(
        &mut project.policies,
        &project.trusts,
        &project.schools,
        &mut problems,
    );
    (Some(project), problems)
}

/// Files under `dir` (relative to root), sorted, following no links out of the tree.
fn files_under(root: &Path, dir: &str, max_depth: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(root.join(dir))
        .max_depth(max_depth)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
        })
        .collect();
    files.sort();
    files
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

fn load_trusts(project: &mut Project, problems: &mut Diagnostics) {
    let root = project.root.clone();
    for rel in files_under(&root, "model-policies", 2) {
        let depth = rel.components().count();
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if depth != 3 {
            if depth == 2 && (name.ends_with(".md") || is_yaml(&rel)) {
                problems.push(
                    Diagnostic::warning(
                        &rel,
                        Position::default(),
                        "this file is not inside a trust's folder and is ignored",
                    )
                    .with_hint("move it into `model-policies/<trust>/`"),
                );
            }
            continue;
        }
        let trust_dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let folder = trust_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let text = match yaml::read_text(&root, &rel) {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                project.unreadable.insert(rel.clone());
                continue;
            }
        };
        if name == "trust.yaml" || name == "trust.yml" {
            match yaml::parse::<Trust>(&text, &rel, 0, TRUST_FIELDS) {
                Ok(mut trust) => {
                    trust.dir = trust_dir;
                    if trust.id() != folder {
                        problems.push(
                            Diagnostic::error(
                                &rel,
                                crate::model::position_of(&trust.id),
                                format!(
                                    "the trust's id `{}` differs from its folder `{folder}`",
                                    trust.id()
                                ),
                            )
                            .with_hint(format!(
                                "make them the same: `id: {folder}` or rename the folder"
                            )),
                        );
                    }
                    project.trusts.push(trust);
                }
                Err(d) => {
                    problems.push(d);
                    project.unreadable.insert(rel.clone());
                }
            }
        } else if name.ends_with(".md") {
            match read_policy(&text, &rel, Some(folder), problems) {
                Some(policy) => project.policies.push(policy),
                None => {
                    project.unreadable.insert(rel.clone());
                }
            }
        } else if !is_yaml(&rel) {
            continue;
        } else {
            problems.push(
                Diagnostic::warning(
                    &rel,
                    Position::default(),
                    "unexpected YAML file in a trust's folder; it is ignored",
                )
                .with_hint("a trust folder holds trust.yaml and its model policies as .md files"),
            );
        }
    }
}

/// Reads a model policy or local policy file.
pub fn read_policy(
    text: &str,
    rel: &Path,
    trust: Option<String>,
    problems: &mut Diagnostics,
) -> Option<ModelPolicy> {
    let (front, body, body_line) = match yaml::split_front_matter(text, rel) {
        Ok(parts) => parts,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    // One blank line for the opening `---`, so every position in the front matter (errors and
    // the values checked later alike) is the line in the file.
    let padded = format!("\n{front}");
    match yaml::parse::<PolicyFrontMatter>(&padded, rel, 0, POLICY_FIELDS) {
        Ok(meta) => Some(ModelPolicy {
            meta,
            body: body.to_string(),
            body_line,
            file: rel.to_path_buf(),
            trust,
            compiled: Default::default(),
        }),
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

/// Reads an adoption file's text (an empty file is an adoption with nothing filled in yet).
pub fn parse_adoption(text: &str, rel: &Path) -> Result<Adoption, Diagnostic> {
    if text.trim().is_empty() {
        Ok(Adoption::default())
    } else {
        yaml::parse::<Adoption>(text, rel, 0, ADOPTION_FIELDS)
    }
}

/// What one file under `schools/` turned out to be. Each value is moved once, into the project.
#[allow(clippy::large_enum_variant)]
enum SchoolFile {
    School(School),
    Adoption(Adoption),
    Local(ModelPolicy),
    /// Not a file policyforge reads here (snapshots are read when checked).
    Ignored,
}

/// Reads every school, adoption and local policy. Files are read and parsed on every core (a
/// trust has thousands), then kept in the order of their paths, so the project and its
/// problems are the same whatever the number of threads.
fn load_schools(project: &mut Project, problems: &mut Diagnostics) {
    use rayon::prelude::*;
    let root = project.root.clone();
    let read: Vec<(PathBuf, Result<SchoolFile, ()>, Diagnostics)> =
        files_under(&root, "schools", 4)
            .into_par_iter()
            .map(|rel| {
                let mut found = Diagnostics::default();
                let file = read_school_file(&root, &rel, &mut found);
                (rel, file, found)
            })
            .collect();
    for (rel, file, found) in read {
        problems.extend(found);
        match file {
            Ok(SchoolFile::School(school)) => project.schools.push(school),
            Ok(SchoolFile::Adoption(adoption)) => project.adoptions.push(adoption),
            Ok(SchoolFile::Local(policy)) => project.policies.push(policy),
            Ok(SchoolFile::Ignored) => {}
            Err(()) => {
                project.unreadable.insert(rel);
            }
        }
    }
}

/// One file under `schools/`: what it is, or `Err` when it cannot be read (the problem is in
/// `problems`).
fn read_school_file(root: &Path, rel: &Path, problems: &mut Diagnostics) -> Result<SchoolFile, ()> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let school_id = parts.get(1).cloned().unwrap_or_default();
    let school_dir = PathBuf::from("schools").join(&school_id);
    let text =
        |problems: &mut Diagnostics| yaml::read_text(root, rel).map_err(|d| problems.push(d));
    match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [_, _, "school.yaml" | "school.yml"] => {
            let text = text(problems)?;
            match yaml::parse::<School>(&text, rel, 0, SCHOOL_FIELDS) {
                Ok(mut school) => {
                    school.id = school_id;
                    school.dir = school_dir;
                    Ok(SchoolFile::School(school))
                }
                Err(d) => {
                    problems.push(d);
                    Err(())
                }
            }
        }
        [_, _, "policies", file] if is_yaml(Path::new(file)) => {
            let text = text(problems)?;
            match parse_adoption(&text, rel) {
                Ok(mut adoption) => {
                    adoption.policy = stem(rel);
                    adoption.school = school_id;
                    adoption.file = rel.to_path_buf();
                    Ok(SchoolFile::Adoption(adoption))
                }
                Err(d) => {
                    problems.push(d);
                    Err(())
                }
            }
        }
        [_, _, "local", file] if file.ends_with(".md") => {
            let text = text(problems)?;
            read_policy(&text, rel, None, problems)
                .map(SchoolFile::Local)
                .ok_or(())
        }
        [_, _, "snapshots", ..] => Ok(SchoolFile::Ignored),
        _ => {
            if is_yaml(rel) || rel.extension().is_some_and(|e| e == "md") {
                problems.push(
                    Diagnostic::warning(rel, Position::default(), "this file is not where policyforge looks, so it is ignored")
                        .with_hint("a school folder holds school.yaml, policies/<policy>.yaml and local/<policy>.md"),
                );
            }
            Ok(SchoolFile::Ignored)
        }
    }
}

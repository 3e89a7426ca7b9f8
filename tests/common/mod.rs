//! Shared helpers for the integration tests: a scratch copy of the sample, running the binary.
#![allow(dead_code)]

pub mod cycle;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A scratch copy of the bundled sample (book.toml, model-policies, schools, themes), removed on drop.
pub struct Sample {
    pub dir: PathBuf,
}

impl Drop for Sample {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn scratch(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "policyforge-test-{}-{name}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Sample {
    pub fn new(name: &str) -> Sample {
        let dir = scratch(name);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("book.toml"), dir.join("book.toml")).unwrap();
        for part in ["model-policies", "schools", "themes"] {
            copy_dir(&root.join(part), &dir.join(part));
        }
        Sample { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn append(&self, rel: &str, text: &str) {
        let mut s = self.read(rel);
        s.push_str(text);
        self.write(rel, &s);
    }

    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let s = self.read(rel);
        assert!(s.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &s.replacen(from, to, 1));
    }

    /// Runs `policyforge ARGS... DIR`-style commands: `{dir}` in args is replaced by the sample.
    pub fn run(&self, args: &[&str]) -> Run {
        let dir = self.dir.to_string_lossy().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        run(&args, &self.dir)
    }

    pub fn manifest(&self) -> serde_json::Value {
        serde_json::from_str(&self.read("site/manifest.json")).unwrap()
    }

    pub fn site_hash(&self) -> String {
        let bytes = std::fs::read(self.path("site/manifest.json")).unwrap_or_default();
        format!(
            "{:x}",
            bytes.iter().fold(0u64, |h, b| h
                .wrapping_mul(1_099_511_628_211)
                .wrapping_add(u64::from(*b)))
        )
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn fails(&self) -> &Self {
        assert_eq!(
            self.code, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "panicked: {}",
            self.stderr
        );
        self
    }

    pub fn says(&self, text: &str) -> &Self {
        let all = format!("{}{}", self.stdout, self.stderr);
        assert!(all.contains(text), "expected {text:?} in output:\n{all}");
        self
    }
}

pub fn run(args: &[String], cwd: &Path) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .args(args)
        .current_dir(cwd)
        .env("POLICYFORGE_TODAY", "2026-11-21")
        .output()
        .expect("run policyforge");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(base, &p, out);
                } else {
                    out.push(
                        p.strip_prefix(base)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/"),
                    );
                }
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` (hidden ones too) with its bytes: a whole tree, to compare byte for byte.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap_or_default();
            (rel, bytes)
        })
        .collect()
}

/// Asserts two trees are byte-identical, naming the files that differ.
pub fn assert_same_tree(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let mut differ: Vec<String> = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => differ.push(format!("removed {k}")),
            Some(w) if w != v => differ.push(format!("changed {k}")),
            _ => {}
        }
    }
    for k in after.keys() {
        if !before.contains_key(k) {
            differ.push(format!("added {k}"));
        }
    }
    assert!(differ.is_empty(), "{what}: {}", differ.join(", "));
}

impl Sample {
    /// A copy of the sample with its site already built (built once per test binary).
    pub fn built(name: &str) -> Sample {
        static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
        let template = TEMPLATE.get_or_init(|| {
            let s = Sample::new("built-template");
            s.run(&["build", "{dir}"]).ok();
            let dir = s.dir.clone();
            std::mem::forget(s);
            dir
        });
        let dir = scratch(name);
        copy_dir(template, &dir);
        Sample { dir }
    }
}

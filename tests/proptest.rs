//! Property tests: the sample's real files, mutated (truncated, bytes flipped, lines swapped or
//! dropped, keys swapped, YAML/Tera/HTML/Markdown syntax injected). `check` and `build` must
//! never panic nor hang, must exit 0 or 1, and on 1 must leave the repository and the previous
//! site byte-identical.
//!
//! The bounded run in `cargo test` tries 24 mutations; the long run (docs/reliability.md) sets
//! `PROPTEST_CASES`, for example `PROPTEST_CASES=2000 cargo test --release --test proptest`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sample, assert_same_tree, tree};
use proptest::prelude::*;

/// Text a careless or hostile user might type into any of the files.
const INJECTIONS: [&str; 30] = [
    "{{ ",
    "}}",
    "{% if x %}",
    "{% endfor %}",
    "{{ school.urn | upper }}",
    "{% raw %}",
    "{# comment",
    "<script>alert(1)</script>",
    "<!--",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![img](data:text/html,x)",
    ": ",
    "- ",
    "\t",
    "key: [unclosed",
    "{a: 1",
    "'",
    "\"",
    "&anchor ",
    "*alias",
    "!!binary ",
    "? ",
    "%YAML 1.2\n",
    "---\n",
    "\u{feff}",
    "\r\n",
    "|\n",
    "99999999999999999999",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    FlipBit(usize, u8),
    Inject(usize, usize),
    SwapLines(usize, usize),
    DropLine(usize),
    DuplicateLine(usize),
    SwapKeys(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0u8..8).prop_map(|(a, b)| Mutation::FlipBit(a, b)),
        (any::<usize>(), 0..INJECTIONS.len()).prop_map(|(a, b)| Mutation::Inject(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapKeys(a, b)),
    ]
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let n = bytes.len().max(1);
    match *m {
        Mutation::Truncate(at) => bytes[..at % n].to_vec(),
        Mutation::FlipBit(at, bit) => {
            let mut out = bytes.to_vec();
            if !out.is_empty() {
                out[at % n] ^= 1 << bit;
            }
            out
        }
        Mutation::Inject(at, which) => {
            let mut out = bytes.to_vec();
            let at = at % (out.len() + 1);
            out.splice(at..at, INJECTIONS[which].bytes());
            out
        }
        Mutation::SwapLines(a, b) => {
            let mut lines = lines_of(bytes);
            if !lines.is_empty() {
                let (a, b) = (a % lines.len(), b % lines.len());
                lines.swap(a, b);
            }
            lines.concat()
        }
        Mutation::DropLine(a) => {
            let mut lines = lines_of(bytes);
            if !lines.is_empty() {
                let a = a % lines.len();
                lines.remove(a);
            }
            lines.concat()
        }
        Mutation::DuplicateLine(a) => {
            let mut lines = lines_of(bytes);
            if !lines.is_empty() {
                let a = a % lines.len();
                let line = lines[a].clone();
                lines.insert(a, line);
            }
            lines.concat()
        }
        Mutation::SwapKeys(a, b) => {
            let mut lines = lines_of(bytes);
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|i| lines[*i].contains(&b':'))
                .collect();
            if keyed.len() >= 2 {
                let (i, j) = (keyed[a % keyed.len()], keyed[b % keyed.len()]);
                let split = |l: &[u8]| {
                    let c = l.iter().position(|b| *b == b':').unwrap_or(0);
                    (l[..c].to_vec(), l[c..].to_vec())
                };
                let (ki, vi) = split(&lines[i]);
                let (kj, vj) = split(&lines[j]);
                lines[i] = [kj, vi].concat();
                lines[j] = [ki, vj].concat();
            }
            lines.concat()
        }
    }
}

/// The sample's files a user edits or could damage.
fn targets(dir: &Path) -> Vec<String> {
    common::files_under(dir)
        .into_iter()
        .filter(|f| {
            !f.starts_with("site/")
                && !f.starts_with(".policyforge-cache/")
                && !f.ends_with(".ttf")
                && !f.ends_with(".png")
        })
        .filter(|f| {
            [".yaml", ".md", ".toml", ".css", ".html"]
                .iter()
                .any(|e| f.ends_with(e))
        })
        .collect()
}

/// Runs policyforge with a time limit; returns its exit code and stderr, failing on a hang.
fn run_limited(args: &[&str], dir: &Path) -> Result<(i32, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .args(args)
        .current_dir(dir)
        .env("POLICYFORGE_TODAY", "2026-11-21")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    use std::io::Read as _;
                    let _ = pipe.read_to_string(&mut stderr);
                }
                return Ok((status.code().unwrap_or(-1), stderr));
            }
            None if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                return Err(format!("{args:?} hung for two minutes"));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_files_never_panic_hang_or_half_write(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let s = Sample::built("proptest");
        let files = targets(&s.dir);
        let file = &files[pick % files.len()];
        let mut bytes = std::fs::read(s.path(file)).unwrap();
        for m in &mutations {
            bytes = apply(&bytes, m);
        }
        std::fs::write(s.path(file), &bytes).unwrap();
        // The build cache is made by builds from the repository, not part of it.
        let repository = |dir: &std::path::Path| -> std::collections::BTreeMap<String, Vec<u8>> {
            tree(dir).into_iter().filter(|(k, _)| !k.starts_with(".policyforge-cache/")).collect()
        };
        let before = repository(&s.dir);

        let (code, stderr) = run_limited(&["check", "."], &s.dir).map_err(TestCaseError::fail)?;
        prop_assert!(!stderr.contains("panicked"), "check panicked on {file}: {stderr}");
        prop_assert!(code == 0 || code == 1, "check exited {code} on {file}: {stderr}");
        assert_same_tree(&before, &repository(&s.dir), "check changed files");

        let (code, stderr) = run_limited(&["build", "."], &s.dir).map_err(TestCaseError::fail)?;
        prop_assert!(!stderr.contains("panicked"), "build panicked on {file}: {stderr}");
        prop_assert!(code == 0 || code == 1, "build exited {code} on {file}: {stderr}");
        if code == 1 {
            assert_same_tree(&before, &repository(&s.dir), "a failed build changed files");
        } else {
            let after = repository(&s.dir);
            let inputs = |t: &std::collections::BTreeMap<String, Vec<u8>>| {
                t.iter().filter(|(k, _)| !k.starts_with("site/")).map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
            };
            prop_assert!(inputs(&before) == inputs(&after), "a build changed the repository");
            prop_assert!(after.contains_key("site/manifest.json"));
        }
    }
}

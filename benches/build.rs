//! Whole-build benchmarks: the `policyforge` binary building a trust generated from the bundled
//! sample (3 trusts x 10 schools x 5 policies = 150 documents, 300 PDFs; set
//! `POLICYFORGE_BENCH_SCHOOLS` / `POLICYFORGE_BENCH_POLICIES` for more): a cold build (no site,
//! no cache), a no-op rebuild, and a rebuild after one school's name changed.
//!
//! Run with `cargo bench --bench build`; results are in docs/performance.md.

#[path = "support/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use divan::Bencher;

fn main() {
    divan::main();
}

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The generated repository, made once per run.
static REPO: LazyLock<PathBuf> = LazyLock::new(|| {
    let out = std::env::temp_dir().join(format!("policyforge-bench-{}", std::process::id()));
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schools = count("POLICYFORGE_BENCH_SCHOOLS", 10);
    let policies = count("POLICYFORGE_BENCH_POLICIES", 5);
    generate::generate(sample, &out, schools, policies).expect("generate the trust");
    out
});

fn build(repo: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .args(["build", "--quiet"])
        .arg(repo)
        .env("POLICYFORGE_TODAY", "2026-12-03")
        .status()
        .expect("run policyforge");
    assert!(status.success(), "the build failed");
}

fn forget(repo: &Path) {
    for dir in ["site", ".policyforge-cache"] {
        let _ = std::fs::remove_dir_all(repo.join(dir));
    }
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn cold(bencher: Bencher) {
    let repo = &*REPO;
    bencher
        .with_inputs(|| forget(repo))
        .bench_local_values(|()| build(repo));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn no_op(bencher: Bencher) {
    let repo = &*REPO;
    build(repo);
    bencher.bench_local(|| build(repo));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn one_school_changed(bencher: Bencher) {
    let repo = &*REPO;
    build(repo);
    let file = repo.join("schools/cdat-school-0000/school.yaml");
    let original = std::fs::read_to_string(&file).expect("read school.yaml");
    let mut round = 0u32;
    bencher
        .with_inputs(|| {
            round += 1;
            let renamed = original.replacen(
                "name: CDAT School 0000",
                &format!("name: CDAT School 0000 ({round})"),
                1,
            );
            std::fs::write(&file, renamed).expect("write school.yaml");
        })
        .bench_local_values(|()| build(repo));
}

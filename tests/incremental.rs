//! Trust-scale builds: the same site whatever the number of threads, a cache that only ever
//! saves work (a damaged entry is made again, never published), and changes that rebuild exactly
//! what depends on them.

mod common;

use std::path::Path;

use common::{Sample, assert_same_tree, tree};

const CACHE: &str = ".policyforge-cache";

fn build(sample: &Sample, extra: &[&str]) -> String {
    let mut args = vec!["build", "{dir}"];
    args.extend_from_slice(extra);
    let run = sample.run(&args);
    run.ok();
    run.stdout
}

/// How many schools the last build took unchanged from the cache, of how many.
fn reused(summary: &str) -> Option<(usize, usize)> {
    let (_, rest) = summary.split_once(" (")?;
    let (a, rest) = rest.split_once(" of ")?;
    let (b, _) = rest.split_once(" schools unchanged")?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn schools(sample: &Sample) -> usize {
    std::fs::read_dir(sample.path("schools")).unwrap().count()
}

#[test]
fn one_thread_and_many_make_the_same_site() {
    let sample = Sample::new("threads");
    build(&sample, &["--drafts", "--no-cache", "--jobs", "1"]);
    let one = tree(&sample.path("site"));
    build(&sample, &["--drafts", "--no-cache", "--jobs", "4"]);
    let four = tree(&sample.path("site"));
    assert_same_tree(&one, &four, "1 thread vs 4 threads");
    // And through the cache, cold and warm.
    build(&sample, &["--drafts", "--jobs", "3"]);
    assert_same_tree(
        &one,
        &tree(&sample.path("site")),
        "1 thread vs cached, cold",
    );
    let _ = std::fs::remove_dir_all(sample.path("site"));
    build(&sample, &["--drafts", "--jobs", "2"]);
    assert_same_tree(
        &one,
        &tree(&sample.path("site")),
        "1 thread vs cached, warm",
    );
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing() {
    let sample = Sample::new("noop");
    build(&sample, &[]);
    let before = std::fs::metadata(sample.path("site/index.html")).unwrap();
    let again = build(&sample, &[]);
    assert!(again.starts_with("Nothing changed"), "{again}");
    let after = std::fs::metadata(sample.path("site/index.html")).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
}

#[test]
fn a_damaged_cache_or_site_is_made_again_never_published() {
    let sample = Sample::new("corrupt");
    build(&sample, &[]);
    let good = tree(&sample.path("site"));
    // Damage every PDF in the cache: same length, other bytes. (The published files are links
    // to the same objects, so the site is damaged too, as a disk error would do.)
    let mut damaged = 0;
    for entry in walk(&sample.path(CACHE).join("objects")) {
        let mut bytes = std::fs::read(&entry).unwrap();
        if !bytes.starts_with(b"%PDF") {
            continue;
        }
        bytes[0] ^= 0x20;
        std::fs::write(&entry, bytes).unwrap();
        damaged += 1;
    }
    assert!(damaged >= 17, "only {damaged} PDFs in the cache");
    let out = build(&sample, &[]);
    assert!(!out.starts_with("Nothing changed"), "{out}");
    assert_same_tree(
        &good,
        &tree(&sample.path("site")),
        "clean build vs after damage",
    );
    // A foreign unit record (another key's, copied over) is not taken either.
    let units: Vec<_> = walk(&sample.path(CACHE).join("units"));
    assert!(units.len() > 2);
    let donor = std::fs::read(&units[0]).unwrap();
    for unit in &units[1..] {
        std::fs::write(unit, &donor).unwrap();
    }
    let school = sample.path("schools/wybunbury-delves/school.yaml");
    std::fs::write(&school, std::fs::read_to_string(&school).unwrap() + "\n").unwrap();
    build(&sample, &[]);
    assert_same_tree(
        &good,
        &tree(&sample.path("site")),
        "clean build vs foreign records",
    );
    // Deleting the cache gives the identical site.
    std::fs::remove_dir_all(sample.path(CACHE)).unwrap();
    std::fs::remove_dir_all(sample.path("site")).unwrap();
    build(&sample, &[]);
    assert_same_tree(
        &good,
        &tree(&sample.path("site")),
        "clean build vs no cache",
    );
}

#[test]
fn a_change_rebuilds_exactly_what_depends_on_it() {
    let sample = Sample::new("invalidate");
    build(&sample, &[]);
    let all = schools(&sample);

    // One school's values: that school alone.
    sample.replace(
        "schools/wybunbury-delves/school.yaml",
        "name: Wybunbury Delves C of E Primary School",
        "name: Wybunbury Delves Church of England Primary School",
    );
    let out = build(&sample, &[]);
    assert_eq!(reused(&out), Some((all - 1, all)), "{out}");
    assert!(
        sample
            .read("site/schools/wybunbury-delves/index.html")
            .contains("Wybunbury Delves Church of England Primary School")
    );

    // A trust's model: that trust's schools, no others.
    let cdat: Vec<String> = std::fs::read_dir(sample.path("schools"))
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path().join("school.yaml"))
                .is_ok_and(|t| t.contains("trust: cdat"))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(cdat.len() >= 2);
    sample.append("model-policies/cdat/trust.yaml", "\n# reviewed\n");
    let out = build(&sample, &[]);
    assert_eq!(reused(&out), Some((all - cdat.len(), all)), "{out}");

    // A theme: the schools of the trusts that use it.
    sample.append("themes/cidari/theme.yaml", "\n# reviewed\n");
    let out = build(&sample, &[]);
    let (kept, of) = reused(&out).expect("a summary");
    assert_eq!(of, all);
    assert!(kept < all && kept > 0, "{out}");

    // The fonts and the default theme are under every school.
    let readme = sample.path("themes/fonts/README.md");
    std::fs::write(
        &readme,
        std::fs::read_to_string(&readme).unwrap() + "\nReviewed.\n",
    )
    .unwrap();
    let out = build(&sample, &[]);
    assert_eq!(reused(&out), None, "every school is made again: {out}");
}

#[test]
fn another_build_of_policyforge_uses_none_of_the_cache() {
    // The program's own bytes are in every key: a copy of the binary that differs in one byte
    // (as a new version would) finds nothing to reuse.
    let sample = Sample::new("program");
    build(&sample, &[]);
    let exe = Path::new(env!("CARGO_BIN_EXE_policyforge"));
    let copy = sample.dir.join("policyforge-other");
    let mut bytes = std::fs::read(exe).unwrap();
    bytes.extend_from_slice(b"another build");
    std::fs::write(&copy, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let before = tree(&sample.path("site"));
    let out = std::process::Command::new(&copy)
        .args(["build"])
        .arg(&sample.dir)
        .env("POLICYFORGE_TODAY", "2026-11-21")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("schools unchanged"), "{stdout}");
    assert_same_tree(&before, &tree(&sample.path("site")), "first vs other build");
}

#[test]
fn a_trust_shard_holds_that_trust_alone() {
    let sample = Sample::new("shard");
    build(&sample, &["--trust", "cmat"]);
    let site = sample.path("site");
    assert!(site.join("trusts/cmat/dashboard.html").is_file());
    assert!(!site.join("trusts/cdat").exists());
    let manifest = sample.manifest();
    let docs = manifest["documents"].as_array().unwrap();
    assert!(!docs.is_empty());
    assert!(docs.iter().all(|d| d["trust"] == "cmat"), "{manifest}");
    // The whole build afterwards takes the shard's schools from the cache.
    let out = build(&sample, &[]);
    let (kept, _) = reused(&out).expect("a summary");
    assert!(kept >= 1, "{out}");
    let unknown = sample.run(&["build", "{dir}", "--trust", "nope"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    unknown.says("there is no such trust");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

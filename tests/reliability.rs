//! What policyforge promises about the user's files (docs/reliability.md): the output folder is
//! its alone, records are never silently dropped, line endings do not matter, links are safe
//! everywhere, and every wrong input gets a true message at its exact line while the repository
//! and the published site stay byte-identical.

mod common;

use common::{Run, Sample, assert_same_tree, tree};

/// Runs a command that must fail, and checks the whole tree (inputs and site) is untouched.
fn refused(s: &Sample, args: &[&str], code: i32, words: &[&str]) -> Run {
    let before = tree(&s.dir);
    let out = s.run(args);
    assert_eq!(
        out.code, code,
        "expected exit {code} from {args:?}\n{}{}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    for w in words {
        assert!(all.contains(w), "expected {w:?} in:\n{all}");
    }
    assert_same_tree(&before, &tree(&s.dir), &format!("{args:?} changed files"));
    out
}

/// Edits the sample, then checks that `check` and `build` both refuse with `words`, leaving
/// every file and the previous site byte-identical.
fn bad_input(name: &str, edit: impl FnOnce(&Sample), words: &[&str]) {
    let s = Sample::built(name);
    edit(&s);
    refused(&s, &["check", "{dir}"], 1, words);
    let out = refused(&s, &["build", "{dir}"], 1, words);
    assert!(out.stderr.contains("the published site is unchanged"));
}

// ---- 1. The output folder is policyforge's alone ----

#[test]
fn a_dest_dir_in_the_repository_is_refused_with_exit_2() {
    let s = Sample::built("dest-dir");
    std::os::unix::fs::symlink(s.path("schools"), s.path("link-to-schools")).unwrap();
    let cases: [(&str, &str); 14] = [
        ("schools", "is the repository's `schools` folder"),
        ("schools/", "is the repository's `schools` folder"),
        ("./schools/..", "is the repository's own folder"),
        (".", "is the repository's own folder"),
        ("..", "contains the repository's own folder"),
        ("/", "contains the repository's own folder"),
        ("themes", "is the repository's `themes` folder"),
        ("Themes", "is the repository's `themes` folder"),
        ("SCHOOLS/", "is the repository's `schools` folder"),
        (
            "model-policies/cdat",
            "lies inside the repository's `model-policies` folder",
        ),
        (
            "schools/new-site",
            "lies inside the repository's `schools` folder",
        ),
        ("link-to-schools", "is the repository's `schools` folder"),
        (
            "link-to-schools/x/../y",
            "lies inside the repository's `schools` folder",
        ),
        ("book.toml", "is a file"),
    ];
    for (dest, why) in cases {
        let dest = if dest.starts_with('/') || dest == "book.toml" {
            if dest == "book.toml" {
                s.path("book.toml").to_string_lossy().into_owned()
            } else {
                dest.to_string()
            }
        } else {
            s.path(dest).to_string_lossy().into_owned()
        };
        refused(
            &s,
            &["build", "{dir}", "--dest-dir", &dest],
            2,
            &[
                why,
                "choose a new or empty folder",
                "the published site is unchanged",
            ],
        );
    }
}

#[test]
fn a_relative_dest_dir_is_read_from_the_current_folder() {
    let s = Sample::built("dest-dir-relative");
    // The command runs in the sample folder (see common::run): `schools` is its schools folder.
    refused(
        &s,
        &["build", ".", "--dest-dir", "schools"],
        2,
        &["is the repository's `schools` folder"],
    );
    refused(
        &s,
        &["build", ".", "--dest-dir", "./themes/../schools/"],
        2,
        &["is the repository's `schools` folder"],
    );
}

#[test]
fn book_toml_output_in_the_repository_is_refused_with_exit_1() {
    for (output, why) in [
        ("schools", "is the repository's `schools` folder"),
        (".", "is the repository's own folder"),
        ("themes/", "is the repository's `themes` folder"),
        (
            "model-policies",
            "is the repository's `model-policies` folder",
        ),
        (
            "schools/site",
            "lies inside the repository's `schools` folder",
        ),
    ] {
        let s = Sample::built("book-output");
        s.replace(
            "book.toml",
            "output = \"site\"",
            &format!("output = \"{output}\""),
        );
        refused(
            &s,
            &["build", "{dir}"],
            1,
            &["book.toml:6:", why, "choose a new or empty folder"],
        );
        refused(&s, &["check", "{dir}"], 1, &["book.toml:6:", why]);
    }
}

#[test]
fn a_folder_policyforge_did_not_write_is_never_replaced() {
    let s = Sample::built("foreign-folder");
    let outside = common::scratch("someones-documents");
    std::fs::write(outside.join("minutes.docx"), "the clerk's minutes").unwrap();
    let before = tree(&outside);
    refused(
        &s,
        &["build", "{dir}", "--dest-dir", &outside.to_string_lossy()],
        2,
        &[
            "already holds files that policyforge did not write",
            "choose a new or empty folder",
        ],
    );
    assert_same_tree(&before, &tree(&outside), "the folder's files");
    // The same folder named in book.toml: exit 1, nothing touched.
    s.replace("book.toml", "output = \"site\"", "output = \"documents\"");
    std::fs::create_dir_all(s.path("documents")).unwrap();
    std::fs::write(s.path("documents/letter.txt"), "keep me").unwrap();
    refused(
        &s,
        &["build", "{dir}"],
        1,
        &["book.toml:6:", "did not write"],
    );
    let _ = std::fs::remove_dir_all(outside);
}

#[test]
fn a_site_policyforge_wrote_is_replaced_whole_and_nothing_is_left_beside_it() {
    let s = Sample::built("replace-site");
    let out = common::scratch("published");
    let out_dir = out.join("policies");
    for _ in 0..2 {
        s.run(&["build", "{dir}", "--dest-dir", &out_dir.to_string_lossy()])
            .ok();
    }
    let manifest = std::fs::read_to_string(out_dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"generator\": \"policyforge\""));
    let beside: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        beside,
        vec!["policies".to_string()],
        "staging or backup left behind"
    );
    // The repository's own site is byte-identical to the one just built elsewhere.
    assert_same_tree(&tree(&s.path("site")), &tree(&out_dir), "two builds differ");
    let _ = std::fs::remove_dir_all(out);
}

// ---- 2. One writer at a time ----

#[test]
fn a_second_writer_waits_then_names_the_command_holding_the_lock() {
    let s = Sample::built("lock");
    let held = std::fs::File::open(&s.dir).unwrap();
    held.lock().unwrap();
    std::fs::write(
        s.path(".policyforge.lock"),
        "`policyforge approve --school wybunbury-delves --policy social-media` (process 4242)\n",
    )
    .unwrap();
    let wait = |args: &[&str], words: &[&str]| {
        let before = tree(&s.dir);
        let dir = s.dir.to_string_lossy().to_string();
        let args: Vec<String> = args.iter().map(|a| a.replace("{dir}", &dir)).collect();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_policyforge"))
            .args(&args)
            .env("POLICYFORGE_TODAY", "2026-11-21")
            .env("POLICYFORGE_LOCK_WAIT", "0.5")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(err.contains(w), "expected {w:?} in {err}");
        }
        assert_same_tree(&before, &tree(&s.dir), "a waiting command changed files");
    };
    let holder =
        "`policyforge approve --school wybunbury-delves --policy social-media` (process 4242)";
    wait(
        &["build", "{dir}"],
        &[
            "the repository is busy",
            holder,
            "wait for that command to finish",
        ],
    );
    wait(
        &[
            "record",
            "populated",
            "{dir}",
            "--school",
            "wybunbury-delves",
            "--policy",
            "social-media",
        ],
        &["the repository is busy", holder],
    );
    // Readers wait too, so they never read between the two halves of an approval.
    wait(&["check", "{dir}"], &["the repository is busy", holder]);
    held.unlock().unwrap();
    std::fs::remove_file(s.path(".policyforge.lock")).unwrap();
    s.run(&["check", "{dir}"]).ok();
    assert!(!s.path(".policyforge.lock").exists());
}

// ---- 3 and 4. Crash-safe records that are never silently dropped ----

const APPROVE: [&str; 12] = [
    "approve",
    "{dir}",
    "--school",
    "holy-trinity-brackenmere",
    "--policy",
    "social-media",
    "--date",
    "2026-11-20",
    "--minute",
    "LGB/26/40",
    "--chair",
    "Chair of the LGB",
];
const ADOPTION: &str = "schools/holy-trinity-brackenmere/policies/social-media.yaml";
const NEW_SNAPSHOT: &str = "schools/holy-trinity-brackenmere/snapshots/social-media/v2.md";

#[test]
fn a_frozen_text_without_its_record_is_an_error_that_approve_can_finish() {
    let s = Sample::built("orphan-finish");
    let before_adoption = s.read(ADOPTION);
    s.run(&APPROVE).ok();
    // An older version's crash: the frozen text was written, its record was not.
    s.write(ADOPTION, &before_adoption);
    for cmd in ["check", "build"] {
        refused(
            &s,
            &[cmd, "{dir}"],
            1,
            &[
                NEW_SNAPSHOT,
                &format!("{ADOPTION}:"),
                "has no approval record for it",
                "--finish",
                "--undo",
            ],
        );
    }
    refused(&s, &APPROVE, 1, &["--finish"]);
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-media",
        "--finish",
    ])
    .ok()
    .says("Recorded the approval of version 2");
    s.run(&["check", "{dir}"]).ok();
    let rows = s.run(&["status", "{dir}", "--format", "json"]);
    assert!(
        rows.stdout.contains("\"approved_version\": 2"),
        "{}",
        rows.stdout
    );
}

#[test]
fn a_frozen_text_without_its_record_can_be_undone() {
    let s = Sample::built("orphan-undo");
    let before = tree(&s.dir);
    let before_adoption = s.read(ADOPTION);
    s.run(&APPROVE).ok();
    s.write(ADOPTION, &before_adoption);
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-media",
        "--undo",
    ])
    .ok()
    .says("Removed the frozen text without a record");
    assert_same_tree(
        &before,
        &tree(&s.dir),
        "undo did not restore the repository",
    );
    s.run(&["check", "{dir}"]).ok();
}

#[test]
fn a_record_whose_frozen_text_is_missing_is_an_error_that_approve_can_undo() {
    let s = Sample::built("record-without-text");
    let before = tree(&s.dir);
    s.run(&APPROVE).ok();
    std::fs::remove_file(s.path(NEW_SNAPSHOT)).unwrap();
    refused(
        &s,
        &["check", "{dir}"],
        1,
        &[
            &format!("{ADOPTION}:"),
            NEW_SNAPSHOT,
            "does not exist",
            "git checkout",
            "--undo",
        ],
    );
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-media",
        "--undo",
    ])
    .ok()
    .says("Removed the record of version 2");
    assert_same_tree(
        &before,
        &tree(&s.dir),
        "undo did not restore the repository",
    );
}

#[test]
fn context_redirected_over_an_adoption_cannot_unpublish_it_silently() {
    let s = Sample::built("context-redirect");
    let file = "schools/thrushgill-primary/policies/social-media.yaml";
    let out = s.run(&[
        "context",
        "{dir}",
        "--school",
        "thrushgill-primary",
        "--policy",
        "social-media",
    ]);
    out.ok();
    assert!(out.stdout.contains("Never replace the whole file"));
    assert!(!out.stdout.contains("approvals"));
    // Lists print in block style, as the help asks clerks to write them.
    assert!(
        out.stdout
            .contains("  photographed_events:\n    - \"class assemblies\"\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("[\""), "{}", out.stdout);
    // A clerk does it anyway: `context ... > file`.
    s.write(file, &out.stdout);
    bad_input_on(
        &s,
        &[
            "schools/thrushgill-primary/snapshots/social-media/v1.md",
            "schools/thrushgill-primary/snapshots/social-media/v2.md",
            &format!("{file}:"),
            "has no approval record",
            "git checkout --",
        ],
    );
}

fn bad_input_on(s: &Sample, words: &[&str]) {
    refused(s, &["check", "{dir}"], 1, words);
    refused(s, &["build", "{dir}"], 1, words);
}

#[test]
fn a_deleted_adoption_file_or_events_block_is_an_error() {
    let s = Sample::built("lost-adoption");
    std::fs::remove_file(s.path("schools/thrushgill-primary/policies/social-media.yaml")).unwrap();
    bad_input_on(
        &s,
        &[
            "schools/thrushgill-primary/snapshots/social-media/v1.md:1:1",
            "schools/thrushgill-primary/policies/social-media.yaml is missing",
            "git checkout -- schools/thrushgill-primary/policies/social-media.yaml",
        ],
    );
    let s = Sample::built("lost-events");
    let file = "schools/thrushgill-primary/policies/social-media.yaml";
    let text = s.read(file);
    let start = text.find("\nevents:").unwrap() + 1;
    let end = text.find("\napprovals:").unwrap() + 1;
    s.write(file, &format!("{}{}", &text[..start], &text[end..]));
    bad_input_on(
        &s,
        &[
            &format!("{file}:"),
            "its `events:` record is gone",
            "git checkout",
        ],
    );
}

#[test]
fn context_write_keeps_every_value_record_and_comment() {
    let s = Sample::built("context-write");
    let file = "schools/st-aidans-fernhollow/policies/social-media.yaml";
    s.replace(file, "values:\n", "values:\n  # the clerk's own note\n");
    let before = s.read(file);
    s.run(&[
        "context",
        "{dir}",
        "--school",
        "st-aidans-fernhollow",
        "--policy",
        "social-media",
        "--write",
    ])
    .ok()
    .says("Added `report_concerns_email`");
    let after = s.read(file);
    for line in before.lines() {
        assert!(after.contains(line), "lost {line:?}");
    }
    assert!(after.contains("  report_concerns_email: \"\""), "{after}");
    // Again: nothing left to add, nothing changed.
    s.run(&[
        "context",
        "{dir}",
        "--school",
        "st-aidans-fernhollow",
        "--policy",
        "social-media",
        "--write",
    ])
    .ok()
    .says("nothing was changed");
    assert_eq!(s.read(file), after);
    // On a file with approval records the records survive.
    let file = "schools/thrushgill-primary/policies/social-media.yaml";
    let text = s.read(file);
    s.write(
        file,
        &text.replace("  permission_renewal: every September\n", ""),
    );
    s.run(&[
        "context",
        "{dir}",
        "--school",
        "thrushgill-primary",
        "--policy",
        "social-media",
        "--write",
    ])
    .ok();
    let written = s.read(file);
    let records = &text[text.find("# Records below").unwrap()..];
    assert!(written.contains(records), "records changed:\n{written}");
    assert!(written.contains("permission_renewal:"));
}

// ---- 5. Line endings and encodings ----

#[test]
fn a_crlf_checkout_with_byte_order_marks_verifies_and_builds_the_same_site() {
    let s = Sample::built("crlf");
    let lf_site = tree(&s.path("site"));
    for rel in common::files_under(&s.dir) {
        let is_text = rel.ends_with(".yaml") || rel.ends_with(".md") || rel.ends_with(".toml");
        if !is_text || rel.starts_with("site/") {
            continue;
        }
        let text = s.read(&rel).replace('\n', "\r\n");
        let bom = if rel.contains("snapshots") || rel.ends_with("school.yaml") {
            "\u{feff}"
        } else {
            ""
        };
        s.write(&rel, &format!("{bom}{text}"));
    }
    s.run(&["check", "{dir}"]).ok().says("no errors");
    s.run(&["build", "{dir}"]).ok();
    assert_same_tree(&lf_site, &tree(&s.path("site")), "CRLF changed the site");
}

#[test]
fn init_keeps_snapshots_byte_stable_in_git() {
    let dir = common::scratch("init-git");
    let d = dir.to_string_lossy().to_string();
    common::run(&["init".to_string(), d.clone()], &dir);
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("schools/*/snapshots/** -text"),
        "{attributes}"
    );
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for line in ["/site/", "/.policyforge.lock", ".*.policyforge-tmp"] {
        assert!(
            ignore.lines().any(|l| l == line),
            "{line} not in .gitignore"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

// ---- 6. Link safety everywhere ----

#[test]
fn unsafe_links_are_dropped_from_html_pdf_and_warned_at_their_line() {
    let s = Sample::built("links");
    let file = "schools/wybunbury-delves/policies/social-media.yaml";
    s.replace(
        file,
        "local_arrangements: None.",
        "local_arrangements: \"See [our page](javascript:alert(1)), [x](JaVaScRiPt:x), <data:text/html,hi> and [ok](https://example.org/ok).\"",
    );
    let check = s.run(&["check", "{dir}"]);
    check.ok();
    let line = s
        .read(file)
        .lines()
        .position(|l| l.contains("javascript:"))
        .unwrap()
        + 1;
    let at = format!("{file}:{line}:");
    for w in [
        at.as_str(),
        "`javascript:alert(1)`",
        "`JaVaScRiPt:x`",
        "`data:text/html,hi`",
        "links may start with https://",
    ] {
        assert!(
            check.stderr.contains(w),
            "expected {w:?} in {}",
            check.stderr
        );
    }
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "wybunbury-delves",
        "--policy",
        "social-media",
        "--date",
        "2026-11-20",
        "--minute",
        "LGB/26/41",
        "--chair",
        "Chair",
    ])
    .ok();
    s.run(&["build", "{dir}"]).ok();
    let mut pdfs = 0;
    for (rel, bytes) in tree(&s.path("site")) {
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        if rel.ends_with(".html") {
            for live in [
                "href=\"javascript",
                "href=\"data:",
                "src=\"data:",
                "href='javascript",
            ] {
                assert!(!lower.contains(live), "{rel} has {live}");
            }
        }
        if rel.ends_with(".pdf") && rel.contains("wybunbury-delves/social-media") {
            let doc = lopdf::Document::load_mem(&bytes).unwrap();
            let mut uris = Vec::new();
            for object in doc.objects.values() {
                collect_uris(object, &mut uris);
            }
            if rel.ends_with("-v3.pdf") {
                assert!(
                    uris.iter().any(|u| u.contains("example.org/ok")),
                    "{uris:?}"
                );
            }
            assert!(
                uris.iter().all(|u| u.starts_with("http")
                    || u.starts_with("mailto")
                    || u.starts_with("tel")),
                "{uris:?}"
            );
            pdfs += 1;
        }
    }
    assert!(pdfs > 0, "no PDF of the approved policy");
}

/// Every `/URI` string anywhere inside a PDF object (link actions sit inside annotations).
fn collect_uris(object: &lopdf::Object, out: &mut Vec<String>) {
    match object {
        lopdf::Object::Dictionary(dict) => {
            for (key, value) in dict.iter() {
                if key == b"URI"
                    && let Ok(text) = value.as_str()
                {
                    out.push(String::from_utf8_lossy(text).to_lowercase());
                }
                collect_uris(value, out);
            }
        }
        lopdf::Object::Array(items) => items.iter().for_each(|i| collect_uris(i, out)),
        lopdf::Object::Stream(stream) => {
            collect_uris(&lopdf::Object::Dictionary(stream.dict.clone()), out)
        }
        _ => {}
    }
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused() {
    bad_input(
        "base-url",
        |s| {
            s.replace(
                "book.toml",
                "base-url = \"https://policies.example.org.uk/\"",
                "base-url = \"javascript:alert(1)//\"",
            )
        },
        &["book.toml:7:", "has no scheme", "https://"],
    );
}

// ---- 7. Every input checked, every message true ----

const THEME: &str = "themes/cdat/theme.yaml";

#[test]
fn theme_colours_must_be_colours_with_enough_contrast() {
    bad_input(
        "colour-word",
        |s| s.replace(THEME, "\"#5b2a86\"", "purple"),
        &[
            "themes/cdat/theme.yaml:4:12",
            "`purple` is not a colour",
            "six hexadecimal digits",
        ],
    );
    bad_input(
        "colour-unquoted",
        |s| s.replace(THEME, "\"#5b2a86\"", "#5b2a86"),
        &[
            "themes/cdat/theme.yaml:4:",
            "the primary colour is empty",
            "double quotes",
        ],
    );
    bad_input(
        "colour-css",
        |s| s.replace(THEME, "\"#5b2a86\"", "\"red; } body { display:none\""),
        &["themes/cdat/theme.yaml:4:", "is not a colour"],
    );
    bad_input(
        "colour-contrast",
        |s| s.replace(THEME, "\"#5b2a86\"", "\"#ffcc00\""),
        &[
            "themes/cdat/theme.yaml:4:",
            "contrast is 1.",
            "at least 4.5:1",
            "choose a darker primary colour",
        ],
    );
}

#[test]
fn a_short_colour_is_read_once_for_every_output() {
    let s = Sample::built("colour-short");
    s.replace(THEME, "\"#5b2a86\"", "\"#53a\"");
    s.run(&["build", "{dir}"]).ok();
    let css: String = tree(&s.path("site"))
        .into_iter()
        .filter(|(k, _)| k.ends_with(".css") || k.ends_with(".html"))
        .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
        .collect();
    assert!(
        css.contains("--primary: #5533aa"),
        "the stylesheet uses the parsed colour"
    );
}

#[test]
fn theme_paper_margins_and_parent_must_be_known() {
    bad_input(
        "paper",
        |s| s.replace(THEME, "size: A4", "size: A3"),
        &[
            "themes/cdat/theme.yaml:7:",
            "`A3` is not a paper size",
            "A4, A5, Letter",
        ],
    );
    bad_input(
        "margin",
        |s| s.replace(THEME, "margin_mm: 20", "margin_mm: 90"),
        &[
            "themes/cdat/theme.yaml:8:",
            "a margin of 90 mm",
            "from 5 to 40",
        ],
    );
    bad_input(
        "margin-units",
        |s| s.replace(THEME, "margin_mm: 20", "margin_mm: 20mm"),
        &[
            "themes/cdat/theme.yaml:8:",
            "`20mm` should be a number of millimetres, like 20",
        ],
    );
    bad_input(
        "extends",
        |s| s.replace(THEME, "extends: default", "extends: defualt"),
        &[
            "themes/cdat/theme.yaml:2:",
            "there is no theme `defualt` to extend",
            "did you mean `default`?",
        ],
    );
}

#[test]
fn review_months_and_cycles_are_at_least_one_month() {
    let file = "schools/holy-trinity-brackenmere/policies/social-media.yaml";
    bad_input(
        "review-zero",
        |s| s.replace(file, "review_months: 12", "review_months: 0"),
        &[
            &format!("{file}:"),
            "review_months must be at least 1",
            "such as 12",
        ],
    );
    bad_input(
        "review-words",
        |s| s.replace(file, "review_months: 12", "review_months: twenty four"),
        &[
            &format!("{file}:"),
            "`twenty four` should be a whole number of months, like 24",
        ],
    );
    let model = "model-policies/cmat/social-media.md";
    bad_input(
        "cycle-words",
        |s| {
            s.replace(
                model,
                "review_cycle_months: 12",
                "review_cycle_months: two years",
            )
        },
        &[
            &format!("{model}:"),
            "`two years` should be a whole number of months, like 24",
        ],
    );
}

#[test]
fn a_leaflet_must_open_a_policy_of_the_schools_trust() {
    let model = "model-policies/cdat/parent-leaflet.md";
    bad_input(
        "leaflet-target",
        |s| {
            s.replace(
                model,
                "full_policy: social-media",
                "full_policy: anti-bullying",
            )
        },
        &[
            &format!("{model}:4:14"),
            "would open the `anti-bullying` policy",
            "has no such policy",
        ],
    );
}

#[test]
fn a_school_names_a_known_trust() {
    let file = "schools/wybunbury-delves/school.yaml";
    bad_input(
        "trust-missing",
        |s| s.replace(file, "trust: cdat\n", ""),
        &[
            &format!("{file}:1:1"),
            "does not say which trust",
            "`trust: none`",
        ],
    );
    bad_input(
        "trust-unknown",
        |s| s.replace(file, "trust: cdat", "trust: cadt"),
        &[
            &format!("{file}:"),
            "there is no trust `cadt`",
            "did you mean `cdat`?",
        ],
    );
}

#[test]
fn yes_no_fields_accept_yes_and_no() {
    let s = Sample::built("yes-no");
    let file = "schools/thrushgill-primary/policies/social-media.yaml";
    s.replace(file, "uses_parent_app: true", "uses_parent_app: yes");
    s.replace(
        "model-policies/cdat/social-media.md",
        "required: true",
        "required: yes",
    );
    let out = s.run(&["check", "{dir}"]);
    // `required: yes` is an edit of the agreed model, so only that is reported.
    assert!(!out.stderr.contains("uses_parent_app"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("should be yes or no"),
        "{}",
        out.stderr
    );
    bad_input(
        "yes-no-wrong",
        |s| s.replace(file, "uses_parent_app: true", "uses_parent_app: sometimes"),
        &[
            &format!("{file}:"),
            "`uses_parent_app` should be yes or no",
            "`uses_parent_app: yes`",
        ],
    );
}

#[test]
fn dates_numbers_and_colons_get_plain_english() {
    let file = "schools/thrushgill-primary/policies/social-media.yaml";
    bad_input(
        "feb-30",
        |s| s.replace(file, "2025-09-02", "2026-02-30"),
        &[&format!("{file}:11:"), "February 2026 has 28 days"],
    );
    bad_input(
        "month-13",
        |s| s.replace(file, "2025-09-02", "2026-13-02"),
        &[&format!("{file}:11:"), "there is no month 13"],
    );
    bad_input(
        "slashes",
        |s| s.replace(file, "2025-09-02", "02/09/2025"),
        &[&format!("{file}:11:"), "year-month-day"],
    );
    bad_input(
        "version-words",
        |s| s.replace(file, "model_version: 3", "model_version: three"),
        &[&format!("{file}:1:"), "`three` should be a whole number"],
    );
    let school = "schools/thrushgill-primary/school.yaml";
    bad_input(
        "colon",
        |s| {
            s.replace(
                school,
                "head_title: Headteacher",
                "head_title: Head: Mrs Smith",
            )
        },
        &[
            &format!("{school}:"),
            "has a colon in it",
            "put the whole value in double quotes",
            "head_title: \"Head: Mrs Smith\"",
        ],
    );
    // A tab in the indentation is found where it is, not at the value the parser was reading.
    bad_input(
        "tab",
        |s| {
            s.replace(
                school,
                "  dsl: Designated Safeguarding Lead",
                "\tdsl: Designated Safeguarding Lead",
            )
        },
        &[
            &format!("{school}:11:1"),
            "this line is indented with a tab",
            "replace the tab with spaces",
        ],
    );
}

#[test]
fn front_matter_and_template_errors_point_at_the_line_in_the_file() {
    let model = "model-policies/cdat/social-media.md";
    let line_of = |s: &Sample, needle: &str| {
        s.read(model)
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let s = Sample::built("probe");
    let version_line = line_of(&s, "version: 3");
    let body_line = line_of(&s, "{{ school.name }} has adopted");
    bad_input(
        "front-matter-line",
        |s| s.replace(model, "version: 3\n", "version: 3\nauthor: me\n"),
        &[
            &format!("{model}:{}:", version_line + 1),
            "unknown field `author`",
        ],
    );
    bad_input(
        "tera-unknown",
        |s| {
            s.replace(
                model,
                "{{ school.name }} has adopted",
                "{{ school.nmae }} has adopted",
            )
        },
        &[&format!("{model}:{body_line}:"), "`nmae` is not defined"],
    );
    bad_input(
        "tera-unclosed",
        |s| {
            s.replace(
                model,
                "{{ school.name }} has adopted",
                "{% if school.name %} has adopted",
            )
        },
        &[
            &format!("{model}:{body_line}:"),
            "is never closed",
            "{% endif %}",
        ],
    );
}

#[test]
fn one_broken_file_never_hides_others_nor_makes_a_false_missing_file() {
    let s = Sample::built("broken-files");
    s.replace(
        "schools/thrushgill-primary/school.yaml",
        "head_title: Headteacher",
        "head_title: [",
    );
    s.replace("model-policies/cidari/trust.yaml", "name:", "name: [");
    s.replace(
        "model-policies/cmat/social-media.md",
        "review_cycle_months: 12",
        "review_cycle_months: x",
    );
    s.replace(
        "book.toml",
        "due-soon-days = 60",
        "due-soon-days = \"sixty\"",
    );
    s.replace(
        "schools/wybunbury-delves/policies/social-media.yaml",
        "model_version: 3",
        "model_version: 3\nreview_months: 0",
    );
    let out = refused(
        &s,
        &["check", "{dir}"],
        1,
        &[
            "schools/thrushgill-primary/school.yaml:",
            "model-policies/cidari/trust.yaml:",
            "model-policies/cmat/social-media.md:",
            "book.toml:",
            "schools/wybunbury-delves/policies/social-media.yaml:",
        ],
    );
    for false_claim in [
        "has no school.yaml",
        "there is no policy",
        "there is no trust",
        "has no trust.yaml",
    ] {
        assert!(
            !out.stderr.contains(false_claim),
            "false {false_claim:?}:\n{}",
            out.stderr
        );
    }
}

#[test]
fn injected_yaml_tera_html_and_markdown_stay_words() {
    let s = Sample::built("injection");
    let file = "schools/st-aidans-fernhollow/policies/social-media.yaml";
    s.replace(
        file,
        "values:\n",
        "values:\n  report_concerns_email: office@fernhollow.example.org.uk\n",
    );
    s.replace(
        "schools/st-aidans-fernhollow/school.yaml",
        "head_title: ",
        "head_title: \"{{ trust.board }} <script>alert(1)</script> {% raw %} *x* [y](javascript:z)\"\n_was: ",
    );
    // The line above leaves an unknown key, which is reported at its line.
    refused(
        &s,
        &["check", "{dir}"],
        1,
        &[
            "schools/st-aidans-fernhollow/school.yaml:",
            "unknown field `_was`",
        ],
    );
    let text = s.read("schools/st-aidans-fernhollow/school.yaml");
    let fixed: String = text
        .lines()
        .filter(|l| !l.starts_with("_was"))
        .map(|l| format!("{l}\n"))
        .collect();
    s.write("schools/st-aidans-fernhollow/school.yaml", &fixed);
    s.run(&["build", "{dir}", "--drafts"]).ok();
    let page = tree(&s.path("site"))
        .into_iter()
        .find(|(k, _)| {
            k.contains("drafts")
                && k.contains("st-aidans-fernhollow")
                && k.ends_with("social-media/index.html")
        })
        .map(|(_, v)| String::from_utf8_lossy(&v).into_owned())
        .expect("a draft page");
    assert!(
        page.contains("{{ trust.board }}"),
        "the template syntax is shown as typed"
    );
    assert!(page.contains("&lt;script&gt;"), "HTML is shown as text");
    assert!(!page.contains("<script>alert"), "no live script");
    assert!(
        !page.to_lowercase().contains("href=\"javascript"),
        "no live link"
    );
}

#[test]
fn lists_groups_empty_values_and_anchor_bombs_get_plain_english() {
    let school = "schools/thrushgill-primary/school.yaml";
    bad_input(
        "empty-value",
        |s| s.replace(school, "head_title: Headteacher", "head_title:"),
        &[
            &format!("{school}:"),
            "`head_title` has no value",
            "write the value after the colon",
        ],
    );
    bad_input(
        "group",
        |s| s.replace(school, "contacts:", "contacts: office"),
        &[
            &format!("{school}:"),
            "`contacts` should be a group of fields",
        ],
    );
    let model = "model-policies/cdat/social-media.md";
    bad_input(
        "list",
        |s| s.replace(model, "audience: [", "audience: staff #["),
        &[
            &format!("{model}:6:"),
            "`audience` should be a list",
            "starting `- `",
        ],
    );
    let adoption = "schools/thrushgill-primary/policies/social-media.yaml";
    let bomb: String = (0..9)
        .map(|i| {
            let items = if i == 0 {
                vec!["\"x\"".to_string(); 9]
            } else {
                vec![format!("*a{}", i - 1); 9]
            };
            format!("  z{i}: &a{i} [{}]\n", items.join(","))
        })
        .collect();
    bad_input(
        "anchor-bomb",
        |s| s.replace(adoption, "values:\n", &format!("values:\n{bomb}")),
        &[
            &format!("{adoption}:"),
            "repeats its `&anchor`/`*alias` values too many times",
        ],
    );
    bad_input(
        "book-number",
        |s| {
            s.replace(
                "book.toml",
                "due-soon-days = 60",
                "due-soon-days = \"sixty\"",
            )
        },
        &[
            "book.toml:10:",
            "`sixty` should be a whole number of days, like 60",
        ],
    );
}

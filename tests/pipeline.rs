//! The pipeline end to end on the bundled sample, and every kind of bad input a clerk can make.

mod common;

use common::{Sample, files_under};

#[test]
fn sample_builds_a_site_for_every_trust() {
    let s = Sample::new("sample");
    s.run(&["build", "{dir}"]).ok().says("Built");
    let manifest = s.manifest();
    let docs = manifest["documents"].as_array().unwrap();
    let policies: Vec<_> = docs.iter().filter(|d| d["kind"] == "policy").collect();
    for trust in ["cdat", "cmat", "cidari"] {
        assert!(
            policies.iter().any(|d| d["trust"] == trust),
            "no policy for {trust}"
        );
    }
    assert!(
        policies
            .iter()
            .any(|d| d["trust"].is_null() && d["school"] == "cambois-primary"),
        "Cambois' local policy is not published"
    );
    for d in &policies {
        let html = s.read(&format!("site/{}", d["html"].as_str().unwrap()));
        let digest = sha256(html.as_bytes());
        assert_eq!(
            d["sha256"].as_str().unwrap(),
            digest,
            "manifest hash of {}",
            d["html"]
        );
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert_eq!(html.matches("<h1").count(), 1, "one h1 in {}", d["html"]);
    }

    let page = s.read("site/schools/wybunbury-delves/social-media/index.html");
    assert!(page.contains("Wybunbury Delves C of E Primary School"));
    assert!(page.contains("Date agreed by the LGB"));
    assert!(
        page.contains("18 June 2025"),
        "approval date shown the British way"
    );
    assert!(page.contains("LGB/25/02"));
    assert!(page.contains("Version history"));
    assert!(page.contains("Christian values"), "the trust's ethos block");

    let cidari = s.read("site/schools/thrushgill-primary/social-media/index.html");
    assert!(
        cidari.contains("Date agreed by the LGC"),
        "Cidari's local body is a Local Governing Committee"
    );

    let index = s.read("site/index.html");
    for name in [
        "Chester Diocesan Academies Trust",
        "Cockburn Multi-Academy Trust",
        "Cidari Multi Academy Trust",
        "Cambois Primary School",
    ] {
        assert!(index.contains(name), "index lists {name}");
    }
    let preview = s.read("site/trusts/cdat/models/social-media.html");
    assert!(
        preview.contains("class=\"context-field\""),
        "contextual areas are marked"
    );
    assert!(
        preview.contains("social_media_lead"),
        "the field name is shown"
    );
    assert!(preview.contains("The job title"), "the help text is shown");
    let trust = s.read("site/trusts/cmat/index.html");
    assert!(trust.contains("Kestrel Vale"));
}

fn sha256(bytes: &[u8]) -> String {
    policyforge::workflow::snapshot::sha256_hex(bytes)
}

#[test]
fn a_school_folder_links_only_inside_itself() {
    let s = Sample::new("self-contained");
    s.run(&["build", "{dir}"]).ok();
    let root = s.path("site/schools/wybunbury-delves");
    for file in files_under(&root).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(root.join(file)).unwrap();
        for part in html.split(['"']).collect::<Vec<_>>().windows(2) {
            if !(part[0].ends_with("href=") || part[0].ends_with("src=")) {
                continue;
            }
            let target = part[1];
            if target.starts_with("http")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
                || target.starts_with('#')
            {
                continue;
            }
            assert!(!target.starts_with('/'), "{file}: absolute link {target}");
            let resolved = root
                .join(file)
                .parent()
                .unwrap()
                .join(target.split('#').next().unwrap());
            let resolved = normalise(&resolved);
            assert!(
                resolved.starts_with(normalise(&root)),
                "{file}: {target} leaves the school's folder"
            );
            assert!(resolved.exists(), "{file}: {target} is missing");
        }
    }
}

fn normalise(path: &std::path::Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn markup_typed_by_a_school_is_shown_as_text() {
    let s = Sample::new("markup");
    s.replace(
        "schools/wybunbury-delves/school.yaml",
        "name: Wybunbury Delves C of E Primary School",
        "name: \"Evil <script>alert(1)</script> School\"",
    );
    s.replace(
        "schools/thrushgill-primary/policies/social-media.yaml",
        "social_media_officer:",
        "social_media_officer: \"<img src=x onerror=alert(2)> [click](javascript:alert(3))\"\n  _unused_:",
    );
    let out = s.run(&["build", "{dir}"]);
    // The broken line above also adds an unknown field, so remove it and build for real.
    out.fails().says("unknown field `_unused_`");
    let text = s.read("schools/thrushgill-primary/policies/social-media.yaml");
    let fixed: String = text
        .lines()
        .filter(|l| !l.contains("_unused_"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    s.write(
        "schools/thrushgill-primary/policies/social-media.yaml",
        &fixed,
    );
    s.run(&["build", "{dir}", "--drafts"]).ok();
    for file in files_under(&s.path("site"))
        .iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = s.read(&format!("site/{file}"));
        assert!(!html.contains("<script>alert(1)"), "live script in {file}");
        assert!(!html.contains("<img src=x"), "live img in {file}");
        assert!(
            !html.contains("href=\"javascript:"),
            "javascript link in {file}"
        );
    }
    let school = s.read("site/schools/wybunbury-delves/index.html");
    assert!(
        school.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name is shown escaped"
    );
    let draft = s.read("site/drafts/schools/thrushgill-primary/social-media/index.html");
    assert!(
        draft.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "the value is shown as text"
    );
}

#[test]
fn context_prints_a_skeleton_with_help_and_examples() {
    let s = Sample::new("context");
    let out = s.run(&[
        "context",
        "{dir}",
        "--school",
        "st-aidans-fernhollow",
        "--policy",
        "social-media",
    ]);
    out.ok();
    // Only the values block is printed, under a header that says never to replace the file.
    assert!(
        out.stdout.contains("Never replace the whole file"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("model_version"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("# report_concerns_email — an email address (required)")
    );
    assert!(
        out.stdout
            .contains("# Example: \"office@school.example.org.uk\"")
    );
    assert!(
        out.stdout
            .contains("# Choices: Local Governing Body | Headteacher | Safeguarding Governor")
    );
    // `--write` adds the missing fields to the adoption file, keeping what is there.
    let file = "schools/st-aidans-fernhollow/policies/social-media.yaml";
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
    .says("report_concerns_email");
    let written = s.read(file);
    for line in before.lines() {
        assert!(written.contains(line), "lost {line:?}:\n{written}");
    }
    // Once filled in, it is a valid adoption file.
    let filled = written.replace(
        "report_concerns_email: \"\"",
        "report_concerns_email: \"office@fernhollow.example.org.uk\"",
    );
    s.write(file, &filled);
    let check = s.run(&["check", "{dir}"]);
    check.ok();
    assert!(
        !check.stderr.contains("st-aidans-fernhollow"),
        "{}",
        check.stderr
    );

    s.run(&[
        "context",
        "{dir}",
        "--school",
        "wybunbury-delve",
        "--policy",
        "social-media",
    ])
    .fails()
    .says("did you mean `wybunbury-delves`?");
}

#[test]
fn init_makes_a_repository_that_builds() {
    let dir = common::scratch("init");
    let d = dir.to_string_lossy().to_string();
    common::run(&["init".into(), d.clone()], &dir).ok();
    common::run(&["check".into(), d.clone()], &dir).ok();
    common::run(&["build".into(), d.clone()], &dir).ok();
    assert!(
        dir.join("site/trusts/example-trust/models/social-media.html")
            .is_file()
    );
    common::run(&["init".into(), d], &dir)
        .fails()
        .says("already exists");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Breaks the sample one way; `check` and `build` must fail naming the place, and leave the site.
fn rejects(name: &str, edit: impl FnOnce(&Sample), expected: &[&str]) {
    let s = Sample::new(name);
    s.run(&["build", "{dir}"]).ok();
    let before = s.site_hash();
    let files_before = files_under(&s.path("site"));
    edit(&s);
    let check = s.run(&["check", "{dir}"]);
    check.fails();
    for text in expected {
        check.says(text);
    }
    let build = s.run(&["build", "{dir}"]);
    build.fails().says("nothing was built");
    assert_eq!(s.site_hash(), before, "a failed build changed the site");
    assert_eq!(
        files_under(&s.path("site")),
        files_before,
        "a failed build changed the site's files"
    );
    assert!(
        !s.path(".site.new").exists(),
        "a half-built site was left behind"
    );
}

#[test]
fn malformed_yaml_names_file_and_line() {
    rejects(
        "malformed",
        |s| {
            s.replace(
                "schools/wybunbury-delves/school.yaml",
                "phase: primary",
                "phase: [primary",
            )
        },
        &[
            "schools/wybunbury-delves/school.yaml:5:",
            "`phase` should be text",
            "help: put the value in double quotes",
        ],
    );
}

#[test]
fn unknown_field_suggests_the_nearest() {
    rejects(
        "unknown-field",
        |s| {
            s.replace(
                "schools/wybunbury-delves/school.yaml",
                "head_title:",
                "head_titel:",
            )
        },
        &[
            "unknown field `head_titel`",
            "did you mean `head_title`?",
            "schools/wybunbury-delves/school.yaml:",
        ],
    );
    rejects(
        "unknown-value",
        |s| {
            s.replace(
                "schools/wybunbury-delves/policies/social-media.yaml",
                "  social_media_lead:",
                "  social_media_leed:",
            )
        },
        &[
            "unknown field `social_media_leed`",
            "did you mean `social_media_lead`?",
        ],
    );
}

#[test]
fn missing_field_is_reported() {
    rejects(
        "missing-field",
        |s| {
            let text = s.read("schools/kestrel-vale-academy/school.yaml");
            let without: String = text
                .lines()
                .filter(|l| !l.starts_with("urn:"))
                .map(|l| format!("{l}\n"))
                .collect();
            s.write("schools/kestrel-vale-academy/school.yaml", &without);
        },
        &[
            "missing field `urn`",
            "schools/kestrel-vale-academy/school.yaml:",
            "add a line `urn: ...`",
        ],
    );
}

#[test]
fn a_missing_required_value_quotes_its_help_and_blocks_approval() {
    let s = Sample::new("missing-value");
    let check = s.run(&["check", "{dir}"]);
    check
        .ok()
        .says("`report_concerns_email` is not filled in yet")
        .says("A shared office address is better than a personal one");
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "st-aidans-fernhollow",
        "--policy",
        "social-media",
        "--date",
        "2026-11-01",
        "--minute",
        "LGB/26/1",
        "--chair",
        "Chair",
    ])
    .fails()
    .says("cannot approve: `report_concerns_email` is not filled in");
}

#[test]
fn wrong_types_are_explained() {
    rejects(
        "bad-date",
        |s| {
            s.replace(
                "schools/kestrel-vale-academy/policies/social-media.yaml",
                "last_staff_training: ",
                "last_staff_training: next tuesday #",
            )
        },
        &["`next tuesday` is not a date", "YYYY-MM-DD"],
    );
    rejects(
        "bad-urn",
        |s| {
            s.replace(
                "schools/wybunbury-delves/school.yaml",
                "urn: \"100001\"",
                "urn: \"1234\"",
            )
        },
        &[
            "`1234` is not a URN",
            "6 digits",
            "schools/wybunbury-delves/school.yaml:",
        ],
    );
    rejects(
        "bad-email",
        |s| {
            s.replace(
                "schools/wybunbury-delves/policies/social-media.yaml",
                "report_concerns_email: admin@",
                "report_concerns_email: admin-at-",
            )
        },
        &["it has no `@`"],
    );
    rejects(
        "bad-url",
        |s| {
            s.replace(
                "schools/wybunbury-delves/school.yaml",
                "website: https://",
                "website: ",
            )
        },
        &["is not a full web address: it must start with https://"],
    );
    rejects(
        "bad-choice",
        |s| {
            s.replace(
                "schools/wybunbury-delves/policies/social-media.yaml",
                "monitoring_body: Local Governing Body",
                "monitoring_body: Local Governing Bodies",
            )
        },
        &[
            "is not one of the choices",
            "did you mean `Local Governing Body`?",
        ],
    );
}

#[test]
fn unknown_trust_suggests_the_nearest() {
    rejects(
        "unknown-trust",
        |s| {
            s.replace(
                "schools/wybunbury-delves/school.yaml",
                "trust: cdat",
                "trust: cdatt",
            )
        },
        &["there is no trust `cdatt`", "did you mean `cdat`?"],
    );
}

#[test]
fn undefined_template_variable_names_the_model_file() {
    rejects(
        "undefined-var",
        |s| {
            s.append(
                "model-policies/cmat/social-media.md",
                "\n{{ school.no_such_field_xyz }}\n",
            )
        },
        &[
            "model-policies/cmat/social-media.md:",
            "template error",
            "fields.*",
        ],
    );
}

#[test]
fn tera_syntax_error_names_the_line() {
    rejects(
        "tera-syntax",
        |s| {
            s.append(
                "model-policies/cidari/social-media.md",
                "\n{% if fields.uses_parent_app %}\nUnclosed.\n",
            )
        },
        &[
            "model-policies/cidari/social-media.md:",
            "template syntax error",
        ],
    );
}

#[test]
fn duplicate_ids_are_errors() {
    rejects(
        "duplicate-id",
        |s| {
            let text = s.read("model-policies/cdat/social-media.md");
            s.write("model-policies/cdat/social-media-copy.md", &text);
        },
        &[
            "model-policies/cdat/social-media-copy.md:",
            "differs from its file name",
        ],
    );
    rejects(
        "duplicate-urn",
        |s| {
            s.replace(
                "schools/st-aidans-fernhollow/school.yaml",
                "urn: \"100002\"",
                "urn: \"100001\"",
            )
        },
        &["the URN 100001 is also used by"],
    );
    rejects(
        "duplicate-key",
        |s| {
            s.append(
                "schools/wybunbury-delves/school.yaml",
                "name: Another name\n",
            )
        },
        &["`name` is given twice"],
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    rejects(
        "not-utf8",
        |s| {
            let mut bytes = std::fs::read(s.path("schools/wybunbury-delves/school.yaml")).unwrap();
            bytes.extend_from_slice(b"address: Caf\xe9 Lane\n");
            std::fs::write(s.path("schools/wybunbury-delves/school.yaml"), bytes).unwrap();
        },
        &[
            "schools/wybunbury-delves/school.yaml:",
            "is not UTF-8 text",
            "Save As",
        ],
    );
}

#[test]
fn paths_may_not_leave_the_project() {
    rejects(
        "dotdot",
        |s| {
            s.append(
                "schools/wybunbury-delves/school.yaml",
                "logo: ../../../etc/passwd\n",
            )
        },
        &["leaves the school's folder"],
    );
    rejects(
        "absolute",
        |s| {
            s.replace(
                "book.toml",
                "output = \"site\"",
                "output = \"/tmp/elsewhere\"",
            )
        },
        &["book.toml:", "leaves the project"],
    );
}

#[test]
fn errors_are_all_reported_together_and_sorted() {
    let s = Sample::new("many");
    s.replace(
        "schools/wybunbury-delves/school.yaml",
        "trust: cdat",
        "trust: nope",
    );
    s.replace(
        "schools/kestrel-vale-academy/school.yaml",
        "urn: \"100004\"",
        "urn: \"12\"",
    );
    let out = s.run(&["check", "{dir}"]);
    out.fails()
        .says("there is no trust `nope`")
        .says("`12` is not a URN")
        .says("2 errors");
    let a = out.stderr.find("kestrel-vale-academy").unwrap();
    let b = out.stderr.find("wybunbury-delves/school.yaml").unwrap();
    assert!(a < b, "sorted by file");
}

/// The library's workspace loads, validates and analyses once, owns what it found, and builds
/// the same site as the command line; every output uses the trust's own words.
#[test]
fn a_workspace_owns_the_analysed_sample_and_builds_it() {
    let s = Sample::new("workspace");
    let today = jiff::civil::date(2026, 12, 3);
    let workspace = std::sync::Arc::new(
        policyforge::workspace::Workspace::open(&s.dir, today).expect("the sample loads"),
    );
    assert!(!workspace.diagnostics().has_errors());
    // It borrows nothing: another thread can build from it.
    let shared = workspace.clone();
    let files = std::thread::spawn(move || shared.build(false))
        .join()
        .unwrap()
        .unwrap_or_else(|d| panic!("{}", d.render(&s.dir)));
    let text = |path: &str| String::from_utf8_lossy(&files.files[path]).into_owned();
    assert!(files.files.contains_key("manifest.json"));
    let cidari = workspace
        .analysis()
        .trusts
        .iter()
        .find(|t| t.trust.id() == "cidari")
        .unwrap();
    assert_eq!(cidari.terms.local_body, "Local Governing Committee");
    let dashboard = text("trusts/cidari/dashboard.html");
    assert!(dashboard.contains("Approved by the Local Governing Committee"));
    assert!(!dashboard.to_lowercase().contains("local governing body"));
    let calendar = text("trusts/cidari/reviews.ics").replace("\r\n ", "");
    assert!(calendar.contains("The Local Governing Committee should review it by"));
    assert!(!calendar.to_lowercase().contains("local governing body"));
    // A school outside any trust is approved by its governors, never an "LGB".
    let cambois = text("schools/cambois-primary/social-media/index.html");
    assert!(cambois.contains("approved by the governors on"));
    assert!(!cambois.contains("LGB"));
}

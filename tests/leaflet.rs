//! The parent code of conduct leaflet, as a parent and a clerk see it: the printed A5 pages, the
//! words on them (read back with lopdf), the QR code read back by a decoder, and the refusal to print a leaflet cut short.

mod common;

use std::path::{Path, PathBuf};

use common::pdf::Pdf;
use common::{Sample, files_under, run, scratch};

fn yaml_value(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("no {key} in {text}"))
}

/// The current leaflet rows of the manifest: (school, html, pdf).
fn leaflets(sample: &Sample) -> Vec<(String, String, String)> {
    let manifest = sample.manifest();
    manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "leaflet" && d["current"] == true)
        .map(|d| {
            assert_eq!(d["policy"], "parent-leaflet");
            assert!(
                matches!(d["stage"].as_str(), Some("approved" | "received")),
                "{d}"
            );
            assert!(d["version"].as_u64().unwrap() >= 1);
            assert!(!d["sha256"].as_str().unwrap().is_empty());
            assert!(d["pdf_sha256"].is_string());
            (
                d["school"].as_str().unwrap().to_string(),
                d["html"].as_str().unwrap().to_string(),
                d["pdf"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn built_sample(name: &str) -> Sample {
    let s = Sample::new(name);
    s.run(&["build", "{dir}"]).ok();
    s
}

#[test]
fn every_school_with_a_published_policy_has_an_approved_leaflet() {
    let s = built_sample("leaflet-every");
    let manifest = s.manifest();
    let docs = manifest["documents"].as_array().unwrap();
    // Every school that publishes any policy has its leaflet, Alderbeck too (it publishes only
    // CMAT's trust-wide charging policy, so its QR code opens its list of policies).
    let mut with_policy: Vec<&str> = docs
        .iter()
        .filter(|d| d["kind"] == "policy")
        .map(|d| d["school"].as_str().unwrap())
        .collect();
    with_policy.sort();
    with_policy.dedup();
    let rows = leaflets(&s);
    let mut with_leaflet: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    with_leaflet.sort();
    assert_eq!(with_policy, with_leaflet);
    assert_eq!(with_leaflet.len(), 8, "{with_leaflet:?}");
    // The trust-less school uses the shared model.
    assert!(with_leaflet.contains(&"cambois-primary"));
    for (school, html, pdf) in &rows {
        assert_eq!(html, &format!("schools/{school}/leaflet/index.html"));
        assert_eq!(
            pdf,
            &format!("schools/{school}/leaflet/{school}-parent-leaflet-v1.pdf")
        );
        let page = s.read(&format!("site/{html}"));
        assert!(page.contains(r#"<meta name="policyforge-page" content="leaflet">"#));
        assert!(page.to_lowercase().contains("class teacher"));
        if s.path(&format!("site/schools/{school}/social-media/index.html"))
            .is_file()
        {
            assert!(page.contains(&format!(
                "https://policies.example.org.uk/schools/{school}/social-media/"
            )));
            assert!(
                page.contains("href=\"../social-media/index.html\""),
                "{page}"
            );
        } else {
            // Not published yet: the leaflet sends readers to the school's policies instead.
            assert!(page.contains(&format!(
                "https://policies.example.org.uk/schools/{school}/\""
            )));
            assert!(!page.contains("social-media/"), "{page}");
        }
        let home = s.read(&format!("site/schools/{school}/index.html"));
        assert!(home.contains("href=\"leaflet/index.html\""), "{school}");
        // A leaflet is never published as a policy page.
        assert!(
            !s.path(&format!("site/schools/{school}/parent-leaflet"))
                .exists()
        );
    }
    assert!(
        !docs
            .iter()
            .any(|d| d["kind"] == "policy" && d["policy"] == "parent-leaflet")
    );
}

#[test]
fn leaflets_are_a5_portrait_on_at_most_two_pages() {
    let s = built_sample("leaflet-a5");
    for (school, _, pdf) in leaflets(&s) {
        let doc = Pdf::read(&s.path(&format!("site/{pdf}")));
        let pages = doc.page_count();
        assert!((1..=2).contains(&pages), "{school}: {pages} pages");
        for n in 0..pages {
            let (w, h) = doc.page_size(n);
            assert!(
                (w - 419.53).abs() < 0.5 && (h - 595.28).abs() < 0.5,
                "{school} page {n}: {w} x {h}"
            );
        }
    }
}

#[test]
fn the_printed_leaflet_gives_the_schools_escalation_route_and_contacts() {
    let s = built_sample("leaflet-text");
    for (school, _, pdf) in leaflets(&s) {
        let text = Pdf::read(&s.path(&format!("site/{pdf}"))).all_text();
        let lower = text.to_lowercase();
        assert!(lower.contains("class teacher"), "{school}:\n{text}");
        // Long addresses may wrap (and pdftotext joins a line ending in a hyphen to the next),
        // so compare without spaces or hyphens.
        let squash = |t: &str| -> String {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect()
        };
        let joined = squash(&text);
        let yaml = s.read(&format!("schools/{school}/school.yaml"));
        for key in ["office_email", "office_phone"] {
            let value = squash(&yaml_value(&yaml, key));
            assert!(joined.contains(&value), "{school}: no {key} {value}");
        }
        let adoption = s.read(&format!("schools/{school}/policies/parent-leaflet.yaml"));
        let complaints = squash(&yaml_value(&adoption, "complaints_procedure_url"));
        assert!(
            joined.contains(&complaints),
            "{school}: no complaints route"
        );
        assert!(
            lower.contains("governing") || lower.contains("governors"),
            "{school}: no governors step"
        );
        // The school's own words: its name, and what it considers inappropriate.
        let name = yaml_value(&yaml, "name");
        assert!(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&name)
        );
        assert!(lower.contains("children"));
    }
}

#[test]
fn the_qr_code_opens_the_schools_policy_page() {
    let s = built_sample("leaflet-qr");
    let rows = leaflets(&s);
    assert!(!rows.is_empty());
    let mut to_list = 0;
    for (school, _, pdf) in rows {
        // The page drawn at 150 dpi from the PDF's own drawing operators, then decoded. It opens
        // the social media policy where the school publishes it, else the school's policies:
        // never a page that is not there.
        let codes = Pdf::read(&s.path(&format!("site/{pdf}"))).qr_codes();
        let policy = format!("schools/{school}/social-media/");
        let page = if s.path(&format!("site/{policy}index.html")).is_file() {
            policy
        } else {
            to_list += 1;
            format!("schools/{school}/")
        };
        assert_eq!(
            codes,
            vec![format!("https://policies.example.org.uk/{page}")],
            "{school}"
        );
        assert!(s.path(&format!("site/{page}index.html")).is_file());
    }
    assert_eq!(
        to_list, 1,
        "only Alderbeck does not publish its social media policy yet"
    );
}

/// A scratch copy of a fixture repository, with the project's own themes.
fn fixture(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch(name);
    for (from, to) in [
        (root.join("tests/fixtures").join(name), dir.clone()),
        (root.join("themes"), dir.join("themes")),
    ] {
        for rel in files_under(&from) {
            let target = to.join(&rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(from.join(&rel), target).unwrap();
        }
    }
    dir
}

#[test]
fn a_leaflet_too_long_for_two_pages_fails_the_build_and_leaves_the_site_alone() {
    let dir = fixture("leaflet-overflow");
    std::fs::create_dir_all(dir.join("site")).unwrap();
    std::fs::write(dir.join("site/index.html"), "the site as it was").unwrap();
    // A site policyforge wrote (its manifest says so), so a build may replace it.
    std::fs::write(
        dir.join("site/manifest.json"),
        "{\"generator\": \"policyforge\", \"documents\": []}\n",
    )
    .unwrap();
    let before = files_under(&dir.join("site"));
    let out = run(&["build".to_string(), ".".to_string()], &dir);
    out.fails()
        .says("the parent leaflet of Long Lane Primary School does not fit on two A5 pages")
        .says("the section “If something worries you” runs off the front page by about")
        .says("schools/long-lane-primary/snapshots/parent-leaflet/v1.md:38")
        .says("a leaflet is never cut short")
        .says("nothing was built; the published site is unchanged");
    let lines: usize = out
        .stderr
        .split("by about ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a number of lines");
    assert!((2..=15).contains(&lines), "{lines} lines");
    assert!(out.stderr.contains(" mm)"));
    assert_eq!(files_under(&dir.join("site")), before);
    assert_eq!(
        std::fs::read_to_string(dir.join("site/index.html")).unwrap(),
        "the site as it was"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_leaflet_that_would_not_fit_cannot_be_approved() {
    let s = Sample::new("leaflet-approve-long");
    let file = "schools/kestrel-vale-academy/policies/parent-leaflet.yaml";
    let many: String = (1..=20)
        .map(|i| format!("    - the year group {i} newsletter\n"))
        .collect();
    s.replace(
        file,
        "    - the fortnightly newsletter\n",
        &format!("    - the fortnightly newsletter\n{many}"),
    );
    let before = s.read(file);
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "kestrel-vale-academy",
        "--policy",
        "parent-leaflet",
        "--date",
        "2026-10-01",
        "--minute",
        "LGB/26/30",
        "--chair",
        "Chair of the LGB",
    ])
    .fails()
    .says("does not fit on two A5 pages")
    .says("the section “Our official channels” runs off the back page")
    .says("model-policies/default/parent-leaflet.md");
    assert_eq!(s.read(file), before, "nothing recorded");
    assert!(
        !s.path("schools/kestrel-vale-academy/snapshots/parent-leaflet/v2.md")
            .exists()
    );
}

#[test]
fn a_draft_leaflet_is_built_with_drafts_and_never_published() {
    let s = Sample::new("leaflet-draft");
    s.write(
        "schools/st-aidans-fernhollow/policies/parent-leaflet.yaml",
        "model_version: 1\nvalues:\n  leadership_contact: Head of School\n  governors_contact: Clerk to the Local Governing Body\n  complaints_procedure_url: https://st-aidans-fernhollow.example.org.uk/policies/complaints\n",
    );
    s.run(&["build", "{dir}", "--drafts"]).ok();
    let dir = "site/drafts/schools/st-aidans-fernhollow/leaflet";
    let page = s.read(&format!("{dir}/index.html"));
    assert!(page.contains("DRAFT"));
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        s.path(&format!(
            "{dir}/st-aidans-fernhollow-parent-leaflet-draft.pdf"
        ))
        .is_file()
    );
    assert!(!s.path("site/schools/st-aidans-fernhollow/leaflet").exists());
    let manifest = s.manifest();
    assert!(
        !manifest["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["school"] == "st-aidans-fernhollow" && d["kind"] == "leaflet")
    );
}

#[test]
fn a_leaflet_needs_the_sites_address_for_its_qr_code() {
    let s = Sample::new("leaflet-no-base");
    s.replace(
        "book.toml",
        "base-url = \"https://policies.example.org.uk/\"",
        "",
    );
    s.run(&["build", "{dir}"])
        .fails()
        .says("parent leaflets need the site's web address for their QR codes")
        .says("base-url");
}

#[test]
fn a_new_approval_makes_a_new_version_and_keeps_the_old_one() {
    let s = Sample::new("leaflet-v2");
    s.replace(
        "schools/kestrel-vale-academy/policies/parent-leaflet.yaml",
        "leadership_contact: Head of Year",
        "leadership_contact: Head of Year or Pastoral Leader",
    );
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "kestrel-vale-academy",
        "--policy",
        "parent-leaflet",
        "--date",
        "2026-10-07",
        "--minute",
        "LGB/26/31",
        "--chair",
        "Chair of the LGB",
    ])
    .ok()
    .says("as version 2");
    s.run(&["build", "{dir}"]).ok();
    let manifest = s.manifest();
    let mut rows: Vec<_> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "leaflet" && d["school"] == "kestrel-vale-academy")
        .map(|d| {
            (
                d["version"].as_u64().unwrap(),
                d["current"].as_bool().unwrap(),
                d["html"].as_str().unwrap().to_string(),
                d["pdf"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    let dir = "schools/kestrel-vale-academy/leaflet";
    assert_eq!(
        rows,
        vec![
            (
                1,
                false,
                format!("{dir}/v1/index.html"),
                format!("{dir}/v1/kestrel-vale-academy-parent-leaflet-v1.pdf")
            ),
            (
                2,
                true,
                format!("{dir}/index.html"),
                format!("{dir}/kestrel-vale-academy-parent-leaflet-v2.pdf")
            ),
        ]
    );
    let old = s.read(&format!("site/{dir}/v1/index.html"));
    assert!(old.contains("which has been replaced by version 2"));
    assert!(old.contains("href=\"../index.html\""));
    let current = s.read(&format!("site/{dir}/index.html"));
    assert!(current.contains("href=\"v1/index.html\""));
    assert!(current.contains("Head of Year or Pastoral Leader"));
    let text = Pdf::read(&s.path(&format!("site/{}", rows[1].3))).all_text();
    assert!(text.contains("Version 2"), "{text}");
}

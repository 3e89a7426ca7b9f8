//! The one Markdown front end, seen from the outputs: a link whose target the allow-list refuses
//! is absent from every format (page, embed, search index, PDF, leaflet), and a model's help
//! texts are rendered through the template context like its body.

mod common;

use common::{Sample, files_under};

const SCHEMES: [&str; 4] = ["javascript:", "data:", "vbscript:", "file:"];

/// Every URI action target in a PDF.
fn pdf_uris(bytes: &[u8]) -> Vec<String> {
    let pdf = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let mut out = Vec::new();
    for object in pdf.objects.values() {
        if let Ok(dict) = object.as_dict()
            && let Ok(uri) = dict.get(b"URI")
        {
            let uri = match uri {
                lopdf::Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
                other => format!("{other:?}"),
            };
            out.push(uri);
        }
    }
    out
}

#[test]
fn a_link_with_a_refused_scheme_is_in_no_output() {
    let s = Sample::new("refused-links");
    // A school's Markdown value, approved and published: the policy page, its embed, its
    // "what changed" page, the search index and the PDF.
    s.replace(
        "schools/holy-trinity-brackenmere/policies/social-media.yaml",
        "  local_arrangements: |\n",
        "  local_arrangements: |\n    Never follow [Unsafe One](javascript:alert(1)), [Unsafe Two](data:text/html,x), [Unsafe Three](vbscript:msgbox), [Unsafe Four](file:///etc/passwd) or <JavaScript:alert(2)>.\n\n",
    );
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "holy-trinity-brackenmere",
        "--policy",
        "social-media",
        "--date",
        "2026-11-20",
        "--minute",
        "LGB/26/9",
        "--chair",
        "Chair",
    ])
    .ok();
    // The shared leaflet's text, agreed as a new model version and built as a draft leaflet.
    let leaflet = "model-policies/default/parent-leaflet.md";
    let text = s.read(leaflet);
    let body = text
        .match_indices("\n---\n")
        .next()
        .map_or(0, |(i, _)| i + 5);
    let text = format!(
        "{}\nDo not open [Unsafe Five](javascript:alert(5)) or [Unsafe Six](data:text/html,y).\n{}",
        &text[..body],
        &text[body..]
    )
    .replacen("version: 1\nreview_cycle", "version: 2\nreview_cycle", 1)
    .replacen(
        "versions:\n",
        "versions:\n- version: 2\n  status: draft\n",
        1,
    );
    s.write(leaflet, &text);
    s.run(&[
        "agree",
        "{dir}",
        "--trust",
        "default",
        "--policy",
        "parent-leaflet",
        "--date",
        "2026-11-01",
        "--minute",
        "DM/26/9",
    ])
    .ok();
    s.replace(
        "schools/cambois-primary/policies/parent-leaflet.yaml",
        "model_version: 1",
        "model_version: 2",
    );
    s.run(&["check", "{dir}"])
        .ok()
        .says("the link to `javascript:alert(1)` is not a web, email or telephone address");
    s.run(&["build", "{dir}", "--drafts"]).ok();

    let page = s.read("site/schools/holy-trinity-brackenmere/social-media/index.html");
    assert!(
        page.contains("Never follow Unsafe One, Unsafe Two"),
        "the words stay"
    );
    let leaflet_page = s.read("site/drafts/schools/cambois-primary/leaflet/index.html");
    assert!(leaflet_page.contains("Do not open Unsafe Five or Unsafe Six"));
    let mut pdfs = 0;
    for file in files_under(&s.path("site")) {
        let bytes = std::fs::read(s.path(&format!("site/{file}"))).unwrap();
        if file.ends_with(".pdf") {
            if file.contains("holy-trinity-brackenmere-social-media-v2")
                || file.contains("cambois-primary-parent-leaflet")
            {
                pdfs += 1;
            }
            for uri in pdf_uris(&bytes) {
                let lower = uri.to_ascii_lowercase();
                assert!(
                    !SCHEMES.iter().any(|s| lower.starts_with(s)),
                    "{file} opens {uri}"
                );
            }
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        for scheme in SCHEMES {
            for attr in ["href=\"", "src=\"", "href='"] {
                assert!(
                    !text.contains(&format!("{attr}{scheme}")),
                    "{file} links to {scheme}"
                );
            }
        }
        for target in [
            "javascript:alert(1)",
            "data:text/html",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "javascript:alert(5)",
        ] {
            assert!(!text.contains(target), "{file} holds {target}");
        }
    }
    assert!(pdfs >= 2, "the policy's and the leaflet's PDFs were read");
    let index = s.read("site/schools/holy-trinity-brackenmere/assets/search-index.js");
    assert!(
        index.contains("Never follow Unsafe One"),
        "the words are indexed"
    );
}

#[test]
fn help_texts_are_rendered_with_the_trust_words() {
    let s = Sample::new("help-rendered");
    s.replace(
        "model-policies/cidari/social-media.md",
        "moderates comments.",
        "moderates comments. The {{ trust.local_body_short }} agrees who it is.",
    );
    let out = s.run(&[
        "context",
        "{dir}",
        "--school",
        "ashbeck-high",
        "--policy",
        "social-media",
    ]);
    out.ok();
    assert!(
        out.stdout.contains("The LGC agrees who it is."),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("{{"), "{}", out.stdout);
    s.run(&["build", "{dir}"]).ok();
    let preview = s.read("site/trusts/cidari/models/social-media.html");
    assert!(preview.contains("The LGC agrees who it is."));
    assert!(!preview.contains("trust.local_body_short"));

    // A help text that cannot be rendered points at the model's field.
    s.replace(
        "model-policies/cidari/social-media.md",
        "{{ trust.local_body_short }}",
        "{{ school.name }}",
    );
    s.run(&["check", "{dir}"])
        .fails()
        .says("the help text of field `")
        .says("model-policies/cidari/social-media.md:");
}

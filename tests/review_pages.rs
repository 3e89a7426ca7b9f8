//! What governors and boards read before they decide: the "what changed" page and
//! `policyforge diff` (only the changed sections, under their headings, lists kept as lists) and
//! the model preview (every field described, every contextual area labelled).

mod common;

use common::Sample;

const SCHOOL: &str = "wybunbury-delves";
const ADOPTION: &str = "schools/wybunbury-delves/policies/social-media.yaml";

fn approve(s: &Sample, date: &str, minute: &str) {
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        SCHOOL,
        "--policy",
        "social-media",
        "--date",
        date,
        "--minute",
        minute,
        "--chair",
        "Chair of the LGB",
    ])
    .ok();
}

/// Version 3 gives the school's own arrangements as a list; version 4 changes one word in one
/// item of it, in one section of an eleven-section policy.
fn two_versions_one_word_apart() -> Sample {
    let s = Sample::new("what-changed");
    s.replace(
        ADOPTION,
        "  local_arrangements: None.\n",
        "  local_arrangements: |\n    Our arrangements:\n\n    - the school council writes a news post each week;\n    - the parish magazine reprints it each September; and\n    - the office checks every post first.\n",
    );
    approve(&s, "2026-01-14", "LGB/26/01");
    s.replace(
        ADOPTION,
        "reprints it each September",
        "reprints it each July",
    );
    approve(&s, "2026-03-11", "LGB/26/09");
    s
}

#[test]
fn what_changed_shows_only_the_changed_section_under_its_heading() {
    let s = two_versions_one_word_apart();
    s.run(&["build", "{dir}"]).ok();
    let page = s.read("site/schools/wybunbury-delves/social-media/changes-v4.html");
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];

    // The summary: one changed section, linked down to it; the full text one click away.
    assert!(
        main.contains("1 word added and 1 word removed, in 1 of its 11 sections."),
        "{main}"
    );
    assert!(
        main.contains(
            "<li><a href=\"#change-1\">6.2 Arrangements particular to this school</a></li>"
        ),
        "{main}"
    );
    assert!(!main.contains("change-2"), "one section changed:\n{main}");
    assert!(
        main.contains("<a href=\"index.html\">version 4</a>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"v3/index.html\">version 3</a>"),
        "{main}"
    );
    assert!(
        main.contains("href=\"index.html#6-2-arrangements-particular-to-this-school\""),
        "the section in full, at its heading on the version's page:\n{main}"
    );

    // The section under its numbered heading, inside its parent section, its list a list.
    assert!(
        main.contains("<h2 id=\"change-1\">6.2 Arrangements particular to this school</h2>"),
        "{main}"
    );
    assert!(
        main.contains("In 6. Using social media on behalf of the school"),
        "{main}"
    );
    assert!(
        main.contains(
            "<ul>\n<li>the school council writes a news post each week;</li>\n<li>the parish magazine reprints it each <del>September;</del><ins>July;</ins> and</li>\n<li>the office checks every post first.</li>\n</ul>"
        ),
        "{main}"
    );
    // Nothing of the unchanged sections.
    for unchanged in ["1. Rationale", "Above all, staff should keep", "2. Aims"] {
        assert!(!main.contains(unchanged), "{unchanged} is shown:\n{main}");
    }
    // Added and removed words are marked by more than colour.
    let css = s.read("site/assets/default.css");
    assert!(css.contains("del::before { content: \" [removed] \"; }"));
    assert!(css.contains("ins::before { content: \" [added] \"; }"));
}

#[test]
fn diff_prints_the_changed_sections_with_headings_and_markers() {
    let s = two_versions_one_word_apart();
    let out = s.run(&[
        "diff",
        "{dir}",
        "--school",
        SCHOOL,
        "--policy",
        "social-media",
        "3",
        "4",
    ]);
    out.ok()
        .says("version 3 -> version 4")
        .says("1 word added, 1 word removed, in 1 of 11 sections.")
        .says("Sections that changed:\n  6.2 Arrangements particular to this school\n")
        .says("In 6. Using social media on behalf of the school:\n## 6.2 Arrangements particular to this school\n")
        .says("- the school council writes a news post each week;\n- the parish magazine reprints it each [-September;-]{+July;+} and\n- the office checks every post first.\n");
    assert!(!out.stdout.contains("Rationale"), "{}", out.stdout);
    assert!(
        !out.stdout.contains('\x1b'),
        "no colour when the output is not a terminal:\n{}",
        out.stdout
    );
}

#[test]
fn the_model_preview_describes_every_field_and_labels_every_area() {
    let s = Sample::built("model-preview");
    let page = s.read("site/trusts/cdat/models/social-media.html");
    let card = |name: &str| -> String {
        let start = page
            .find(&format!(
                "<section class=\"field-card\" id=\"field-{name}\""
            ))
            .unwrap_or_else(|| panic!("no card for {name}"));
        page[start..start + page[start..].find("</section>").unwrap()].to_string()
    };
    let lead = card("social_media_lead");
    for words in [
        "<code>social_media_lead</code>",
        "<dt>Type</dt><dd><code>text</code>: a short piece of text</dd>",
        "<dt>Required</dt><dd>Yes</dd>",
        "The job title (not the name) of the member of staff",
        "<dt>Example</dt><dd><span class=\"field-example-text\">Deputy Headteacher</span></dd>",
        "Marked twice in the text below.",
    ] {
        assert!(lead.contains(words), "{words} not in:\n{lead}");
    }
    let blogs = card("uses_class_blogs");
    assert!(
        blogs.contains("<code>yes-no</code>: yes or no"),
        "the type as authors write it:\n{blogs}"
    );
    assert!(blogs.contains("<dd>No; if left out: no</dd>"), "{blogs}");
    assert!(!page.contains("yesno"));
    let body = card("monitoring_body");
    assert!(
        body.contains("<ul class=\"field-choices\"><li>Local Governing Body</li><li>Headteacher</li><li>Safeguarding Governor</li></ul>"),
        "the choices are listed:\n{body}"
    );
    // The whole example, however long: never clipped.
    assert!(card("local_arrangements").contains(
        "Year 6 pupils help to write a weekly news post, which the social media lead checks before it is published."
    ));

    // Every contextual area in the text is marked with its label; none is left as a marker.
    let text = &page[page.find("id=\"text-heading\"").unwrap()..];
    assert!(!page.contains('\u{E000}') && !page.contains('\u{E001}'));
    assert!(text.contains("<mark class=\"context-field\"><span class=\"visually-hidden\">Filled in by each school: </span><span class=\"field-name\">social_media_lead</span> <span class=\"field-example\">e.g. Deputy Headteacher</span></mark>"), "{text}");
    for label in [
        "school.name",
        "school.head_title",
        "report_concerns_email",
        "acceptable_use_policy_url",
        "monitoring_body",
        "local_arrangements",
    ] {
        assert!(
            text.contains(&format!("<span class=\"field-name\">{label}</span>")),
            "{label} is not labelled in the text"
        );
    }
}

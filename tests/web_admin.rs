//! What a school's web admin uploads: a folder that drops into any website. Its icon, page
//! descriptions, the sitemap and robots.txt from `base-url`, the fragment per policy for a content
//! manager, and the search index that works without a server.

mod common;

use common::Sample;

fn built(name: &str) -> Sample {
    let s = Sample::new(name);
    s.run(&["build", "{dir}"]).ok();
    s
}

/// The current policies of the manifest: (school, policy, html).
fn current_policies(s: &Sample) -> Vec<(String, String, String)> {
    s.manifest()["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "policy" && d["current"] == true)
        .map(|d| {
            (
                d["school"].as_str().unwrap().to_string(),
                d["policy"].as_str().unwrap().to_string(),
                d["html"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The value of `<meta name|property="key" content="...">` in a page.
fn meta(page: &str, key: &str) -> Option<String> {
    page.lines()
        .filter(|l| {
            l.contains(&format!("name=\"{key}\"")) || l.contains(&format!("property=\"{key}\""))
        })
        .find_map(|l| l.split("content=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
}

#[test]
fn the_sitemap_lists_every_published_page_under_the_base_url() {
    let s = Sample::new("web-sitemap");
    s.run(&["build", "{dir}", "--drafts"]).ok();
    let map = s.read("site/sitemap.xml");
    assert!(map.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(map.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let locs: Vec<&str> = map
        .split("<loc>")
        .skip(1)
        .filter_map(|l| l.split("</loc>").next())
        .collect();
    for loc in &locs {
        assert!(loc.starts_with("https://policies.example.org.uk/"), "{loc}");
        assert!(!loc.contains("/drafts/"), "a draft is listed: {loc}");
        assert!(!loc.ends_with("embed.html"), "a fragment is listed: {loc}");
    }
    assert!(locs.contains(&"https://policies.example.org.uk/"));
    // Every current policy page, at its folder's address.
    for (school, policy, _) in current_policies(&s) {
        let want = format!("https://policies.example.org.uk/schools/{school}/{policy}/");
        assert!(locs.contains(&want.as_str()), "{want} missing");
    }
    // Every published HTML page outside drafts is listed once.
    let pages = common::files_under(&s.path("site"))
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("drafts/") && !p.ends_with("embed.html"))
        .count();
    assert_eq!(locs.len(), pages);
    assert!(
        s.path("site/drafts").is_dir(),
        "the drafts were built, and left out"
    );
}

#[test]
fn robots_txt_keeps_crawlers_out_of_drafts_and_names_the_sitemap() {
    let s = built("web-robots");
    let robots = s.read("site/robots.txt");
    assert!(robots.contains("User-agent: *\n"), "{robots}");
    assert!(robots.contains("Disallow: /drafts/\n"), "{robots}");
    assert!(
        robots.contains("Sitemap: https://policies.example.org.uk/sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn a_base_url_with_a_path_is_honoured() {
    let s = Sample::new("web-base-path");
    s.replace(
        "book.toml",
        "base-url = \"https://policies.example.org.uk/\"",
        "base-url = \"https://www.example-trust.org.uk/our-policies\"",
    );
    s.run(&["build", "{dir}"]).ok();
    let robots = s.read("site/robots.txt");
    assert!(
        robots.contains("Disallow: /our-policies/drafts/"),
        "{robots}"
    );
    assert!(robots.contains("Sitemap: https://www.example-trust.org.uk/our-policies/sitemap.xml"));
    let map = s.read("site/sitemap.xml");
    assert!(map.contains(
        "<loc>https://www.example-trust.org.uk/our-policies/schools/kestrel-vale-academy/</loc>"
    ));
}

#[test]
fn without_a_base_url_there_is_no_sitemap_but_robots_txt_stays() {
    let s = Sample::new("web-no-base");
    s.replace(
        "book.toml",
        "base-url = \"https://policies.example.org.uk/\"",
        "",
    );
    // Leaflets need the address for their QR codes; this sample has none.
    for school in common::files_under(&s.path("schools"))
        .into_iter()
        .filter(|f| f.ends_with("policies/parent-leaflet.yaml"))
    {
        std::fs::remove_file(s.path(&format!("schools/{school}"))).unwrap();
        // And its approved texts, which would otherwise have no approval to belong to.
        let snapshots = s.path(&format!(
            "schools/{}",
            school.replace("policies/parent-leaflet.yaml", "snapshots/parent-leaflet")
        ));
        let _ = std::fs::remove_dir_all(snapshots);
    }
    s.run(&["build", "{dir}"]).ok();
    assert!(!s.path("site/sitemap.xml").exists());
    let robots = s.read("site/robots.txt");
    assert!(robots.contains("Disallow: /drafts/"));
    assert!(!robots.contains("Sitemap:"));
    // Fragments then link from their own folder.
    let embed = s.read("site/schools/kestrel-vale-academy/social-media/embed.html");
    assert!(embed.contains("href=\"index.html\""), "{embed}");
}

#[test]
fn every_page_has_an_icon_a_description_and_an_open_graph_title() {
    let s = built("web-meta");
    let pages: Vec<String> = common::files_under(&s.path("site"))
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.ends_with("embed.html"))
        .collect();
    assert!(pages.len() > 30);
    for rel in &pages {
        let page = s.read(&format!("site/{rel}"));
        let description =
            meta(&page, "description").unwrap_or_else(|| panic!("{rel}: no description"));
        assert!(description.len() > 40, "{rel}: {description}");
        let title = meta(&page, "og:title").unwrap_or_else(|| panic!("{rel}: no og:title"));
        assert!(
            page.contains(&format!("<title>{title}")),
            "{rel}: og:title {title:?} is not the page's title"
        );
        // The icon is in the folder's own assets.
        let icon = page
            .split("<link rel=\"icon\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("{rel}: no icon"))
            .replace("&#x2F;", "/");
        let dir = std::path::Path::new(rel).parent().unwrap();
        let target = s.path("site").join(dir).join(&icon);
        assert!(target.is_file(), "{rel}: {icon} is missing");
        let svg = std::fs::read_to_string(&target).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        if rel.starts_with("schools/") {
            let school = rel.split('/').nth(1).unwrap();
            assert!(
                target.canonicalize().unwrap().starts_with(
                    s.path(&format!("site/schools/{school}/assets"))
                        .canonicalize()
                        .unwrap()
                ),
                "{rel}: the icon is outside the school's folder"
            );
        }
    }
    let page = s.read("site/schools/kestrel-vale-academy/social-media/index.html");
    let description = meta(&page, "description").unwrap();
    assert!(
        description.starts_with("The Social Media Policy of Kestrel Vale Academy. Version"),
        "{description}"
    );
}

#[test]
fn each_current_policy_has_a_fragment_to_embed() {
    let s = built("web-embed");
    let policies = current_policies(&s);
    assert!(policies.len() >= 7);
    for (school, policy, html) in &policies {
        let rel = format!("site/schools/{school}/{policy}/embed.html");
        let embed = s.read(&rel);
        // A fragment: no page around it, one root element with the scoping class.
        for tag in [
            "<html",
            "<head",
            "<body",
            "<header",
            "<footer",
            "<script",
            "<!DOCTYPE",
        ] {
            assert!(!embed.contains(tag), "{rel} has {tag}");
        }
        assert!(
            embed.starts_with("<div class=\"policyforge-embed\""),
            "{rel}"
        );
        assert_eq!(
            embed.trim_end().matches("</div>").count(),
            embed.matches("<div").count()
        );
        // Every style rule is scoped under the class.
        let css = embed
            .split("<style>")
            .nth(1)
            .and_then(|r| r.split("</style>").next())
            .unwrap();
        for rule in css.lines().filter(|l| l.contains('{')) {
            let selectors = rule.split('{').next().unwrap();
            for sel in selectors.split(',') {
                assert!(
                    sel.trim().starts_with(".policyforge-embed"),
                    "{rel}: unscoped rule {rule}"
                );
            }
        }
        // The same words as the page: every body heading, one level down, ids prefixed.
        let page = s.read(&format!("site/{html}"));
        let body = page
            .split("<div class=\"policy-text\">")
            .nth(1)
            .and_then(|b| b.split("<section class=\"").next())
            .unwrap();
        for h in body.split("<h2 id=\"").skip(1) {
            let anchor = h.split('"').next().unwrap();
            let text = h.split('>').nth(1).unwrap().split('<').next().unwrap();
            assert!(
                embed.contains(&format!("<h3 id=\"pf-{anchor}\">{text}</h3>")),
                "{rel}: no heading {text}"
            );
            assert!(embed.contains(&format!("href=\"#pf-{anchor}\"")));
        }
        assert!(!embed.contains("<h1"), "{rel}");
        // Links point at the published copy, absolute under base-url.
        assert!(embed.contains(&format!(
            "href=\"https:&#x2F;&#x2F;policies.example.org.uk&#x2F;schools&#x2F;{school}&#x2F;{policy}&#x2F;\""
        )) || embed.contains(&format!(
            "href=\"https://policies.example.org.uk/schools/{school}/{policy}/\""
        )), "{rel}");
        assert!(embed.contains(".pdf\""), "{rel}: no PDF link");
    }
    // Not in the manifest or the sitemap: a fragment is not a page.
    assert!(!s.read("site/manifest.json").contains("embed.html"));
}

#[test]
fn values_in_a_fragment_are_escaped() {
    let s = Sample::new("web-embed-escape");
    // A school's own policy, whose text the school writes: markup in it is text.
    let file = "schools/cambois-primary/local/social-media.md";
    s.replace(
        file,
        "\n## A. Pupils",
        "\n## <script>alert('x')</script> & <b>bold</b>\n\nA line with <img src=x onerror=alert(1)>.\n\n## A. Pupils",
    );
    s.replace(file, "version: 1\n", "version: 2\n");
    s.run(&[
        "approve",
        "{dir}",
        "--school",
        "cambois-primary",
        "--policy",
        "social-media",
        "--date",
        "2026-10-01",
        "--minute",
        "GB/26/20",
        "--chair",
        "Chair of Governors",
    ])
    .ok();
    s.run(&["build", "{dir}"]).ok();
    let embed = s.read("site/schools/cambois-primary/social-media/embed.html");
    assert!(!embed.contains("<script"), "{embed}");
    assert!(!embed.contains("<img"), "{embed}");
    assert!(!embed.contains("<b>"), "{embed}");
    assert!(embed.contains("&lt;script&gt;alert("), "{embed}");
    assert!(
        embed.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{embed}"
    );
    // And the search index carries the same words as text.
    let index = s.read("site/schools/cambois-primary/assets/search-index.js");
    assert!(!index.contains("<script>"));
    assert!(
        index.contains("\\u003cscript>alert('x')\\u003c/script> & \\u003cb>bold"),
        "{index}"
    );
}

#[test]
fn each_school_folder_has_its_own_search() {
    let s = built("web-search");
    for school in [
        "kestrel-vale-academy",
        "wybunbury-delves",
        "cambois-primary",
    ] {
        let dir = format!("site/schools/{school}");
        let script = s.read(&format!("{dir}/assets/search.js"));
        assert!(script.contains("policyforgeSearchIndex"));
        let index = s.read(&format!("{dir}/assets/search-index.js"));
        let prefix = format!(
            "(window.policyforgeSearchIndex = window.policyforgeSearchIndex || {{}})[\"{school}\"] = "
        );
        assert!(index.starts_with(&prefix), "{index}");
        let json: serde_json::Value = serde_json::from_str(
            index
                .trim()
                .trim_start_matches(&prefix)
                .trim_end_matches(';'),
        )
        .expect("the index is a JSON value");
        let entries = json["entries"].as_array().unwrap();
        assert!(!entries.is_empty(), "{school}");
        for e in entries {
            // Each entry's page is in the folder, and its anchor is on that page.
            let href = e["href"].as_str().unwrap();
            assert!(!href.starts_with('/') && !href.contains(".."), "{href}");
            let page = s.read(&format!("{dir}/{href}"));
            let anchor = e["anchor"].as_str().unwrap();
            if !anchor.is_empty() {
                assert!(
                    page.contains(&format!("id=\"{anchor}\"")),
                    "{href}#{anchor}"
                );
            }
        }
        // The social media policy and the leaflet are both searched.
        let pages: Vec<&str> = entries
            .iter()
            .map(|e| e["href"].as_str().unwrap())
            .collect();
        assert!(pages.contains(&"social-media/index.html"), "{school}");
        if school != "cambois-primary" {
            assert!(pages.contains(&"leaflet/index.html"), "{school}");
        }
        // Every page of the folder has the search form, hidden until its script shows it.
        for f in common::files_under(&s.path(&dir))
            .into_iter()
            .filter(|f| f.ends_with(".html") && !f.ends_with("embed.html"))
        {
            let page = s.read(&format!("{dir}/{f}"));
            assert!(
                page.contains("<form class=\"site-search\" role=\"search\" hidden"),
                "{f}"
            );
            assert!(
                page.contains("assets&#x2F;search.js\" defer></script>")
                    || page.contains("assets/search.js\" defer></script>"),
                "{f}"
            );
        }
    }
    // The trust's pages search its schools' own indexes (no text written twice), nothing of
    // another trust's; the site's index page searches every school with something published.
    let sources = |file: &str| -> Vec<serde_json::Value> {
        let text = s.read(file);
        serde_json::from_str(
            text.trim()
                .trim_start_matches("window.policyforgeSearchSources = ")
                .trim_end_matches(';'),
        )
        .unwrap()
    };
    let cdat = sources("site/trusts/cdat/search-sources.js");
    let keys: Vec<&str> = cdat.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"wybunbury-delves"), "{keys:?}");
    assert!(!keys.contains(&"kestrel-vale-academy"));
    for source in &cdat {
        let key = source["key"].as_str().unwrap();
        assert_eq!(
            source["index"],
            format!("schools/{key}/assets/search-index.js")
        );
        assert_eq!(source["base"], format!("schools/{key}/"));
        assert!(
            s.path(&format!("site/{}", source["index"].as_str().unwrap()))
                .is_file()
        );
    }
    let trust_page = s.read("site/trusts/cdat/index.html");
    assert!(
        trust_page.contains(
            "data-index=\"../../trusts/cdat/search-sources.js\" data-base=\"../../\" data-sources"
        ),
        "{trust_page}"
    );
    let all = sources("site/assets/search-sources.js");
    // Seven schools publish a social media policy; Alderbeck publishes only CMAT's trust-wide
    // charging and remissions policy.
    assert_eq!(all.len(), 8, "every school with a published policy");
    assert!(!s.path("site/trusts/cdat/search-index.js").exists());
}

#[test]
fn a_theme_made_before_fragments_existed_still_gets_them() {
    // A repository started by an older `policyforge init` has no embed.html template.
    let s = Sample::new("web-old-theme");
    std::fs::remove_file(s.path("themes/default/templates/embed.html")).unwrap();
    s.run(&["build", "{dir}"]).ok();
    let embed = s.read("site/schools/kestrel-vale-academy/social-media/embed.html");
    assert!(embed.starts_with("<div class=\"policyforge-embed\""));
}

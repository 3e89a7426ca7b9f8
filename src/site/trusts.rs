//! The site's index and each trust's pages: model policies, dashboard and calendar (the model
//! previews are `preview.rs`).

use serde_json::json;

use crate::analysis::{Terms, TrustFacts};
use crate::dates;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Ethos, ModelPolicy, ModelStatus, Trust};
use crate::workflow::calendar;

use super::dashboard;
use super::pages::crumb;
use super::search::SearchBox;
use super::{Files, SiteContext};

/// The search of a trust's pages: its schools' own indexes, listed in
/// `trusts/<trust>/search-sources.js`.
/// `up` leads from the page to the site's root.
pub(super) fn trust_search(up: &str, trust: &Trust) -> SearchBox {
    SearchBox {
        key: None,
        index: format!("{up}trusts/{}/search-sources.js", trust.id()),
        sources: true,
        base: up.to_string(),
        script: format!("{up}assets/search.js"),
        label: format!("Search the policies of {}'s schools", trust.short_name),
    }
}

/// The site's home page: every trust and its schools, and the schools outside any trust.
pub fn build_index(ctx: &SiteContext<'_>) -> Result<Files, Diagnostic> {
    let project = ctx.project;
    let school_entry = |s: &crate::model::School| json!({"name": s.name.value, "href": format!("schools/{}/index.html", s.id), "published": ctx.analysis.published_policies(&s.id)});
    let trusts: Vec<_> = project
        .trusts
        .iter()
        .map(|t| {
            json!({
                "id": t.id(),
                "name": t.name,
                "href": format!("trusts/{}/index.html", t.id()),
                "ethos": t.ethos.as_ref().map(|e| e.for_site().text),
                "schools": project.schools.iter().filter(|s| s.trust_id() == Some(t.id())).map(school_entry).collect::<Vec<_>>(),
            })
        })
        .collect();
    let independents: Vec<_> = project
        .schools
        .iter()
        .filter(|s| s.trust_id().is_none())
        .map(school_entry)
        .collect();
    // The header carries the site's title; the page's own heading says what it lists.
    let mut frame = ctx.frame(
        "index",
        "Trusts and schools",
        "assets/default.css".to_string(),
    );
    frame.org_link = Some("index.html".to_string());
    frame.feeds = project
        .trusts
        .iter()
        .filter_map(|t| ctx.feeds.trust_link(t, &format!("trusts/{}/", t.id())))
        .collect();
    let approvers = approvers(ctx);
    frame.description = format!(
        "The published policies of {} schools in {} trusts, each the version {} approved.",
        project.schools.len(),
        project.trusts.len(),
        approvers
    );
    frame.search = Some(SearchBox {
        key: None,
        index: "assets/search-sources.js".to_string(),
        sources: true,
        base: String::new(),
        script: "assets/search.js".to_string(),
        label: "Search every school's policies".to_string(),
    });
    let page = json!({"trusts": trusts, "independents": independents, "school_count": project.schools.len(), "approvers": approvers});
    let html = ctx.pages.render("default", "index.html", &frame, page)?;
    let mut files = Files::default();
    files.add("index.html", html);
    Ok(files)
}

/// A trust's pages: its models and schools, its dashboard and calendar, its model previews.
pub fn build_trust(ctx: &SiteContext<'_>, facts: &TrustFacts) -> Result<Files, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut site = Files::default();
    let project = ctx.project;
    let trust: &Trust = &facts.trust;
    let terms = &facts.terms;
    let dir = format!("trusts/{}", trust.id());
    let theme = &ctx.theme(&facts.theme).name;
    let css = format!("../../assets/{theme}.css");
    let logo = ctx.analysis.logos.trusts.get(trust.id());
    if let Some(l) = logo {
        site.add(format!("{dir}/{}", l.file_name), l.bytes.clone());
    }
    let base_frame = |page_type: &'static str, title: String, css: String| {
        trust_frame(ctx, trust, page_type, title, css)
    };
    let models: Vec<&ModelPolicy> = project.models_of(trust.id()).collect();
    let schools: Vec<_> = project
        .schools
        .iter()
        .filter(|s| s.trust_id() == Some(trust.id()))
        .map(|s| json!({"name": s.name.value, "href": format!("../../schools/{}/index.html", s.id), "published": ctx.analysis.published_policies(&s.id)}))
        .collect();
    let model_rows: Vec<_> = models
        .iter()
        .map(|m| {
            let record = m.record_of(m.version());
            json!({
                "title": m.meta.title,
                "href": format!("models/{}.html", m.id()),
                "version": m.version(),
                "status": if record.is_some_and(|r| r.status == ModelStatus::Agreed) { "agreed" } else { "draft" },
                "agreed": record.and_then(|r| r.agreed_on.as_ref()).and_then(|d| dates::parse(&d.value)).map_or("not yet agreed".to_string(), dates::british),
                "cycle": m.meta.review_cycle_months,
                "tier_words": m.tier().describe(),
            })
        })
        .collect();
    let mut frame = base_frame(
        "trust",
        "Model policies and schools".to_string(),
        css.clone(),
    );
    frame.org_link = Some("index.html".to_string());
    frame.crumbs = vec![crumb("All trusts", Some("../../index.html"))];
    frame.feeds.extend(ctx.feeds.trust_link(trust, ""));
    frame.description = format!(
        "The model policies of {}, its schools' published policies and where each school stands with its reviews.",
        trust.name
    );
    frame.search = Some(trust_search("../../", trust));
    let trust_wide = super::schedule::trust_wide_json(ctx, facts);
    let page = json!({"trust": trust_json(trust, terms), "models": model_rows, "schools": schools, "feed": frame.feeds.first(), "trust_wide": trust_wide});
    match ctx.pages.render(theme, "trust.html", &frame, page) {
        Ok(html) => site.add(format!("{dir}/index.html"), html),
        Err(d) => problems.push(d),
    }

    let review = (
        project.book.review.due_soon_days,
        project.book.review.stalled_days,
    );
    for by in dashboard::GroupBy::ALL {
        let mut frame = under_trust_page(
            ctx,
            trust,
            "dashboard",
            format!("Policy dashboard: {}", trust.short_name),
            css.clone(),
        );
        frame.description = format!(
            "Where every school of {} stands with each policy: stage, versions, review dates and the officer's comments.",
            trust.name
        );
        frame.search = Some(trust_search("../../", trust));
        let mut page = dashboard::page(facts, by, ctx.options.today, review);
        page["compliance"] = super::compliance::dashboard_section(ctx.analysis, trust.id());
        match ctx.pages.render(theme, "dashboard.html", &frame, page) {
            Ok(html) => site.add(format!("{dir}/{}", by.file()), html),
            Err(d) => problems.push(d),
        }
    }
    let board: Vec<_> = ctx.analysis.schedule_of(trust.id()).collect();
    site.add(
        format!("{dir}/reviews.ics"),
        calendar::feed_with_board(
            &trust.name,
            &terms.local_body,
            &facts.status,
            &board,
            Some(terms),
        ),
    );
    super::schedule::build(ctx, facts, &mut site, &mut problems);

    super::preview::build_previews(ctx, facts, &base_frame, &mut site, &mut problems);
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(site)
    }
}

/// The frame of a page in the trust's folder below its home page (dashboard, schedule): the
/// trust's frame, with the trust's home in the breadcrumbs and the trust's feed.
pub(super) fn under_trust_page(
    ctx: &SiteContext<'_>,
    trust: &Trust,
    page_type: &'static str,
    title: String,
    css: String,
) -> super::pages::Frame {
    let mut frame = trust_frame(ctx, trust, page_type, title, css);
    frame.org_link = Some("index.html".to_string());
    frame.crumbs = vec![
        crumb("All trusts", Some("../../index.html")),
        crumb(trust.short_name.clone(), Some("index.html")),
    ];
    frame.feeds.extend(ctx.feeds.trust_link(trust, ""));
    frame
}

/// The frame of a trust's pages: its name, logo, ethos and footer. `css` leads from the page to
/// the site's stylesheets (the page is in the trust's folder or one below it).
pub(super) fn trust_frame(
    ctx: &SiteContext<'_>,
    trust: &Trust,
    page_type: &'static str,
    title: String,
    css: String,
) -> super::pages::Frame {
    let logo = ctx.analysis.logos.trusts.get(trust.id());
    let mut f = ctx.frame(page_type, title, css.clone());
    // The logo sits in the trust's folder; the page is in it or one below (models/).
    let up = if css.starts_with("../../../") {
        "../"
    } else {
        ""
    };
    f.logo = logo.map(|l| super::logo_image(l, &format!("{up}{}", l.file_name)));
    f.org_name = trust.name.clone();
    f.site_name = trust.name.clone();
    f.ethos = trust.ethos.as_ref().map(Ethos::for_site);
    f.footer_text = match &trust.company_number {
        Some(n) => format!(
            "{} is a company limited by guarantee registered in England (no. {n}).",
            trust.name
        ),
        None => trust.name.clone(),
    };
    f
}

fn trust_json(trust: &Trust, terms: &Terms) -> serde_json::Value {
    json!({
        "short_name": trust.short_name,
        "company_number": trust.company_number,
        "board": terms.board,
        "local_body": terms.local_body,
        "local_body_short": terms.local_body_short,
    })
}

/// Who approved the versions the site index lists: the one local body every school shares, in
/// its trust's words ("its Local Academy Council"), or words that fit every trust's.
fn approvers(ctx: &SiteContext<'_>) -> String {
    let mut bodies = ctx.analysis.schools.iter().map(|s| &s.terms.local_body);
    match bodies.next() {
        Some(first) if bodies.all(|b| b == first) => format!("its {first}"),
        _ => "its governors".to_string(),
    }
}

//! The site builder: the one place that knows every page, PDF and feed the site holds.
//!
//! It turns a validated project into an in-memory map of files; `publish` writes them.

pub mod crawlers;
pub mod documents;
pub mod embed;
pub mod feed;
pub mod manifest;
pub mod pages;
pub mod schools;
pub mod search;
pub mod trusts;
pub mod webfonts;

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::model::{Ethos, Trust};
use crate::theme::Theme;
use crate::validate::Checked;
use manifest::Manifest;
use pages::{Frame, Pages};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Also build unapproved adoptions, into `drafts/`, marked DRAFT.
    pub drafts: bool,
    pub today: Date,
}

/// Every file of the site, by path relative to the site's root.
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Things the build wants its user to know that are not problems (e.g. why there are no feeds).
    pub notes: Vec<String>,
}

impl SiteFiles {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

/// What every page builder needs to hand.
pub struct SiteContext<'a> {
    pub checked: &'a Checked<'a>,
    pub project: &'a Project,
    pub pages: Pages,
    pub options: &'a BuildOptions,
    pub fonts: crate::typeset::Fonts,
    pub feeds: feed::Feeds,
}

impl<'a> SiteContext<'a> {
    pub fn theme_of(&self, trust: Option<&Trust>) -> &'a Theme {
        let name = trust.map_or("default", Trust::theme_name);
        self.project
            .theme(name)
            .or_else(|| self.project.theme("default"))
            .unwrap_or(&self.project.themes[0])
    }

    /// A frame for a page inside a school's self-contained folder: `root` leads to the folder,
    /// whose home page and stylesheet every such page links to.
    pub fn school_frame(
        &self,
        page_type: &'static str,
        title: impl Into<String>,
        (school_id, school_name): (&str, &str),
        root: &str,
        trust: Option<&Trust>,
    ) -> Frame {
        let mut frame = self.frame(page_type, title, format!("{root}assets/style.css"));
        frame.site_name = school_name.to_string();
        frame.org_name = school_name.to_string();
        frame.org_link = Some(format!("{root}index.html"));
        frame.ethos = trust.and_then(|t| t.ethos.as_ref()).map(Ethos::for_site);
        frame.feeds = self
            .feeds
            .school_link(school_id, school_name, root)
            .into_iter()
            .collect();
        frame.search = Some(search::SearchBox::in_folder(
            root,
            school_id,
            "Search this school's policies",
        ));
        frame.logo = self
            .checked
            .logos
            .for_school(school_id, trust.map(Trust::id))
            .map(|logo| logo_image(logo, &format!("{root}assets/{}", logo.file_name)));
        frame
    }

    /// A frame with the site's defaults; callers fill in the rest.
    pub fn frame(&self, page_type: &'static str, title: impl Into<String>, css: String) -> Frame {
        // The icon lives beside the stylesheet, in the folder's `assets/`.
        let favicon = match css.rsplit_once('/') {
            Some((assets, _)) => format!("{assets}/favicon.svg"),
            None => "favicon.svg".to_string(),
        };
        Frame {
            lang: self.project.book.book.language.clone(),
            page_type,
            title: title.into(),
            site_name: self.project.book.book.title.clone(),
            css,
            org_name: self.project.book.book.title.clone(),
            org_link: None,
            crumbs: Vec::new(),
            draft: false,
            noindex: false,
            ethos: None,
            footer_text: "Published with policyforge.".to_string(),
            feeds: Vec::new(),
            description: String::new(),
            favicon,
            logo: None,
            search: None,
        }
    }
}

/// The stylesheet of a theme: its colours as CSS variables, then its rules. The colours were
/// read once into `Colour` values, so nothing but `#rrggbb` reaches the CSS.
pub fn stylesheet(theme: &Theme) -> String {
    format!(
        ":root {{ --primary: {}; --accent: {}; }}\n{}",
        theme.colours.primary.hex(),
        theme.colours.accent.hex(),
        theme.css
    )
}

/// A logo as the page header shows it: 52 CSS pixels high.
pub fn logo_image(logo: &crate::logo::Logo, src: &str) -> pages::LogoImage {
    let (width, height) = logo.html_size(52);
    pages::LogoImage {
        src: src.to_string(),
        alt: logo.alt(),
        width,
        height,
    }
}

/// Writes what every school folder (or its drafts folder) `dir` holds in `assets/`: the
/// stylesheet, the icon and the logo.
pub fn folder_assets(
    ctx: &SiteContext<'_>,
    school: &crate::model::School,
    dir: &str,
    site: &mut SiteFiles,
) {
    let trust = school.trust_id().and_then(|t| ctx.project.trust(t));
    let theme = ctx.theme_of(trust);
    webfonts::add_stylesheet(site, &format!("{dir}/assets/style.css"), theme);
    let logo = ctx.checked.logos.for_school(&school.id, school.trust_id());
    if let Some(logo) = logo {
        site.add(
            format!("{dir}/assets/{}", logo.file_name),
            logo.bytes.clone(),
        );
    }
    // A vector logo is the best icon; else a page on the brand colour.
    let icon = match logo.map(|l| &l.art) {
        Some(crate::logo::Art::Vector(drawing)) => drawing.to_svg(),
        _ => favicon(theme.colours.primary),
    };
    site.add(format!("{dir}/assets/favicon.svg"), icon);
}

/// The icon browsers show in a tab: a page with lines of text, on the brand colour.
pub fn favicon(primary: crate::theme::Colour) -> String {
    let colour = primary.hex();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"{colour}\"/><path d=\"M9 5h10l5 5v17H9z\" fill=\"#fff\"/><path d=\"M12 14h9M12 18h9M12 22h6\" stroke=\"{colour}\" stroke-width=\"2\"/></svg>\n"
    )
}

/// Builds every file of the site in memory.
pub fn build(checked: &Checked<'_>, options: &BuildOptions) -> Result<SiteFiles, Diagnostics> {
    let project = checked.project;
    let pages = Pages::new(&project.themes)?;
    let feeds = feed::Feeds::plan(checked);
    let ctx = SiteContext {
        checked,
        project,
        pages,
        options,
        fonts: crate::typeset::Fonts::bundled().map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(
                "themes/fonts",
                crate::diagnostic::Position::default(),
                format!("cannot load the bundled fonts: {e}"),
            ));
            d
        })?,
        feeds,
    };
    let mut site = SiteFiles::default();
    let mut manifest = Manifest::default();
    let mut problems = Diagnostics::default();
    for theme in &project.themes {
        webfonts::add_stylesheet(&mut site, &format!("assets/{}.css", theme.name), theme);
    }
    let default_primary = project
        .theme("default")
        .map_or_else(crate::theme::Colours::default, |t| t.colours)
        .primary;
    site.add("assets/favicon.svg", favicon(default_primary));
    site.add("assets/search.js", search::SCRIPT);
    // The schools whose folders have something to search, for the trusts' and the site's search:
    // those pages load the schools' own index files, so no text is written twice.
    let mut sources: Vec<(Option<&str>, search::Source)> = Vec::new();
    for school in &project.schools {
        match schools::build_school(&ctx, school, &mut site, &mut manifest) {
            Ok(entries) if !entries.is_empty() => sources.push((
                school.trust_id(),
                search::Source {
                    key: school.id.clone(),
                    index: format!("schools/{}/assets/search-index.js", school.id),
                    base: format!("schools/{}/", school.id),
                    label: school.name.value.clone(),
                },
            )),
            Ok(_) => {}
            Err(d) => problems.extend(d),
        }
    }
    for trust in &project.trusts {
        let of_trust: Vec<search::Source> = sources
            .iter()
            .filter(|(t, _)| *t == Some(trust.id()))
            .map(|(_, s)| s.clone())
            .collect();
        site.add(
            format!("trusts/{}/search-sources.js", trust.id()),
            search::sources_script(&of_trust),
        );
        if let Err(d) = trusts::build_trust(&ctx, trust, &mut site) {
            problems.extend(d);
        }
    }
    let all: Vec<search::Source> = sources.into_iter().map(|(_, s)| s).collect();
    site.add("assets/search-sources.js", search::sources_script(&all));
    if let Err(d) = trusts::build_index(&ctx, &manifest, &mut site) {
        problems.push(d);
    }
    if problems.has_errors() {
        return Err(problems);
    }
    ctx.feeds.write(checked, &mut site);
    manifest.sort();
    crawlers::add_to(&mut site, project.book.build.base_url.as_deref());
    site.add("manifest.json", manifest.to_json(&site));
    Ok(site)
}

//! The site builder: the one place that knows every page, PDF and feed the site holds.
//!
//! It turns a validated project into an in-memory map of files; `publish` writes them.

pub mod crawlers;
pub mod documents;
pub mod embed;
pub mod feed;
pub mod leaflet;
pub mod manifest;
pub mod pages;
pub mod policies;
pub mod schools;
pub mod search;
pub mod trusts;
pub mod versions;
pub mod webfonts;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::analysis::{Analysis, Checked, SchoolFacts};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::logo::Logo;
use crate::model::{Ethos, Trust};
use crate::theme::{Branding, Theme};
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

    /// Adds what one output or build unit made; a later file of the same path wins.
    pub fn extend(&mut self, files: Files) {
        self.files.extend(files.0);
    }
}

/// The files one output or build unit made, by path relative to the site's root, in the order
/// it made them. A unit returns its own, so units need no shared mutable state.
#[derive(Debug, Default)]
pub struct Files(pub Vec<(String, Vec<u8>)>);

impl Files {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.0.push((path.into(), bytes.into()));
    }

    pub fn append(&mut self, mut other: Files) {
        self.0.append(&mut other.0);
    }
}

/// What every page builder needs to hand: the publication model and the shared renderers.
/// Builders only read it, so school units can run side by side.
pub struct SiteContext<'a> {
    pub project: &'a Project,
    pub analysis: &'a Analysis,
    pub pages: Pages,
    pub options: &'a BuildOptions,
    pub fonts: crate::typeset::Fonts,
    pub feeds: feed::Feeds,
}

impl<'a> SiteContext<'a> {
    /// The theme (its templates and stylesheet) a publication's branding names.
    pub fn theme(&self, branding: &Branding) -> &'a Theme {
        self.project
            .theme(&branding.name)
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
            .analysis
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
pub fn folder_assets(ctx: &SiteContext<'_>, school: &SchoolFacts, dir: &str, out: &mut Files) {
    let theme = ctx.theme(&school.theme);
    webfonts::add_stylesheet(out, &format!("{dir}/assets/style.css"), theme);
    let logo: Option<&Arc<Logo>> = school.logo.as_ref();
    if let Some(logo) = logo {
        out.add(
            format!("{dir}/assets/{}", logo.file_name),
            logo.bytes.clone(),
        );
    }
    // A vector logo is the best icon; else a page on the brand colour.
    let icon = match logo.map(|l| &l.art) {
        Some(crate::logo::Art::Vector(drawing)) => drawing.to_svg(),
        _ => favicon(school.theme.colours.primary),
    };
    out.add(format!("{dir}/assets/favicon.svg"), icon);
}

/// The icon browsers show in a tab: a page with lines of text, on the brand colour.
pub fn favicon(primary: crate::theme::Colour) -> String {
    let colour = primary.hex();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"{colour}\"/><path d=\"M9 5h10l5 5v17H9z\" fill=\"#fff\"/><path d=\"M12 14h9M12 18h9M12 22h6\" stroke=\"{colour}\" stroke-width=\"2\"/></svg>\n"
    )
}

/// Builds every file of the site in memory from the validated project (analysing it first).
pub fn build(checked: &Checked<'_>, options: &BuildOptions) -> Result<SiteFiles, Diagnostics> {
    let analysis = crate::analysis::analyse(checked, options.today);
    render(checked.project, &analysis, options)
}

/// Builds every file of the site in memory from the publication model.
pub fn render(
    project: &Project,
    analysis: &Analysis,
    options: &BuildOptions,
) -> Result<SiteFiles, Diagnostics> {
    let pages = Pages::new(&project.themes)?;
    let feeds = feed::Feeds::plan(project, analysis);
    let ctx = SiteContext {
        project,
        analysis,
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
    let mut problems = Diagnostics::default();
    let mut shared = Files::default();
    for theme in &project.themes {
        webfonts::add_stylesheet(&mut shared, &format!("assets/{}.css", theme.name), theme);
    }
    shared.add(
        "assets/favicon.svg",
        favicon(analysis.default_theme.colours.primary),
    );
    shared.add("assets/search.js", search::SCRIPT);
    site.extend(shared);
    // Each school is one unit that returns its own files; they are gathered in school order.
    let units: Vec<_> = analysis
        .schools
        .iter()
        .map(|school| (school, schools::build_school(&ctx, school)))
        .collect();
    let mut documents = Vec::new();
    // The schools whose folders have something to search, for the trusts' and the site's search:
    // those pages load the schools' own index files, so no text is written twice.
    let mut sources: Vec<(Option<&str>, search::Source)> = Vec::new();
    for (school, unit) in units {
        match unit {
            Ok(output) => {
                if !output.search.is_empty() {
                    sources.push((
                        school.school.trust_id(),
                        search::Source {
                            key: school.school.id.clone(),
                            index: format!("schools/{}/assets/search-index.js", school.school.id),
                            base: format!("schools/{}/", school.school.id),
                            label: school.school.name.value.clone(),
                        },
                    ));
                }
                site.extend(output.files);
                documents.extend(output.documents);
            }
            Err(d) => problems.extend(d),
        }
    }
    for trust in &analysis.trusts {
        let of_trust: Vec<search::Source> = sources
            .iter()
            .filter(|(t, _)| *t == Some(trust.trust.id()))
            .map(|(_, s)| s.clone())
            .collect();
        site.add(
            format!("trusts/{}/search-sources.js", trust.trust.id()),
            search::sources_script(&of_trust),
        );
        match trusts::build_trust(&ctx, trust) {
            Ok(files) => site.extend(files),
            Err(d) => problems.extend(d),
        }
    }
    let all: Vec<search::Source> = sources.into_iter().map(|(_, s)| s).collect();
    site.add("assets/search-sources.js", search::sources_script(&all));
    match trusts::build_index(&ctx) {
        Ok(files) => site.extend(files),
        Err(d) => problems.push(d),
    }
    if problems.has_errors() {
        return Err(problems);
    }
    match ctx.feeds.render(project, analysis) {
        Ok(files) => site.extend(files),
        Err(note) => site.notes.push(note),
    }
    let mut manifest = manifest::Manifest { documents };
    manifest.sort();
    crawlers::add_to(&mut site, project.book.build.base_url.as_deref());
    site.add("manifest.json", manifest.to_json(&site));
    Ok(site)
}

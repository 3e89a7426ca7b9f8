//! The site builder: the one place that knows every page, PDF and feed the site holds.
//!
//! It turns a validated project into an in-memory map of files; `publish` writes them.

pub mod documents;
pub mod feed;
pub mod manifest;
pub mod pages;
pub mod schools;
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
        frame
    }

    /// A frame with the site's defaults; callers fill in the rest.
    pub fn frame(&self, page_type: &'static str, title: impl Into<String>, css: String) -> Frame {
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
    for school in &project.schools {
        if let Err(d) = schools::build_school(&ctx, school, &mut site, &mut manifest) {
            problems.extend(d);
        }
    }
    for trust in &project.trusts {
        if let Err(d) = trusts::build_trust(&ctx, trust, &mut site) {
            problems.extend(d);
        }
    }
    if let Err(d) = trusts::build_index(&ctx, &manifest, &mut site) {
        problems.push(d);
    }
    if problems.has_errors() {
        return Err(problems);
    }
    ctx.feeds.write(checked, &mut site);
    manifest.sort();
    site.add("manifest.json", manifest.to_json(&site));
    Ok(site)
}

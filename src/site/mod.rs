//! The site builder: the one place that knows every page, PDF and feed the site holds.
//!
//! It turns a validated project into an in-memory map of files; `publish` writes them.

pub mod changes;
pub mod compliance;
pub mod crawlers;
pub mod dashboard;
pub mod documents;
pub mod embed;
pub mod feed;
pub mod keys;
pub mod last_build;
pub mod leaflet;
pub mod manifest;
pub mod pages;
pub mod policies;
pub mod preview;
pub mod schedule;
pub mod schools;
pub mod search;
pub mod store;
pub mod trusts;
pub mod versions;
pub mod webfonts;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::analysis::{Analysis, Checked, SchoolFacts};
use crate::cache::CachedFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Project;
use crate::logo::Logo;
use crate::model::{Ethos, Trust};
use crate::theme::{Branding, Theme};
use pages::{Frame, Pages};
use store::{Kept, Store};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Also build unapproved adoptions, into `drafts/`, marked DRAFT.
    pub drafts: bool,
    pub today: Date,
    /// Build only this trust's schools and pages (one job of a sharded build).
    pub trust: Option<String>,
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
    /// Where the files go, and the cache of PDFs already made.
    pub store: &'a Store,
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
    let store = Store::memory();
    let index = render_into(project, analysis, options, &store, &NoProgress, None)?;
    let mut files = store.into_memory();
    // Only what this build listed: the store holds nothing else, but be exact.
    files.retain(|path, _| index.files.contains_key(path));
    Ok(SiteFiles {
        files,
        notes: index.notes,
    })
}

/// What a build made: every file of the site by path, its bytes kept by the [`Store`].
#[derive(Debug, Default)]
pub struct SiteIndex {
    pub files: BTreeMap<String, CachedFile>,
    pub notes: Vec<String>,
    /// Schools whose folders came unchanged from the cache, and schools made afresh.
    pub reused: usize,
    pub made: usize,
}

impl SiteIndex {
    fn add(&mut self, kept: Kept) {
        for file in kept {
            self.files.insert(file.path.clone(), file);
        }
    }

    pub fn count(&self, suffix: &str) -> usize {
        self.files.keys().filter(|k| k.ends_with(suffix)).count()
    }
}

/// Told how far a build has gone, one school at a time (a progress bar, or nothing).
pub trait Progress: Sync {
    fn start(&self, units: usize);
    fn done_one(&self);
}

pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn done_one(&self) {}
}

/// What a school unit hands back besides its files, kept with them in the cache.
#[derive(serde::Serialize, serde::Deserialize)]
struct UnitFacts {
    documents: Vec<manifest::Document>,
    searchable: bool,
}

/// Builds the site into `store`: every school is one unit, made on all the threads of the
/// current rayon pool (or taken unchanged from the cache), gathered in school order, so the
/// result is the same whatever the number of threads. Only digests stay in memory.
pub fn render_into(
    project: &Project,
    analysis: &Analysis,
    options: &BuildOptions,
    store: &Store,
    progress: &dyn Progress,
    digests: Option<keys::FileDigests>,
) -> Result<SiteIndex, Diagnostics> {
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
        store,
    };
    let write_failed = |e: std::io::Error| {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(
                crate::cache::DIR,
                crate::diagnostic::Position::default(),
                format!("cannot keep the built files: {e}"),
            )
            .with_hint("check that the repository's folder is writable and the disk is not full"),
        );
        d
    };
    let mut index = SiteIndex::default();
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
    index.add(store.keep(shared).map_err(write_failed)?);
    let in_shard = |trust: Option<&str>| {
        options
            .trust
            .as_deref()
            .is_none_or(|only| trust == Some(only))
    };
    let schools: Vec<&SchoolFacts> = analysis
        .schools
        .iter()
        .filter(|s| in_shard(s.school.trust_id()))
        .collect();
    progress.start(schools.len());
    let keys = keys::Inputs::new(project, options, digests);
    let shard_trusts: Vec<_> = analysis
        .trusts
        .iter()
        .filter(|t| in_shard(Some(t.trust.id())))
        .collect();
    let whole_site = options.trust.is_none();
    // Each school is one unit that returns its own files; they are gathered in school order.
    // The trusts' pages, the site's home page and its feeds read only the analysis, so they are
    // made beside the schools' units, not after them; every file is gathered in the same order.
    let (units, (trust_pages, home, feed_files)) = rayon::join(
        || {
            use rayon::prelude::*;
            schools
                .par_iter()
                .map(|school| {
                    let unit = school_unit(&ctx, &keys, school);
                    progress.done_one();
                    unit
                })
                .collect::<Vec<_>>()
        },
        || {
            use rayon::prelude::*;
            let pages: Vec<_> = shard_trusts
                .par_iter()
                .map(|trust| trusts::build_trust(&ctx, trust))
                .collect();
            let home = whole_site.then(|| trusts::build_index(&ctx));
            let feeds = whole_site.then(|| ctx.feeds.render(project, analysis));
            (pages, home, feeds)
        },
    );
    let mut documents = Vec::new();
    // The schools whose folders have something to search, for the trusts' and the site's search:
    // those pages load the schools' own index files, so no text is written twice.
    let mut sources: Vec<(Option<&str>, search::Source)> = Vec::new();
    for (school, unit) in schools.iter().zip(units) {
        match unit {
            Ok((kept, facts, reused)) => {
                if reused {
                    index.reused += 1;
                } else {
                    index.made += 1;
                }
                if facts.searchable {
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
                index.add(kept);
                documents.extend(facts.documents);
            }
            Err(d) => problems.extend(d),
        }
    }
    let mut site = Files::default();
    for (trust, pages) in shard_trusts.iter().zip(trust_pages) {
        let of_trust: Vec<search::Source> = sources
            .iter()
            .filter(|(t, _)| *t == Some(trust.trust.id()))
            .map(|(_, s)| s.clone())
            .collect();
        site.add(
            format!("trusts/{}/search-sources.js", trust.trust.id()),
            search::sources_script(&of_trust),
        );
        match pages {
            Ok(files) => site.append(files),
            Err(d) => problems.extend(d),
        }
    }
    let all: Vec<search::Source> = sources.into_iter().map(|(_, s)| s).collect();
    site.add("assets/search-sources.js", search::sources_script(&all));
    match home {
        Some(Ok(files)) => site.append(files),
        Some(Err(d)) => problems.push(d),
        None => index.notes.push(
            "one trust's shard: the site's home page and feeds are made by the build of the whole site"
                .to_string(),
        ),
    }
    if problems.has_errors() {
        return Err(problems);
    }
    match feed_files {
        Some(Ok(files)) => site.append(files),
        Some(Err(note)) => index.notes.push(note),
        None => {}
    }
    index.add(store.keep(site).map_err(write_failed)?);
    let crawl = crawlers::files(
        index.files.keys().map(String::as_str),
        project.book.build.base_url.as_deref(),
    );
    index.add(store.keep(crawl).map_err(write_failed)?);
    let mut manifest = manifest::Manifest { documents };
    manifest.sort();
    let json = manifest.to_json(|path| index.files.get(path).map(|f| f.digest.hex()));
    let mut last = Files::default();
    last.add("manifest.json", json);
    index.add(store.keep(last).map_err(write_failed)?);
    Ok(index)
}

/// One school's folder: from the cache when its inputs are unchanged, else made and kept.
fn school_unit(
    ctx: &SiteContext<'_>,
    keys: &keys::Inputs,
    school: &SchoolFacts,
) -> Result<(Kept, UnitFacts, bool), Diagnostics> {
    let dated: String = ctx
        .analysis
        .compliance_of(&school.school.id)
        .map(|c| {
            c.rows
                .iter()
                .map(|r| format!("{}={};", r.policy, r.state.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let key = keys.school_with(school, &dated);
    if let Some(unit) = ctx.store.unit(&key)
        && let Ok(facts) = serde_json::from_value::<UnitFacts>(unit.extra.clone())
    {
        return Ok((unit.files, facts, true));
    }
    let output = schools::build_school(ctx, school)?;
    let facts = UnitFacts {
        documents: output.documents,
        searchable: !output.search.is_empty(),
    };
    let kept = ctx.store.keep(output.files).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(
                crate::cache::DIR,
                crate::diagnostic::Position::default(),
                format!("cannot keep the files of {}: {e}", school.school.name.value),
            )
            .with_hint("check that the repository's folder is writable and the disk is not full"),
        );
        d
    })?;
    if let Ok(extra) = serde_json::to_value(&facts) {
        ctx.store.record(
            &key,
            &crate::cache::Unit {
                files: kept.clone(),
                extra,
            },
        );
    }
    Ok((kept, facts, false))
}

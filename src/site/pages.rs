//! Renders page templates of a theme with Tera; values are escaped by Tera's HTML autoescape.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::model::EthosStatement;
use crate::theme::Theme;

/// The parts every page has: what `base.html` needs.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub lang: String,
    pub page_type: &'static str,
    pub title: String,
    pub site_name: String,
    pub css: String,
    pub org_name: String,
    pub org_link: Option<String>,
    pub crumbs: Vec<Crumb>,
    pub draft: bool,
    pub noindex: bool,
    pub ethos: Option<EthosStatement>,
    pub footer_text: String,
    /// Atom feeds this page offers (`<link rel="alternate">` in its head).
    pub feeds: Vec<FeedLink>,
    /// One sentence for `<meta name="description">` and search engines' snippets.
    pub description: String,
    /// The icon, relative to the page.
    pub favicon: String,
    /// The logo drawn in the header, if the school or trust has one.
    pub logo: Option<LogoImage>,
    /// The search form, where the page has an index to search.
    pub search: Option<super::search::SearchBox>,
}

/// A logo image on a page: where it is and what it says.
#[derive(Debug, Clone, Serialize)]
pub struct LogoImage {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

pub fn crumb(label: impl Into<String>, href: Option<&str>) -> Crumb {
    Crumb {
        label: label.into(),
        href: href.map(str::to_string),
    }
}

/// Templates a theme may lack because it was made before they existed (a repository started by
/// an older `policyforge init`): the built-in copy is used then.
const BUILT_IN: [(&str, &str); 2] = [
    (
        "embed.html",
        include_str!("../../themes/default/templates/embed.html"),
    ),
    (
        "schedule.html",
        include_str!("../../themes/default/templates/schedule.html"),
    ),
];

pub struct Pages {
    engines: BTreeMap<String, tera::Tera>,
}

impl Pages {
    pub fn new(themes: &[Theme]) -> Result<Pages, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut engines = BTreeMap::new();
        for theme in themes {
            let mut tera = tera::Tera::new();
            tera.autoescape_on([".html"]);
            for (name, (file, source)) in &theme.templates {
                if let Err(e) = tera.add_raw_template(name, source) {
                    problems.push(theme_diagnostic(file, &e));
                }
            }
            for (name, source) in BUILT_IN {
                if !theme.templates.contains_key(name)
                    && let Err(e) = tera.add_raw_template(name, source)
                {
                    problems.push(theme_diagnostic(std::path::Path::new(name), &e));
                }
            }
            engines.insert(theme.name.clone(), tera);
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(Pages { engines })
        }
    }

    /// Renders `template` of `theme` with the frame and the page's own values merged.
    pub fn render(
        &self,
        theme: &str,
        template: &str,
        frame: &Frame,
        page: Value,
    ) -> Result<String, Diagnostic> {
        let tera = self
            .engines
            .get(theme)
            .or_else(|| self.engines.get("default"))
            .ok_or_else(|| {
                Diagnostic::error("themes", Position::default(), format!("no theme `{theme}`"))
            })?;
        let mut values = serde_json::to_value(frame).unwrap_or(Value::Null);
        if let (Value::Object(base), Value::Object(extra)) = (&mut values, page) {
            base.extend(extra);
        }
        let context = tera::Context::from_serialize(&values).map_err(|e| {
            Diagnostic::error(
                "themes",
                Position::default(),
                format!("cannot prepare the page: {e}"),
            )
        })?;
        tera.render(template, &context).map_err(|e| {
            let file = format!("themes/{theme}/templates/{template}");
            theme_diagnostic(std::path::Path::new(&file), &e)
        })
    }
}

fn theme_diagnostic(file: &std::path::Path, e: &tera::Error) -> Diagnostic {
    let (message, at) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.message().to_string(),
            Position::new(r.span().start_line, r.span().start_col + 1),
        ),
        other => (other.to_string(), Position::new(1, 1)),
    };
    Diagnostic::error(file, at, format!("theme template error: {message}"))
        .with_hint("fix the theme template, or delete it to fall back to the default theme's")
}

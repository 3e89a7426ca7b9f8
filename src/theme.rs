//! Themes: Tera page templates, CSS and branding under `themes/<name>/`, each over `default`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::yaml;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    #[serde(default = "default_primary")]
    pub primary: String,
    #[serde(default = "default_accent")]
    pub accent: String,
}

fn default_primary() -> String {
    "#1f4e79".to_string()
}
fn default_accent() -> String {
    "#eef3f8".to_string()
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            primary: default_primary(),
            accent: default_accent(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageSettings {
    #[serde(default = "default_size")]
    pub size: String,
    #[serde(default = "default_margin")]
    pub margin_mm: f32,
}

fn default_size() -> String {
    "A4".to_string()
}
fn default_margin() -> f32 {
    20.0
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            size: default_size(),
            margin_mm: default_margin(),
        }
    }
}

impl PageSettings {
    /// Paper width and height in millimetres.
    pub fn paper_mm(&self) -> (f32, f32) {
        match self.size.to_ascii_uppercase().as_str() {
            "A5" => (148.0, 210.0),
            "LETTER" => (215.9, 279.4),
            _ => (210.0, 297.0),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    colours: Colours,
    #[serde(default)]
    page: PageSettings,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub colours: Colours,
    pub page: PageSettings,
    /// Template name (file name under templates/) -> source; includes the default theme's.
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// The stylesheet: default's, then this theme's additions.
    pub css: String,
}

/// Reads every theme; each one starts from `default` and overrides what it has.
pub fn load_all(root: &Path, problems: &mut Diagnostics) -> Vec<Theme> {
    let dir = root.join("themes");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir() && e.file_name() != "fonts")
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if !names.iter().any(|n| n == "default") {
        problems.push(
            Diagnostic::error(
                "themes/default",
                Position::default(),
                "there is no default theme",
            )
            .with_hint("copy `themes/default` from a new repository made with `policyforge init`"),
        );
        return Vec::new();
    }
    let default = read_theme(root, "default", None, problems);
    let mut themes = vec![default.clone()];
    for name in names.iter().filter(|n| *n != "default") {
        themes.push(read_theme(root, name, Some(&default), problems));
    }
    themes
}

fn read_theme(root: &Path, name: &str, base: Option<&Theme>, problems: &mut Diagnostics) -> Theme {
    let rel = PathBuf::from("themes").join(name);
    let settings_file = rel.join("theme.yaml");
    let settings = if root.join(&settings_file).is_file() {
        yaml::read_text(root, &settings_file)
            .and_then(|t| {
                yaml::parse::<ThemeFile>(&t, &settings_file, 0, "theme.yaml has: name, extends, colours (primary, accent), page (size, margin_mm).")
            })
            .unwrap_or_else(|d| {
                problems.push(d);
                ThemeFile::default()
            })
    } else {
        ThemeFile::default()
    };
    let _ = (&settings.name, &settings.extends);
    let mut templates = base.map(|b| b.templates.clone()).unwrap_or_default();
    let tdir = rel.join("templates");
    if let Ok(entries) = std::fs::read_dir(root.join(&tdir)) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "ics"))
            .collect();
        files.sort();
        for file in files {
            let Some(file_name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let rel_file = tdir.join(file_name);
            match yaml::read_text(root, &rel_file) {
                Ok(text) => {
                    templates.insert(file_name.to_string(), (rel_file, text));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    let mut css = base.map(|b| b.css.clone()).unwrap_or_default();
    let css_file = rel.join("style.css");
    if root.join(&css_file).is_file() {
        match yaml::read_text(root, &css_file) {
            Ok(text) => {
                css.push('\n');
                css.push_str(&text);
            }
            Err(d) => problems.push(d),
        }
    }
    Theme {
        name: name.to_string(),
        colours: settings.colours,
        page: settings.page,
        templates,
        css,
    }
}

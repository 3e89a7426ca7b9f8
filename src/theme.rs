//! Themes: Tera page templates, CSS and branding under `themes/<name>/`, each over `default`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::yaml::{self, nearest};

/// A colour, read once from `theme.yaml` and handed to the HTML, the PDF and the leaflet alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// Reads `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok();
        let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            3 => Some(Colour {
                r: digit(0)? * 17,
                g: digit(1)? * 17,
                b: digit(2)? * 17,
            }),
            6 => Some(Colour {
                r: pair(0)?,
                g: pair(2)?,
                b: pair(4)?,
            }),
            _ => None,
        }
    }

    /// `#rrggbb`, lower case: the only form that reaches a stylesheet.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG contrast ratio with white (1..=21).
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }

    /// The same hue darkened until white text on it reaches `ratio`.
    pub fn darkened_to(self, ratio: f64) -> Colour {
        let mut c = self;
        for step in 1..=100 {
            if c.contrast_with_white() >= ratio {
                break;
            }
            let t = 1.0 - f64::from(step) / 100.0;
            let m = |v: u8| (f64::from(v) * t).round() as u8;
            c = Colour {
                r: m(self.r),
                g: m(self.g),
                b: m(self.b),
            };
        }
        c
    }
}

/// White text sits on the primary colour (headers, buttons, the PDF cover): WCAG AA.
pub const MIN_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colours {
    pub primary: Colour,
    pub accent: Colour,
}

const DEFAULT_PRIMARY: Colour = Colour {
    r: 0x1f,
    g: 0x4e,
    b: 0x79,
};
const DEFAULT_ACCENT: Colour = Colour {
    r: 0xee,
    g: 0xf3,
    b: 0xf8,
};

impl Default for Colours {
    fn default() -> Self {
        Colours {
            primary: DEFAULT_PRIMARY,
            accent: DEFAULT_ACCENT,
        }
    }
}

/// Paper sizes a theme may name, with their width and height in millimetres.
pub const PAPER_SIZES: [(&str, f32, f32); 3] = [
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("Letter", 215.9, 279.4),
];

/// Margins a page may have, in millimetres: enough for a printer, room left for the text.
pub const MARGIN_RANGE: (f32, f32) = (5.0, 40.0);

#[derive(Debug, Clone, PartialEq)]
pub struct PageSettings {
    pub size: String,
    pub margin_mm: f32,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            size: "A4".to_string(),
            margin_mm: 20.0,
        }
    }
}

impl PageSettings {
    /// Paper width and height in millimetres.
    pub fn paper_mm(&self) -> (f32, f32) {
        PAPER_SIZES
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&self.size))
            .map_or((210.0, 297.0), |(_, w, h)| (*w, *h))
    }
}

/// What an output needs of a theme: its name (for its templates), its colours read once into
/// [`Colour`] values, and its page. Every output (page, PDF, leaflet, icon) reads these.
#[derive(Debug, Clone, PartialEq)]
pub struct Branding {
    pub name: String,
    pub colours: Colours,
    pub page: PageSettings,
}

impl Default for Branding {
    fn default() -> Self {
        Branding {
            name: "default".to_string(),
            colours: Colours::default(),
            page: PageSettings::default(),
        }
    }
}

impl Branding {
    pub fn of(theme: &Theme) -> Branding {
        Branding {
            name: theme.name.clone(),
            colours: theme.colours,
            page: theme.page.clone(),
        }
    }
}

type Field<T> = Option<Spanned<T>>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColours {
    // Not `Option`: YAML reads `primary: #5b2a86` as an empty value (the rest is a comment),
    // and that must be told apart from a colour not given at all.
    #[serde(default = "unset")]
    primary: Spanned<serde_json::Value>,
    #[serde(default = "unset")]
    accent: Spanned<serde_json::Value>,
}

fn unset() -> Spanned<serde_json::Value> {
    let nowhere = serde_saphyr::Location::UNKNOWN;
    Spanned::new(serde_json::Value::Null, nowhere, nowhere)
}

fn given(value: &Spanned<serde_json::Value>) -> Option<&Spanned<serde_json::Value>> {
    (value.referenced.line() > 0).then_some(value)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    #[serde(default)]
    size: Field<String>,
    #[serde(default)]
    margin_mm: Field<f32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    extends: Field<String>,
    #[serde(default)]
    colours: Option<RawColours>,
    #[serde(default)]
    page: Option<RawPage>,
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

fn at<T>(value: &Spanned<T>) -> Position {
    crate::model::position_of(value)
}

/// Reads `theme.yaml`'s colour, page and parent settings over `base`, reporting every wrong value.
fn settings_over(
    file: &Path,
    raw: &ThemeFile,
    base: Option<&Theme>,
    problems: &mut Diagnostics,
) -> (Colours, PageSettings) {
    let mut colours = base.map(|b| b.colours).unwrap_or_default();
    let mut page = base.map(|b| b.page.clone()).unwrap_or_default();
    let raw_colours = raw.colours.clone().unwrap_or(RawColours {
        primary: unset(),
        accent: unset(),
    });
    for (name, value, slot) in [
        ("primary", given(&raw_colours.primary), &mut colours.primary),
        ("accent", given(&raw_colours.accent), &mut colours.accent),
    ] {
        let Some(value) = value else { continue };
        let text = match &value.value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => {
                problems.push(
                    Diagnostic::error(file, at(value), format!("the {name} colour is empty"))
                        .with_hint(format!("put the colour in double quotes, such as `{name}: \"#1f4e79\"`: without them, YAML reads everything after # as a comment")),
                );
                continue;
            }
            other => other.to_string(),
        };
        match Colour::parse(&text) {
            Some(c) => *slot = c,
            None => problems.push(
                Diagnostic::error(file, at(value), format!("`{text}` is not a colour"))
                    .with_hint(format!("write a colour as # and six hexadecimal digits (0-9, a-f) in double quotes, such as `{name}: \"#1f4e79\"`, or three, such as \"#246\"")),
            ),
        }
    }
    if let Some(value) = given(&raw_colours.primary)
        && let Some(c) = value.value.as_str().and_then(Colour::parse)
        && c.contrast_with_white() < MIN_CONTRAST
    {
        problems.push(
            Diagnostic::error(
                file,
                at(value),
                format!(
                    "white text on the primary colour {} is hard to read: its contrast is {:.1}:1, and headings and buttons need at least {MIN_CONTRAST}:1 (WCAG AA)",
                    c.hex(),
                    c.contrast_with_white()
                ),
            )
            .with_hint(format!(
                "choose a darker primary colour, such as \"{}\" (the same hue, darkened)",
                c.darkened_to(MIN_CONTRAST + 0.1).hex()
            )),
        );
    }
    let raw_page = raw.page.clone().unwrap_or_default();
    if let Some(size) = &raw_page.size {
        match PAPER_SIZES
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(size.value.trim()))
        {
            Some((n, _, _)) => page.size = (*n).to_string(),
            None => {
                let names: Vec<&str> = PAPER_SIZES.iter().map(|(n, _, _)| *n).collect();
                problems.push(
                    Diagnostic::error(
                        file,
                        at(size),
                        format!("`{}` is not a paper size policyforge knows", size.value),
                    )
                    .with_hint(format!("use one of: {}", names.join(", "))),
                );
            }
        }
    }
    if let Some(margin) = &raw_page.margin_mm {
        let (lo, hi) = MARGIN_RANGE;
        if margin.value.is_finite() && (lo..=hi).contains(&margin.value) {
            page.margin_mm = margin.value;
        } else {
            problems.push(
                Diagnostic::error(
                    file,
                    at(margin),
                    format!("a margin of {} mm does not fit the page", margin.value),
                )
                .with_hint(format!(
                    "give the margin in millimetres, from {lo} to {hi}, such as `margin_mm: 20`"
                )),
            );
        }
    }
    (colours, page)
}

/// Reads every theme; each one starts from its parent (`extends`, else `default`) and overrides
/// what it has.
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
    let settings: BTreeMap<String, ThemeFile> = names
        .iter()
        .map(|n| (n.clone(), read_settings(root, n, problems)))
        .collect();
    let mut built: BTreeMap<String, Theme> = BTreeMap::new();
    for name in &names {
        build_theme(
            root,
            name,
            &settings,
            &names,
            &mut built,
            &mut Vec::new(),
            problems,
        );
    }
    let mut themes: Vec<Theme> = Vec::new();
    if let Some(default) = built.remove("default") {
        themes.push(default);
    }
    themes.extend(built.into_values());
    themes
}

fn settings_file(name: &str) -> PathBuf {
    PathBuf::from("themes").join(name).join("theme.yaml")
}

fn read_settings(root: &Path, name: &str, problems: &mut Diagnostics) -> ThemeFile {
    let file = settings_file(name);
    if !root.join(&file).is_file() {
        return ThemeFile::default();
    }
    yaml::read_text(root, &file)
        .and_then(|t| {
            if t.trim().is_empty() {
                return Ok(ThemeFile::default());
            }
            yaml::parse::<ThemeFile>(
                &t,
                &file,
                0,
                "theme.yaml has: name, extends, colours (primary, accent), page (size, margin_mm).",
            )
        })
        .unwrap_or_else(|d| {
            problems.push(d);
            ThemeFile::default()
        })
}

/// Builds `name` after its parent; a parent that does not exist, or a loop of parents, is an
/// error and the theme then starts from `default`.
fn build_theme(
    root: &Path,
    name: &str,
    settings: &BTreeMap<String, ThemeFile>,
    names: &[String],
    built: &mut BTreeMap<String, Theme>,
    stack: &mut Vec<String>,
    problems: &mut Diagnostics,
) {
    if built.contains_key(name) {
        return;
    }
    let raw = settings.get(name).cloned().unwrap_or_default();
    let file = settings_file(name);
    let mut parent = if name == "default" {
        None
    } else {
        Some("default".to_string())
    };
    if let Some(extends) = &raw.extends {
        let wanted = extends.value.trim();
        if name == "default" {
            problems.push(
                Diagnostic::error(
                    &file,
                    at(extends),
                    "the default theme cannot extend another theme",
                )
                .with_hint("remove the `extends:` line: every other theme starts from `default`"),
            );
        } else if wanted == name || stack.iter().any(|s| s == wanted) {
            problems.push(
                Diagnostic::error(
                    &file,
                    at(extends),
                    format!("the theme `{name}` extends `{wanted}`, which leads back to `{name}`"),
                )
                .with_hint("make the chain of `extends:` end at `default`"),
            );
        } else if names.iter().any(|n| n == wanted) {
            parent = Some(wanted.to_string());
        } else {
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            problems.push(
                Diagnostic::error(
                    &file,
                    at(extends),
                    format!("there is no theme `{wanted}` to extend"),
                )
                .with_hint(match nearest(wanted, &known) {
                    Some(n) => format!("did you mean `{n}`? Themes: {}", known.join(", ")),
                    None => format!("use one of the folders under themes/: {}", known.join(", ")),
                }),
            );
        }
    }
    if let Some(p) = &parent
        && !built.contains_key(p)
    {
        stack.push(name.to_string());
        build_theme(root, p, settings, names, built, stack, problems);
        stack.pop();
    }
    let base = parent.as_ref().and_then(|p| built.get(p));
    let theme = read_theme(root, name, &raw, base, problems);
    built.insert(name.to_string(), theme);
}

fn read_theme(
    root: &Path,
    name: &str,
    raw: &ThemeFile,
    base: Option<&Theme>,
    problems: &mut Diagnostics,
) -> Theme {
    let rel = PathBuf::from("themes").join(name);
    let _ = &raw.name;
    let (colours, page) = settings_over(&settings_file(name), raw, base, problems);
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
        colours,
        page,
        templates,
        css,
    }
}

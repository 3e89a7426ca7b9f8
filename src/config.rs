//! `book.toml`: the site's settings, one typed struct as in mdBook.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Position};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[derive(Default)]
pub struct Book {
    #[serde(default)]
    pub book: BookSection,
    #[serde(default)]
    pub build: BuildSection,
    #[serde(default)]
    pub review: ReviewSection,
    /// Website duties by policy id, overriding the DfE list policyforge ships:
    /// `[publish-online]` with lines such as `uniform = "required"`.
    #[serde(default, rename = "publish-online")]
    pub publish_online: std::collections::BTreeMap<String, crate::model::WebsiteDuty>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookSection {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default = "default_language")]
    pub language: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildSection {
    #[serde(default = "default_output")]
    pub output: PathBuf,
    #[serde(default)]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReviewSection {
    #[serde(default = "default_due_soon_days")]
    pub due_soon_days: u32,
    /// Days at one stage of the work on a new version after which a row is flagged stalled.
    #[serde(default = "default_stalled_days")]
    pub stalled_days: u32,
}

fn default_title() -> String {
    "School policies".to_string()
}
fn default_language() -> String {
    "en-GB".to_string()
}
fn default_output() -> PathBuf {
    PathBuf::from("site")
}
fn default_due_soon_days() -> u32 {
    60
}
fn default_stalled_days() -> u32 {
    60
}

impl Default for BookSection {
    fn default() -> Self {
        BookSection {
            title: default_title(),
            language: default_language(),
        }
    }
}
impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            output: default_output(),
            base_url: None,
        }
    }
}
impl Default for ReviewSection {
    fn default() -> Self {
        ReviewSection {
            due_soon_days: default_due_soon_days(),
            stalled_days: default_stalled_days(),
        }
    }
}

impl Book {
    /// The base URL with exactly one trailing slash, if set.
    pub fn base_url(&self) -> Option<String> {
        self.build
            .base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

/// Reads `book.toml` under `root`; a missing file means every default.
pub fn load(root: &Path) -> Result<Book, Diagnostic> {
    let path = root.join("book.toml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let at = Position::of_offset("", 0);
            Diagnostic::error("book.toml", at, "book.toml is not UTF-8 text").with_hint(format!(
                "save the file as UTF-8 (the first bad byte is at byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Book::default()),
        Err(e) => {
            return Err(Diagnostic::error(
                "book.toml",
                Position::default(),
                format!("cannot read book.toml: {e}"),
            ));
        }
    };
    let text = crate::load::yaml::normalise_text(&text);
    let book: Book = toml::from_str(&text).map_err(|e| {
        let at = e
            .span()
            .map_or(Position::new(1, 1), |s| Position::of_offset(&text, s.start));
        let message = e.message().to_string();
        if message.contains("expected u32") || message.contains("expected an integer") {
            let typed = e
                .span()
                .and_then(|s| text.get(s))
                .unwrap_or("")
                .trim_matches('"')
                .to_string();
            let key = text
                .lines()
                .nth(at.line.saturating_sub(1))
                .and_then(|l| l.split('=').next())
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .unwrap_or("due-soon-days");
            return Diagnostic::error(
                "book.toml",
                at,
                format!("`{typed}` should be a whole number of days, like 60"),
            )
            .with_hint(format!("write it in digits, without quotes: `{key} = 60`"));
        }
        Diagnostic::error("book.toml", at, message).with_hint(
            "book.toml has sections [book] (title, language), [build] (output, base-url) and [review] (due-soon-days, stalled-days); text goes in double quotes",
        )
    })?;
    let output = &book.build.output;
    if output.is_absolute()
        || output
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        || output.as_os_str().is_empty()
    {
        return Err(Diagnostic::error(
            "book.toml",
            line_of(&text, "output"),
            format!("output directory `{}` leaves the project", output.display()),
        )
        .with_hint("use a folder inside the project, such as `site`"));
    }
    let target = root.join(output);
    if let Err(refused) = crate::publish::check_output(root, &target) {
        return Err(Diagnostic::error(
            "book.toml",
            line_of(&text, "output"),
            format!(
                "[build] output = \"{}\": {}",
                output.display(),
                refused.message
            ),
        )
        .with_hint(refused.hint));
    }
    if let Some(url) = &book.build.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(Diagnostic::error(
            "book.toml",
            line_of(&text, "base-url"),
            format!("base-url `{url}` has no scheme"),
        )
        .with_hint("write the full address, such as `https://policies.example.org.uk/`"));
    }
    if let Some(url) = &book.build.base_url {
        let host = url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
        if host.is_empty() || url.contains(['?', '#']) || url.contains(char::is_whitespace) {
            return Err(Diagnostic::error(
                "book.toml",
                line_of(&text, "base-url"),
                format!("base-url `{url}` is not the address of a folder of the site"),
            )
            .with_hint("write the site's address with its host and no spaces, `?` or `#`, such as `https://policies.example.org.uk/`; feeds and QR codes add page paths to it"));
        }
    }
    Ok(book)
}

fn line_of(text: &str, key: &str) -> Position {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(Position::new(1, 1), |i| Position::new(i + 1, 1))
}

//! The one allow-list of link targets, used by every output (HTML pages, PDF link annotations,
//! leaflets and their QR codes): http, https, mailto, tel, relative paths and fragments.
//!
//! Anything else (`javascript:`, `data:`, `vbscript:`, `file:`, ...) is dropped everywhere, and
//! `check` warns about it at the file and line where it was typed.

use crate::diagnostic::{Diagnostic, Diagnostics, Position};
use crate::load::Project;
use crate::model::{Adoption, FieldType, ModelPolicy, position_of};
use crate::workflow::snapshot::{self, Snapshot};

/// Schemes a link may use.
pub const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// May a reader's click on `dest` go there? Relative links and `#fragments` may; of absolute
/// ones only the schemes above. Browsers ignore tabs, newlines and leading control characters
/// in a URL, so those count as part of a scheme here and make it unknown.
pub fn allowed(dest: &str) -> bool {
    let trimmed = dest.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let lower = trimmed.to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '#', '?']) => {
            SCHEMES.contains(&scheme.trim_end())
        }
        _ => true,
    }
}

/// A link in a Markdown text that every output drops: its target and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLink {
    pub target: String,
    pub line: usize,
}

/// The links of `markdown` that are not allowed, with the line (within the text) of each.
pub fn dropped(markdown: &str) -> Vec<DroppedLink> {
    crate::markdown::parse::refused_links(markdown)
        .into_iter()
        .map(|r| DroppedLink {
            target: r.target,
            line: r.line,
        })
        .collect()
}

/// The warning's words for a dropped link.
pub fn describe(link: &DroppedLink) -> (String, String) {
    let shown: String = link.target.chars().take(60).collect();
    (
        format!("the link to `{shown}` is not a web, email or telephone address, so it is removed from every page, PDF and leaflet"),
        "links may start with https://, http://, mailto: or tel:, or point to another page of the site".to_string(),
    )
}

/// Warns about the dropped links of a policy's body, at their lines in its file.
pub fn warn_in_policy(policy: &ModelPolicy, problems: &mut Diagnostics) {
    for link in dropped(&policy.body) {
        let (message, hint) = describe(&link);
        problems.push(
            Diagnostic::warning(
                &policy.file,
                Position::new(policy.body_line + link.line - 1, 1),
                message,
            )
            .with_hint(hint),
        );
    }
}

/// Warns about links typed into a school's Markdown values, at the value's line.
pub fn warn_in_values(policy: &ModelPolicy, adoption: &Adoption, problems: &mut Diagnostics) {
    for (name, value) in &adoption.values {
        let markdown = policy
            .field(name)
            .is_some_and(|f| f.kind == FieldType::Markdown);
        let Some(text) = value.value.as_str().filter(|_| markdown) else {
            continue;
        };
        let at = position_of(value);
        for link in dropped(text) {
            let (message, hint) = describe(&link);
            problems.push(
                Diagnostic::warning(
                    &adoption.file,
                    Position::new(at.line + link.line - 1, at.column),
                    message,
                )
                .with_hint(hint),
            );
        }
    }
}

/// Warns about the dropped links of an approved text, at their lines in the snapshot file.
pub fn warn_in_snapshot(
    project: &Project,
    adoption: &Adoption,
    snap: &Snapshot,
    problems: &mut Diagnostics,
) {
    let found = dropped(&snap.markdown);
    if found.is_empty() {
        return;
    }
    let rel = snapshot::path_for(&adoption.school, &adoption.policy, snap.meta.version);
    let text = std::fs::read_to_string(project.root.join(&rel)).unwrap_or_default();
    let body_line = (text.lines().count() + 1).saturating_sub(snap.markdown.lines().count());
    for link in found {
        let (message, hint) = describe(&link);
        problems.push(
            Diagnostic::warning(&rel, Position::new(body_line + link.line - 1, 1), message)
                .with_hint(format!(
                    "{hint}; this approved text cannot change, so approve a corrected version"
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allow_list() {
        for ok in [
            "https://example.org",
            "HTTP://x",
            "mailto:a@b.org",
            "tel:01632960000",
            "../other/",
            "#section",
            "page.html?a=b:c",
            "a/b:c",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,<b>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn finds_lines() {
        let found = dropped("para\n\n[x](javascript:alert(1)) and <data:text/html,hi>\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].line, 3);
    }
}

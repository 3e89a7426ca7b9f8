//! Heading numbers: a policy's headings are numbered once, by the policy itself or automatically.
//!
//! Many models number their own sections ("1. Rationale", "6.1 Setting up", "A. Pupils"); others
//! do not. The rule is decided once per text ([`Numbering::of`]) and applied once
//! ([`numbered`]): the resulting Markdown is what the HTML page, its contents list, the PDF and its
//! contents all read, so no output ever adds a second number to a heading that has one.

use std::borrow::Cow;
use std::sync::Arc;

use crate::markdown::Document;

/// Who numbers a text's section headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Some section heading carries its own number: nothing is added anywhere.
    Own,
    /// No section heading carries a number: sections get "1.", subsections "1.1".
    Automatic,
}

/// One heading of a text, with where its words start in the source.
struct SourceHeading {
    level: u8,
    text: String,
    /// Byte offset at which an automatic number is inserted.
    insert_at: usize,
}

fn headings(markdown: &str) -> Vec<SourceHeading> {
    headings_of(markdown, &crate::markdown::parse(markdown))
}

/// The headings of `document`, the tree of `markdown`.
fn headings_of(markdown: &str, document: &Document) -> Vec<SourceHeading> {
    document
        .headings()
        .into_iter()
        .map(|h| SourceHeading {
            level: h.level,
            text: h.text.clone(),
            insert_at: words_start(markdown, h.source.start, h.source.end),
        })
        .collect()
}

/// Where a heading's words start: after the `#` marks and spaces of an ATX heading, or at the
/// start of a setext heading's text.
fn words_start(markdown: &str, start: usize, end: usize) -> usize {
    let source = markdown.get(start..end).unwrap_or("");
    let trimmed = source.trim_start_matches([' ', '\t']);
    let lead = source.len() - trimmed.len();
    if trimmed.starts_with('#') {
        let after_marks = trimmed.trim_start_matches('#');
        let after_space = after_marks.trim_start_matches([' ', '\t']);
        start + lead + (trimmed.len() - after_space.len())
    } else {
        start + lead
    }
}

/// The two levels that count as sections and subsections: the shallowest heading level present
/// and the one below it.
fn section_levels(headings: &[SourceHeading]) -> Option<(u8, u8)> {
    let top = headings.iter().map(|h| h.level).min()?;
    Some((top, top + 1))
}

impl Numbering {
    /// Decides, from a text's section and subsection headings, who numbers them.
    pub fn of(markdown: &str) -> Numbering {
        Numbering::of_headings(&headings(markdown))
    }

    fn of_headings(headings: &[SourceHeading]) -> Numbering {
        let Some((top, sub)) = section_levels(headings) else {
            return Numbering::Automatic;
        };
        if headings
            .iter()
            .filter(|h| h.level == top || h.level == sub)
            .any(|h| carries_number(&h.text))
        {
            Numbering::Own
        } else {
            Numbering::Automatic
        }
    }
}

/// The text with automatic numbers in its section and subsection headings, or unchanged when it
/// numbers its own (or has no headings).
pub fn numbered(markdown: &str) -> Cow<'_, str> {
    numbered_with(markdown, &headings(markdown))
}

/// A text as every output shows it: numbered once ([`numbered`]) and parsed once, so the page,
/// its PDF, its search entries and its "what changed" page read one tree.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub text: Cow<'a, str>,
    pub tree: Arc<Document>,
}

/// The text numbered and its tree: one parse when the text numbers its own headings (or has
/// none), two when numbers are added.
pub fn shown(markdown: &str) -> Shown<'_> {
    let tree = crate::markdown::parse(markdown);
    let text = numbered_with(markdown, &headings_of(markdown, &tree));
    let tree = match &text {
        Cow::Borrowed(_) => tree,
        Cow::Owned(numbered) => crate::markdown::parse(numbered),
    };
    Shown {
        text,
        tree: Arc::new(tree),
    }
}

fn numbered_with<'a>(markdown: &'a str, found: &[SourceHeading]) -> Cow<'a, str> {
    if Numbering::of_headings(found) == Numbering::Own {
        return Cow::Borrowed(markdown);
    }
    let Some((top, sub)) = section_levels(found) else {
        return Cow::Borrowed(markdown);
    };
    let mut labels: Vec<(usize, String)> = Vec::new();
    let (mut section, mut subsection) = (0u32, 0u32);
    for h in found {
        if h.level == top {
            section += 1;
            subsection = 0;
            // `\.` keeps "1." from being read as a list at the start of a setext heading.
            labels.push((h.insert_at, format!("{section}\\. ")));
        } else if h.level == sub && section > 0 {
            subsection += 1;
            labels.push((h.insert_at, format!("{section}\\.{subsection} ")));
        }
    }
    let mut out = String::with_capacity(markdown.len() + labels.len() * 6);
    let mut from = 0;
    for (at, label) in labels {
        let Some(before) = markdown.get(from..at) else {
            continue;
        };
        out.push_str(before);
        // An empty `##` heading needs a space between its marks and its new number.
        if before.ends_with('#') {
            out.push(' ');
        }
        out.push_str(&label);
        from = at;
    }
    out.push_str(markdown.get(from..).unwrap_or(""));
    Cow::Owned(out)
}

/// Does a heading start with a number of its own: "1.", "2.3", "4)", "A.", "iv.", "(b)",
/// "Section 2", "Part B:"?
pub fn carries_number(heading: &str) -> bool {
    let text = heading.trim_start();
    let lower = text.to_lowercase();
    let word = [
        "section", "part", "appendix", "annex", "schedule", "chapter",
    ]
    .iter()
    .find(|w| {
        lower.starts_with(*w)
            && lower[w.len()..].starts_with(|c: char| c.is_whitespace() || c == '\u{a0}')
    });
    let (rest, after_word) = match word {
        Some(w) => (text[w.len()..].trim_start(), true),
        None => (text, false),
    };
    let token: &str = rest
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .next()
        .unwrap_or("");
    !token.is_empty() && label(token, after_word)
}

/// Is `token` a section label? Bare numbers and letters count only after a word like "Section".
fn label(token: &str, after_word: bool) -> bool {
    let token = token.strip_suffix(':').unwrap_or(token);
    if let Some(inner) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return !inner.is_empty() && inner.len() <= 4 && inner.chars().all(char::is_alphanumeric);
    }
    let (core, punct) = match token.strip_suffix(['.', ')']) {
        Some(core) => (core, true),
        None => (token, false),
    };
    if core.is_empty() {
        return false;
    }
    let groups: Vec<&str> = core.split('.').collect();
    let numeric = groups
        .iter()
        .all(|g| !g.is_empty() && g.len() <= 3 && g.chars().all(|c| c.is_ascii_digit()));
    if numeric {
        // "2.3", "1.", "4)", "Section 2"; a bare "12" counts, a year such as "2024" does not.
        return punct || groups.len() > 1 || after_word || core.len() <= 2;
    }
    let letter = core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic());
    let roman = core.len() <= 6
        && (core.chars().all(|c| "ivxlc".contains(c)) || core.chars().all(|c| "IVXLC".contains(c)));
    (letter || roman) && (punct || after_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_recognised() {
        for yes in [
            "1. Rationale",
            "2.3 Scope",
            "10) Review",
            "6.1 Setting up",
            "A. Pupils and social networking",
            "iv. Training",
            "(b) Parents",
            "Section 2: Aims",
            "Part B Staff",
            "Appendix 1",
            "12 Monitoring",
            "1.",
        ] {
            assert!(carries_number(yes), "{yes}");
        }
        for no in [
            "Rationale",
            "2024 review of this policy",
            "A new approach",
            "I am worried",
            "Aims",
            "Partnerships",
            "Sections of the community",
            "",
            "1st steps",
        ] {
            assert!(!carries_number(no), "{no}");
        }
    }

    #[test]
    fn own_numbers_are_kept_as_written() {
        let md = "## 1. Rationale\n\nText.\n\n## 2. Aims\n\n### 2.1 Detail\n";
        assert_eq!(Numbering::of(md), Numbering::Own);
        assert_eq!(numbered(md), md);
    }

    #[test]
    fn one_numbered_section_is_enough_to_number_none() {
        let md = "## Introduction\n\n## 1. Scope\n";
        assert_eq!(Numbering::of(md), Numbering::Own);
        assert_eq!(numbered(md), md);
    }

    #[test]
    fn unnumbered_sections_are_numbered_once() {
        let md = "Intro.\n\n## Rationale\n\nText.\n\n### Detail\n\n#### Deeper\n\n## Aims ##\n\nAims\n----\n";
        assert_eq!(Numbering::of(md), Numbering::Automatic);
        let out = numbered(md);
        assert_eq!(
            out,
            "Intro.\n\n## 1\\. Rationale\n\nText.\n\n### 1\\.1 Detail\n\n#### Deeper\n\n## 2\\. Aims ##\n\n3\\. Aims\n----\n"
        );
        let (_, heads) = crate::markdown::to_html(&out);
        let texts: Vec<&str> = heads.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(
            texts,
            ["1. Rationale", "1.1 Detail", "Deeper", "2. Aims", "3. Aims"]
        );
        // Numbering numbered text again adds nothing.
        assert_eq!(numbered(&out), out);
    }

    #[test]
    fn hash_headings_count_from_the_top_level_present() {
        let md = "# Purpose\n\n## Detail\n\n# Scope\n";
        let out = numbered(md);
        assert_eq!(out, "# 1\\. Purpose\n\n## 1\\.1 Detail\n\n# 2\\. Scope\n");
    }

    #[test]
    fn empty_and_odd_headings_stay_headings() {
        let md = "##\n\n## # tag\n\n> ## Quoted\n\n- ## Listed\n";
        let out = numbered(md);
        assert_eq!(
            out,
            "## 1\\. \n\n## 2\\. # tag\n\n> ## 3\\. Quoted\n\n- ## 4\\. Listed\n"
        );
        let (_, heads) = crate::markdown::to_html(&out);
        let texts: Vec<&str> = heads.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["1.", "2. # tag", "3. Quoted", "4. Listed"]);
    }

    #[test]
    fn numbering_never_adds_or_loses_a_heading() {
        for md in [
            "## Aims\r\n\r\nText\r\n\r\n### Détail ünïcode\r\n",
            "#\tTabbed\n\n##    Spaced   ##   \n",
            "   ## Indented three\n\nAims\n===\n\nMore\nlines\n---\n",
            "* # in a list\n  ## nested\n\n> # quoted\n>\n> text\n",
            "```\n## not a heading\n```\n\n## Real\n",
            "## **Bold** and `code` and [link](https://x.org)\n\n## 🙂 emoji\n",
            "####### seven\n\n## Two\n",
            "#\n\n#\n",
        ] {
            let count = |text: &str| crate::markdown::to_html(text).1.len();
            let out = numbered(md);
            assert_eq!(count(md), count(&out), "{md:?} -> {out:?}");
            assert_eq!(numbered(&out), out, "numbering twice changes {md:?}");
        }
    }

    #[test]
    fn no_headings_no_change() {
        assert_eq!(numbered("Just text.\n"), "Just text.\n");
        assert_eq!(numbered(""), "");
    }
}

//! Merged Markdown -> safe HTML: raw HTML shown as text, only safe link schemes, anchored headings.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Link targets a policy may use: the one allow-list in `links`.
pub fn safe_link(dest: &str) -> bool {
    crate::links::allowed(dest)
}

/// The events of a policy body, made safe: raw HTML becomes text; unsafe links lose their target;
/// headings move one level down when the body has a `#` heading (the page title is the `h1`);
/// web addresses, email addresses and phone numbers in the text become links.
pub fn safe_events(markdown: &str) -> Vec<Event<'_>> {
    link_contacts(plain_safe_events(markdown))
}

/// Turns the contacts ([`crate::contacts`]) in text outside links and code into links.
fn link_contacts(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    fn flush<'a>(text: &mut Option<CowStr<'a>>, out: &mut Vec<Event<'a>>) {
        let Some(text) = text.take() else { return };
        let found = crate::contacts::find(&text);
        if found.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        let mut at = 0;
        for c in found {
            if c.range.start > at {
                out.push(Event::Text(CowStr::from(
                    text[at..c.range.start].to_string(),
                )));
            }
            out.push(Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: CowStr::from(c.href),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            out.push(Event::Text(CowStr::from(text[c.range.clone()].to_string())));
            out.push(Event::End(TagEnd::Link));
            at = c.range.end;
        }
        if at < text.len() {
            out.push(Event::Text(CowStr::from(text[at..].to_string())));
        }
    }
    let mut out = Vec::with_capacity(events.len());
    let mut links = 0usize;
    let mut code = false;
    let mut text: Option<CowStr<'_>> = None;
    for event in events {
        if let Event::Text(t) = &event
            && links == 0
            && !code
        {
            // Pulldown-cmark splits text at escapes; join it to see whole addresses.
            text = Some(match text.take() {
                None => t.clone(),
                Some(prev) => CowStr::from(format!("{prev}{t}")),
            });
            continue;
        }
        flush(&mut text, &mut out);
        match &event {
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => code = true,
            Event::End(TagEnd::CodeBlock) => code = false,
            _ => {}
        }
        out.push(event);
    }
    flush(&mut text, &mut out);
    out
}

fn plain_safe_events(markdown: &str) -> Vec<Event<'_>> {
    let demote = Parser::new_ext(markdown, options()).any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    Parser::new_ext(markdown, options())
        .map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !safe_link(&dest_url) => Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::Borrowed("#"),
                title,
                id,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => Event::Text(dest_url),
            Event::End(TagEnd::Image) => Event::Text(CowStr::Borrowed("")),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if demote => Event::Start(Tag::Heading {
                level: lower(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) if demote => {
                Event::End(TagEnd::Heading(lower(level)))
            }
            other => other,
        })
        .collect()
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

pub fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL-fragment id for a heading: lower-case words joined by hyphens, unique in the page.
pub fn slug(text: &str, taken: &mut Vec<String>) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let base = s.trim_matches('-').to_string();
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// Renders a policy body to HTML and lists its headings (for a contents list).
pub fn to_html(markdown: &str) -> (String, Vec<Heading>) {
    let mut events = safe_events(markdown);
    let mut headings = Vec::new();
    let mut taken = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let anchor = slug(&text, &mut taken);
            events[i] = Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(anchor.clone())),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
            headings.push(Heading {
                level: level_number(level),
                text,
                anchor,
            });
        }
        i += 1;
    }
    let events = scrolling_tables(label_bare_links(events));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, headings)
}

/// Puts each table in a labelled, focusable region that scrolls sideways on its own, so a wide
/// table never makes the page wider than a phone.
fn scrolling_tables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut number = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Table(_)) => {
                number += 1;
                let mut columns: Vec<String> = Vec::new();
                let mut depth = 0;
                for e in &events[i + 1..] {
                    match e {
                        Event::Start(Tag::TableCell) => {
                            depth += 1;
                            columns.push(String::new());
                        }
                        Event::End(TagEnd::TableCell) => depth -= 1,
                        Event::Text(t) | Event::Code(t) if depth > 0 => {
                            if let Some(c) = columns.last_mut() {
                                c.push_str(t);
                            }
                        }
                        Event::End(TagEnd::TableHead) | Event::End(TagEnd::Table) => break,
                        _ => {}
                    }
                }
                let columns: Vec<&str> = columns
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect();
                let label = if columns.is_empty() {
                    format!("Table {number}")
                } else {
                    format!("Table {number}: {}", columns.join(", "))
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n",
                    escape_html(&label)
                ))));
                out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone());
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// Marks links whose words are their own address (`<https://...>`, or `[x@y.uk](mailto:x@y.uk)`)
/// with `class="bare-link"`, so the print stylesheet does not print the address twice.
fn label_bare_links(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut bare_depth: Vec<bool> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let mut words = String::new();
                for e in &events[i + 1..] {
                    match e {
                        Event::Text(t) | Event::Code(t) => words.push_str(t),
                        Event::End(TagEnd::Link) => break,
                        _ => {}
                    }
                }
                let address = dest_url
                    .strip_prefix("mailto:")
                    .or_else(|| dest_url.strip_prefix("tel:"))
                    .unwrap_or(dest_url);
                let bare = matches!(link_type, LinkType::Autolink | LinkType::Email)
                    || words.trim() == address
                    || words.trim() == dest_url.as_ref();
                bare_depth.push(bare);
                if bare {
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_html(title))
                    };
                    let href = match link_type {
                        LinkType::Email if !dest_url.starts_with("mailto:") => {
                            format!("mailto:{dest_url}")
                        }
                        _ => dest_url.to_string(),
                    };
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"bare-link\" href=\"{}\"{title}>",
                        escape_html(&href)
                    ))));
                } else {
                    out.push(event.clone());
                }
            }
            Event::End(TagEnd::Link) => {
                if bare_depth.pop().unwrap_or(false) {
                    out.push(Event::Html(CowStr::Borrowed("</a>")));
                } else {
                    out.push(event.clone());
                }
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// One stretch of a page between headings, for the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading that opens it; empty for the text before the first heading.
    pub heading: String,
    /// The heading's anchor, the same one [`to_html`] gives it; empty before the first heading.
    pub anchor: String,
    /// Its plain text, blocks separated by newlines.
    pub text: String,
}

/// Splits a body into sections at every heading, with the anchors [`to_html`] gives them.
pub fn sections(markdown: &str) -> Vec<Section> {
    let mut out = vec![Section {
        heading: String::new(),
        anchor: String::new(),
        text: String::new(),
    }];
    let mut taken = Vec::new();
    let mut in_heading = false;
    for event in safe_events(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                out.push(Section {
                    heading: String::new(),
                    anchor: String::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                if let Some(last) = out.last_mut() {
                    last.anchor = slug(&last.heading, &mut taken);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(last) = out.last_mut() {
                    if in_heading {
                        last.heading.push_str(&t);
                    } else {
                        last.text.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(last) = out.last_mut()
                    && !in_heading
                {
                    last.text.push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                if let Some(last) = out.last_mut() {
                    last.text.push('\n');
                }
            }
            _ => {}
        }
    }
    for s in &mut out {
        s.text = s
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
    }
    out.retain(|s| !s.heading.is_empty() || !s.text.is_empty());
    out
}

/// The plain words of a Markdown text, for word-level comparison of versions.
pub fn plain_words(markdown: &str) -> String {
    let mut out = String::new();
    for event in safe_events(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let (html, _) = to_html("Hello <script>alert(1)</script>\n");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn unsafe_links_are_dropped() {
        let (html, _) = to_html("[x](javascript:alert(1)) [y](https://example.org)\n");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("https://example.org"));
    }

    #[test]
    fn contacts_become_links() {
        let (html, _) = to_html(
            "Email office\\_desk@school.example.org or ring 01632 960007; see <https://a.org> and `www.b.org.uk`.\n",
        );
        assert!(
            html.contains(
                r#"href="mailto:office_desk@school.example.org">office_desk@school.example.org</a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="tel:+441632960007">01632 960007</a>"#),
            "{html}"
        );
        assert_eq!(html.matches("https://a.org").count(), 2, "{html}");
        assert!(!html.contains("href=\"https://www.b.org.uk"), "{html}");
    }

    #[test]
    fn sections_carry_the_anchors_of_the_page() {
        let md = "Intro *text*.\n\n## 1. Rationale\n\nWe use\nblogs.\n\n## Aims\n\n- one\n- two\n\n## Aims\n";
        let (html, heads) = to_html(md);
        let secs = sections(md);
        assert_eq!(secs[0].anchor, "");
        assert_eq!(secs[0].text, "Intro text.");
        assert_eq!(secs[1].heading, "1. Rationale");
        assert_eq!(secs[1].text, "We use blogs.");
        assert_eq!(secs[2].text, "one\ntwo");
        for (s, h) in secs[1..].iter().zip(&heads) {
            assert_eq!(s.anchor, h.anchor);
            assert!(html.contains(&format!("id=\"{}\"", s.anchor)));
        }
        assert_eq!(secs[3].anchor, "aims-2");
        // Raw HTML stays text, as on the page.
        assert_eq!(sections("<b>x</b>\n")[0].text, "<b>x</b>");
    }

    #[test]
    fn headings_get_anchors() {
        let (html, heads) = to_html("## 1. Rationale\n\ntext\n\n## Aims\n");
        assert_eq!(heads[0].anchor, "1-rationale");
        assert!(html.contains("<h2 id=\"1-rationale\">"), "{html}");
    }
}

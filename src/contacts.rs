//! Web addresses, email addresses and phone numbers in plain text, and the
//! `https:`, `mailto:` or `tel:` link each one opens.
//!
//! The HTML renderer (`crate::markdown`) and the PDF layout
//! (`crate::typeset::markdown`) both read the one Markdown tree and call
//! [`find`] on its plain text (never inside code or an existing link), so a
//! page, its PDF and the leaflet make the same words tappable.

use std::ops::Range;

/// A web address, email address or phone number found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    /// Where it is in the text (bytes).
    pub range: Range<usize>,
    /// What it opens: `https://…`, `mailto:…` or `tel:+…`.
    pub href: String,
}

/// Every web address, email address and phone number in `text`, in order.
pub fn find(text: &str) -> Vec<Contact> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Most text has none: skip it without looking at every word.
    let email = bytes.contains(&b'@');
    let web = bytes
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"http") || w.eq_ignore_ascii_case(b"www."));
    let phone = bytes
        .windows(2)
        .any(|w| matches!(w[0], b'0' | b'+' | b'(') && w[1].is_ascii_digit());
    if !(email || web || phone) {
        return out;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) || !starts_token(text, i) {
            i += 1;
            continue;
        }
        let found = web
            .then(|| web_at(text, i))
            .flatten()
            .or_else(|| email.then(|| email_at(text, i)).flatten())
            .or_else(|| phone.then(|| phone_at(text, i)).flatten());
        // Every href goes through the one allow-list (`crate::links`) like any other link.
        match found.filter(|c| crate::links::allowed(&c.href)) {
            Some(c) => {
                i = c.range.end;
                out.push(c);
            }
            None => i += 1,
        }
    }
    out
}

/// A token starts at `i` when the character before (if any) is not part of a word.
fn starts_token(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | '@' | '/' | '+' | '-' | '_')))
}

/// Punctuation that ends a sentence rather than an address.
fn trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '’' | '”' | '*' | '_' | ']' | '}'
    )
}

fn web_at(text: &str, i: usize) -> Option<Contact> {
    let rest = &text[i..];
    let starts = |p: &str| {
        rest.len() >= p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let prefix = if starts("https://") || starts("http://") {
        ""
    } else if starts("www.") {
        "https://"
    } else {
        return None;
    };
    let mut end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '\\'))
        .unwrap_or(rest.len());
    // Trim punctuation that ends the sentence; a closing bracket stays only if
    // the address opened one.
    while let Some(c) = rest[..end].chars().next_back() {
        let unbalanced_paren =
            c == ')' && rest[..end].matches('(').count() < rest[..end].matches(')').count();
        if trailing(c) || unbalanced_paren {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    let address = &rest[..end];
    let host = address
        .split_once("//")
        .map_or(address, |(_, h)| h)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    // A bare `www.` address needs a name and a top-level domain after it.
    let labels = if prefix.is_empty() { 2 } else { 3 };
    if host.split('.').filter(|l| !l.is_empty()).count() < labels
        || host.starts_with('.')
        || host.ends_with('.')
    {
        return None;
    }
    Some(Contact {
        range: i..i + end,
        href: format!("{prefix}{address}"),
    })
}

fn email_at(text: &str, i: usize) -> Option<Contact> {
    let rest = &text[i..];
    let local_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')))
        .unwrap_or(rest.len());
    if local_len == 0 || !rest[local_len..].starts_with('@') {
        return None;
    }
    let local = &rest[..local_len];
    if local.starts_with('.') || local.ends_with('.') {
        return None;
    }
    let domain_start = local_len + 1;
    let after = &rest[domain_start..];
    let mut domain_len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or(after.len());
    while domain_len > 0 && matches!(after.as_bytes()[domain_len - 1], b'.' | b'-') {
        domain_len -= 1;
    }
    let domain = &after[..domain_len];
    let tld = domain.rsplit('.').next().unwrap_or("");
    if !domain.contains('.')
        || domain.starts_with(['.', '-'])
        || domain.contains("..")
        || tld.len() < 2
        || !tld.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let end = domain_start + domain_len;
    Some(Contact {
        range: i..i + end,
        href: format!("mailto:{}", &rest[..end]),
    })
}

/// A UK phone number (`01632 960007`, `(01632) 960 007`, `+44 1632 960007`,
/// `0800-123-4567`) or another international one (`+353 1 234 5678`).
fn phone_at(text: &str, i: usize) -> Option<Contact> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    if !matches!(first, '0' | '+' | '(') {
        return None;
    }
    let mut digits = String::new();
    let mut end = 0;
    let mut last_was_sep = true;
    let mut open_paren = false;
    for (k, c) in rest.char_indices() {
        match c {
            '0'..='9' => {
                digits.push(c);
                end = k + 1;
                last_was_sep = false;
            }
            '+' if k == 0 => {}
            '(' if !open_paren && last_was_sep => open_paren = true,
            ')' if open_paren && !last_was_sep => {
                open_paren = false;
                end = k + 1;
            }
            ' ' | '-' | '\u{00A0}' if !last_was_sep => last_was_sep = true,
            _ => break,
        }
        if digits.len() > 15 {
            return None;
        }
    }
    // The number must end at a word boundary (not run into letters or more digits).
    if rest[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '@')
    {
        return None;
    }
    let shown = rest[..end].trim_end();
    let international = shown.trim_start_matches('(').starts_with('+');
    let href = if international {
        let national = digits.strip_prefix("44").map(|d| d.trim_start_matches('0'));
        match national {
            Some(d) if (9..=10).contains(&d.len()) => format!("tel:+44{d}"),
            Some(_) => return None,
            None if (8..=15).contains(&digits.len()) => format!("tel:+{digits}"),
            None => return None,
        }
    } else {
        // UK national numbers: a 0 and 9 or 10 more digits.
        if !digits.starts_with('0')
            || digits.starts_with("00")
            || !(10..=11).contains(&digits.len())
        {
            return None;
        }
        format!("tel:+44{}", &digits[1..])
    };
    if open_paren && !shown.contains(')') {
        return None;
    }
    Some(Contact {
        range: i..i + shown.len(),
        href,
    })
}

/// The `tel:` link of a phone number a school typed, if it reads as one.
pub fn phone_href(number: &str) -> Option<String> {
    let t = number.trim();
    let c = phone_at(t, 0)?;
    (c.range.end == t.len()).then_some(c.href)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|c| (&text[c.range.clone()], c.href))
            .collect()
    }

    #[test]
    fn web_addresses_lose_sentence_punctuation() {
        assert_eq!(
            found("See https://www.gov.uk/guidance. Or (www.childnet.com), or http://x.org/a_(b)."),
            [
                (
                    "https://www.gov.uk/guidance",
                    "https://www.gov.uk/guidance".to_string()
                ),
                ("www.childnet.com", "https://www.childnet.com".to_string()),
                ("http://x.org/a_(b)", "http://x.org/a_(b)".to_string()),
            ]
        );
        assert!(found("the www.site or https://localhost").is_empty());
    }

    #[test]
    fn emails_are_found_whole() {
        assert_eq!(
            found("Email office@thrushgill-primary.example.org.uk."),
            [(
                "office@thrushgill-primary.example.org.uk",
                "mailto:office@thrushgill-primary.example.org.uk".to_string()
            )]
        );
        assert!(found("an @mention, a@b, x@y.1").is_empty());
    }

    #[test]
    fn uk_phone_numbers_become_international_tel_links() {
        assert_eq!(
            found("Ring 01632 960007, (01632) 960 008 or +44 (0)1632 960009 today"),
            [
                ("01632 960007", "tel:+441632960007".to_string()),
                ("(01632) 960 008", "tel:+441632960008".to_string()),
                ("+44 (0)1632 960009", "tel:+441632960009".to_string()),
            ]
        );
        assert_eq!(
            phone_href("0800-123-4567").as_deref(),
            Some("tel:+448001234567")
        );
    }

    #[test]
    fn dates_references_and_short_numbers_are_not_phones() {
        for text in [
            "on 2025-09-01",
            "minute BD/22/007",
            "URN 100007",
            "call 999",
            "01/09/2025",
            "0123",
            "version 0.1.2",
            "ISBN 0123456789012345",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
        assert_eq!(phone_href("not a number"), None);
    }
}

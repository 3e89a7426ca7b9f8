//! A trust's own words for its bodies, so that every sentence any output writes uses them.

use crate::model::Trust;

/// What a trust calls its board and its schools' local bodies ("Local Governing Body", "LGB";
/// Cidari's "Local Governing Committee", "LGC"), and what its schools' pages call the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// The trust's board, which agrees model policies: "Board of Directors".
    pub board: String,
    /// The body that approves a school's policies: "Local Governing Body".
    pub local_body: String,
    /// Its short form, for footers, labels and minutes: "LGB".
    pub local_body_short: String,
    /// The label for what a school calls its head ("Headteacher", "Principal").
    pub head: String,
}

/// The label a school page gives its head's title.
const HEAD: &str = "Head of the school";

impl Terms {
    pub fn of(trust: &Trust) -> Terms {
        Terms {
            board: trust.board.clone(),
            local_body: trust.local_body.clone(),
            local_body_short: trust.local_body_short.clone(),
            head: HEAD.to_string(),
        }
    }

    /// A school outside any trust: its governing body approves its policies.
    pub fn outside_trust() -> Terms {
        Terms {
            board: "governing body".to_string(),
            local_body: "governing body".to_string(),
            local_body_short: "governors".to_string(),
            head: HEAD.to_string(),
        }
    }

    pub fn for_trust(trust: Option<&Trust>) -> Terms {
        trust.map_or_else(Terms::outside_trust, Terms::of)
    }

    /// How a minute of the local body usually starts, for examples in hints: "LAC" in
    /// "LAC/25/07"; "GB" where the short form is a word ("governors") rather than initials.
    pub fn minute_prefix(&self) -> &str {
        let short = self.local_body_short.as_str();
        let initials = !short.is_empty() && short.chars().all(|c| c.is_ascii_uppercase());
        if initials { short } else { "GB" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_outside_a_trust_has_its_governors_words() {
        let terms = Terms::for_trust(None);
        assert_eq!(terms, Terms::outside_trust());
        assert_eq!(terms.local_body_short, "governors");
        assert_eq!(terms.board, "governing body");
        assert_eq!(terms.minute_prefix(), "GB");
    }

    #[test]
    fn a_minute_starts_with_the_local_body_s_initials() {
        let mut terms = Terms::outside_trust();
        terms.local_body_short = "LAC".to_string();
        assert_eq!(terms.minute_prefix(), "LAC");
    }
}

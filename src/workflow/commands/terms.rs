//! The trust's own words for the bodies a command's messages name: its board and its local
//! body's short form ("LAC", "LGC"); a school outside any trust keeps the generic "LGB".

use crate::model::Trust;

/// What a trust calls its bodies, as the sentences of `approve`, `record` and `agree` need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    /// The trust's board ("Board of Directors"); `None` outside a trust.
    board: Option<String>,
    /// The short form of its local body ("LAC"); `None` outside a trust.
    local_body_short: Option<String>,
}

impl Terms {
    /// The words of `trust`, or the generic ones for a school outside any trust.
    pub fn of(trust: Option<&Trust>) -> Terms {
        Terms {
            board: trust.map(|t| t.board.trim().to_string()),
            local_body_short: trust.map(|t| t.local_body_short.trim().to_string()),
        }
        .without_blanks()
    }

    /// The generic words: "LGB" and "trust board".
    pub fn generic() -> Terms {
        Terms {
            board: None,
            local_body_short: None,
        }
    }

    /// For tests and callers that already hold the words.
    pub fn new(board: &str, local_body_short: &str) -> Terms {
        Terms {
            board: Some(board.trim().to_string()),
            local_body_short: Some(local_body_short.trim().to_string()),
        }
        .without_blanks()
    }

    fn without_blanks(self) -> Terms {
        Terms {
            board: self.board.filter(|b| !b.is_empty()),
            local_body_short: self.local_body_short.filter(|l| !l.is_empty()),
        }
    }

    /// The body that approves a school's policies, short: "LGB", "LAC".
    pub fn local(&self) -> &str {
        self.local_body_short.as_deref().unwrap_or("LGB")
    }

    /// The same with its article, to start a sentence's subject: "an LGB", "a Council".
    pub fn a_local(&self) -> String {
        let word = self.local();
        format!("{} {word}", article(word))
    }

    /// The board that agrees the trust's models: "Board of Directors", or "trust board".
    pub fn board(&self) -> &str {
        self.board_or("trust board")
    }

    /// The board's name, or `generic` for a school outside any trust.
    pub fn board_or<'a>(&'a self, generic: &'a str) -> &'a str {
        self.board.as_deref().unwrap_or(generic)
    }
}

/// "a" or "an" before a word; an abbreviation in capitals is read letter by letter ("an LGB").
fn article(word: &str) -> &'static str {
    let mut letters = word.chars();
    let Some(first) = letters.next() else {
        return "a";
    };
    let spelled = word.len() > 1 && word.chars().all(|c| !c.is_lowercase());
    let vowel_sound = if spelled {
        "AEFHILMNORSX".contains(first.to_ascii_uppercase())
    } else {
        "aeiouAEIOU".contains(first)
    };
    if vowel_sound { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_outside_a_trust_keeps_the_generic_words() {
        let terms = Terms::of(None);
        assert_eq!(terms, Terms::generic());
        assert_eq!(terms.local(), "LGB");
        assert_eq!(terms.a_local(), "an LGB");
        assert_eq!(terms.board(), "trust board");
        assert_eq!(terms.board_or("board"), "board");
    }

    #[test]
    fn a_trust_s_words_are_used_as_written() {
        let terms = Terms::new("Board of Directors", "LAC");
        assert_eq!(terms.local(), "LAC");
        assert_eq!(terms.a_local(), "an LAC");
        assert_eq!(terms.board(), "Board of Directors");
        assert_eq!(terms.board_or("board"), "Board of Directors");
        assert_eq!(Terms::new("Trust Board", "Council").a_local(), "a Council");
        assert_eq!(Terms::new("", " ").local(), "LGB");
    }
}

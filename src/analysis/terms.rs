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
}

//! The review-date calendar (`reviews.ics`, RFC 5545) a clerk subscribes to.

use crate::analysis::{ScheduleRow, StatusRow, Terms};

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets, as RFC 5545 asks, without splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += len;
    }
    out.push_str("\r\n");
    out
}

/// One all-day event per status row with a review date. Stamps come from the approval, never
/// the clock; the text names the body that reviews it in the trust's own words (`local_body`).
pub fn feed(name: &str, local_body: &str, rows: &[StatusRow]) -> String {
    feed_with_board(name, local_body, rows, &[], None)
}

/// The schools' review dates and, beside them, the board's own reviews of its models and
/// trust-wide policies (from the trust's schedule), worded in the trust's terms.
pub fn feed_with_board(
    name: &str,
    local_body: &str,
    rows: &[StatusRow],
    board: &[&ScheduleRow],
    terms: Option<&Terms>,
) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//policyforge//review dates//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!("Policy reviews: {name}"))
        ),
    ] {
        out.push_str(&fold(&line));
    }
    for row in rows {
        if row.tier == crate::model::Tier::TrustWide.as_str() {
            // The board reviews a trust-wide policy once, for every school: its event is below.
            continue;
        }
        let (Some(due), Some(approved), Some(version)) =
            (row.review_due, row.approved_on, row.approved_version)
        else {
            continue;
        };
        let next = jiff::civil::Date::tomorrow(due).unwrap_or(due);
        let lines = [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}-{}-v{}@policyforge", row.school, row.policy, version),
            format!("DTSTAMP:{}T000000Z", approved.strftime("%Y%m%d")),
            format!("DTSTART;VALUE=DATE:{}", due.strftime("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape(&format!(
                    "Review due: {} – {}",
                    row.policy_title, row.school_name
                ))
            ),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "Version {version} was approved on {}. The {} should review it by {}.",
                    crate::dates::british(approved),
                    local_body,
                    crate::dates::british(due)
                ))
            ),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ];
        for line in lines {
            out.push_str(&fold(&line));
        }
    }
    let board_name = terms.map_or("board".to_string(), |t| t.board.clone());
    for row in board {
        let (Some(due), Some(agreed), Some(version)) =
            (row.next_review, row.agreed_on, row.agreed_version)
        else {
            continue;
        };
        let next = jiff::civil::Date::tomorrow(due).unwrap_or(due);
        let status = if row.overdue {
            " It is overdue."
        } else if row.due_soon {
            " It is due soon."
        } else {
            ""
        };
        let lines = [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:{}-{}-board-v{version}@policyforge",
                row.trust, row.policy
            ),
            format!("DTSTAMP:{}T000000Z", agreed.strftime("%Y%m%d")),
            format!("DTSTART;VALUE=DATE:{}", due.strftime("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")),
            format!(
                "SUMMARY:{}",
                escape(&format!(
                    "Board review due: {} ({})",
                    row.title,
                    row.tier.describe().to_lowercase()
                ))
            ),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "The {board_name} agreed version {version} on {}. It should review it by {}.{status}",
                    crate::dates::british(agreed),
                    crate::dates::british(due)
                ))
            ),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ];
        for line in lines {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

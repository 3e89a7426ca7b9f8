//! Dates as the users write them (YYYY-MM-DD) and as schools show them ("1 September 2025").

use jiff::civil::Date;
use jiff::{Span, ToSpan};

/// Parses `YYYY-MM-DD`, the only form a date is written in our files.
pub fn parse(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    t.parse::<Date>().ok()
}

/// Why `text` is not a date, in words a clerk can act on ("February 2026 has 28 days").
pub fn explain(text: &str) -> String {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let number = |s: &str| s.parse::<i32>().ok();
    if let [y, m, d] = parts[..]
        && y.len() == 4
        && let (Some(year), Some(month), Some(day)) = (number(y), number(m), number(d))
    {
        if !(1..=12).contains(&month) {
            return format!(
                "there is no month {month}: the middle number is the month, from 01 to 12"
            );
        }
        let first = Date::new(year as i16, month as i8, 1).ok();
        if let Some(first) = first {
            let days = first.days_in_month();
            let month_name = first.strftime("%B %Y").to_string();
            if day < 1 || day > i32::from(days) {
                return format!("{month_name} has {days} days");
            }
            if m.len() != 2 || d.len() != 2 {
                return "write the month and the day with two digits each, such as 2025-09-01"
                    .to_string();
            }
        }
    }
    if t.contains('/') || t.contains('.') {
        return "dates are written year-month-day with hyphens, such as 2025-09-01 for 1 September 2025".to_string();
    }
    "write it as YYYY-MM-DD, such as 2025-09-01 for 1 September 2025".to_string()
}

/// "1 September 2025".
pub fn british(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// "18 Jun 2027": for tables, where a date must fit on one line.
pub fn short(date: Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

pub fn iso(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

/// `date` plus whole months, clamped to the month's end (31 January + 1 month = 28/29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let span: Span = (months as i64).months();
    date.checked_add(span).unwrap_or(date)
}

/// Today in the UK sense of a civil date. `POLICYFORGE_TODAY=YYYY-MM-DD` fixes it (for tests and
/// for previewing the dashboard as it will look on a given day).
pub fn today() -> Date {
    if let Some(date) = std::env::var("POLICYFORGE_TODAY")
        .ok()
        .and_then(|t| parse(&t))
    {
        return date;
    }
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_dates() {
        let d = parse("2025-09-01").unwrap();
        assert_eq!(british(d), "1 September 2025");
        assert_eq!(iso(add_months(d, 24)), "2027-09-01");
        assert!(parse("2025-13-01").is_none());
        assert!(parse("1/9/2025").is_none());
        assert_eq!(days_between(d, parse("2025-09-11").unwrap()), 10);
        assert_eq!(explain("2026-02-30"), "February 2026 has 28 days");
        assert!(explain("2026-13-01").contains("no month 13"));
        assert!(explain("1/9/2025").contains("hyphens"));
    }
}

//! `policyforge status`: the analysis's status rows as a table, JSON or CSV.

use crate::analysis::{Analysis, StatusRow};
use crate::dates;

/// The rows of the analysis, filtered to a school or a trust.
pub fn rows<'a>(
    analysis: &'a Analysis,
    school: Option<&str>,
    trust: Option<&str>,
) -> Vec<&'a StatusRow> {
    analysis
        .status
        .iter()
        .filter(|r| school.is_none_or(|s| r.school == s))
        .filter(|r| trust.is_none_or(|t| r.trust.as_deref() == Some(t)))
        .collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn version(v: Option<u32>) -> String {
    v.map_or("-".into(), |v| format!("v{v}"))
}

pub fn to_json(rows: &[&StatusRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".to_string())
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

const CSV_HEADER: &str = "school,trust,policy,stage,model_version,based_on_model,approved_version,approved_on,review_due,stage_since,days_in_stage,due_soon,overdue,behind_model,stalled,behind_policy,tier,last_comment_on,last_comment_by,last_comment\n";

pub fn to_csv(rows: &[&StatusRow]) -> String {
    let mut out = String::from(CSV_HEADER);
    for r in rows {
        let ahead: Vec<String> = r
            .behind_policy
            .iter()
            .map(|a| format!("{} v{}", a.policy, a.version))
            .collect();
        let fields = [
            r.school.clone(),
            opt(r.trust.as_deref()),
            r.policy.clone(),
            r.stage.as_str().to_string(),
            opt(r.model_version),
            opt(r.based_on_model),
            opt(r.approved_version),
            opt(r.approved_on.map(dates::iso)),
            opt(r.review_due.map(dates::iso)),
            opt(r.stage_since.map(dates::iso)),
            opt(r.days_in_stage),
            r.due_soon.to_string(),
            r.overdue.to_string(),
            r.behind_model.to_string(),
            r.stalled.to_string(),
            ahead.join("; "),
            r.tier.to_string(),
            opt(r.last_comment_on.map(dates::iso)),
            opt(r.last_comment_by.as_deref()),
            opt(r.last_comment.as_deref()),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A terminal table; the comment, the longest cell, comes last and is cut short.
pub fn to_table(rows: &[&StatusRow]) -> String {
    const HEADER: [&str; 12] = [
        "SCHOOL",
        "TRUST",
        "POLICY",
        "STAGE",
        "DAYS IN STAGE",
        "BASED ON",
        "MODEL",
        "APPROVED",
        "APPROVED ON",
        "REVIEW DUE",
        "FLAGS",
        "LAST COMMENT",
    ];
    let body: Vec<[String; 12]> = rows
        .iter()
        .map(|r| {
            let flags: Vec<String> = r.flags().into_iter().map(|f| f.words).collect();
            let comment = match (&r.last_comment, r.last_comment_on) {
                (Some(text), on) => {
                    let text = shorten(text, 48);
                    match on {
                        Some(d) => format!("{}: {text}", dates::iso(d)),
                        None => text,
                    }
                }
                (None, _) => "-".into(),
            };
            [
                r.school.clone(),
                r.trust.clone().unwrap_or_else(|| "-".into()),
                r.policy.clone(),
                r.stage.as_str().to_string(),
                r.days_in_stage.map_or("-".into(), |d| d.to_string()),
                version(r.based_on_model),
                version(r.model_version),
                version(r.approved_version),
                r.approved_on.map_or("-".into(), dates::iso),
                r.review_due.map_or("-".into(), dates::iso),
                if flags.is_empty() {
                    "-".into()
                } else {
                    flags.join(", ")
                },
                comment,
            ]
        })
        .collect();
    let mut widths = HEADER.map(str::len);
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(HEADER.to_vec());
    for row in &body {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// At most `max` characters, on one line, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

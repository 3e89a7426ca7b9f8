//! `policyforge status`: one row per school and policy, as a table, JSON or CSV.

use serde::Serialize;

use crate::analysis::{AdoptionState, Analysis, CheckedAdoption};
use crate::dates;

#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub school: String,
    pub trust: Option<String>,
    pub policy: String,
    pub stage: String,
    pub model_version: Option<u32>,
    pub approved_version: Option<u32>,
    pub approved_on: Option<String>,
    pub review_due: Option<String>,
    pub due_soon: bool,
    pub overdue: bool,
    pub behind_model: bool,
    /// `trust-wide`, `model` or `local`.
    pub tier: &'static str,
}

impl StatusRow {
    pub fn of(item: &CheckedAdoption<'_>) -> Self {
        StatusRow::of_state(
            &item.school.id,
            item.school.trust_id(),
            item.policy.id(),
            &item.state,
        )
    }

    /// The row of one school's policy, from the state the analysis found.
    pub fn of_state(school: &str, trust: Option<&str>, policy: &str, s: &AdoptionState) -> Self {
        StatusRow {
            school: school.to_string(),
            trust: trust.map(str::to_string),
            policy: policy.to_string(),
            stage: s.stage.as_str().to_string(),
            model_version: s.model_version,
            approved_version: s.approved_version,
            approved_on: s.approved_on.map(dates::iso),
            review_due: s.review_due.map(dates::iso),
            due_soon: s.due_soon,
            overdue: s.overdue,
            behind_model: s.behind_model,
            tier: s.tier.as_str(),
        }
    }

    /// Flags in words, for people.
    pub fn flags(&self) -> Vec<(&'static str, &'static str)> {
        let mut flags = Vec::new();
        if self.overdue {
            flags.push(("overdue", "Review overdue"));
        }
        if self.due_soon {
            flags.push(("due-soon", "Review due soon"));
        }
        if self.behind_model {
            flags.push(("behind", "Behind the model"));
        }
        flags
    }
}

/// One row per school and policy the analysis found, filtered to a school or a trust.
pub fn rows(analysis: &Analysis, school: Option<&str>, trust: Option<&str>) -> Vec<StatusRow> {
    let mut rows: Vec<StatusRow> = analysis
        .publications
        .iter()
        .filter(|p| school.is_none_or(|s| p.school.id == s))
        .filter(|p| trust.is_none_or(|t| p.school.trust_id() == Some(t)))
        .map(|p| StatusRow::of_state(&p.school.id, p.school.trust_id(), p.policy.id(), &p.state))
        .collect();
    rows.sort_by(|a, b| (&a.trust, &a.school, &a.policy).cmp(&(&b.trust, &b.school, &b.policy)));
    rows
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), ToString::to_string)
}

pub fn to_json(rows: &[StatusRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".to_string())
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn to_csv(rows: &[StatusRow]) -> String {
    let mut out = String::from(
        "school,trust,policy,stage,model_version,approved_version,approved_on,review_due,due_soon,overdue,behind_model,tier\n",
    );
    for r in rows {
        let fields = [
            r.school.clone(),
            opt(&r.trust),
            r.policy.clone(),
            r.stage.clone(),
            opt(&r.model_version),
            opt(&r.approved_version),
            opt(&r.approved_on),
            opt(&r.review_due),
            r.due_soon.to_string(),
            r.overdue.to_string(),
            r.behind_model.to_string(),
            r.tier.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

pub fn to_table(rows: &[StatusRow]) -> String {
    let header = [
        "SCHOOL",
        "TRUST",
        "POLICY",
        "STAGE",
        "MODEL",
        "APPROVED",
        "APPROVED ON",
        "REVIEW DUE",
        "FLAGS",
    ];
    let body: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let flags: Vec<&str> = r.flags().iter().map(|f| f.1).collect();
            [
                r.school.clone(),
                r.trust.clone().unwrap_or_else(|| "-".into()),
                r.policy.clone(),
                r.stage.clone(),
                r.model_version.map_or("-".into(), |v| format!("v{v}")),
                r.approved_version.map_or("-".into(), |v| format!("v{v}")),
                r.approved_on.clone().unwrap_or_else(|| "-".into()),
                r.review_due.clone().unwrap_or_else(|| "-".into()),
                if flags.is_empty() {
                    "-".into()
                } else {
                    flags.join(", ")
                },
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
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
    out.push_str(&line(header.to_vec()));
    for row in &body {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

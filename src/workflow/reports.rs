//! `policyforge schedule` and `policyforge compliance`: the trust's schedule and the schools'
//! website compliance as a table, JSON or CSV, formatted from the analysis's rows.

use serde::Serialize;

use crate::analysis::{ComplianceRow, ScheduleRow, SchoolCompliance};
use crate::dates;

/// One schedule row as JSON and CSV carry it.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleLine {
    pub trust: String,
    pub policy: String,
    pub title: String,
    pub tier: String,
    pub owner: String,
    pub review_cycle_months: u32,
    pub agreed_version: Option<u32>,
    pub agreed_on: Option<String>,
    pub minute: Option<String>,
    pub next_review: Option<String>,
    pub due_soon: bool,
    pub overdue: bool,
    pub statutory: bool,
    pub publish_online: String,
    pub schools: usize,
    pub schools_published: usize,
    pub schools_in_date: usize,
}

impl ScheduleLine {
    pub fn of(r: &ScheduleRow) -> Self {
        ScheduleLine {
            trust: r.trust.clone(),
            policy: r.policy.clone(),
            title: r.title.clone(),
            tier: r.tier.as_str().to_string(),
            owner: r.owner.clone(),
            review_cycle_months: r.review_cycle_months,
            agreed_version: r.agreed_version,
            agreed_on: r.agreed_on.map(dates::iso),
            minute: r.minute.clone(),
            next_review: r.next_review.map(dates::iso),
            due_soon: r.due_soon,
            overdue: r.overdue,
            statutory: r.statutory,
            publish_online: r.publish_online.as_str().to_string(),
            schools: r.schools,
            schools_published: r.schools_published,
            schools_in_date: r.schools_in_date,
        }
    }
}

/// One required policy of one school as JSON and CSV carry it.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceLine {
    pub trust: Option<String>,
    pub school: String,
    pub policy: String,
    pub title: String,
    pub tier: String,
    pub state: String,
    pub version: Option<u32>,
    pub review_due: Option<String>,
}

impl ComplianceLine {
    pub fn of(r: &ComplianceRow) -> Self {
        ComplianceLine {
            trust: r.trust.clone(),
            school: r.school.clone(),
            policy: r.policy.clone(),
            title: r.title.clone(),
            tier: r.tier.to_string(),
            state: r.state.as_str().to_string(),
            version: r.version,
            review_due: r.review_due.map(dates::iso),
        }
    }
}

#[derive(Serialize)]
struct SchoolLine {
    school: String,
    school_name: String,
    trust: Option<String>,
    complies: bool,
    policies: Vec<ComplianceLine>,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), ToString::to_string)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv(header: &str, rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = format!("{header}\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Columns padded to their widest cell, two spaces apart.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn dash(text: String) -> String {
    if text.is_empty() {
        "-".to_string()
    } else {
        text
    }
}

pub fn schedule_json(rows: &[&ScheduleRow]) -> String {
    let lines: Vec<ScheduleLine> = rows.iter().map(|r| ScheduleLine::of(r)).collect();
    serde_json::to_string_pretty(&lines).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

pub fn schedule_csv(rows: &[&ScheduleRow]) -> String {
    csv(
        "trust,policy,title,tier,owner,review_cycle_months,agreed_version,agreed_on,minute,next_review,due_soon,overdue,statutory,publish_online,schools,schools_published,schools_in_date",
        rows.iter().map(|r| {
            let l = ScheduleLine::of(r);
            vec![
                l.trust,
                l.policy,
                l.title,
                l.tier,
                l.owner,
                l.review_cycle_months.to_string(),
                opt(&l.agreed_version),
                opt(&l.agreed_on),
                opt(&l.minute),
                opt(&l.next_review),
                l.due_soon.to_string(),
                l.overdue.to_string(),
                l.statutory.to_string(),
                l.publish_online,
                l.schools.to_string(),
                l.schools_published.to_string(),
                l.schools_in_date.to_string(),
            ]
        }),
    )
}

pub fn schedule_table(rows: &[&ScheduleRow]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let flags: Vec<&str> = r.flags().iter().map(|f| f.1).collect();
            vec![
                r.trust.clone(),
                r.policy.clone(),
                r.tier.as_str().to_string(),
                dash(r.owner.clone()),
                format!("{}m", r.review_cycle_months),
                dash(r.agreed_version.map_or(String::new(), |v| {
                    format!("v{v} {}", r.agreed_on.map_or(String::new(), dates::iso))
                })),
                dash(r.minute.clone().unwrap_or_default()),
                dash(r.next_review.map_or(String::new(), dates::iso)),
                if r.statutory { "yes" } else { "no" }.to_string(),
                r.publish_online.as_str().to_string(),
                format!("{}/{}", r.schools_published, r.schools),
                format!("{}/{}", r.schools_in_date, r.schools),
                dash(flags.join(", ")),
            ]
        })
        .collect();
    table(
        &[
            "TRUST",
            "POLICY",
            "TIER",
            "OWNER",
            "CYCLE",
            "AGREED",
            "MINUTE",
            "NEXT REVIEW",
            "STATUTORY",
            "WEBSITE",
            "PUBLISHED",
            "IN DATE",
            "FLAGS",
        ],
        &body,
    )
}

pub fn compliance_json(schools: &[&SchoolCompliance]) -> String {
    let lines: Vec<SchoolLine> = schools
        .iter()
        .map(|s| SchoolLine {
            school: s.school.clone(),
            school_name: s.school_name.clone(),
            trust: s.trust.clone(),
            complies: s.complies,
            policies: s.rows.iter().map(ComplianceLine::of).collect(),
        })
        .collect();
    serde_json::to_string_pretty(&lines).unwrap_or_else(|_| "[]".to_string()) + "\n"
}

pub fn compliance_csv(schools: &[&SchoolCompliance]) -> String {
    csv(
        "trust,school,policy,title,tier,state,version,review_due",
        schools.iter().flat_map(|s| s.rows.iter()).map(|r| {
            let l = ComplianceLine::of(r);
            vec![
                opt(&l.trust),
                l.school,
                l.policy,
                l.title,
                l.tier,
                l.state,
                opt(&l.version),
                opt(&l.review_due),
            ]
        }),
    )
}

pub fn compliance_table(schools: &[&SchoolCompliance]) -> String {
    let body: Vec<Vec<String>> = schools
        .iter()
        .flat_map(|s| s.rows.iter())
        .map(|r| {
            vec![
                r.trust.clone().unwrap_or_else(|| "-".into()),
                r.school.clone(),
                r.policy.clone(),
                r.tier.to_string(),
                r.state.describe().to_string(),
                r.version.map_or("-".into(), |v| format!("v{v}")),
                r.review_due.map_or("-".into(), dates::iso),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "TRUST",
            "SCHOOL",
            "POLICY",
            "TIER",
            "STATE",
            "VERSION",
            "REVIEW DUE",
        ],
        &body,
    );
    let failing: Vec<&str> = schools
        .iter()
        .filter(|s| !s.complies)
        .map(|s| s.school.as_str())
        .collect();
    out.push('\n');
    if failing.is_empty() {
        out.push_str(&format!(
            "All {} schools publish every required policy, in date.\n",
            schools.len()
        ));
    } else {
        out.push_str(&format!(
            "{} of {} schools do not comply: {}.\n",
            failing.len(),
            schools.len(),
            failing.join(", ")
        ));
    }
    out
}

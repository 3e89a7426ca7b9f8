//! A trust's dashboard: the analysis's status rows, totals first, grouped by school
//! (`dashboard.html`) and by policy (`dashboard-by-policy.html`).

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::analysis::{Stage, StatusRow, Totals, TrustFacts};
use crate::dates;

/// The two ways an officer reads the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    School,
    Policy,
}

impl GroupBy {
    pub const ALL: [GroupBy; 2] = [GroupBy::School, GroupBy::Policy];

    pub fn file(self) -> &'static str {
        match self {
            GroupBy::School => "dashboard.html",
            GroupBy::Policy => "dashboard-by-policy.html",
        }
    }

    fn word(self) -> &'static str {
        match self {
            GroupBy::School => "school",
            GroupBy::Policy => "policy",
        }
    }
}

/// From the dashboard (in `trusts/<trust>/`) to the site's root.
const UP: &str = "../../";

fn date(d: Option<Date>) -> String {
    d.map_or("—".to_string(), dates::short)
}

/// The policy's page once published; before that, the trust's model preview.
fn policy_href(row: &StatusRow) -> Option<String> {
    match &row.policy_page {
        Some(page) => Some(format!("{UP}{page}")),
        None if row.kind != "local-policy" => Some(format!("models/{}.html", row.policy)),
        None => None,
    }
}

fn row_json(row: &StatusRow, by: GroupBy) -> Value {
    let (label, label_href) = match by {
        GroupBy::School => (row.policy_title.clone(), policy_href(row)),
        GroupBy::Policy => (
            row.school_name.clone(),
            Some(format!("{UP}{}", row.school_page)),
        ),
    };
    let since = match (row.stage_since, row.days_in_stage) {
        (Some(d), Some(days)) => format!(
            "since {} ({days} day{})",
            dates::short(d),
            if days == 1 { "" } else { "s" }
        ),
        _ => String::new(),
    };
    json!({
        "label": label,
        "label_href": label_href,
        "school_href": format!("{UP}{}", row.school_page),
        "policy_href": row.policy_page.as_ref().map(|p| format!("{UP}{p}")),
        "stage": row.stage.as_str(),
        "stage_words": row.stage_words,
        "since": since,
        "approved_version": row.approved_version,
        "based_on": row.based_on_model,
        "model_version": row.model_version,
        "approved_on": date(row.approved_on),
        "review_due": date(row.review_due),
        "flags": row.flags(),
        "comment": row.last_comment,
        "comment_on": row.last_comment_on.map(dates::short),
        "comment_by": row.last_comment_by,
    })
}

/// The rows in groups, each with its heading and link, in the order the rows come (by school,
/// then policy) or by policy title.
fn groups(rows: &[StatusRow], by: GroupBy) -> Vec<Value> {
    let mut order: Vec<&StatusRow> = rows.iter().collect();
    if by == GroupBy::Policy {
        order.sort_by(|a, b| {
            (&a.policy_title, &a.policy, &a.school_name).cmp(&(
                &b.policy_title,
                &b.policy,
                &b.school_name,
            ))
        });
    }
    let mut out: Vec<(String, Value, Vec<&StatusRow>)> = Vec::new();
    for row in order {
        let key = match by {
            GroupBy::School => row.school.clone(),
            GroupBy::Policy => row.policy.clone(),
        };
        match out.last_mut() {
            Some((k, _, members)) if *k == key => members.push(row),
            _ => {
                let heading = match by {
                    GroupBy::School => json!({
                        "title": row.school_name,
                        "href": format!("{UP}{}", row.school_page),
                    }),
                    GroupBy::Policy => json!({
                        "title": row.policy_title,
                        "href": (row.kind != "local-policy")
                            .then(|| format!("models/{}.html", row.policy)),
                    }),
                };
                out.push((key, heading, vec![row]));
            }
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (_, heading, members))| {
            let totals = Totals::of(members.iter().copied());
            json!({
                "id": format!("group-{}", i + 1),
                "heading": heading,
                "summary": summary(&totals, members.len()),
                "rows": members.iter().map(|r| row_json(r, by)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// "3 policies: 1 overdue, 1 not started" — what a group needs, in a line.
fn summary(t: &Totals, count: usize) -> String {
    let parts: Vec<String> = [
        (t.overdue, "overdue"),
        (t.due_soon, "due soon"),
        (t.behind, "behind"),
        (t.stalled, "stalled"),
        (t.awaiting_approval, "awaiting approval"),
        (t.not_started, "not started"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    let rows = format!("{count} row{}", if count == 1 { "" } else { "s" });
    if parts.is_empty() {
        format!("{rows}: nothing to act on")
    } else {
        format!("{rows}: {}", parts.join(", "))
    }
}

/// The page's values: totals, groups and what the flags mean.
pub fn page(facts: &TrustFacts, by: GroupBy, today: Date, review: (u32, u32)) -> Value {
    let t = Totals::of(&facts.status);
    let totals = [
        ("overdue", t.overdue, "Review overdue"),
        ("due-soon", t.due_soon, "Review due soon"),
        ("behind", t.behind, "Behind the model or a policy"),
        ("stalled", t.stalled, "Stalled"),
        ("awaiting", t.awaiting_approval, "Awaiting approval"),
        ("not-started", t.not_started, "Not started"),
    ]
    .iter()
    .map(|(key, count, words)| json!({"key": key, "count": count, "words": words}))
    .collect::<Vec<_>>();
    let other = match by {
        GroupBy::School => GroupBy::Policy,
        GroupBy::Policy => GroupBy::School,
    };
    json!({
        "group_by": by.word(),
        "other_by": other.word(),
        "other_href": other.file(),
        "totals": totals,
        "groups": groups(&facts.status, by),
        "rows": facts.status.len(),
        "today": dates::short(today),
        "due_days": review.0,
        "stalled_days": review.1,
        "local_body": facts.terms.local_body_short,
        "not_started": Stage::NotStarted.as_str(),
    })
}

//! A trust's policy schedule page (`trusts/<trust>/schedule.html`): every policy with its tier,
//! owner, cycle, the board's last agreement, its next review and how many schools publish it.

use serde_json::json;

use crate::analysis::{ScheduleRow, TrustFacts};
use crate::dates;
use crate::diagnostic::Diagnostics;

use super::{Files, SiteContext};

/// One schedule row as a page or a command shows it (words, not codes).
pub fn row_json(row: &ScheduleRow) -> serde_json::Value {
    json!({
        "policy": row.policy,
        "title": row.title,
        "tier": row.tier.as_str(),
        "tier_words": row.tier.describe(),
        "owner": if row.owner.is_empty() { "—".to_string() } else { row.owner.clone() },
        "cycle": format!("{} months", row.review_cycle_months),
        "agreed": match row.agreed_version {
            Some(v) => format!("Version {v}, {}", row.agreed_words()),
            None if row.tier == crate::model::Tier::Local => "Each school's own".to_string(),
            None => "Not yet agreed".to_string(),
        },
        "next_review": row.next_review.map_or("—".to_string(), dates::british),
        "statutory": if row.statutory { "Yes" } else { "No" },
        "website": row.publish_online.describe(),
        "published": format!("{} of {}", row.schools_published, row.schools),
        "in_date": format!("{} of {}", row.schools_in_date, row.schools),
        "flags": row.flags(),
    })
}

/// Adds the trust's schedule page to its folder.
pub fn build(
    ctx: &SiteContext<'_>,
    facts: &TrustFacts,
    site: &mut Files,
    problems: &mut Diagnostics,
) {
    let trust = &facts.trust;
    let theme = &ctx.theme(&facts.theme).name;
    let mut frame = super::trusts::under_trust_page(
        ctx,
        trust,
        "schedule",
        format!("Policy schedule: {}", trust.short_name),
        format!("../../assets/{theme}.css"),
    );
    frame.description = format!(
        "Every policy of {}: its tier, owner and review cycle, when the {} last agreed it and when it is next due.",
        trust.name, facts.terms.board
    );
    let rows: Vec<_> = ctx.analysis.schedule_of(trust.id()).map(row_json).collect();
    let page = json!({
        "rows": rows,
        "board": facts.terms.board,
        "local_body": facts.terms.local_body,
        "today": dates::british(ctx.options.today),
        "due_days": ctx.project.book.review.due_soon_days,
    });
    match ctx.pages.render(theme, "schedule.html", &frame, page) {
        Ok(html) => site.add(format!("trusts/{}/schedule.html", trust.id()), html),
        Err(d) => problems.push(d),
    }
}

/// The trust page's list of trust-wide policies: each with the board's agreement and every
/// school's published copy (links from `trusts/<trust>/index.html`).
pub fn trust_wide_json(ctx: &SiteContext<'_>, facts: &TrustFacts) -> Vec<serde_json::Value> {
    let from = format!("trusts/{}/index.html", facts.trust.id());
    ctx.analysis
        .schedule_of(facts.trust.id())
        .filter(|r| r.tier == crate::model::Tier::TrustWide)
        .map(|row| {
            let copies: Vec<_> = facts
                .publications
                .iter()
                .map(|&i| &ctx.analysis.publications[i])
                .filter(|p| p.policy.id() == row.policy)
                .filter_map(|p| {
                    let v = p.current()?;
                    Some(json!({
                        "school": p.school.name.value,
                        "href": super::schools::relative(&from, &v.paths.html),
                        "pdf": super::schools::relative(&from, &v.paths.pdf),
                    }))
                })
                .collect();
            let facts_words = match row.agreed_version {
                Some(v) => format!(
                    "Version {v}, agreed by the {} on {}; review by {}.",
                    facts.terms.board,
                    row.agreed_words(),
                    row.next_review.map_or("—".to_string(), dates::british)
                ),
                None => format!("Not yet agreed by the {}.", facts.terms.board),
            };
            json!({"title": row.title, "facts": facts_words, "copies": copies})
        })
        .collect()
}

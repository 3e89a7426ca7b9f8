//! The trust's policy schedule: every policy with its tier, owner, review cycle, the board's last
//! agreement, its next board review (flagged when due soon or overdue), its statutory flag,
//! its website duty and how many schools publish it in date.

use jiff::civil::Date;

use crate::dates;
use crate::load::Project;
use crate::model::{ModelPolicy, ModelStatus, Tier, Trust, WebsiteDuty};

use super::compliance::{DutyList, duty_of};
use super::publication::Publication;
use super::stage::review_flags;

/// One policy of a trust's schedule.
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    pub trust: String,
    pub policy: String,
    pub title: String,
    pub tier: Tier,
    /// The role that owns it ("" when the front matter names none).
    pub owner: String,
    pub review_cycle_months: u32,
    /// The newest version the board agreed (none for a school's own policy).
    pub agreed_version: Option<u32>,
    pub agreed_on: Option<Date>,
    pub minute: Option<String>,
    /// When the board (or, for schools' own policies, the first school) reviews it next.
    pub next_review: Option<Date>,
    pub due_soon: bool,
    pub overdue: bool,
    pub statutory: bool,
    pub publish_online: WebsiteDuty,
    /// Schools expected to publish it: all the trust's schools for a model, those a trust-wide
    /// policy applies to, those with their own.
    pub schools: usize,
    pub schools_published: usize,
    pub schools_in_date: usize,
}

impl ScheduleRow {
    /// Flags in words, for people: the board's own review.
    pub fn flags(&self) -> Vec<(&'static str, &'static str)> {
        let mut flags = Vec::new();
        if self.overdue {
            flags.push(("overdue", "Review overdue"));
        }
        if self.due_soon {
            flags.push(("due-soon", "Review due soon"));
        }
        if self.agreed_version.is_none() && self.tier != Tier::Local {
            flags.push(("not-agreed", "Not yet agreed"));
        }
        flags
    }

    pub fn agreed_words(&self) -> String {
        match (self.agreed_on, &self.minute) {
            (Some(d), Some(m)) if !m.is_empty() => format!("{} (minute {m})", dates::british(d)),
            (Some(d), _) => dates::british(d),
            _ => String::new(),
        }
    }
}

/// Every trust's schedule, trust by trust in the project's order, policies by title.
pub fn schedule(
    project: &Project,
    publications: &[Publication],
    today: Date,
    due_soon_days: u32,
) -> Vec<ScheduleRow> {
    let list = DutyList::shipped();
    let mut out = Vec::new();
    for trust in &project.trusts {
        let mut rows: Vec<ScheduleRow> = Vec::new();
        let of_trust: Vec<&Publication> = publications
            .iter()
            .filter(|p| p.trust_id() == Some(trust.id()) && !p.is_leaflet())
            .collect();
        let school_count = project
            .schools
            .iter()
            .filter(|s| s.trust_id() == Some(trust.id()))
            .count();
        let models = project.models_of(trust.id()).filter(|m| !m.is_leaflet());
        // Shared models count where one of the trust's schools adopted them.
        let shared = project
            .shared_models()
            .filter(|m| !m.is_leaflet())
            .filter(|m| of_trust.iter().any(|p| p.policy.file == m.file));
        for policy in models.chain(shared) {
            let mine: Vec<&Publication> = of_trust
                .iter()
                .copied()
                .filter(|p| p.policy.file == policy.file)
                .collect();
            let schools = if policy.is_trust_wide() {
                mine.len()
            } else {
                school_count
            };
            let mut row = board_row(trust, policy, &mine, schools, &project.book, &list);
            (row.overdue, row.due_soon) = review_flags(row.next_review, today, due_soon_days);
            rows.push(row);
        }
        // The schools' own policies, one row per id.
        let mut local: Vec<&Publication> = of_trust
            .iter()
            .copied()
            .filter(|p| p.policy.is_local())
            .collect();
        local.sort_by(|a, b| a.policy.id().cmp(b.policy.id()));
        for group in local.chunk_by(|a, b| a.policy.id() == b.policy.id()) {
            let policy = &group[0].policy;
            let mut row = board_row(trust, policy, group, group.len(), &project.book, &list);
            row.next_review = group.iter().filter_map(|p| p.state.review_due).min();
            (row.overdue, row.due_soon) = review_flags(row.next_review, today, due_soon_days);
            rows.push(row);
        }
        rows.sort_by(|a, b| a.title.cmp(&b.title).then(a.policy.cmp(&b.policy)));
        out.extend(rows);
    }
    out
}

fn board_row(
    trust: &Trust,
    policy: &ModelPolicy,
    publications: &[&Publication],
    schools: usize,
    book: &crate::config::Book,
    list: &DutyList,
) -> ScheduleRow {
    let agreed = if policy.is_local() {
        None
    } else {
        policy
            .meta
            .versions
            .iter()
            .filter(|v| v.status == ModelStatus::Agreed)
            .max_by_key(|v| v.version.value)
    };
    let agreed_on = agreed
        .and_then(|v| v.agreed_on.as_ref())
        .and_then(|d| dates::parse(&d.value));
    let published: Vec<&&Publication> = publications
        .iter()
        .filter(|p| p.current().is_some())
        .collect();
    ScheduleRow {
        trust: trust.id().to_string(),
        policy: policy.id().to_string(),
        title: policy.meta.title.clone(),
        tier: policy.tier(),
        owner: policy.meta.owner.clone().unwrap_or_default(),
        review_cycle_months: policy.meta.review_cycle_months,
        agreed_version: agreed.map(|v| v.version.value),
        agreed_on,
        minute: agreed.and_then(|v| v.minute.clone()),
        next_review: agreed_on.map(|d| dates::add_months(d, policy.meta.review_cycle_months)),
        due_soon: false,
        overdue: false,
        statutory: policy.meta.statutory,
        publish_online: duty_of(policy, book, list),
        schools,
        schools_published: published.len(),
        schools_in_date: published.iter().filter(|p| !p.state.overdue).count(),
    }
}

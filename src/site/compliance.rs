//! Website compliance as the pages show it: a section of each trust's dashboard (per school,
//! every required policy and its state) and the list on a school's home page.

use serde_json::json;

use crate::analysis::{Analysis, ComplianceRow, SchoolCompliance};
use crate::dates;

use super::schools::relative;

fn row_json(row: &ComplianceRow, from: &str) -> serde_json::Value {
    json!({
        "policy": row.policy,
        "title": row.title,
        "state": row.state.as_str(),
        "state_words": row.state.describe(),
        "version": row.version,
        "review_due": row.review_due.map(dates::short),
        "href": row.html.as_deref().map(|h| relative(from, h)),
        "pdf": row.pdf.as_deref().map(|p| relative(from, p)),
    })
}

fn school_json(school: &SchoolCompliance, from: &str) -> serde_json::Value {
    let missing = school.rows.iter().filter(|r| !r.state.complies()).count();
    json!({
        "school": school.school,
        "school_name": school.school_name,
        "href": relative(from, &format!("schools/{}/index.html", school.school)),
        "complies": school.complies,
        "summary": if school.rows.is_empty() {
            "No policy it holds must be published".to_string()
        } else if school.complies && school.rows.len() == 1 {
            "Complies: its one required policy is published and in date".to_string()
        } else if school.complies {
            format!("Complies: all {} required policies are published and in date", school.rows.len())
        } else {
            format!("Does not comply: {missing} of {} required {} action", school.rows.len(), if school.rows.len() == 1 { "policy needs" } else { "policies need" })
        },
        "rows": school.rows.iter().map(|r| row_json(r, from)).collect::<Vec<_>>(),
    })
}

/// The dashboard's compliance section for one trust (links from `trusts/<trust>/dashboard.html`).
pub fn dashboard_section(analysis: &Analysis, trust: &str) -> serde_json::Value {
    let from = format!("trusts/{trust}/dashboard.html");
    let schools: Vec<_> = analysis
        .compliance
        .iter()
        .filter(|c| c.trust.as_deref() == Some(trust))
        .map(|c| school_json(c, &from))
        .collect();
    let failing = analysis
        .compliance
        .iter()
        .filter(|c| c.trust.as_deref() == Some(trust) && !c.complies)
        .count();
    json!({
        "schools": schools,
        "failing": failing,
        "summary": if failing == 0 {
            "Every school's website carries every policy it must, in date.".to_string()
        } else {
            format!("{failing} of {} schools do not yet publish every policy they must, in date.", schools.len())
        },
    })
}

/// A school's home page: the policies its website must carry (links from its folder's index).
pub fn school_section(analysis: &Analysis, school: &str) -> serde_json::Value {
    let from = format!("schools/{school}/index.html");
    analysis
        .compliance_of(school)
        .map_or(serde_json::Value::Null, |c| school_json(c, &from))
}

/// The "Request a paper copy" line of a school's home page: academies should give a paper copy
/// of what they publish free of charge, so the page says whom to ask, from its school.yaml.
pub fn paper_copy(school: &crate::model::School) -> serde_json::Value {
    let contacts = &school.contacts;
    let email = contacts.office_email.as_ref().map(|e| e.value.clone());
    let phone = contacts.office_phone.clone();
    let address = school.address.clone().filter(|a| !a.trim().is_empty());
    let text = if email.is_none() && phone.is_none() && address.is_none() {
        "every policy on this page is available on paper, free of charge: ask at the school office."
    } else {
        "every policy on this page is available on paper, free of charge, from the school office."
    };
    json!({
        "text": text,
        "email": email,
        "phone_href": phone.as_deref().and_then(crate::contacts::phone_href),
        "phone": phone,
        "address": address,
    })
}

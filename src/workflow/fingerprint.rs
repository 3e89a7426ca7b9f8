//! The fingerprint of a model policy's agreed text, so an edit without a new version is caught.

use serde_json::json;

use crate::model::ModelPolicy;
use crate::workflow::snapshot::sha256_hex;

/// SHA-256 of what a school's text is made from: the body and the contextual fields' rules
/// (help texts and examples may be improved without a new version).
pub fn of_model(policy: &ModelPolicy) -> String {
    let fields: Vec<_> = policy
        .meta
        .fields
        .iter()
        .map(|f| json!([f.name(), f.kind, f.required, f.default, f.choices]))
        .collect();
    let rules = serde_json::to_string(&fields).unwrap_or_default();
    let text = format!(
        "{}\n{}\n{}\n{}",
        policy.meta.title,
        policy.meta.review_cycle_months,
        rules,
        crate::assemble::normalise(&policy.body)
    );
    sha256_hex(text.as_bytes())
}

//! Prints the benchmark's sample policy (`policyforge::typeset::sample::policy()`) as JSON, for
//! `scripts/typst-bench/bench.py`, which sets the same document with Typst.
//!
//! usage: cargo run --release --example sample_policy > policy.json

use policyforge::typeset::sample;
use serde_json::json;

fn main() {
    let doc = sample::policy();
    let cover = &doc.cover;
    let value = json!({
        "title": doc.title,
        "author": doc.author,
        "subject": doc.subject,
        "keywords": doc.keywords,
        "language": doc.language,
        "running_header": doc.running_header,
        "footer_left": doc.footer_left,
        "organisation": cover.organisation,
        "brand": format!("#{:02x}{:02x}{:02x}", cover.brand.0, cover.brand.1, cover.brand.2),
        "control": cover.control,
        "signature_line": cover.signature_line,
        "ethos": cover.ethos.as_ref().map(|e| json!({
            "heading": e.heading, "text": e.text, "reference": e.reference,
        })),
        "body_markdown": doc.body_markdown,
    });
    println!("{value:#}");
}

//! `site/manifest.json`: every published document, for the trust's and schools' own tooling.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub kind: String,
    /// `trust-wide`, `model` or `local`: who decides the text and who approves it.
    #[serde(default)]
    pub tier: String,
    pub trust: Option<String>,
    pub school: String,
    pub policy: Option<String>,
    pub title: String,
    pub version: u32,
    pub stage: String,
    pub current: bool,
    pub approved_on: String,
    pub review_due: Option<String>,
    pub html: String,
    pub pdf: Option<String>,
    pub sha256: String,
    pub pdf_sha256: Option<String>,
}

#[derive(Debug, Default)]
pub struct Manifest {
    pub documents: Vec<Document>,
}

/// The manifest's `generator`: marks a folder as a site policyforge wrote, which a later build
/// may replace (any other folder is refused, so nobody's files are deleted).
pub const GENERATOR: &str = "policyforge";

#[derive(Serialize)]
struct ManifestFile<'a> {
    generator: &'static str,
    documents: &'a [Document],
}

impl Manifest {
    pub fn push(&mut self, document: Document) {
        self.documents.push(document);
    }

    pub fn sort(&mut self) {
        self.documents.sort_by(|a, b| {
            (&a.kind, &a.trust, &a.school, &a.policy, a.version)
                .cmp(&(&b.kind, &b.trust, &b.school, &b.policy, b.version))
        });
    }

    /// The manifest with each file's SHA-256 (hex) as `sha256` gives it for a site path.
    pub fn to_json(&self, sha256: impl Fn(&str) -> Option<String>) -> String {
        let documents: Vec<Document> = self
            .documents
            .iter()
            .cloned()
            .map(|mut d| {
                d.sha256 = sha256(&d.html).unwrap_or_default();
                d.pdf_sha256 = d.pdf.as_deref().and_then(&sha256);
                d
            })
            .collect();
        let mut json = serde_json::to_string_pretty(&ManifestFile {
            generator: GENERATOR,
            documents: &documents,
        })
        .unwrap_or_else(|_| "{\"documents\":[]}".to_string());
        json.push('\n');
        json
    }
}

//! What a school publishes of one document (policy, local policy or leaflet): every approved
//! version with its stage, review date and paths, and the draft.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use crate::assemble::Merged;
use crate::dates;
use crate::model::{Approval, ModelPolicy, School, Trust};
use crate::theme::Branding;
use crate::workflow::snapshot::Snapshot;

use super::stage::{AdoptionState, Stage};
use super::terms::Terms;

/// What a model text became once the school adopted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A trust's (or the shared) model policy.
    Policy,
    /// A school's own policy, approved by its local body alone.
    LocalPolicy,
    /// A parent leaflet: an HTML page and a two-page A5 PDF.
    Leaflet,
    /// A trust-wide policy: the board's one text, published by every school of the trust.
    TrustWide,
}

impl DocumentKind {
    /// The `kind` of its entries in `manifest.json`.
    pub fn manifest_kind(self) -> &'static str {
        match self {
            DocumentKind::Leaflet => "leaflet",
            DocumentKind::Policy | DocumentKind::LocalPolicy | DocumentKind::TrustWide => "policy",
        }
    }
}

/// The folder of a school's leaflet inside the site.
pub const LEAFLET_FOLDER: &str = "leaflet";

/// Where one version's files go, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionPaths {
    pub html: String,
    pub pdf: String,
    /// From the page to the school's folder.
    pub root: &'static str,
    /// The "what changed" page, from the second published version on (policies only).
    pub changes: Option<String>,
}

impl VersionPaths {
    /// The paths of version `version` of the document in `schools/<school>/<folder>/`; the
    /// current version lives in the folder itself, older ones in `v<N>/`.
    pub fn of(school: &str, folder: &str, policy: &str, version: u32, current: bool) -> Self {
        let base = format!("schools/{school}/{folder}");
        let pdf_name = format!("{school}-{policy}-v{version}.pdf");
        if current {
            VersionPaths {
                html: format!("{base}/index.html"),
                pdf: format!("{base}/{pdf_name}"),
                root: "../",
                changes: None,
            }
        } else {
            VersionPaths {
                html: format!("{base}/v{version}/index.html"),
                pdf: format!("{base}/v{version}/{pdf_name}"),
                root: "../../",
                changes: None,
            }
        }
    }
}

/// One approved version as it is published.
#[derive(Debug, Clone)]
pub struct PublishedVersion {
    pub snapshot: Snapshot,
    pub approval: Approval,
    /// Approved, or approved and received by the trust.
    pub stage: Stage,
    pub approved_on: Option<Date>,
    pub review_due: Option<Date>,
    /// The newest version: the one the document's folder shows.
    pub current: bool,
    pub paths: VersionPaths,
}

impl PublishedVersion {
    pub fn version(&self) -> u32 {
        self.snapshot.meta.version
    }

    /// The approval date the British way (as recorded, if it is not a date).
    pub fn approved_words(&self) -> String {
        self.approved_on
            .map_or(self.snapshot.meta.approved_on.clone(), dates::british)
    }
}

/// The draft of a document not yet approved as it stands, for `build --drafts`.
#[derive(Debug, Clone)]
pub struct Draft {
    pub merged: Merged,
    /// `drafts/schools/<school>/<folder>/index.html` and its PDF.
    pub html: String,
    pub pdf: String,
}

/// The policy a leaflet's QR code opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullPolicy {
    pub id: String,
    /// Its title as the school publishes it ("full policy" if it has none).
    pub title: String,
    /// The school publishes it, so the leaflet's page can link it.
    pub published: bool,
}

impl FullPolicy {
    /// Where the leaflet's QR code and link lead, from the site's root: the policy's page when
    /// the school publishes it, else the school's list of policies — never a page that is not
    /// there (`check` warns that the policy is not published yet).
    pub fn path(&self, school: &str) -> String {
        if self.published {
            format!("schools/{school}/{}/", self.id)
        } else {
            format!("schools/{school}/")
        }
    }

    /// What the leaflet calls the page it opens ("Read our ...").
    pub fn opens(&self) -> &str {
        if self.published {
            &self.title
        } else {
            "published policies"
        }
    }
}

/// Everything every output needs to publish one school's document.
#[derive(Debug, Clone)]
pub struct Publication {
    pub school: Arc<School>,
    pub trust: Option<Arc<Trust>>,
    pub terms: Arc<Terms>,
    pub theme: Arc<Branding>,
    pub kind: DocumentKind,
    pub policy: Arc<ModelPolicy>,
    /// The adoption's file, for diagnostics.
    pub adoption_file: PathBuf,
    /// The model version the adoption fills (shown on its draft).
    pub model_version: Option<u32>,
    /// Every approved version, oldest first.
    pub versions: Vec<PublishedVersion>,
    /// The text as it stands, when it is not the approved one.
    pub draft: Option<Draft>,
    pub state: AdoptionState,
    /// For a leaflet: the policy its QR code opens.
    pub full_policy: Option<FullPolicy>,
}

impl Publication {
    /// The folder of the document under `schools/<school>/`.
    pub fn folder(&self) -> &str {
        match self.kind {
            DocumentKind::Leaflet => LEAFLET_FOLDER,
            _ => self.policy.id(),
        }
    }

    pub fn current(&self) -> Option<&PublishedVersion> {
        self.versions.iter().find(|v| v.current)
    }

    pub fn is_leaflet(&self) -> bool {
        self.kind == DocumentKind::Leaflet
    }

    /// The trust's name, or nothing for a school outside any trust.
    pub fn trust_id(&self) -> Option<&str> {
        self.trust.as_deref().map(Trust::id)
    }
}

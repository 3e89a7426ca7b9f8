//! The domain: trusts, model policies and their contextual fields, schools and their adoptions.
//!
//! These are the shapes of the files under `model-policies/` and `schools/`; `load` fills them,
//! keeping the source position of every value a later check may need to point at.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::Position;

/// A position in a file, for values checked after loading.
pub fn position_of<T>(spanned: &Spanned<T>) -> Position {
    Position::new(
        spanned.referenced.line() as usize,
        spanned.referenced.column() as usize,
    )
}

/// A trust's ethos: a general text for every page of the site, and an optional sentence about
/// "this policy" that only policies (their pages and PDFs) add to it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ethos {
    pub heading: Spanned<String>,
    /// Shown wherever the ethos appears: it must make sense without a policy around it.
    pub text: Spanned<String>,
    /// Added after `text` on a policy's page and in its PDF, e.g. "These values shape this policy."
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_text: Option<Spanned<String>>,
    #[serde(default)]
    pub reference: Option<String>,
}

/// What one ethos block shows where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EthosStatement {
    pub heading: String,
    pub text: String,
    pub reference: Option<String>,
}

impl Ethos {
    /// For pages with no policy on them: the index, trust, dashboard and school pages.
    pub fn for_site(&self) -> EthosStatement {
        EthosStatement {
            heading: self.heading.value.trim().to_string(),
            text: self.text.value.trim().to_string(),
            reference: self.reference.clone(),
        }
    }

    /// For a policy document (its page and its PDF): the general text, then the policy sentence.
    pub fn for_document(&self) -> EthosStatement {
        let mut statement = self.for_site();
        if let Some(extra) = &self.policy_text {
            let extra = extra.value.trim();
            if !extra.is_empty() {
                statement.text = format!("{} {extra}", statement.text);
            }
        }
        statement
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Trust {
    pub id: Spanned<String>,
    pub name: String,
    pub short_name: String,
    #[serde(default)]
    pub company_number: Option<String>,
    pub board: String,
    pub local_body: String,
    pub local_body_short: String,
    #[serde(default)]
    pub ethos: Option<Ethos>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    /// The trust's logo (SVG or PNG), relative to its folder.
    #[serde(default)]
    pub logo: Option<Spanned<String>>,
    /// Folder under `model-policies/`, relative to the project root.
    #[serde(skip_deserializing)]
    pub dir: PathBuf,
}

impl Trust {
    pub fn id(&self) -> &str {
        &self.id.value
    }

    pub fn theme_name(&self) -> &str {
        self.theme.as_ref().map_or("default", |t| t.value.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    Text,
    Markdown,
    Date,
    Email,
    Url,
    /// A telephone number, such as `01632 960000`; it becomes a `tel:` link.
    Phone,
    List,
    YesNo,
    Choice,
}

impl FieldType {
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Text => "a short piece of text",
            FieldType::Markdown => "text (Markdown allowed)",
            FieldType::Date => "a date written YYYY-MM-DD",
            FieldType::Email => "an email address",
            FieldType::Url => "a web address starting https://",
            FieldType::Phone => "a telephone number such as 01632 960000",
            FieldType::List => "a list of short texts, one per line starting `- `",
            FieldType::YesNo => "yes or no (true or false)",
            FieldType::Choice => "one of the listed choices",
        }
    }
}

/// One contextual area of a model policy that each school fills in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContextField {
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default, deserialize_with = "yes_no")]
    pub required: bool,
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default)]
    pub choices: Vec<String>,
    pub help: String,
    #[serde(default)]
    pub example: Option<serde_json::Value>,
}

impl ContextField {
    pub fn name(&self) -> &str {
        &self.name.value
    }
}

/// A yes/no setting: clerks write `yes`/`no` as often as `true`/`false`.
fn yes_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    crate::values::yes_no(&value).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{}` should be yes or no",
            match &value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        ))
    })
}

/// `trust: none` marks a school outside any trust (its governors approve its policies).
pub const NO_TRUST: &str = "none";

/// The policy a leaflet points to when its front matter names none.
pub const DEFAULT_FULL_POLICY: &str = "social-media";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelStatus {
    Draft,
    Agreed,
}

/// The trust board's decision on one version of a model policy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModelVersion {
    pub version: Spanned<u32>,
    pub status: ModelStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A trust-wide policy: the fingerprint of the text `agree` froze for this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_sha256: Option<String>,
}

/// Who decides a policy's text and who approves it (`tier:` in its front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// One text for every school of the trust, agreed by the board alone; no school adopts it.
    TrustWide,
    /// A model each school populates and its local body approves (the default).
    #[default]
    Model,
    /// A school's own policy, in its `local/` folder.
    Local,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::TrustWide => "trust-wide",
            Tier::Model => "model",
            Tier::Local => "local",
        }
    }

    /// For people: "Trust-wide", "Trust model", "School's own".
    pub fn describe(self) -> &'static str {
        match self {
            Tier::TrustWide => "Trust-wide",
            Tier::Model => "Trust model",
            Tier::Local => "School's own",
        }
    }
}

/// Whether a school's website must carry a policy (`publish_online:`): the DfE's guidance for
/// academies says which must; policyforge ships that list and `book.toml` may override it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WebsiteDuty {
    Required,
    Recommended,
    No,
}

impl WebsiteDuty {
    pub fn as_str(self) -> &'static str {
        match self {
            WebsiteDuty::Required => "required",
            WebsiteDuty::Recommended => "recommended",
            WebsiteDuty::No => "no",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            WebsiteDuty::Required => "Must publish",
            WebsiteDuty::Recommended => "Should publish",
            WebsiteDuty::No => "Not required",
        }
    }
}

/// What a model text becomes once a school adopts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A policy: an HTML page and an A4 PDF.
    #[default]
    Policy,
    /// A parent leaflet: an HTML page and a two-page A5 PDF with a QR code.
    Leaflet,
}

/// The front matter of a model policy or a school's local policy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFrontMatter {
    pub id: Spanned<String>,
    #[serde(default)]
    pub kind: PolicyKind,
    /// For a leaflet: the id of the policy its QR code opens (default `social-media`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_policy: Option<Spanned<String>>,
    /// For a leaflet: the school's policies whose values it uses (`policies.<id>.<field>`), so
    /// the leaflet and those policies never disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub draws_on: Vec<Spanned<String>>,
    pub title: String,
    pub version: Spanned<u32>,
    pub review_cycle_months: u32,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub fields: Vec<ContextField>,
    /// `trust-wide`, `model` (the default) or `local` (a school's own policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Spanned<Tier>>,
    /// The role that owns the policy for the board's schedule, e.g. "Chief Operating Officer".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The policy is required by law or statutory guidance.
    #[serde(default, deserialize_with = "yes_no")]
    pub statutory: bool,
    /// Must a school's website carry it? Default: the DfE list policyforge ships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_online: Option<WebsiteDuty>,
    /// A trust-wide policy: schools of the trust that do not publish it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<Spanned<String>>,
    /// A trust-approved variant: the trust-wide policy it replaces for `schools`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_of: Option<Spanned<String>>,
    /// A variant: the schools that publish it instead of `variant_of`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schools: Vec<Spanned<String>>,
    #[serde(default)]
    pub versions: Vec<ModelVersion>,
}

/// A policy text with its front matter: a trust's model, or a school's local policy.
#[derive(Debug, Clone)]
pub struct ModelPolicy {
    pub meta: PolicyFrontMatter,
    /// The Tera/Markdown body.
    pub body: String,
    /// Line of the file on which the body starts (1-based), to map template errors back.
    pub body_line: usize,
    pub file: PathBuf,
    /// The trust that owns it; `None` for a school's local policy.
    pub trust: Option<String>,
    /// The body compiled as a template, the first time a school's text is merged from it.
    pub compiled: crate::assemble::CompiledBody,
}

impl ModelPolicy {
    pub fn id(&self) -> &str {
        &self.meta.id.value
    }

    pub fn version(&self) -> u32 {
        self.meta.version.value
    }

    pub fn field(&self, name: &str) -> Option<&ContextField> {
        self.meta.fields.iter().find(|f| f.name() == name)
    }

    /// The board's record of a given version.
    pub fn record_of(&self, version: u32) -> Option<&ModelVersion> {
        self.meta
            .versions
            .iter()
            .find(|v| v.version.value == version)
    }

    /// The newest board-agreed version, if any.
    pub fn latest_agreed(&self) -> Option<u32> {
        self.meta
            .versions
            .iter()
            .filter(|v| v.status == ModelStatus::Agreed)
            .map(|v| v.version.value)
            .max()
    }

    /// Local policies need no board: the school's own LGB is the only approver.
    pub fn is_local(&self) -> bool {
        self.trust.is_none()
    }

    pub fn is_leaflet(&self) -> bool {
        self.meta.kind == PolicyKind::Leaflet
    }

    /// Its tier: a school's own file is local; a trust's is a model unless it says otherwise.
    pub fn tier(&self) -> Tier {
        if self.is_local() {
            Tier::Local
        } else {
            self.meta.tier.as_ref().map_or(Tier::Model, |t| t.value)
        }
    }

    pub fn is_trust_wide(&self) -> bool {
        self.tier() == Tier::TrustWide
    }

    /// The policy a school publishes this as: its own id, or the trust-wide one it varies.
    pub fn duty_id(&self) -> &str {
        self.meta
            .variant_of
            .as_ref()
            .map_or(self.id(), |v| v.value.as_str())
    }

    /// A leaflet's QR code opens this policy of the school.
    pub fn full_policy(&self) -> &str {
        self.meta
            .full_policy
            .as_ref()
            .map_or(DEFAULT_FULL_POLICY, |p| p.value.as_str())
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    #[serde(default)]
    pub office_email: Option<Spanned<String>>,
    #[serde(default)]
    pub office_phone: Option<String>,
    #[serde(default)]
    pub dsl: Option<String>,
    #[serde(default)]
    pub complaints: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SocialAccount {
    pub platform: String,
    pub url: Spanned<String>,
    #[serde(default)]
    pub handle: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct School {
    pub name: Spanned<String>,
    #[serde(default)]
    pub trust: Option<Spanned<String>>,
    pub phase: Spanned<String>,
    pub urn: Spanned<String>,
    #[serde(default)]
    pub website: Option<Spanned<String>>,
    pub head_title: Spanned<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contacts: Contacts,
    #[serde(default)]
    pub social_media: Vec<SocialAccount>,
    #[serde(default)]
    pub logo: Option<Spanned<String>>,
    /// The school folder's name.
    #[serde(default, skip_deserializing)]
    pub id: String,
    #[serde(skip)]
    pub dir: PathBuf,
}

impl School {
    pub fn trust_id(&self) -> Option<&str> {
        self.trust
            .as_ref()
            .map(|t| t.value.as_str())
            .filter(|t| *t != NO_TRUST)
    }

    pub fn file(&self) -> PathBuf {
        self.dir.join("school.yaml")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Populated,
    SentForComment,
    Comment,
    Approved,
    Received,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Populated => "populated",
            EventKind::SentForComment => "sent-for-comment",
            EventKind::Comment => "comment",
            EventKind::Approved => "approved",
            EventKind::Received => "received",
        }
    }
}

/// One dated step of an adoption's workflow.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub event: EventKind,
    pub date: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// The LGB's approval of one version of a school's policy, with the frozen text's fingerprint.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub version: Spanned<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<u32>,
    pub approved_on: Spanned<String>,
    pub minute: String,
    pub chair: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<String>,
    pub sha256: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_on: Option<Spanned<String>>,
}

/// A school's adoption of one policy: its contextual values and its workflow records.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Adoption {
    #[serde(default)]
    pub model_version: Option<Spanned<u32>>,
    #[serde(default)]
    pub review_months: Option<Spanned<u32>>,
    #[serde(default)]
    pub values: BTreeMap<String, Spanned<serde_json::Value>>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// Policy id: the file's stem.
    #[serde(skip)]
    pub policy: String,
    #[serde(skip)]
    pub school: String,
    #[serde(skip)]
    pub file: PathBuf,
}

impl Adoption {
    /// The school's own review interval, when shorter than the policy's cycle.
    pub fn review_months(&self) -> Option<u32> {
        self.review_months.as_ref().map(|m| m.value)
    }

    pub fn latest_approval(&self) -> Option<&Approval> {
        self.approvals.iter().max_by_key(|a| a.version.value)
    }
}

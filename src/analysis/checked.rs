//! The project as validation hands it on: every adoption merged, its snapshots verified and its
//! state found, borrowing the loaded project.

use std::collections::BTreeMap;

use crate::assemble::Merged;
use crate::load::Project;
use crate::model::{Adoption, ModelPolicy, School, Trust};
use crate::workflow::snapshot::Snapshot;

use super::stage::AdoptionState;

/// One school's adoption of one policy, checked.
#[derive(Debug, Clone)]
pub struct CheckedAdoption<'p> {
    pub school: &'p School,
    pub policy: &'p ModelPolicy,
    pub adoption: &'p Adoption,
    pub draft: Option<Merged>,
    /// Every approved version's frozen text, oldest first.
    pub snapshots: Vec<Snapshot>,
    pub state: AdoptionState,
}

/// A trust-wide policy with the frozen text of each version its board agreed, oldest first.
#[derive(Debug, Clone)]
pub struct TrustWideText<'p> {
    pub policy: &'p ModelPolicy,
    pub trust: &'p Trust,
    pub snapshots: Vec<Snapshot>,
}

/// The project after validation: what the build may publish.
#[derive(Debug, Clone)]
pub struct Checked<'p> {
    pub project: &'p Project,
    pub adoptions: Vec<CheckedAdoption<'p>>,
    /// Model policy previews (Markdown with contextual-area markers), by index into `project.policies`.
    pub previews: BTreeMap<usize, String>,
    /// The schools' and trusts' logos, read and checked once for every output.
    pub logos: crate::logo::Logos,
    /// Every trust-wide policy, with its agreed texts.
    pub trust_wide: Vec<TrustWideText<'p>>,
}

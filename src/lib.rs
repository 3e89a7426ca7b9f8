//! policyforge: model policies of multi-academy trusts -> each school's published policy site.
//!
//! The pipeline runs one way: `load` -> `validate` (with `assemble`) -> `analysis` -> render
//! (`site`, `pdf`, `leaflet`) -> `publish`. `workflow` keeps the records (events, approvals,
//! snapshots); a [`workspace::Workspace`] runs the stages up to the analysis once and owns the
//! result. See `docs/architecture.md`.

pub mod analysis;
pub mod assemble;
pub mod cache;
pub mod config;
pub mod contacts;
pub mod dates;
pub mod diagnostic;
pub mod durable;
pub mod hex;
pub mod leaflet;
pub mod links;
pub mod load;
pub mod lock;
pub mod logo;
pub mod markdown;
pub mod model;
pub mod numbering;
pub mod pdf;
pub mod publish;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod typeset;
pub mod validate;
pub mod values;
pub mod workflow;
pub mod workspace;

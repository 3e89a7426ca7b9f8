//! policyforge: model policies of multi-academy trusts -> each school's published policy site.
//!
//! The pipeline runs one way: `load` -> `validate` -> `assemble` -> render (`site`, `pdf`,
//! `leaflet`) -> `publish`. `workflow` answers questions about stages, approvals and snapshots.

pub mod assemble;
pub mod cache;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod dates;
pub mod diagnostic;
pub mod durable;
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

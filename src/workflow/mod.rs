//! The governance workflow's records: events, approvals, snapshots and their fingerprints.
//!
//! Where each adoption stands (its stage and review dates) is worked out once, by
//! `crate::analysis::stage`; its types are re-exported here for the commands that record events
//! (`approve`, `record`, `agree`, in `commands`).

pub mod board_text;
pub mod calendar;
pub mod commands;
pub mod fingerprint;
pub mod integrity;
pub mod records;
pub mod redline;
pub mod reports;
pub mod snapshot;
pub mod status;

pub use crate::analysis::stage::{AdoptionState, Stage};

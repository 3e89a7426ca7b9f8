//! policyforge: model policies of multi-academy trusts -> each school's published policy site.

pub mod pdf;
pub mod typeset;

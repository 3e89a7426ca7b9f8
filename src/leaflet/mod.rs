//! The parent code of conduct leaflet: per school, HTML and an A5 two-page PDF with a QR code.

use crate::diagnostic::Diagnostics;
use crate::model::School;
use crate::site::manifest::Manifest;
use crate::site::{SiteContext, SiteFiles};

/// Where a school's leaflet is, for its home page (relative to the school's folder).
pub struct LeafletLink {
    pub href: String,
    pub pdf: Option<String>,
    pub title: String,
}

pub fn build(
    _ctx: &SiteContext<'_>,
    _school: &School,
    _site: &mut SiteFiles,
    _manifest: &mut Manifest,
) -> Result<Option<LeafletLink>, Diagnostics> {
    Ok(None)
}

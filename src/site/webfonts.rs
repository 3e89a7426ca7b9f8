//! The web fonts every stylesheet carries beside it: Atkinson Hyperlegible as
//! WOFF2 (made by `scripts/webfonts/make-woff2.py`) with its licence, so that
//! pages look like the PDFs and a school's folder asks nothing of any other server.

use crate::theme::Theme;

use super::{Files, stylesheet};

/// Font files by name, in the `fonts/` folder next to a stylesheet (the names
/// `themes/default/style.css` loads with `@font-face`).
const FILES: [(&str, &[u8]); 5] = [
    (
        "atkinson-hyperlegible-regular.woff2",
        include_bytes!("../../themes/fonts/web/atkinson-hyperlegible-regular.woff2"),
    ),
    (
        "atkinson-hyperlegible-bold.woff2",
        include_bytes!("../../themes/fonts/web/atkinson-hyperlegible-bold.woff2"),
    ),
    (
        "atkinson-hyperlegible-italic.woff2",
        include_bytes!("../../themes/fonts/web/atkinson-hyperlegible-italic.woff2"),
    ),
    (
        "atkinson-hyperlegible-bold-italic.woff2",
        include_bytes!("../../themes/fonts/web/atkinson-hyperlegible-bold-italic.woff2"),
    ),
    ("OFL.txt", include_bytes!("../../themes/fonts/OFL.txt")),
];

/// Writes `theme`'s stylesheet at `css_path` (such as `schools/x/assets/style.css`)
/// and the web fonts into `fonts/` beside it.
pub fn add_stylesheet(site: &mut Files, css_path: &str, theme: &Theme) {
    let dir = css_path.rsplit_once('/').map_or("", |(d, _)| d);
    for (name, bytes) in FILES {
        let path = if dir.is_empty() {
            format!("fonts/{name}")
        } else {
            format!("{dir}/fonts/{name}")
        };
        site.add(path, bytes);
    }
    site.add(css_path, stylesheet(theme));
}

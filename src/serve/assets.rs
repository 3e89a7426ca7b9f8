//! The desk's own files, built into the binary: page templates, stylesheet and scripts.

use std::sync::OnceLock;

const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("assets/base.html")),
    ("home.html", include_str!("assets/home.html")),
    ("form.html", include_str!("assets/form.html")),
    ("message.html", include_str!("assets/message.html")),
];

/// A fragment: the draft as it would be published, beside the form.
pub const PREVIEW: (&str, &str) = ("preview.html", include_str!("assets/preview.html"));

/// A static file of the desk by name: its content type and text.
pub fn get(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "desk.css" => Some(("text/css; charset=utf-8", include_str!("assets/desk.css"))),
        "desk.js" => Some((
            "text/javascript; charset=utf-8",
            include_str!("assets/desk.js"),
        )),
        "live.js" => Some((
            "text/javascript; charset=utf-8",
            include_str!("assets/live.js"),
        )),
        _ => None,
    }
}

/// The desk's templates, with HTML escaping of every value (a school's words are data).
pub fn templates() -> &'static Result<tera::Tera, String> {
    static TERA: OnceLock<Result<tera::Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        for (name, source) in TEMPLATES.iter().chain([&PREVIEW]) {
            tera.add_raw_template(name, source)
                .map_err(|e| format!("desk template {name}: {e}"))?;
        }
        Ok(tera)
    })
}

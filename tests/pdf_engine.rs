use policyforge::pdf::render_pdf;
use policyforge::typeset::{Fonts, sample};

#[test]
fn write_sample() {
    let fonts = Fonts::bundled().unwrap();
    let mut doc = sample::policy();
    let bytes = render_pdf(&doc, &fonts).unwrap();
    std::fs::write("/tmp/sample.pdf", &bytes).unwrap();
    doc.draft = true;
    std::fs::write("/tmp/sample-draft.pdf", render_pdf(&doc, &fonts).unwrap()).unwrap();
}

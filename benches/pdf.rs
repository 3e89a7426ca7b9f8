//! PDF engine benchmarks: layout, PDF writing and both together on a
//! generated, realistic ~7-page policy (`policyforge::typeset::sample`).
//!
//! Run with `cargo bench --bench pdf`; results are in docs/performance.md.

use divan::{Bencher, black_box};
use policyforge::pdf::{clear_subset_cache, render_pdf, write_pdf};
use policyforge::typeset::{Fonts, layout, sample};

fn main() {
    divan::main();
}

#[divan::bench]
fn fonts_bundled() -> Fonts {
    Fonts::bundled().expect("bundled fonts load")
}

#[divan::bench]
fn layout_policy(bencher: Bencher) {
    let fonts = Fonts::bundled().expect("bundled fonts load");
    let doc = sample::policy();
    bencher.bench_local(|| layout(black_box(&doc), &fonts).expect("layout"));
}

#[divan::bench]
fn write_policy(bencher: Bencher) {
    let fonts = Fonts::bundled().expect("bundled fonts load");
    let laid = layout(&sample::policy(), &fonts).expect("layout");
    bencher.bench_local(|| write_pdf(black_box(&laid), &fonts).expect("write"));
}

/// Writing with no font subset cached yet (the first document of a build to show each
/// character set); `write_policy` is every later one.
#[divan::bench]
fn write_policy_cold(bencher: Bencher) {
    let fonts = Fonts::bundled().expect("bundled fonts load");
    let laid = layout(&sample::policy(), &fonts).expect("layout");
    bencher.bench_local(|| {
        clear_subset_cache();
        write_pdf(black_box(&laid), &fonts).expect("write")
    });
}

#[divan::bench]
fn render_policy(bencher: Bencher) {
    let fonts = Fonts::bundled().expect("bundled fonts load");
    let doc = sample::policy();
    bencher.bench_local(|| render_pdf(black_box(&doc), &fonts).expect("render"));
}

#[divan::bench]
fn render_policy_draft(bencher: Bencher) {
    let fonts = Fonts::bundled().expect("bundled fonts load");
    let mut doc = sample::policy();
    doc.draft = true;
    bencher.bench_local(|| render_pdf(black_box(&doc), &fonts).expect("render"));
}

//! Grows the bundled sample into a large policy repository, for timing whole builds.
//!
//! usage: cargo run --release --example generate_trust -- OUT SCHOOLS_PER_TRUST POLICIES_PER_TRUST
//!
//! e.g. `-- /tmp/t1500 50 10` makes 3 trusts x 50 schools x 10 policies = 1,500 documents, each
//! approved twice (3,000 PDFs). Then `policyforge build /tmp/t1500`.

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [out, schools, policies] => schools
            .parse::<usize>()
            .ok()
            .zip(policies.parse::<usize>().ok())
            .map(|(s, p)| (out, s, p)),
        _ => None,
    };
    let Some((out, schools, policies)) = parsed.filter(|(_, s, p)| *s > 0 && *p > 0) else {
        eprintln!(
            "usage: generate_trust OUT SCHOOLS_PER_TRUST POLICIES_PER_TRUST (numbers above 0)"
        );
        return std::process::ExitCode::from(2);
    };
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match generate::generate(sample, std::path::Path::new(out), schools, policies) {
        Ok(n) => {
            println!("{out}: 3 trusts x {schools} schools x {policies} policies = {n} documents");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {out}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

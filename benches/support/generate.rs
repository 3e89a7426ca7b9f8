//! Grows the bundled sample into a large policy repository, for timing whole builds.
//!
//! For each of the sample's three trusts it takes one school whose social media policy is
//! approved (two versions, with snapshots) and clones it `schools` times; it clones the trust's
//! social media model into `policies` models (same text, new id and title), and gives every
//! cloned school an approved adoption of every model, with snapshots whose SHA-256 matches the
//! approval records. Published documents = 3 x schools x policies, each with two versions.
//! Shared by `cargo bench --bench build` and `cargo run --example generate_trust`.

use std::path::Path;

use sha2::{Digest as _, Sha256};

/// The sample school cloned in each trust.
const TEMPLATES: [(&str, &str); 3] = [
    ("cdat", "wybunbury-delves"),
    ("cidari", "thrushgill-primary"),
    ("cmat", "kestrel-vale-academy"),
];

pub fn generate(
    sample: &Path,
    out: &Path,
    schools: usize,
    policies: usize,
) -> std::io::Result<usize> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out.join("schools"))?;
    std::fs::copy(sample.join("book.toml"), out.join("book.toml"))?;
    copy_tree(&sample.join("themes"), &out.join("themes"))?;
    for (t, (trust, template)) in TEMPLATES.iter().enumerate() {
        let tdir = out.join("model-policies").join(trust);
        std::fs::create_dir_all(&tdir)?;
        let models = sample.join("model-policies").join(trust);
        std::fs::copy(models.join("trust.yaml"), tdir.join("trust.yaml"))?;
        // Cloned models carry no board fingerprint: their text is not the one the board agreed.
        let model: String = std::fs::read_to_string(models.join("social-media.md"))?
            .lines()
            .filter(|l| !l.trim_start().starts_with("sha256:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut ids = Vec::new();
        for p in 0..policies {
            let (id, title) = if p == 0 {
                (
                    "social-media".to_string(),
                    "Social Media Policy".to_string(),
                )
            } else {
                (format!("policy-{p:03}"), format!("Policy {p:03}"))
            };
            let text = model
                .replacen("id: social-media", &format!("id: {id}"), 1)
                .replacen("title: Social Media Policy", &format!("title: {title}"), 1);
            std::fs::write(tdir.join(format!("{id}.md")), text)?;
            ids.push((id, title));
        }
        let sdir = sample.join("schools").join(template);
        let school_yaml = std::fs::read_to_string(sdir.join("school.yaml"))?;
        let adoption = std::fs::read_to_string(sdir.join("policies/social-media.yaml"))?;
        let mut snapshots = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(sdir.join("snapshots/social-media"))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let text = std::fs::read_to_string(sdir.join("snapshots/social-media").join(&name))?;
            snapshots.push((name, text));
        }
        let old_name = field(&school_yaml, "name: ").unwrap_or_default();
        let old_urn = field(&school_yaml, "urn: ").unwrap_or_default();
        for s in 0..schools {
            let id = format!("{trust}-school-{s:04}");
            let name = format!("{} School {s:04}", trust.to_uppercase());
            let dir = out.join("schools").join(&id);
            std::fs::create_dir_all(dir.join("policies"))?;
            let urn = format!("\"{:06}\"", 200_000 + 100_000 * t + s);
            std::fs::write(
                dir.join("school.yaml"),
                school_yaml
                    .replacen(&format!("name: {old_name}"), &format!("name: {name}"), 1)
                    .replacen(&format!("urn: {old_urn}"), &format!("urn: {urn}"), 1),
            )?;
            for (policy, title) in &ids {
                let mut records = adoption.clone();
                let snap_dir = dir.join("snapshots").join(policy);
                std::fs::create_dir_all(&snap_dir)?;
                for (file, text) in &snapshots {
                    let text = text
                        .replacen(&format!("school: {template}"), &format!("school: {id}"), 1)
                        .replacen("policy: social-media", &format!("policy: {policy}"), 1)
                        .replacen("title: Social Media Policy", &format!("title: {title}"), 1)
                        .replace(&old_name, &name);
                    std::fs::write(snap_dir.join(file), &text)?;
                    let version = file.trim_start_matches('v').trim_end_matches(".md");
                    records = with_digest(&records, version, &hex(&Sha256::digest(&text)));
                }
                std::fs::write(dir.join("policies").join(format!("{policy}.yaml")), records)?;
            }
        }
    }
    Ok(3 * schools * policies)
}

/// The value after `key` on the first line that starts with it.
fn field(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .map(str::to_string)
}

/// The adoption's records with the `sha256:` of approval `version` set to `digest`.
fn with_digest(records: &str, version: &str, digest: &str) -> String {
    let mut out = String::with_capacity(records.len());
    let mut inside = false;
    for line in records.lines() {
        if let Some(v) = line.strip_prefix("- version: ") {
            inside = v.trim() == version;
        }
        if inside && line.starts_with("  sha256: ") {
            out.push_str(&format!("  sha256: {digest}\n"));
            inside = false;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

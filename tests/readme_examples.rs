//! Every command example in README.md, run as written against a copy of the sample: the
//! workflow's code blocks in order (the steps written as comments are done by hand here), the
//! one-line examples, and every option the command table lists, which `--help` must describe.

mod common;

use common::Sample;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// Splits a command line as a shell would for these examples: words, "quoted words", and a
/// trailing `# comment` dropped.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            '#' if !quoted && !in_word => break,
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// The lines of the README's indented code blocks that are commands or steps (`# ...`).
fn code_block_steps(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| l.starts_with("policyforge ") || l.starts_with("# "))
        .map(str::to_string)
        .collect()
}

/// Does a step written as a comment by hand, as the reader would.
fn by_hand(s: &Sample, step: &str) {
    if step.starts_with("# edit model-policies/cdat/social-media.md") {
        s.replace(
            "model-policies/cdat/social-media.md",
            "\nversion: 3\n",
            "\nversion: 4\n",
        );
        s.append(
            "model-policies/cdat/social-media.md",
            "\nA closing sentence for version four.\n",
        );
    } else if step.starts_with("# fill in the new values in schools/wybunbury-delves") {
        s.replace(
            "schools/wybunbury-delves/policies/social-media.yaml",
            "model_version: 3",
            "model_version: 4",
        );
    } else if let Some(said) = step
        .strip_prefix("# model-policies/cmat/charging-and-remissions.md says `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        // Not an edit: what the sample's file already says.
        assert!(
            s.read("model-policies/cmat/charging-and-remissions.md")
                .contains(said),
            "the README says the file has `{said}`"
        );
    } else {
        panic!("README.md has a step this test cannot do by hand yet: {step}");
    }
}

#[test]
fn the_workflow_in_the_readme_runs_as_written() {
    let s = Sample::new("readme-workflow");
    let steps = code_block_steps(&readme());
    assert!(steps.len() >= 15, "{steps:#?}");
    let mut ran = 0;
    for step in &steps {
        if step.starts_with('#') {
            by_hand(&s, step);
            continue;
        }
        let args = words(step);
        assert_eq!(args[0], "policyforge");
        if args[1] == "serve" {
            serve_starts(&s);
            continue;
        }
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        // `COMMAND > FILE`: the output kept in a file, as the shell would.
        let (args, into) = match args.iter().position(|a| *a == ">") {
            Some(i) => (&args[..i], args.get(i + 1).copied()),
            None => (&args[..], None),
        };
        let out = s.run(args);
        // The README says no CDAT school of the sample complies yet: `compliance` exits 1.
        let expected = if args[0] == "compliance" { 1 } else { 0 };
        assert_eq!(
            out.code, expected,
            "README example failed: {step}\nstdout:\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        );
        if let Some(file) = into {
            assert!(!out.stdout.trim().is_empty(), "{step} printed nothing");
            std::fs::write(s.path(file), &out.stdout).unwrap();
        }
        match args[0] {
            "diff" => {
                out.says("A closing sentence for version four.");
            }
            "status" => {
                out.says("Behind the model (v3 → v4)");
            }
            _ => {}
        }
        ran += 1;
    }
    assert!(ran >= 14, "{ran} commands ran");
    let page = s.read("site/schools/wybunbury-delves/social-media/index.html");
    assert!(page.contains("A closing sentence for version four."));
    let rows = s.run(&["status", "--school", "wybunbury-delves", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&rows.ok().stdout).unwrap();
    let row = rows.iter().find(|r| r["policy"] == "social-media").unwrap();
    assert_eq!(
        (
            row["stage"].as_str(),
            row["approved_version"].as_u64(),
            row["behind_model"].as_bool()
        ),
        (Some("received"), Some(3), Some(false))
    );
}

/// `policyforge serve` runs until stopped: start it (on a free port, without opening a browser)
/// and wait for its first line.
fn serve_starts(s: &Sample) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policyforge"))
        .args(["serve", "--port", "0"])
        .current_dir(&s.dir)
        .env("POLICYFORGE_TODAY", "2026-11-21")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = std::io::BufReader::new(out).read_line(&mut first);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.starts_with("Serving "), "serve said {first:?}");
}

#[test]
fn the_one_line_examples_run() {
    let s = Sample::new("readme-lines");
    let text = readme();
    let examples: Vec<&str> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| span.starts_with("policyforge "))
        // A synopsis (`[DIR]`, `S`, `P`) is checked against --help below.
        .filter(|span| {
            !span.contains('[')
                && !span
                    .split_whitespace()
                    .any(|w| w.len() <= 7 && w.chars().all(|c| c.is_ascii_uppercase()))
        })
        .collect();
    assert!(examples.len() >= 5, "{examples:?}");
    for example in examples {
        // What a shell does after `>` or `|` is the shell's business.
        let command = example.split(['>', '\\', '|']).next().unwrap_or(example);
        let args = words(command);
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        if args.first() == Some(&"serve") {
            serve_starts(&s);
            continue;
        }
        // Commands named without their arguments (`policyforge approve`) must ask for them.
        let out = s.run(&args);
        assert!(
            out.code == 0 || out.code == 2,
            "{example}: exit {}\n{}{}",
            out.code,
            out.stdout,
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{example}");
    }
}

#[test]
fn every_option_of_the_command_table_is_described_in_help() {
    let s = Sample::new("readme-help");
    let text = readme();
    let synopses: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `policyforge "))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert!(synopses.len() >= 12, "{synopses:?}");
    for synopsis in synopses {
        let command = synopsis.split_whitespace().next().unwrap();
        let help = s.run(&[command, "--help"]);
        let entries = help_entries(&help.ok().stdout);
        for option in synopsis
            .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
            .filter(|w| w.starts_with("--"))
        {
            let entry = entries
                .iter()
                .find(|e| e.starts_with(option) || e.contains(&format!(", {option}")))
                .unwrap_or_else(|| panic!("`{command} --help` lacks {option}:\n{entries:#?}"));
            assert!(
                entry.contains("e.g.") || entry.contains("[possible values"),
                "`{command} --help` gives {option} no example: {entry}"
            );
        }
        // Every argument --help lists is described, with an example.
        for entry in &entries {
            if !entry.starts_with("-h, --help") && !entry.starts_with("-V, --version") {
                assert!(
                    entry.contains("e.g."),
                    "`{command} --help` gives no example for: {entry}"
                );
            }
        }
    }
}

/// Each argument and option of a `--help` text, with its description joined into one line.
fn help_entries(help: &str) -> Vec<String> {
    let mut entries: Vec<String> = Vec::new();
    let mut listing = false;
    for line in help.lines() {
        if !line.starts_with(' ') {
            listing = line == "Arguments:" || line == "Options:";
            continue;
        }
        if !listing {
            continue;
        }
        let entry = line.trim_start();
        let indent = line.len() - entry.len();
        if indent <= 6
            && (entry.starts_with('-') || entry.starts_with('<') || entry.starts_with('['))
        {
            entries.push(entry.to_string());
        } else if let Some(last) = entries.last_mut() {
            last.push(' ');
            last.push_str(entry);
        }
    }
    entries
}

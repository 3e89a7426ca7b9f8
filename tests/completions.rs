//! Shell completions and the manual page, generated from the same command-line definition as
//! `--help`, so they can never list a command or flag that does not exist.

mod common;

use common::{run, scratch};

fn policyforge(args: &[&str]) -> common::Run {
    let dir = scratch("completions");
    let out = run(
        &args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        &dir,
    );
    let _ = std::fs::remove_dir_all(&dir);
    out
}

const COMMANDS: [&str; 9] = [
    "build", "check", "context", "init", "status", "approve", "record", "agree", "diff",
];

#[test]
fn completion_scripts_name_every_command() {
    for (shell, marker) in [
        ("bash", "_policyforge()"),
        ("zsh", "#compdef policyforge"),
        ("fish", "complete -c policyforge"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[policyforge]"),
    ] {
        let out = policyforge(&["completions", shell]);
        out.ok();
        assert!(out.stdout.contains(marker), "{shell}: no {marker}");
        for command in COMMANDS {
            assert!(out.stdout.contains(command), "{shell}: no {command}");
        }
        assert!(out.stdout.contains("drafts"), "{shell}: no build flags");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = policyforge(&["completions", "cmd.exe"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bash"), "{}", out.stderr);
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let out = policyforge(&["man"]);
    out.ok();
    let page = &out.stdout;
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{page}");
    assert!(page.contains(".TH policyforge 1"), "{page}");
    assert!(page.contains(".SH NAME"));
    assert!(page.contains(".SH SUBCOMMANDS"));
    for command in COMMANDS {
        assert!(
            page.contains(&format!("policyforge\\-{command}")),
            "no {command}"
        );
    }
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn each_command_has_its_own_page() {
    let out = policyforge(&["man", "build"]);
    out.ok();
    assert!(
        out.stdout.contains(".TH policyforge-build 1"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\\-\\-drafts"));
    let out = policyforge(&["man", "biuld"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("there is no command `biuld`"));
}

//! `policyforge completions` and `policyforge man`: generated from the same definition as
//! `--help`, so they never list a command or flag that does not exist.

use std::io::Write as _;
use std::process::ExitCode;

use clap::CommandFactory as _;

use super::args::Cli;

/// Writes a shell's completion script to standard output.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "policyforge", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// Writes the manual page of policyforge, or of one of its commands, to standard output.
pub fn man_page(name: Option<&str>) -> ExitCode {
    let top = Cli::command().version(env!("CARGO_PKG_VERSION"));
    let page = match name {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            match top.find_subcommand(name) {
                Some(sub) => sub
                    .clone()
                    .name(format!("policyforge-{name}"))
                    .version(env!("CARGO_PKG_VERSION")),
                None => {
                    eprintln!(
                        "error: there is no command `{name}`\nhelp: commands: {}",
                        names.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("error: cannot write the manual page: {e}");
        return ExitCode::from(1);
    }
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(&out).is_err() {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

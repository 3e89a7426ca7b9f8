//! The `policyforge` command: a thin shell over the library. Arguments are parsed here and in
//! `cmd/`; the library never sees them.

mod cmd;

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    cmd::run(cmd::args::Cli::parse())
}

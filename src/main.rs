//! The `policyforge` command: a thin shell over the library. Arguments are parsed here and in
//! `cmd/`; the library never sees them.

mod cmd;

use clap::Parser as _;

/// mimalloc rather than the system allocator: a build allocates many small values on every
/// core, and glibc's malloc was the largest single cost in its profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cmd::run(cmd::args::Cli::parse())
}

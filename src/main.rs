//! The `policyforge` command: a thin shell over the library. Arguments are parsed here and in
//! `cmd/`; the library never sees them.

mod cmd;

use clap::Parser as _;

/// mimalloc rather than the system allocator: a build allocates many small values on every
/// core, and glibc's malloc was the largest single cost in its profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h; the Rust
/// binding names no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before it is given back, in milliseconds.
/// mimalloc's 10 ms gave back and faulted in again ~600 MB over a 1,500-document build (150,000
/// page faults, a tenth of its system time); a second keeps memory for the next document while
/// a long build still returns what it stops using (`docs/performance.md`).
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

fn main() -> std::process::ExitCode {
    // SAFETY: sets one of mimalloc's numeric options before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    cmd::run(cmd::args::Cli::parse())
}

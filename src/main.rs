//! The `policyforge` command: a thin shell over the library.

fn main() -> std::process::ExitCode {
    policyforge::cli::main()
}

//! The `mlgate` binary: everything it does lives in `mlgate-cli` (crates/cli).

fn main() -> std::process::ExitCode {
    mlgate_cli::main()
}

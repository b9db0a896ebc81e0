//! mlgate as users install it without a Rust toolchain: the `mlgate` wheel (python/mlgate,
//! built by maturin) installed by pip into a fresh virtual environment, and the static Linux
//! binary the release ships (musl). Each runs `--version` and the quickstart, and must print what
//! the binary under test prints.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_wheel, combined, mlgate, require_tool, root, tempdir};

/// `mlgate --version`, `check` of the quickstart's passing and failing configs: each must exit as
/// the binary under test does and print the same bytes.
fn runs_like_the_binary_under_test(installed: &Path) {
    let run = |args: &[&str]| {
        combined(
            Command::new(installed)
                .args(args)
                .current_dir(root())
                .env_remove("NO_COLOR"),
            "the installed mlgate",
        )
    };
    let (code, version) = run(&["--version"]);
    assert_eq!(code, 0, "{version}");
    assert!(
        version.starts_with(&format!("mlgate {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert_eq!(
        version,
        mlgate(&["--version"]).stdout,
        "the version names the same build"
    );
    for (config, expected) in [
        ("examples/quickstart/mlgate.yaml", 0),
        ("examples/quickstart/failing.yaml", 1),
    ] {
        let (code, output) = run(&["check", "-c", config]);
        assert_eq!(code, expected, "{config}: {output}");
        let under_test = mlgate(&["check", "-c", config]);
        assert_eq!(
            output,
            format!("{}{}", under_test.stdout, under_test.stderr),
            "{config}"
        );
    }
}

#[test]
fn the_wheel_installs_with_pip_into_a_fresh_venv_and_runs_the_quickstart() {
    let wheel = build_wheel();
    let name = wheel.file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with(&format!("mlgate-{}-py3-none-", env!("CARGO_PKG_VERSION"))),
        "{name}"
    );
    let venv = tempdir("install-venv").join("venv");
    let (code, output) = combined(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    );
    assert_eq!(code, 0, "{output}");
    // As a user installs it, but from the wheel just built: no index, no network.
    let (code, output) = combined(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--no-index", "--disable-pip-version-check", "--find-links"])
            .arg(wheel.parent().unwrap())
            .arg("mlgate"),
        "pip install",
    );
    assert_eq!(code, 0, "{output}");
    let installed = venv.join("bin/mlgate");
    assert!(installed.is_file(), "pip put no mlgate on the venv's PATH:\n{output}");
    runs_like_the_binary_under_test(&installed);
}

/// The target the release's Linux binaries are built for (x86_64 here; aarch64 in the release
/// workflow), statically linked against musl.
const MUSL: &str = "x86_64-unknown-linux-musl";

#[test]
fn the_static_musl_binary_runs_the_quickstart() {
    // scripts/test.sh adds the target and Debian's musl-tools.
    let (code, output) = combined(
        Command::new("cargo")
            .args(["build", "--locked", "-p", "mlgate", "--target", MUSL])
            .current_dir(root()),
        "cargo build",
    );
    assert_eq!(code, 0, "{output}");
    let binary: PathBuf = root().join("target").join(MUSL).join("debug/mlgate");
    let (code, kind) = combined(
        Command::new(require_tool("file", "it installs Debian's file")).arg(&binary),
        "file",
    );
    assert_eq!(code, 0, "{kind}");
    assert!(
        kind.contains("statically linked") || kind.contains("static-pie linked"),
        "{kind}"
    );
    runs_like_the_binary_under_test(&binary);
}

/// The pre-commit hook's package depends on exactly this version of the wheel, and the wheel's
/// version is the workspace's.
#[test]
fn the_hook_package_pins_the_workspace_version() {
    let version = env!("CARGO_PKG_VERSION");
    let hook = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    assert!(
        hook.contains(&format!("version = \"{version}\"")),
        "pyproject.toml: version"
    );
    assert!(
        hook.contains(&format!("dependencies = [\"mlgate=={version}\"]")),
        "pyproject.toml: dependency"
    );
    let wheel = std::fs::read_to_string(root().join("python/mlgate/pyproject.toml")).unwrap();
    assert!(
        wheel.contains("dynamic = [\"version\"]"),
        "the wheel's version comes from Cargo.toml"
    );
}

/// `mlgate --version` names the commit it was built from, as git names it (crates/cli/build.rs).
#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let (ok, commit) = common::git(&root(), &["log", "-1", "--abbrev=9", "--format=%h %cs"]);
    assert!(ok, "{commit}");
    let run = mlgate(&["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("mlgate {} ({})\n", env!("CARGO_PKG_VERSION"), commit.trim())
    );
    assert_eq!(mlgate(&["-V"]).stdout, run.stdout);
}

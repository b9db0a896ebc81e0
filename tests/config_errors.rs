//! Bad configs through the real binary: every one exits 2, prints nothing on stdout, and says on
//! stderr the file, line:column, YAML path and what was expected. The stderr of each case is an
//! insta snapshot (tests/snapshots/), read and checked by hand.

mod common;

use common::{mlgate, root};

fn case(name: &str) -> common::Run {
    let config = format!("tests/fixtures/bad-config/{name}/mlgate.yaml");
    let run = mlgate(&["check", "-c", &config]);
    common::assert_no_panic(&run, name);
    assert_eq!(run.code, 2, "{name}: exit code (stderr: {})", run.stderr);
    assert_eq!(run.stdout, "", "{name}: nothing on stdout");
    run
}

macro_rules! bad_config {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let run = case(stringify!($name));
                insta::assert_snapshot!(stringify!($name), run.stderr);
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = root().join("tests/fixtures/bad-config");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name != "inputs" {
                    assert!(listed.contains(&name.as_str()), "fixture {name} has no test");
                }
            }
        }
    };
}

bad_config!(
    unknown_key,
    wrong_type,
    missing_version,
    unsupported_version,
    duplicate_gate_names,
    bad_enum,
    non_numeric_threshold,
    yaml_syntax_error,
    missing_metric_file,
    unreadable_metric_file,
    malformed_json,
    malformed_toml,
    empty_file,
    min_greater_than_max,
    two_errors,
    duplicate_yaml_key,
    regression_without_baseline,
    negative_regression_bound,
    slice_column_missing,
    slice_min_support_zero,
    parity_without_sensitive,
    no_gates,
    not_a_mapping,
    unknown_metric_format,
    empty_thresholds,
    nan_threshold,
    canary_missing_source,
    canary_bad_source,
    data_invalid_regex,
    data_ragged_rows,
    data_non_utf8,
    data_unknown_extension,
    data_typo_key,
    data_empty_key_list,
    misplaced_key,
    ci_bound_mismatch,
    boolean_switch,
    missing_files_at_once,
    bad_time_bound,
    bad_date_format,
);

#[test]
fn missing_config_file() {
    let run = mlgate(&["check", "-c", "tests/fixtures/nope.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: tests/fixtures/nope.yaml: cannot read the config file: no such file\n"
    );
}

#[test]
fn only_names_an_unknown_gate() {
    let run = mlgate(&["check", "-c", "examples/quickstart/mlgate.yaml", "--only", "modle"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --only modle: no gate of that name in examples/quickstart/mlgate.yaml; expected one of train, model, checkout\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = mlgate(&["check", "--format", "pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'pdf'"), "{}", run.stderr);
    let run = mlgate(&["frobnicate"]);
    assert_eq!(run.code, 2);
}

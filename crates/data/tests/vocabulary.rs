//! Every item of the data gate's vocabulary on a small dataset whose answers are known by hand:
//! a passing case, a failing one and the boundary (bounds are inclusive unless `exclusive_*`),
//! with nulls in the columns the value checks look at.

use mlgate_core::{CheckResult, Gate, MemoryInputs, Settings, Status};
use mlgate_data::DataGateConfig;
use serde_json::{Value, json};

/// id, age (one null), name, score (one null), city (one null), day, active, empty (all null).
const PEOPLE: &str = include_str!("fixtures/people.csv");

fn gate(extra: Value) -> DataGateConfig {
    let mut config = json!({"name": "g", "path": "people.csv"});
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    let gate: DataGateConfig = serde_json::from_value(config).unwrap();
    assert_eq!(gate.validate(), vec![], "the test's own config is valid");
    gate
}

fn run_on(file: &str, bytes: &[u8], extra: Value) -> Vec<CheckResult> {
    let mut config = extra;
    config["path"] = json!(file);
    let gate = gate(config);
    let mut inputs = MemoryInputs::new();
    inputs.insert(file, bytes.to_vec());
    gate.evaluate(&inputs, &Settings::default()).unwrap().checks
}

fn run(columns: Value) -> Vec<CheckResult> {
    run_on("people.csv", PEOPLE.as_bytes(), json!({ "columns": columns }))
}

/// The one check a config declares.
fn one(column: &str, checks: Value) -> CheckResult {
    let mut results = run(json!({ column: checks }));
    assert_eq!(results.len(), 1, "{results:#?}");
    results.remove(0)
}

fn status(column: &str, checks: Value) -> Status {
    one(column, checks).status
}

fn rows(c: &CheckResult) -> Vec<u64> {
    c.samples.iter().flatten().map(|s| s.row).collect()
}

#[test]
fn min_and_max_are_inclusive_and_exclusive_on_request() {
    assert_eq!(status("age", json!({"min": 18})), Status::Pass);
    let c = one("age", json!({"min": 19}));
    assert_eq!(c.status, Status::Fail);
    assert_eq!((c.element_count, c.unexpected_count), (Some(4), Some(1)));
    assert_eq!(c.unexpected_fraction, Some(0.25));
    assert_eq!(rows(&c), vec![4]);
    assert_eq!(c.samples.as_ref().unwrap()[0].value, json!(18));
    // An integer column's extreme is an integer.
    assert_eq!(c.observed, Some(json!(18)));
    assert_eq!(c.id, "g.columns.age.min");
    assert_eq!(c.message, "1 of 4 values below 19 (lowest 18)");
    assert_eq!(status("age", json!({"min": 18, "exclusive_min": true})), Status::Fail);
    assert_eq!(status("age", json!({"max": 60})), Status::Pass);
    assert_eq!(status("age", json!({"max": 59.99})), Status::Fail);
    assert_eq!(status("age", json!({"max": 60, "exclusive_max": true})), Status::Fail);
    assert_eq!(status("score", json!({"max": 3.5})), Status::Pass);
    let c = one("score", json!({"max": 3.5, "exclusive_max": true}));
    assert_eq!((c.status, rows(&c)), (Status::Fail, vec![4]));
}

#[test]
fn min_and_max_together_are_judged_each_on_its_own() {
    // Both bounds on a numeric column are counted in one pass: each result is as if alone.
    let results = run(json!({"age": {"min": 19, "max": 59.99}}));
    let (min, max) = (&results[0], &results[1]);
    assert_eq!(
        (min.id.as_str(), max.id.as_str()),
        ("g.columns.age.min", "g.columns.age.max")
    );
    assert_eq!((min.status, rows(min)), (Status::Fail, vec![4]));
    assert_eq!(min.message, "1 of 4 values below 19 (lowest 18)");
    assert_eq!((max.status, rows(max)), (Status::Fail, vec![3]));
    assert_eq!(max.message, "1 of 4 values above 59.99 (highest 60)");
    assert_eq!((max.element_count, max.unexpected_count), (Some(4), Some(1)));
    assert_eq!(max.samples.as_ref().unwrap()[0].value, json!(60));
    assert_eq!(
        (min.observed.clone(), max.observed.clone()),
        (Some(json!(18)), Some(json!(60)))
    );
    // Exclusive bounds at the extremes fail exactly the extremes.
    let results = run(json!({"age": {"min": 18, "exclusive_min": true, "max": 60, "exclusive_max": true}}));
    assert_eq!((results[0].status, rows(&results[0])), (Status::Fail, vec![4]));
    assert_eq!(results[0].message, "1 of 4 values at or below 18 (lowest 18)");
    assert_eq!((results[1].status, rows(&results[1])), (Status::Fail, vec![3]));
    assert_eq!(results[1].message, "1 of 4 values at or above 60 (highest 60)");
    let results = run(json!({"age": {"min": 18, "max": 60}}));
    assert_eq!((results[0].status, results[1].status), (Status::Pass, Status::Pass));
    // An exclusive bound just below a value: 0.5 is the lowest score, and > 0.49999999999999994
    // (the number right below 0.5) passes it.
    let results = run(json!({"score": {"min": 0.49999999999999994, "exclusive_min": true, "max": 3.5}}));
    assert_eq!((results[0].status, results[1].status), (Status::Pass, Status::Pass));
}

#[test]
fn mostly_compares_the_passing_share_with_greater_or_equal() {
    // age: 30, 45, 60, 18 -> 1 of 4 below 30: 75% pass.
    assert_eq!(status("age", json!({"min": 30, "mostly": 0.75})), Status::Pass);
    assert_eq!(status("age", json!({"min": 30, "mostly": 0.76})), Status::Fail);
    let c = one("age", json!({"min": 30, "mostly": 0.75}));
    assert_eq!(
        c.message,
        "1 of 4 values below 30 (lowest 18); 75% of values pass, mostly 0.75 allows it"
    );
}

#[test]
fn sets_compare_numbers_as_numbers_and_text_as_text() {
    assert_eq!(
        status("city", json!({"allowed": ["Paris", "Berlin", "Rome"]})),
        Status::Pass
    );
    let c = one("city", json!({"allowed": ["Paris", "Berlin"]}));
    assert_eq!(
        (c.status, c.unexpected_count, rows(&c)),
        (Status::Fail, Some(1), vec![3])
    );
    assert_eq!(status("age", json!({"allowed": [30, 45.0, "60", 18]})), Status::Pass);
    let c = one("city", json!({"forbidden": ["Rome"]}));
    assert_eq!((c.status, rows(&c)), (Status::Fail, vec![3]));
    assert_eq!(status("city", json!({"forbidden": ["Madrid"]})), Status::Pass);
    // A set of more than 16 members is hashed: short values are looked up by their text then.
    let mut many: Vec<Value> = (0..20).map(|i| json!(format!("City{i}"))).collect();
    assert_eq!(status("city", json!({ "allowed": many })), Status::Fail);
    many.extend([json!("Paris"), json!("Berlin"), json!("Rome")]);
    assert_eq!(status("city", json!({ "allowed": many })), Status::Pass);
    let c = one("city", json!({ "forbidden": many[..21] }));
    assert_eq!((c.status, rows(&c)), (Status::Fail, vec![0, 2]));
    assert_eq!(status("active", json!({"allowed": [true, false]})), Status::Pass);
    assert_eq!(status("active", json!({"forbidden": [false]})), Status::Fail);
    // An empty allowed set allows nothing (Great Expectations); nulls are not looked at.
    let c = one("city", json!({"allowed": []}));
    assert_eq!((c.status, c.unexpected_count), (Status::Fail, Some(4)));
    assert_eq!(status("empty", json!({"allowed": []})), Status::Pass);
}

#[test]
fn regex_matches_whole_values() {
    assert_eq!(status("name", json!({"regex": "[a-z]+"})), Status::Pass);
    let c = one("name", json!({"regex": "nn"}));
    assert_eq!((c.status, c.unexpected_count), (Status::Fail, Some(5)));
    assert_eq!(status("name", json!({"regex": ".*nn"})), Status::Fail);
    assert_eq!(status("name", json!({"regex": ".*nn", "mostly": 0.2})), Status::Pass);
    // Numbers are matched in their text form: integers without a decimal point.
    assert_eq!(status("age", json!({"regex": "[0-9]{2}"})), Status::Pass);
    // Alternatives stay inside the anchors.
    assert_eq!(status("name", json!({"regex": "ann|bob|carl|dora|eve"})), Status::Pass);
}

#[test]
fn length_counts_characters() {
    assert_eq!(status("name", json!({"length": {"min": 3, "max": 4}})), Status::Pass);
    let c = one("name", json!({"length": {"max": 3}}));
    assert_eq!((c.status, rows(&c)), (Status::Fail, vec![2, 3]));
    let c = run_on(
        "u.csv",
        "w\nçà\nab\nabc\n".as_bytes(),
        json!({"columns": {"w": {"length": {"max": 2}}}}),
    );
    assert_eq!((c[0].status, rows(&c[0])), (Status::Fail, vec![2]));
    // Lengths are characters whatever the bytes: a value of 14 bytes may be 7 characters, one
    // of 4 bytes 2 (too short for a minimum of 3).
    let csv = "w\néééééé\u{e9}\nabcdefghijklmn\néé\nabc\n";
    let c = run_on(
        "u.csv",
        csv.as_bytes(),
        json!({"columns": {"w": {"length": {"min": 3, "max": 7}}}}),
    );
    assert_eq!((c[0].status, rows(&c[0])), (Status::Fail, vec![1, 2]));
    let c = run_on(
        "u.csv",
        csv.as_bytes(),
        json!({"columns": {"w": {"length": {"max": 13}}}}),
    );
    assert_eq!((c[0].status, rows(&c[0])), (Status::Fail, vec![1]));
}

#[test]
fn unique_fails_every_occurrence_of_a_repeated_value() {
    assert_eq!(status("id", json!({"unique": true})), Status::Pass);
    let c = one("city", json!({"unique": true}));
    assert_eq!(
        (c.status, c.unexpected_count, rows(&c)),
        (Status::Fail, Some(2), vec![0, 2])
    );
    // Nulls are not values: the all-null column is unique.
    assert_eq!(status("empty", json!({"unique": true})), Status::Pass);
    assert_eq!(status("city", json!({"unique": true, "mostly": 0.5})), Status::Pass);
}

#[test]
fn monotonic_skips_nulls_and_compares_with_the_previous_value() {
    assert_eq!(status("id", json!({"monotonic": "strictly_increasing"})), Status::Pass);
    assert_eq!(status("day", json!({"monotonic": "increasing"})), Status::Pass);
    assert_eq!(status("id", json!({"monotonic": "decreasing"})), Status::Fail);
    // age: 30, null, 45, 60, 18: only 18 breaks the order.
    let c = one("age", json!({"monotonic": "increasing"}));
    assert_eq!((c.status, rows(&c)), (Status::Fail, vec![4]));
    let c = run_on(
        "m.csv",
        b"v\n1\n1\n2\n",
        json!({"columns": {"v": {"monotonic": "strictly_increasing"}}}),
    );
    assert_eq!(rows(&c[0]), vec![1]);
    assert_eq!(c[0].status, Status::Fail);
    let c = run_on(
        "m.csv",
        b"v\n3\n3\n1\n",
        json!({"columns": {"v": {"monotonic": "decreasing"}}}),
    );
    assert_eq!(c[0].status, Status::Pass);
}

#[test]
fn aggregates_have_known_answers() {
    // age over non-null values: 30, 45, 60, 18.
    let cases = [
        ("mean", 38.25),
        ("median", 37.5),
        ("sum", 153.0),
        ("min_value", 18.0),
        ("max_value", 60.0),
        // sqrt(((30-38.25)² + (45-38.25)² + (60-38.25)² + (18-38.25)²) / 3)
        (
            "std",
            (((8.25f64).powi(2) + 6.75f64.powi(2) + 21.75f64.powi(2) + 20.25f64.powi(2)) / 3.0).sqrt(),
        ),
    ];
    for (check, value) in cases {
        let c = one("age", json!({ check: {"min": value, "max": value} }));
        assert_eq!(c.status, Status::Pass, "{check}: {c:#?}");
        let observed = c.observed.unwrap().as_f64().unwrap();
        assert!(
            (observed - value).abs() <= 1e-12 * value.abs(),
            "{check}: {observed} vs {value}"
        );
        let below = one("age", json!({ check: {"max": value - 0.001} }));
        assert_eq!(below.status, Status::Fail, "{check}");
    }
    // n_unique counts distinct non-null values.
    let c = one("city", json!({"n_unique": {"min": 3, "max": 3}}));
    assert_eq!((c.status, c.observed), (Status::Pass, Some(json!(3))));
    assert_eq!(status("city", json!({"n_unique": {"max": 2}})), Status::Fail);
    // Many distinct values, short and long (over 12 bytes), repeated, with nulls: 40 short
    // ones twice each, two long ones, one of them three times -> 42.
    let mut csv = String::from("k,v\n");
    for round in 0..2 {
        for i in 0..40 {
            csv.push_str(&format!("{i},v{i}\n{i},\n"));
        }
        csv.push_str(&format!("0,a-long-value-number-{round}\n"));
    }
    csv.push_str("0,a-long-value-number-0\n");
    let c = run_on(
        "v.csv",
        csv.as_bytes(),
        json!({"columns": {"v": {"n_unique": {"min": 42, "max": 42}}}}),
    );
    assert_eq!(
        (c[0].status, c[0].observed.clone()),
        (Status::Pass, Some(json!(42))),
        "{c:#?}"
    );
    // `std` in a block with `mean` reuses that mean: the same figure as `std` alone.
    let results = run(json!({"age": {"mean": {"min": 38.25, "max": 38.25}, "std": {"max": 100}}}));
    let std = one("age", json!({"std": {"max": 100}})).observed;
    assert_eq!((results[0].status, results[1].observed.clone()), (Status::Pass, std));
    // quantile, numpy's linear: q=0.9 of [18, 30, 45, 60] -> h = 2.7 -> 45 + 0.7·15 = 55.5.
    let c = one("age", json!({"quantile": {"q": 0.9, "min": 55.5, "max": 55.5}}));
    assert_eq!(c.status, Status::Pass, "{c:#?}");
    assert_eq!(
        status("age", json!({"quantile": {"q": 0.9, "max": 55.4}})),
        Status::Fail
    );
}

#[test]
fn a_column_without_values_passes_value_checks_and_fails_aggregates() {
    let c = one("empty", json!({"min": 0}));
    assert_eq!((c.status, c.element_count), (Status::Pass, Some(0)));
    assert_eq!(status("empty", json!({"regex": "x"})), Status::Pass);
    assert_eq!(status("empty", json!({"monotonic": "increasing"})), Status::Pass);
    for check in ["mean", "median", "std", "sum", "min_value", "max_value"] {
        assert_eq!(status("empty", json!({ check: {"min": 0} })), Status::Fail, "{check}");
    }
    assert_eq!(status("empty", json!({"n_unique": {"max": 0}})), Status::Pass);
    assert_eq!(status("empty", json!({"quantile": {"q": 0.5, "max": 1}})), Status::Fail);
    // std needs two values.
    let c = run_on("one.csv", b"v\n5\n", json!({"columns": {"v": {"std": {"min": 0}}}}));
    assert_eq!(c[0].status, Status::Fail);
}

#[test]
fn nulls_and_their_share() {
    let c = one("age", json!({"nullable": false}));
    assert_eq!(
        (c.status, c.observed.clone(), rows(&c)),
        (Status::Fail, Some(json!(1)), vec![1])
    );
    assert_eq!(status("id", json!({"nullable": false})), Status::Pass);
    let c = one("age", json!({"null_fraction": {"max": 0.2}}));
    assert_eq!((c.status, c.observed), (Status::Pass, Some(json!(0.2))));
    assert_eq!(status("age", json!({"null_fraction": {"max": 0.19}})), Status::Fail);
    assert_eq!(
        status("empty", json!({"null_fraction": {"min": 1, "max": 1}})),
        Status::Pass
    );
}

#[test]
fn types_and_the_checks_a_wrong_type_skips() {
    for (column, t) in [
        ("id", "integer"),
        ("id", "number"),
        ("score", "float"),
        ("score", "number"),
        ("age", "float"), // whole numbers in a CSV read as integers
        ("name", "string"),
        ("city", "categorical"),
        ("day", "date"),
        ("active", "boolean"),
        ("empty", "integer"), // no values: nothing contradicts the type
    ] {
        assert_eq!(status(column, json!({"type": t})), Status::Pass, "{column} as {t}");
    }
    // (A column declared `string` in a CSV is read as text, so that check cannot fail there.)
    for (column, t) in [
        ("name", "integer"),
        ("score", "integer"),
        ("id", "date"),
        ("active", "float"),
        ("day", "datetime"),
    ] {
        assert_eq!(status(column, json!({"type": t})), Status::Fail, "{column} as {t}");
    }
    // A text column judged value by value: the other checks run on the values that are integers
    // (none of the names is one), and say what they left out.
    let results = run(json!({"name": {"type": "integer", "min": 0, "nullable": false, "mean": {"min": 0}}}));
    let statuses: Vec<(&str, Status)> = results.iter().map(|c| (c.check.as_str(), c.status)).collect();
    assert_eq!(
        statuses,
        vec![
            ("type", Status::Fail),
            ("nullable", Status::Pass),
            ("min", Status::Pass),
            ("mean", Status::Fail)
        ]
    );
    assert_eq!(
        results[2].message,
        "no values to check (5 value(s) that are not integers left out: see the type check)"
    );
    // A column of another type as a whole (dates declared integer) skips them, with the reason.
    let results = run(json!({"day": {"type": "integer", "min": 0}}));
    assert_eq!((results[0].status, results[1].status), (Status::Fail, Status::Skipped));
    assert_eq!(results[1].message, "column \"day\" is date, not integer as declared");
}

#[test]
fn declared_text_columns_keep_leading_zeros() {
    let c = run_on(
        "z.csv",
        b"zip\n01234\n00042\n",
        json!({"columns": {"zip": {"type": "string", "regex": "[0-9]{5}"}}}),
    );
    assert_eq!((c[0].status, c[1].status), (Status::Pass, Status::Pass), "{c:#?}");
}

#[test]
fn warn_blocks_warn() {
    let results = run(json!({"age": {"max": 70, "warn": {"max": 50}}}));
    assert_eq!(results.len(), 2);
    assert_eq!(
        (results[0].id.as_str(), results[0].status),
        ("g.columns.age.max", Status::Pass)
    );
    assert_eq!(
        (results[1].id.as_str(), results[1].status),
        ("g.columns.age.warn.max", Status::Warn)
    );
    assert_eq!(results[1].severity, Some(mlgate_core::Severity::Warn));
}

#[test]
fn a_missing_column_fails_its_checks_without_stopping_the_gate() {
    let results = run(json!({"zip": {"min": 0, "regex": "x", "warn": {"max": 1}}, "id": {"min": 1}}));
    let statuses: Vec<(&str, Status)> = results.iter().map(|c| (c.id.as_str(), c.status)).collect();
    assert_eq!(
        statuses,
        vec![
            ("g.columns.zip.min", Status::Fail),
            ("g.columns.zip.regex", Status::Fail),
            ("g.columns.zip.warn.max", Status::Warn),
            ("g.columns.id.min", Status::Pass),
        ]
    );
    assert!(
        results[0]
            .message
            .starts_with("no column \"zip\" in people.csv; the columns are \"id\", \"age\"")
    );
}

#[test]
fn table_checks() {
    let table = |t: Value| run_on("people.csv", PEOPLE.as_bytes(), json!({"table": t}));
    let c = &table(json!({"row_count": {"min": 5, "max": 5}}))[0];
    assert_eq!(
        (c.id.as_str(), c.status, c.observed.clone()),
        ("g.table.row_count", Status::Pass, Some(json!(5)))
    );
    assert_eq!(table(json!({"row_count": {"min": 6}}))[0].status, Status::Fail);
    let columns = |required: Value, exact: bool, ordered: bool| {
        table(json!({"columns": {"required": required, "exact": exact, "ordered": ordered}}))[0].status
    };
    let all = json!(["id", "age", "name", "score", "city", "day", "active", "empty"]);
    assert_eq!(columns(json!(["age", "id"]), false, false), Status::Pass);
    assert_eq!(columns(json!(["age", "id"]), false, true), Status::Fail);
    assert_eq!(columns(json!(["id", "age"]), false, true), Status::Pass);
    assert_eq!(columns(json!(["id", "age"]), true, false), Status::Fail);
    assert_eq!(columns(all.clone(), true, true), Status::Pass);
    assert_eq!(columns(json!(["id", "zip"]), false, false), Status::Fail);
    let c = &table(json!({"unique": [["city", "active"], ["id", "city"]]}));
    assert_eq!(
        (c[0].id.as_str(), c[0].status),
        ("g.table.unique.city+active", Status::Fail)
    );
    assert_eq!(rows(&c[0]), vec![0, 2]);
    assert_eq!(
        c[0].samples.as_ref().unwrap()[0].value,
        json!({"city": "Paris", "active": "true"})
    );
    assert_eq!(c[1].status, Status::Pass);
    assert_eq!(table(json!({"unique": [["id", "zip"]]}))[0].status, Status::Fail);
}

#[test]
fn nan_is_missing_and_infinity_is_a_value() {
    let csv = b"x\n1.5\nNaN\ninf\n\n2.5\n";
    let c = run_on(
        "f.csv",
        csv,
        json!({"columns": {"x": {"null_fraction": {"max": 0.4}, "max": 10, "mean": {"max": 10}, "min_value": {"min": 1.5}}}}),
    );
    assert_eq!(c[0].observed, Some(json!(0.4)), "NaN and the empty cell are missing");
    assert_eq!((c[1].status, rows(&c[1])), (Status::Fail, vec![2]));
    assert_eq!(c[1].samples.as_ref().unwrap()[0].value, json!("inf"));
    assert_eq!((c[2].status, c[2].observed.clone()), (Status::Fail, Some(json!("inf"))));
    assert_eq!(c[3].status, Status::Pass);
}

#[test]
fn mixed_values_fail_numeric_checks_row_by_row() {
    let c = run_on(
        "m.csv",
        b"v\n1\nabc\n3\n",
        json!({"columns": {"v": {"min": 0, "mean": {"min": 0}, "regex": "[0-9]+"}}}),
    );
    // min, regex (value checks), then mean (an aggregate).
    assert_eq!((c[0].status, rows(&c[0])), (Status::Fail, vec![1]));
    assert_eq!(c[0].samples.as_ref().unwrap()[0].value, json!("abc"));
    assert_eq!((c[1].status, rows(&c[1])), (Status::Fail, vec![1]));
    assert_eq!(c[2].status, Status::Fail);
    assert!(c[2].message.contains("row 1: \"abc\""), "{}", c[2].message);
    // A type declared on a mixed column: the type check names the value, and min reads the rest.
    let c = run_on(
        "m.csv",
        b"v\n1\nabc\n",
        json!({"columns": {"v": {"type": "integer", "min": 0}}}),
    );
    assert_eq!((c[0].status, c[1].status), (Status::Fail, Status::Pass));
    assert_eq!(c[0].samples.as_ref().unwrap()[0].value, json!("abc"));
    assert_eq!(c[1].element_count, Some(1));
}

#[test]
fn a_late_value_of_another_type_reads_the_column_as_text() {
    // Types are inferred from the first 10,000 rows; a later text value must not be an error.
    let mut csv = String::from("v\n");
    for i in 0..12_000 {
        csv.push_str(&format!("{i}\n"));
    }
    csv.push_str("oops\n");
    let c = run_on("late.csv", csv.as_bytes(), json!({"columns": {"v": {"min": 0}}}));
    assert_eq!((c[0].status, rows(&c[0])), (Status::Fail, vec![12_000]));
}

#[test]
fn empty_and_header_only_files_are_tables_without_rows() {
    let checks = json!({"table": {"row_count": {"min": 1}}, "columns": {"a": {"min": 0}}});
    let c = run_on("e.csv", b"", checks.clone());
    assert_eq!((c[0].status, c[1].status), (Status::Fail, Status::Fail));
    assert!(c[1].message.contains("the file has no columns"), "{}", c[1].message);
    let c = run_on("h.csv", b"a,b\n", checks);
    assert_eq!((c[0].status, c[0].observed.clone()), (Status::Fail, Some(json!(0))));
    assert_eq!((c[1].status, c[1].element_count), (Status::Pass, Some(0)));
}

fn read_error(file: &str, bytes: &[u8]) -> String {
    let gate = gate(json!({"path": file, "columns": {"a": {"min": 0}}}));
    let mut inputs = MemoryInputs::new();
    inputs.insert(file, bytes.to_vec());
    let e = gate.evaluate(&inputs, &Settings::default()).unwrap_err();
    assert_eq!(e.pointer, "/path");
    e.error.to_string()
}

#[test]
fn unreadable_files_are_input_errors_with_a_position() {
    assert_eq!(
        read_error("r.csv", b"a,b\n1,2\n3,4,5\n"),
        "r.csv:3:1: a row with 3 fields; expected 2, as in the first line"
    );
    assert_eq!(
        read_error("u.csv", b"a,b\n1,caf\xe9\n"),
        "u.csv:2:6: invalid UTF-8 (byte 0xE9 at offset 9); expected UTF-8 text"
    );
    let e = read_error("j.jsonl", b"{\"a\": 1}\n{\"a\": }\n");
    assert!(e.starts_with("j.jsonl:2:7: invalid JSON"), "{e}");
    let e = read_error("p.parquet", b"PAR1 not really");
    assert!(e.starts_with("p.parquet: not a readable Parquet file"), "{e}");
    let gate = gate(json!({"path": "missing.csv"}));
    let e = gate.evaluate(&MemoryInputs::new(), &Settings::default()).unwrap_err();
    assert_eq!(
        e.error.to_string(),
        "missing.csv: cannot read the file: no such file or directory"
    );
}

#[test]
fn a_bom_and_crlf_line_ends_are_read() {
    let c = run_on(
        "b.csv",
        b"\xEF\xBB\xBFa,b\r\n1,x\r\n2,y\r\n",
        json!({"columns": {"a": {"min": 1}, "b": {"allowed": ["x", "y"]}}}),
    );
    assert_eq!((c[0].status, c[1].status), (Status::Pass, Status::Pass), "{c:#?}");
}

#[test]
fn csv_options_delimiter_header_nulls_and_quotes() {
    let c = run_on(
        "s.tsv",
        b"a\tb\n1\tNA\n2\t\"x\ty\"\n",
        json!({"columns": {"b": {"null_fraction": {"min": 0.5, "max": 0.5}, "allowed": ["x\ty"]}}, "csv": {"null_values": ["NA"]}}),
    );
    assert_eq!((c[0].status, c[1].status), (Status::Pass, Status::Pass), "{c:#?}");
    let c = run_on(
        "n.csv",
        b"1;2\n3;4\n",
        json!({"csv": {"delimiter": ";", "has_header": false}, "table": {"row_count": {"min": 2, "max": 2}}, "columns": {"column_2": {"min": 2}}}),
    );
    assert_eq!((c[0].status, c[1].status), (Status::Pass, Status::Pass), "{c:#?}");
}

#[test]
fn json_and_json_lines_datasets() {
    let checks = json!({"columns": {"a": {"min": 1, "max": 2}, "b": {"allowed": ["x"]}}});
    let c = run_on("r.json", br#"[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]"#, checks.clone());
    // a.min, a.max, b.allowed
    assert_eq!((c[0].status, c[1].status), (Status::Pass, Status::Pass));
    assert_eq!((c[2].status, rows(&c[2])), (Status::Fail, vec![1]));
    let c = run_on(
        "r.jsonl",
        b"{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": 3, \"b\": \"x\"}\n",
        checks,
    );
    assert_eq!((c[0].status, rows(&c[0])), (Status::Pass, vec![]));
    assert_eq!((c[1].status, rows(&c[1])), (Status::Fail, vec![1]));
    assert_eq!(c[2].status, Status::Pass);
}

#[test]
fn json_schema_reports_record_numbers_and_schema_paths() {
    let gate = gate(json!({"path": "r.jsonl", "json_schema": "s.json"}));
    let mut inputs = MemoryInputs::new();
    inputs.insert("r.jsonl", b"{\"age\": 3}\n{\"age\": -1}\n{\"name\": \"x\"}\n".to_vec());
    inputs.insert(
        "s.json",
        br#"{"type": "object", "required": ["age"], "properties": {"age": {"type": "integer", "minimum": 0}}}"#
            .to_vec(),
    );
    let c = gate.evaluate(&inputs, &Settings::default()).unwrap().checks.remove(0);
    assert_eq!((c.id.as_str(), c.status), ("g.json_schema", Status::Fail));
    assert_eq!((c.element_count, c.unexpected_count), (Some(3), Some(2)));
    assert_eq!(rows(&c), vec![1, 2]);
    let first = c.samples.as_ref().unwrap()[0].value.as_str().unwrap().to_string();
    assert_eq!(
        first,
        "at /age: -1 is less than the minimum of 0 (schema /properties/age/minimum)"
    );
    let second = c.samples.as_ref().unwrap()[1].value.as_str().unwrap().to_string();
    assert!(
        second.starts_with("at /: \"age\" is a required property (schema /required)"),
        "{second}"
    );
}

#[test]
fn config_rules_the_schema_cannot_say() {
    let problems = |extra: Value| -> Vec<String> {
        let mut config = json!({"name": "g", "path": "d.csv"});
        for (k, v) in extra.as_object().unwrap() {
            config[k] = v.clone();
        }
        let gate: DataGateConfig = serde_json::from_value(config).unwrap();
        gate.validate()
            .into_iter()
            .map(|p| format!("{}: {}", p.pointer, p.message))
            .collect()
    };
    assert_eq!(
        problems(json!({"columns": {"a": {"regex": "(unclosed"}}})),
        vec!["/columns/a/regex: invalid regular expression \"(unclosed\": unclosed group; expected Rust regex syntax"]
    );
    assert_eq!(
        problems(json!({"columns": {"a": {"min": 2, "max": 1}}})),
        vec!["/columns/a/min: min 2 is above max 1; expected min <= max"]
    );
    assert_eq!(
        problems(json!({"columns": {"a/b": {"mean": {"min": 2, "max": 1}}}})),
        vec!["/columns/a~1b/mean/min: min 2 is above max 1; expected min <= max"]
    );
    assert_eq!(
        problems(json!({"columns": {"a": {"exclusive_min": true}}})),
        vec!["/columns/a/exclusive_min: `exclusive_min` without `min`; expected the bound it applies to"]
    );
    assert_eq!(
        problems(json!({"json_schema": "s.json"})),
        vec![
            "/json_schema: `json_schema` validates JSON records; expected a .json, .jsonl or .ndjson dataset (or `format:`)"
        ]
    );
    assert_eq!(
        problems(json!({"path": "d.dat"})),
        vec![
            "/path: cannot tell the format of \"d.dat\" from its extension; expected .csv, .tsv, .parquet, .json, .jsonl or .ndjson, or a `format:` key"
        ]
    );
    assert_eq!(
        problems(json!({"path": "d.dat", "format": "csv"})),
        Vec::<String>::new()
    );
}

/// `samples:` sets how many failing rows a check keeps (default 20); the counts stay whole.
#[test]
fn samples_caps_the_failing_rows_kept_per_check() {
    let mut csv = String::from("v\n");
    for i in 0..50 {
        csv.push_str(&format!("{i}\n"));
    }
    let check = |extra: Value| {
        let mut config = json!({ "columns": { "v": { "max": 9 } }, "table": { "unique": [["v"]] } });
        for (k, v) in extra.as_object().unwrap() {
            config[k] = v.clone();
        }
        run_on("v.csv", csv.as_bytes(), config)
    };
    let default = check(json!({}));
    let max = default.iter().find(|c| c.check == "max").unwrap();
    assert_eq!(max.unexpected_count, Some(40));
    assert_eq!(rows(max), (10..30).collect::<Vec<u64>>());
    let three = check(json!({ "samples": 3 }));
    let max = three.iter().find(|c| c.check == "max").unwrap();
    assert_eq!((max.unexpected_count, rows(max)), (Some(40), vec![10, 11, 12]));
    let none = check(json!({ "samples": 0 }));
    let max = none.iter().find(|c| c.check == "max").unwrap();
    assert_eq!((max.unexpected_count, max.samples.clone()), (Some(40), None));
}

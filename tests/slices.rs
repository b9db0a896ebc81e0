//! Slices through the real binary on `examples/slices`: the candidate beats main on the whole
//! test set and loses on one country, and the gate says so — in the JSON report, the text and the
//! pull-request comment (an insta snapshot, read by hand).

mod common;

use common::mlgate;
use serde_json::Value;

const CONFIG: &str = "examples/slices/mlgate.yaml";

/// Accuracy at the 0.5 threshold of the examples of `country` (all when None), read straight from the file.
fn accuracy(file: &str, country: Option<&str>) -> (f64, usize) {
    let text = std::fs::read_to_string(common::root().join("examples/slices/preds").join(file)).unwrap();
    let (mut right, mut n) = (0usize, 0usize);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if country.is_some_and(|c| c != f[3]) {
            continue;
        }
        let predicted = u8::from(f[2].parse::<f64>().unwrap() >= 0.5);
        right += usize::from(predicted == f[1].parse::<u8>().unwrap());
        n += 1;
    }
    (right as f64 / n as f64, n)
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["gates"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

#[test]
fn better_overall_worse_for_one_country_fails_on_that_country() {
    let run = mlgate(&["check", "-c", CONFIG, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();

    let whole = check(&report, "churn.accuracy");
    let (candidate, n) = accuracy("candidate.csv", None);
    let (main, _) = accuracy("main.csv", None);
    assert!(candidate > main, "the example's premise: better overall");
    assert_eq!(whole["observed"].as_f64(), Some(candidate));
    assert_eq!(whole["baseline"].as_f64(), Some(main));
    assert_eq!(whole["element_count"].as_u64(), Some(n as u64));
    // It fails only because the gap between countries is above max_slice_gap.
    assert_eq!(whole["status"], "fail");
    assert!(
        whole["message"]
            .as_str()
            .unwrap()
            .contains("the gap between slices of country is"),
        "{}",
        whole["message"]
    );

    let br = check(&report, "churn.accuracy[country=BR]");
    let (cand_br, n_br) = accuracy("candidate.csv", Some("BR"));
    let (main_br, _) = accuracy("main.csv", Some("BR"));
    assert!(cand_br < main_br, "the example's premise: worse in Brazil");
    assert_eq!(br["observed"].as_f64(), Some(cand_br));
    assert_eq!(br["baseline"].as_f64(), Some(main_br));
    assert_eq!(br["element_count"].as_u64(), Some(n_br as u64));
    assert_eq!(br["slice"], serde_json::json!({"country": "BR"}));
    assert_eq!(br["status"], "fail");
    assert_eq!(br["config_line"].as_u64(), Some(12), "the threshold's line");
    assert!(br["p_value_adjusted"].as_f64().unwrap() >= br["p_value"].as_f64().unwrap());

    // The confusion matrices, counted straight from the files (rows true, columns predicted).
    let counts = |file: &str| {
        let text = std::fs::read_to_string(common::root().join("examples/slices/preds").join(file)).unwrap();
        let mut m = [[0u64; 2]; 2];
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let predicted = usize::from(f[2].parse::<f64>().unwrap() >= 0.5);
            m[f[1].parse::<usize>().unwrap()][predicted] += 1;
        }
        serde_json::json!(m)
    };
    assert_eq!(
        report["gates"][0]["confusion"],
        serde_json::json!({"classes": ["0", "1"], "current": counts("candidate.csv"), "baseline": counts("main.csv")})
    );

    // Iceland's 63 examples are reported, not judged; the other slices pass.
    let is = check(&report, "churn.accuracy[country=IS]");
    assert_eq!(is["status"], "skipped");
    assert_eq!(is["element_count"].as_u64(), Some(63));
    let ids: Vec<&str> = report["gates"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 22, "{ids:?}");
    assert_eq!(
        &ids[..3],
        [
            "churn.accuracy",
            "churn.accuracy[country=BR]",
            "churn.accuracy[device=desktop,plan=pro]"
        ]
    );
    assert_eq!(report["summary"]["fail"], 2);
}

#[test]
fn the_comment_shows_each_slice_worst_first() {
    let run = mlgate(&["check", "-c", CONFIG, "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("slices_markdown", run.stdout);
}

//! What a drift check reports for charts, on samples whose answers are known by hand: both
//! sides' shares on shared bins or per category, and for KS where the empirical CDFs are
//! furthest apart — at which x, and the two CDFs there, whose difference is the KS statistic.

use mlgate_core::report::Distribution;
use mlgate_core::{Gate, MemoryInputs, Settings};
use mlgate_data::DataGateConfig;
use serde_json::json;

fn distribution(current: &str, reference: &str, method: &str) -> (Distribution, f64) {
    let gate: DataGateConfig = serde_json::from_value(json!({
        "name": "g", "path": "cur.csv",
        "drift": {"reference": "ref.csv", "method": method}
    }))
    .unwrap();
    let mut inputs = MemoryInputs::new();
    inputs
        .insert("cur.csv", current.as_bytes().to_vec())
        .insert("ref.csv", reference.as_bytes().to_vec());
    let checks = gate.evaluate(&inputs, &Settings::default()).unwrap().checks;
    let drift = checks
        .iter()
        .find(|c| c.id == "g.drift.x")
        .expect("the column's drift check");
    (
        drift.distribution.clone().expect("a distribution"),
        drift.statistic.unwrap(),
    )
}

#[test]
fn numeric_columns_are_binned_over_both_sides_and_ks_marks_the_widest_gap() {
    // Reference 1, 2, 3, 4; current 3, 4, 5, 6. The CDFs differ most (by 0.5) first at x = 2:
    // half the reference is <= 2, none of the current.
    let (d, statistic) = distribution("x\n3\n4\n5\n6\n", "x\n1\n2\n3\n4\n", "ks");
    assert_eq!(statistic, 0.5);
    assert_eq!(d.ks_gap, Some([2.0, 0.5, 0.0]));
    let edges = d.edges.expect("edges");
    assert_eq!(
        (edges.len(), edges[0], edges[30]),
        (31, 1.0, 6.0),
        "30 bins over [1, 6]"
    );
    assert!(d.categories.is_none() && d.others.is_none());
    for shares in [&d.reference, &d.current] {
        assert_eq!(shares.len(), 30);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    // 1 is in the first bin, 6 (the maximum) in the last, which is closed.
    assert_eq!((d.reference[0], d.current[0]), (0.25, 0.0));
    assert_eq!((d.reference[29], d.current[29]), (0.0, 0.25));
    // Other methods report the bins, without a gap.
    let (d, _) = distribution("x\n3\n4\n5\n6\n", "x\n1\n2\n3\n4\n", "psi");
    assert!(d.edges.is_some() && d.ks_gap.is_none());
}

#[test]
fn categories_come_most_frequent_first_and_the_rest_is_summed() {
    let (d, _) = distribution("x\na\nb\nb\nd\n", "x\na\na\nb\nc\n", "js");
    // Pooled shares: a 0.75, b 0.75 (a tie: by name), c 0.25, d 0.25.
    assert_eq!(d.categories, Some(vec!["a".into(), "b".into(), "c".into(), "d".into()]));
    assert_eq!(d.reference, [0.5, 0.25, 0.25, 0.0]);
    assert_eq!(d.current, [0.25, 0.5, 0.0, 0.25]);
    assert!(d.edges.is_none() && d.others.is_none() && d.ks_gap.is_none());
    // 25 categories: the 20 most frequent listed, the other 5 summed.
    let many: String = (0..25).map(|i| format!("c{i:02}\n").repeat(25 - i)).collect();
    let (d, _) = distribution(&format!("x\n{many}"), &format!("x\n{many}"), "js");
    let listed = d.categories.unwrap();
    assert_eq!(
        (listed.len(), listed[0].as_str(), listed[19].as_str()),
        (20, "c00", "c19")
    );
    let n = (1..=25).sum::<usize>() as f64;
    let rest = (1..=5).sum::<usize>() as f64 / n;
    assert_eq!(d.others, Some([rest, rest]));
}

#[test]
fn the_marked_gap_is_the_ks_statistic() {
    // Tied values on both sides, different sizes.
    let side = |n: usize, k: usize| -> String {
        let values: String = (0..n).map(|i| format!("{}\n", (i * k) % 37)).collect();
        format!("x\n{values}")
    };
    let (d, statistic) = distribution(&side(300, 7), &side(211, 11), "ks");
    let [_, reference, current] = d.ks_gap.unwrap();
    assert!(
        ((reference - current).abs() - statistic).abs() < 1e-12,
        "{reference} {current} {statistic}"
    );
}

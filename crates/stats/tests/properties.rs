//! Properties that must hold for any input (proptest): p-values are probabilities, swapping the
//! samples mirrors the alternative, the Hodges-Lehmann estimate moves with a shift and lies in
//! its interval, adjusted p-values are monotone and never below the raw ones, quantiles by
//! selection equal quantiles by sorting.

use mlgate_stats::Alternative;
use mlgate_stats::contingency::{binomial_test, chi2_homogeneity, fisher_exact};
use mlgate_stats::hodges_lehmann::hodges_lehmann;
use mlgate_stats::ks::{self, ks_2samp};
use mlgate_stats::mann_whitney::{self, mann_whitney_u};
use mlgate_stats::multiple::{Correction, adjust};
use mlgate_stats::quantile::{quantile, quantile_select, quantile_sorted};
use proptest::prelude::*;

fn sample() -> impl Strategy<Value = Vec<f64>> {
    // Integer-valued data on a small range: ties happen, and shifts by integers are exact.
    prop::collection::vec((-50i32..50).prop_map(f64::from), 1..40)
}

fn alternatives() -> impl Strategy<Value = Alternative> {
    prop_oneof![
        Just(Alternative::TwoSided),
        Just(Alternative::Greater),
        Just(Alternative::Less)
    ]
}

fn mirror(a: Alternative) -> Alternative {
    match a {
        Alternative::Greater => Alternative::Less,
        Alternative::Less => Alternative::Greater,
        Alternative::TwoSided => Alternative::TwoSided,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn selection_quantiles_equal_sorted_ones(
        x in prop::collection::vec(prop_oneof![-1e6f64..1e6, Just(0.0), Just(-0.0), (-3i32..3).prop_map(f64::from)], 1..60),
        q in 0.0f64..=1.0,
    ) {
        // The O(n) quantile (the data gate's and the bootstrap's) must give the bits of the
        // definition: the sorted sample interpolated (reference-tested in known_answers.rs).
        let mut sorted = x.clone();
        sorted.sort_unstable_by(f64::total_cmp);
        let by_definition = quantile_sorted(&sorted, q).to_bits();
        let mut scratch = x.clone();
        prop_assert_eq!(quantile_select(&mut scratch, q).unwrap().to_bits(), by_definition);
        prop_assert_eq!(quantile(&x, q).unwrap().to_bits(), by_definition);
    }

    #[test]
    fn p_values_are_probabilities(x in sample(), y in sample(), alt in alternatives()) {
        let mw = mann_whitney_u(&x, &y, alt, mann_whitney::Method::Auto).unwrap();
        prop_assert!((0.0..=1.0).contains(&mw.p_value));
        let k = ks_2samp(&x, &y, alt, ks::Method::Auto).unwrap();
        prop_assert!((0.0..=1.0).contains(&k.p_value));
        prop_assert!((0.0..=1.0).contains(&k.statistic));
    }

    #[test]
    fn count_tests_give_probabilities(a in 0u64..60, b in 0u64..60, c in 0u64..60, d in 0u64..60, alt in alternatives()) {
        let f = fisher_exact([[a, b], [c, d]], alt);
        prop_assert!((0.0..=1.0).contains(&f.p_value));
        if a + b > 0 {
            let t = binomial_test(a, a + b, 0.3, alt).unwrap();
            prop_assert!((0.0..=1.0).contains(&t.p_value));
        }
        if a + b > 0 && c + d > 0 {
            let t = chi2_homogeneity(&[a as f64, b as f64], &[c as f64, d as f64], true).unwrap();
            prop_assert!((0.0..=1.0).contains(&t.p_value));
        }
    }

    #[test]
    fn swapping_samples_mirrors_the_alternative(x in sample(), y in sample(), alt in alternatives()) {
        for method in [mann_whitney::Method::Auto, mann_whitney::Method::Asymptotic] {
            let a = mann_whitney_u(&x, &y, alt, method).unwrap();
            let b = mann_whitney_u(&y, &x, mirror(alt), method).unwrap();
            prop_assert!((a.p_value - b.p_value).abs() <= 1e-12, "{} vs {}", a.p_value, b.p_value);
        }
        let a = ks_2samp(&x, &y, alt, ks::Method::Auto).unwrap();
        let b = ks_2samp(&y, &x, mirror(alt), ks::Method::Auto).unwrap();
        prop_assert!((a.p_value - b.p_value).abs() <= 1e-12);
        prop_assert_eq!(a.statistic, b.statistic);
    }

    #[test]
    fn hodges_lehmann_moves_with_a_shift_and_sits_in_its_interval(
        x in sample(), y in sample(), shift in -20i32..20, conf in prop_oneof![Just(0.8), Just(0.95), Just(0.98)]
    ) {
        let base = hodges_lehmann(&x, &y, conf).unwrap();
        let moved: Vec<f64> = y.iter().map(|v| v + f64::from(shift)).collect();
        let shifted = hodges_lehmann(&x, &moved, conf).unwrap();
        prop_assert_eq!(shifted.estimate, base.estimate + f64::from(shift));
        prop_assert_eq!(shifted.ci[0], base.ci[0] + f64::from(shift));
        prop_assert_eq!(shifted.ci[1], base.ci[1] + f64::from(shift));
        prop_assert!(base.ci[0] <= base.estimate && base.estimate <= base.ci[1], "{:?} {}", base.ci, base.estimate);
    }

    #[test]
    fn adjusted_p_values_are_monotone_and_not_below_raw(p in prop::collection::vec(0.0f64..=1.0, 1..20)) {
        for method in [Correction::Bonferroni, Correction::Holm, Correction::BenjaminiHochberg] {
            let adj = adjust(&p, method).unwrap();
            for i in 0..p.len() {
                prop_assert!(adj[i] >= p[i] - 1e-15 && adj[i] <= 1.0);
                for j in 0..p.len() {
                    if p[i] < p[j] {
                        prop_assert!(adj[i] <= adj[j] + 1e-15, "{method:?}: order broken");
                    }
                }
            }
        }
    }
}

//! Degenerate inputs give a typed error or the documented result: never a panic, never a
//! silent NaN.

use mlgate_stats::bootstrap::{Settings, bootstrap_one};
use mlgate_stats::contingency::{binomial_test, chi2_homogeneity, fisher_exact, mcnemar, two_proportion_z};
use mlgate_stats::distance::{binned, jensen_shannon, psi, wasserstein, wasserstein_normalized};
use mlgate_stats::hodges_lehmann::hodges_lehmann;
use mlgate_stats::ks::{self, ks_2samp};
use mlgate_stats::mann_whitney::{self, mann_whitney_u};
use mlgate_stats::msprt::msprt_mean_difference;
use mlgate_stats::multiple::{Correction, adjust};
use mlgate_stats::quantile::quantile;
use mlgate_stats::{Alternative, StatsError};

const TWO: Alternative = Alternative::TwoSided;

#[test]
fn empty_samples_are_typed_errors() {
    let e: &[f64] = &[];
    assert_eq!(
        mann_whitney_u(e, &[1.0], TWO, mann_whitney::Method::Auto),
        Err(StatsError::Empty("the first sample"))
    );
    assert_eq!(
        ks_2samp(&[1.0], e, TWO, ks::Method::Auto),
        Err(StatsError::Empty("the second sample"))
    );
    assert_eq!(
        hodges_lehmann(e, &[1.0], 0.9),
        Err(StatsError::Empty("the baseline sample"))
    );
    assert_eq!(quantile(e, 0.5), Err(StatsError::Empty("the sample")));
    assert_eq!(wasserstein(e, &[1.0]), Err(StatsError::Empty("the reference sample")));
    assert!(matches!(binned(e, e), Err(StatsError::Empty(_))));
    assert!(matches!(
        bootstrap_one(e, |s| s[0], Settings::default()),
        Err(StatsError::Empty(_))
    ));
}

#[test]
fn nan_and_infinity_are_typed_errors() {
    for bad in [vec![f64::NAN, f64::NAN], vec![1.0, f64::INFINITY]] {
        assert!(matches!(
            mann_whitney_u(&bad, &[1.0], TWO, mann_whitney::Method::Auto),
            Err(StatsError::NonFinite(_))
        ));
        assert!(matches!(
            ks_2samp(&[1.0], &bad, TWO, ks::Method::Auto),
            Err(StatsError::NonFinite(_))
        ));
        assert!(matches!(
            hodges_lehmann(&bad, &[1.0], 0.9),
            Err(StatsError::NonFinite(_))
        ));
        assert!(matches!(quantile(&bad, 0.5), Err(StatsError::NonFinite(_))));
        assert!(matches!(
            msprt_mean_difference(&bad, &[1.0, 2.0], 0.05, None),
            Err(StatsError::NonFinite(_))
        ));
    }
    assert!(matches!(psi(&[f64::NAN], &[1.0]), Err(StatsError::Invalid(_))));
    assert!(matches!(
        adjust(&[f64::NAN], Correction::Holm),
        Err(StatsError::Invalid(_))
    ));
}

#[test]
fn one_element_samples_work() {
    let r = mann_whitney_u(&[1.0], &[2.0], TWO, mann_whitney::Method::Auto).unwrap();
    assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
    let k = ks_2samp(&[1.0], &[2.0], TWO, ks::Method::Auto).unwrap();
    assert_eq!((k.statistic, k.p_value), (1.0, 1.0));
    let hl = hodges_lehmann(&[1.0], &[2.0], 0.9).unwrap();
    assert_eq!(hl.estimate, 1.0);
    assert_eq!(
        hl.ci,
        [f64::NEG_INFINITY, f64::INFINITY],
        "no level is reachable with one pair"
    );
    assert_eq!(quantile(&[3.0], 0.99), Ok(3.0));
    assert!(matches!(
        msprt_mean_difference(&[1.0], &[1.0, 2.0], 0.05, None),
        Err(StatsError::Degenerate(_))
    ));
}

#[test]
fn all_equal_samples_have_documented_results() {
    let same = [4.0; 30];
    let r = mann_whitney_u(&same, &same, TWO, mann_whitney::Method::Auto).unwrap();
    assert_eq!(r.p_value, 1.0);
    let k = ks_2samp(&same, &same, TWO, ks::Method::Auto).unwrap();
    assert_eq!((k.statistic, k.p_value), (0.0, 1.0));
    let hl = hodges_lehmann(&same, &same, 0.98).unwrap();
    assert_eq!((hl.estimate, hl.ci), (0.0, [0.0, 0.0]));
    assert!(matches!(
        wasserstein_normalized(&same, &[5.0]),
        Err(StatsError::Degenerate(_))
    ));
    assert_eq!(wasserstein(&same, &same), Ok(0.0));
    let (r, c) = binned(&same, &same).unwrap();
    assert_eq!((r, c), (vec![1.0], vec![1.0]));
    assert!(matches!(
        msprt_mean_difference(&same, &same, 0.05, None),
        Err(StatsError::Degenerate(_))
    ));
    assert!(matches!(
        bootstrap_one(&same, |s| s.iter().sum::<f64>() / s.len() as f64, Settings::default()),
        Err(StatsError::Degenerate(_))
    ));
}

#[test]
fn count_edge_cases() {
    assert_eq!(fisher_exact([[0, 0], [3, 4]], TWO).p_value, 1.0);
    assert!(
        fisher_exact([[0, 0], [3, 4]], TWO).statistic.is_nan(),
        "scipy's odds ratio for a zero row is NaN"
    );
    assert_eq!(two_proportion_z(0, 10, 0, 20, TWO).unwrap().p_value, 1.0);
    assert!(matches!(
        two_proportion_z(11, 10, 0, 20, TWO),
        Err(StatsError::Invalid(_))
    ));
    assert!(matches!(binomial_test(3, 0, 0.5, TWO), Err(StatsError::Invalid(_))));
    assert_eq!(mcnemar(0, 0, true).p_value, 1.0);
    assert!(matches!(
        chi2_homogeneity(&[0.0, 0.0], &[1.0, 2.0], false),
        Err(StatsError::Degenerate(_))
    ));
    assert!(matches!(
        chi2_homogeneity(&[1.0], &[1.0, 2.0], false),
        Err(StatsError::Invalid(_))
    ));
    assert!(matches!(
        jensen_shannon(&[0.0, 0.0], &[1.0, 0.0]),
        Err(StatsError::Degenerate(_))
    ));
}

#[test]
fn bad_levels_are_typed_errors() {
    assert!(matches!(
        hodges_lehmann(&[1.0], &[2.0], 1.0),
        Err(StatsError::Invalid(_))
    ));
    assert!(matches!(quantile(&[1.0], 1.5), Err(StatsError::Invalid(_))));
    assert!(matches!(
        msprt_mean_difference(&[1.0, 2.0], &[1.0, 3.0], 0.0, None),
        Err(StatsError::Invalid(_))
    ));
}

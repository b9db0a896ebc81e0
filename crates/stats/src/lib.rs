//! The statistical tests behind mlgate's canary and drift checks.
//!
//! Pure functions over slices and counts: no polars, no I/O, and it builds for
//! `wasm32-unknown-unknown`, so the Action judges with the same numbers as the CLI.
//! Every function documents its exact definition (tails, tie and continuity corrections,
//! quantile type) and the reference it matches: the known-answer tests in `tests/` compare
//! with vectors written by `tests/reference/make_vectors.py` (numpy/scipy), within 1e-9
//! relative on statistics and 1e-6 relative on p-values.
//!
//! Inputs must be finite: NaN and infinities are rejected with [`StatsError::NonFinite`]
//! (callers decide how to treat them first, e.g. the canary gate's `nan: remove | replace`).
//! Degenerate inputs (empty, too small, all equal) give a typed error or a documented result,
//! never a panic and never a silent NaN.

pub mod bootstrap;
pub mod contingency;
pub mod dist;
pub mod distance;
pub mod hodges_lehmann;
pub mod ks;
pub mod mann_whitney;
pub mod msprt;
pub mod multiple;
pub mod quantile;

use std::fmt;

/// Which way a test looks.
///
/// For two-sample tests on `(x, y)`: `Greater` means "x tends to be larger than y".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    TwoSided,
    Greater,
    Less,
}

/// How a test's p-value is computed: `Auto` chooses as scipy does for that test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Auto,
    Exact,
    Asymptotic,
}

/// Why a statistic could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum StatsError {
    /// A sample that must not be empty is (names which).
    Empty(&'static str),
    /// A sample holds NaN or an infinity (names which).
    NonFinite(&'static str),
    /// An argument is out of its domain (says which and why).
    Invalid(String),
    /// The data cannot support the statistic (says why), e.g. every bootstrap replicate equal.
    Degenerate(String),
}

impl fmt::Display for StatsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatsError::Empty(what) => write!(f, "{what} is empty"),
            StatsError::NonFinite(what) => write!(f, "{what} holds NaN or infinite values"),
            StatsError::Invalid(why) | StatsError::Degenerate(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for StatsError {}

/// Checks that a sample is non-empty and finite.
pub(crate) fn check_sample(xs: &[f64], what: &'static str) -> Result<(), StatsError> {
    if xs.is_empty() {
        return Err(StatsError::Empty(what));
    }
    if xs.iter().any(|x| !x.is_finite()) {
        return Err(StatsError::NonFinite(what));
    }
    Ok(())
}

/// A sorted copy (total order; inputs are already known to be finite).
pub(crate) fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    v
}

/// Walks two ascending samples in pooled order, one distinct value at a time:
/// yields (value, how many in `xs`, how many in `ys`).
pub(crate) fn tie_groups<'a>(xs: &'a [f64], ys: &'a [f64]) -> impl Iterator<Item = (f64, usize, usize)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let v = match (xs.get(i), ys.get(j)) {
            (Some(a), Some(b)) => a.min(*b),
            (Some(a), None) => *a,
            (None, Some(b)) => *b,
            (None, None) => return None,
        };
        let (i0, j0) = (i, j);
        while i < xs.len() && xs[i] == v {
            i += 1;
        }
        while j < ys.len() && ys[j] == v {
            j += 1;
        }
        Some((v, i - i0, j - j0))
    })
}

pub(crate) fn check_level(level: f64, what: &str) -> Result<(), StatsError> {
    if level.is_finite() && level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(StatsError::Invalid(format!(
            "{what} must be strictly between 0 and 1, found {level}"
        )))
    }
}

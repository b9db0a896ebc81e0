//! Value checks: each present value passes or fails, and `mostly` says what share must pass.
//!
//! - `min`/`max` (with `exclusive_*`): numbers against the bound; text that is not a number
//!   fails. Both bounds of a numeric column are counted in one pass ([`BoundScans`]).
//! - `allowed`/`forbidden`: numbers compare as numbers (`1` equals `1.0`), the rest by its text.
//! - `regex`: the whole value's text must match. `length`: in characters.
//! - `unique`: every occurrence of a repeated value fails. `monotonic`: the first value passes,
//!   each later one is compared with the previous present value.

use mlgate_core::CheckResult;
use mlgate_core::report::{format_rounded, number_value};
use polars::prelude::DataFrame;

use crate::column::{ColumnView, ValueSet, Values};
use crate::config::{ColumnChecks, Monotonic, Range, Scalar};
use crate::finding::{Finding, Scan, judged};
use crate::pattern::WholeMatch;
use crate::scans::{TextValue, bound_interval, scan_numbers, scan_rows, scan_text, scan_within};

/// A numeric column's `min` and `max` scans, made together in one pass over its values before
/// either check reports (a bound left out passes every number), each with the extreme it
/// reports. Empty for text, which is read as numbers by each bound on its own.
pub(crate) struct BoundScans {
    scans: [Option<(Scan, Option<f64>)>; 2],
}

impl BoundScans {
    pub(crate) fn new(c: &ColumnChecks, view: &ColumnView, type_mismatch: bool, samples: usize) -> BoundScans {
        let numbers = match &view.values {
            Values::Numbers if !type_mismatch && (c.min.is_some() || c.max.is_some()) => view.numbers(),
            _ => None,
        };
        let scans = match numbers {
            Some(n) => {
                let everything = (f64::NEG_INFINITY, f64::INFINITY);
                let within = [
                    c.min
                        .map_or(everything, |low| bound_interval(true, low, c.exclusive_min)),
                    c.max
                        .map_or(everything, |high| bound_interval(false, high, c.exclusive_max)),
                ];
                let ([low_scan, high_scan], extremes) = scan_within(view, &n.values, samples, within);
                [
                    Some((low_scan, extremes.map(|e| e.0))),
                    Some((high_scan, extremes.map(|e| e.1))),
                ]
            }
            None => [None, None],
        };
        BoundScans { scans }
    }

    /// The scan of `min` (`is_min`) or `max`, once.
    fn take(&mut self, is_min: bool) -> Option<(Scan, Option<f64>)> {
        self.scans[usize::from(!is_min)].take()
    }
}

/// `min` (`is_min`) or `max` on every value.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bound(
    view: &ColumnView,
    is_min: bool,
    bound: f64,
    exclusive: bool,
    mostly: f64,
    scans: &mut BoundScans,
    samples: usize,
    r: &mut CheckResult,
) -> Finding {
    if let Err(why) = view.numeric_kind() {
        return Finding::Error(format!("{why}; `{}` needs numbers", if is_min { "min" } else { "max" }));
    }
    let Some(numbers) = view.numbers() else {
        return Finding::Error(format!("column {:?} has no numbers", view.name));
    };
    let values = &numbers.values;
    let (low, high) = bound_interval(is_min, bound, exclusive);
    let (scan, extreme) = match scans.take(is_min) {
        Some(scanned) => scanned,
        // Text read as numbers (a numeric column was scanned by BoundScans).
        None => {
            let scan = scan_rows(view, samples, |i| !(low..=high).contains(&values[i]), view.len, false);
            let extreme =
                values
                    .iter()
                    .copied()
                    .filter(|x| !x.is_nan())
                    .reduce(if is_min { f64::min } else { f64::max });
            (scan, extreme)
        }
    };
    r.observed = extreme.map(number_value);
    let op = match (is_min, exclusive) {
        (true, false) => "below",
        (true, true) => "at or below",
        (false, false) => "above",
        (false, true) => "at or above",
    };
    let pass_op = match (is_min, exclusive) {
        (true, false) => ">=",
        (true, true) => ">",
        (false, false) => "<=",
        (false, true) => "<",
    };
    let extreme_text = extreme
        .map(|x| format!(" ({} {})", if is_min { "lowest" } else { "highest" }, format_rounded(x)))
        .unwrap_or_default();
    let not_numbers = if numbers.not_number_count == 0 {
        String::new()
    } else {
        format!(" or not numbers ({} not numbers)", numbers.not_number_count)
    };
    let b = format_rounded(bound);
    judged(
        scan,
        mostly,
        &format!("{op} {b}{not_numbers}{extreme_text}"),
        &format!("{pass_op} {b}{extreme_text}"),
        r,
    )
}

/// `allowed` (`forbidden`: `members_fail`) on every value.
pub(crate) fn set(
    view: &ColumnView,
    set: &[Scalar],
    members_fail: bool,
    mostly: f64,
    samples: usize,
    r: &mut CheckResult,
) -> Finding {
    let (failed, passed) = match members_fail {
        false => ("not in the allowed set", "in the allowed set"),
        true => ("in the forbidden set", "outside the forbidden set"),
    };
    match set_scan(view, set, members_fail, samples) {
        Some(scan) => judged(scan, mostly, failed, passed, r),
        None => Finding::Error(no_text(view)),
    }
}

/// `regex`: every value's text matches the pattern as a whole.
pub(crate) fn regex(view: &ColumnView, pattern: &str, mostly: f64, samples: usize, r: &mut CheckResult) -> Finding {
    match (WholeMatch::new(pattern), view.text()) {
        (Ok(re), Some(text)) => {
            // Every value is matched first (in batches, which is faster; a null's empty text is
            // matched too and then passed over), then scanned.
            let mut matches = Vec::with_capacity(view.len);
            for array in text.downcast_iter() {
                re.match_each(array.values_iter(), |m| matches.push(m));
            }
            let scan = scan_text(view, text, samples, |v| !matches[v.row]);
            judged(scan, mostly, "do not match", "match", r)
        }
        (Err(e), _) => Finding::Error(format!("invalid regular expression: {e}")),
        (_, None) => Finding::Error(no_text(view)),
    }
}

/// `length`: every value's length in characters is within the range.
pub(crate) fn length(view: &ColumnView, range: &Range, mostly: f64, samples: usize, r: &mut CheckResult) -> Finding {
    match view.text() {
        Some(text) => {
            let scan = scan_text(view, text, samples, |v| !length_within(range, &v));
            let bounds = crate::finding::range_text(range);
            judged(
                scan,
                mostly,
                &format!("with a length outside {bounds}"),
                &format!("of length {bounds}"),
                r,
            )
        }
        None => Finding::Error(no_text(view)),
    }
}

/// `unique: true`: no value occurs twice.
pub(crate) fn unique(view: &ColumnView, mostly: f64, samples: usize, r: &mut CheckResult) -> Finding {
    match duplicated(view) {
        Ok(dup) => {
            let scan = scan_rows(view, samples, |i| dup.as_ref().is_some_and(|d| d[i]), view.len, false);
            judged(scan, mostly, "repeat another value", "are distinct", r)
        }
        Err(e) => Finding::Error(format!("cannot compare the values of column {:?}: {e}", view.name)),
    }
}

/// `monotonic`: each present value against the previous present one.
pub(crate) fn monotonic(
    view: &ColumnView,
    order: Monotonic,
    mostly: f64,
    samples: usize,
    r: &mut CheckResult,
) -> Finding {
    match out_of_order(view, order) {
        Some(failing) => {
            let scan = scan_rows(view, samples, |i| failing[i], view.len, false);
            let order = order.as_str().replace('_', " ");
            judged(
                scan,
                mostly,
                &format!("break the {order} order"),
                &format!("are in {order} order"),
                r,
            )
        }
        None => Finding::Error(format!(
            "column {:?} holds {} values, which have no order",
            view.name,
            view.type_name()
        )),
    }
}

/// Whether a value's length in characters is within `range`. A value of n bytes has between
/// ceil(n / 4) and n characters (UTF-8 takes 1 to 4 bytes for one): when the range holds both
/// ends, it holds the length, known from the string view without reading the text.
fn length_within(range: &Range, v: &TextValue<'_>) -> bool {
    let bytes = v.view.length as usize;
    if range.contains(bytes as f64) && range.contains(bytes.div_ceil(4) as f64) {
        return true;
    }
    range.contains(char_length(v.text()) as f64)
}

/// Length in characters (what `length` bounds). Most values are ASCII, where it is the byte
/// length: checked first, a word at a time, before counting characters.
fn char_length(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// Per row, whether its value occurs more than once (`None`: no value does). Numbers that are
/// strictly monotonic — ids, the common case — are known distinct in one pass; anything else
/// goes through polars' hash-based duplicate search.
fn duplicated(view: &ColumnView) -> Result<Option<Vec<bool>>, polars::error::PolarsError> {
    if let Values::Numbers = view.values
        && let Some(n) = view.numbers()
    {
        let mut present = n.values.iter().copied().filter(|x| !x.is_nan());
        if let Some(first) = present.next() {
            let (mut up, mut down, mut prev) = (true, true, first);
            for x in present {
                up &= x > prev;
                down &= x < prev;
                if !up && !down {
                    break;
                }
                prev = x;
            }
            if up || down {
                return Ok(None);
            }
        }
    }
    let dup = DataFrame::new(view.len, vec![view.series.clone().into()])?.is_duplicated()?;
    Ok(Some(dup.iter().map(|d| d.unwrap_or(false)).collect()))
}

/// `allowed` (`forbidden`: members fail) over the present values, numbers as numbers; `None`
/// for values without text.
fn set_scan(view: &ColumnView, set: &[Scalar], members_fail: bool, max: usize) -> Option<Scan> {
    let set = ValueSet::new(set);
    // (Text columns are not parsed as numbers here: `numbers()` only for numeric columns.)
    if let Values::Numbers = view.values {
        let n = view.numbers()?;
        return Some(scan_numbers(view, &n.values, max, |x| {
            set.has_number(x) == members_fail
        }));
    }
    let member = |v: TextValue<'_>| set.has_inline(v.view).unwrap_or_else(|| set.has_text(v.text()));
    Some(scan_text(view, view.text()?, max, |v| member(v) == members_fail))
}

fn no_text(view: &ColumnView) -> String {
    format!(
        "column {:?} holds {} values, which have no text",
        view.name,
        view.type_name()
    )
}

/// Per row: whether it breaks the order (each present value against the previous present one).
/// `None` for values without an order.
fn out_of_order(view: &ColumnView, order: Monotonic) -> Option<Vec<bool>> {
    use std::cmp::Ordering;
    let bad = |o: Ordering| match order {
        Monotonic::Increasing => o == Ordering::Less,
        Monotonic::Decreasing => o == Ordering::Greater,
        Monotonic::StrictlyIncreasing => o != Ordering::Greater,
        Monotonic::StrictlyDecreasing => o != Ordering::Less,
    };
    fn walk<T: Copy>(
        items: impl Iterator<Item = Option<T>>,
        cmp: impl Fn(T, T) -> Ordering,
        bad: impl Fn(Ordering) -> bool,
    ) -> Vec<bool> {
        let mut prev: Option<T> = None;
        items
            .map(|v| match v {
                None => false,
                Some(x) => {
                    let failed = prev.is_some_and(|p| bad(cmp(x, p)));
                    prev = Some(x);
                    failed
                }
            })
            .collect()
    }
    Some(match &view.values {
        Values::Numbers => walk(
            view.numbers()?.values.iter().map(|x| (!x.is_nan()).then_some(*x)),
            |a: f64, b: f64| a.total_cmp(&b),
            bad,
        ),
        Values::Text(t) => walk(t.iter(), |a: &str, b: &str| a.cmp(b), bad),
        Values::Booleans(b) => walk(b.iter(), |a: bool, b: bool| a.cmp(&b), bad),
        Values::Temporal => walk(view.instants().iter().copied(), |a: i64, b: i64| a.cmp(&b), bad),
        Values::Other => return None,
    })
}

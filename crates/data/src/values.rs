//! Value checks: each present value passes or fails, and `mostly` says what share must pass.
//!
//! - `min`/`max` (with `exclusive_*`): numbers against the bound; text that is not a number
//!   fails. Both bounds of a numeric column are counted in one pass ([`BoundScans`]).
//! - `allowed`/`forbidden`: numbers compare as numbers (`1` equals `1.0`), the rest by its text.
//! - `regex`: the whole value's text must match. `length`: in characters.
//! - `unique`: every occurrence of a repeated value fails. `monotonic`: the first value passes,
//!   each later one is compared with the previous present value.

use std::cmp::Ordering;

use mlgate_core::number::{cmp_integer_text, cmp_integer_texts, integer_digits};
use mlgate_core::time::TimeBound;
use mlgate_core::{CheckResult, Number};
use polars::prelude::{DataFrame, StringChunked};
use serde_json::Value;

use crate::column::{ColumnView, ValueSet, Values, each_integer_type};
use crate::config::{Bound, ColumnChecks, Monotonic, Range, Scalar};
use crate::finding::{Finding, Scan, judged};
use crate::pattern::WholeMatch;
use crate::scans::{
    TextValue, bound_interval, integer_interval, scan_integers, scan_integers_within, scan_numbers, scan_rows,
    scan_text, scan_within,
};

/// A numeric column's `min` and `max` scans, made together in one pass over its values before
/// either check reports (a bound left out passes every number), each with the extreme it
/// reports. Integer columns are scanned in their own type, against the bounds as integers.
/// Empty for text, which each bound reads on its own.
pub(crate) struct BoundScans {
    scans: [Option<(Scan, Option<Number>)>; 2],
}

impl BoundScans {
    pub(crate) fn new(c: &ColumnChecks, view: &ColumnView, type_mismatch: bool, samples: usize) -> BoundScans {
        // Only number bounds are scanned here; a date bound on numbers is an error of its own.
        let (min, max) = (
            c.min.as_ref().and_then(Bound::number),
            c.max.as_ref().and_then(Bound::number),
        );
        if type_mismatch || (min.is_none() && max.is_none()) || !matches!(view.values, Values::Numbers) {
            return BoundScans { scans: [None, None] };
        }
        let extremes_of = |([low_scan, high_scan], extremes): ([Scan; 2], Option<(Number, Number)>)| {
            [
                Some((low_scan, extremes.map(|e| e.0))),
                Some((high_scan, extremes.map(|e| e.1))),
            ]
        };
        // (Integers are not read as floats at all: numbers() is asked only for other columns.)
        let scans = match view.integers().ok_or_else(|| view.numbers()) {
            Ok(integers) => each_integer_type!(integers, ca => {
                let low = min.map(|b| integer_interval(true, b, c.exclusive_min));
                let high = max.map(|b| integer_interval(false, b, c.exclusive_max));
                let everything = integer_interval(true, Number::Float(f64::NEG_INFINITY), false);
                extremes_of(scan_integers_within(view, ca, samples, [low.unwrap_or(everything), high.unwrap_or(everything)]))
            }),
            Err(Some(n)) => {
                let everything = (f64::NEG_INFINITY, f64::INFINITY);
                let within = [
                    min.map_or(everything, |low| bound_interval(true, low, c.exclusive_min)),
                    max.map_or(everything, |high| bound_interval(false, high, c.exclusive_max)),
                ];
                let (scans, extremes) = scan_within(view, &n.values, samples, within);
                extremes_of((scans, extremes.map(|(lo, hi)| (Number::Float(lo), Number::Float(hi)))))
            }
            Err(None) => [None, None],
        };
        BoundScans { scans }
    }

    /// The scan of `min` (`is_min`) or `max`, once.
    fn take(&mut self, is_min: bool) -> Option<(Scan, Option<Number>)> {
        self.scans[usize::from(!is_min)].take()
    }
}

/// `min` (`is_min`) or `max` on every value: numbers against a number, dates and times against
/// a date or time (`now_ns`: the run's time, for `today` and `now`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn bound(
    view: &ColumnView,
    is_min: bool,
    bound: &Bound,
    exclusive: bool,
    mostly: f64,
    scans: &mut BoundScans,
    samples: usize,
    now_ns: Option<i128>,
    r: &mut CheckResult,
) -> Finding {
    let key = if is_min { "min" } else { "max" };
    let bound = match (bound, &view.values) {
        (Bound::Time(text), Values::Temporal) => {
            return time_bound(view, is_min, text, exclusive, mostly, samples, now_ns, r);
        }
        (Bound::Time(text), _) => {
            return Finding::Error(format!(
                "`{key}: {text}` is a date or time, but column {:?} holds {} values; expected a number",
                view.name,
                view.type_name()
            ));
        }
        (Bound::Number(n), Values::Temporal) => {
            return Finding::Error(format!(
                "column {:?} holds {} values; expected a date or time bound (`{key}: \"2024-06-30\"`, `{key}: today-7d`), found {}",
                view.name,
                view.type_name(),
                n.rounded()
            ));
        }
        (Bound::Number(n), _) => *n,
    };
    if let Err(why) = view.numeric_kind() {
        return Finding::Error(format!("{why}; `{key}` needs numbers"));
    }
    let (scan, extreme, not_numbers) = match (scans.take(is_min), &view.values) {
        (Some((scan, extreme)), _) => (scan, extreme.map(Extreme::Number), 0),
        (None, Values::Text(text)) => text_bound(view, text, is_min, bound, exclusive, samples),
        (None, _) => return Finding::Error(format!("column {:?} has no numbers", view.name)),
    };
    r.observed = extreme.as_ref().map(Extreme::to_json);
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
        .map(|x| format!(" ({} {})", if is_min { "lowest" } else { "highest" }, x.rounded()))
        .unwrap_or_default();
    let not_numbers = if not_numbers == 0 {
        String::new()
    } else {
        format!(" or not numbers ({not_numbers} not numbers)")
    };
    let b = bound.rounded();
    judged(
        scan,
        mostly,
        &format!("{op} {b}{not_numbers}{extreme_text}"),
        &format!("{pass_op} {b}{extreme_text}"),
        r,
    )
}

/// `min`/`max` with a date or time on a date or datetime column: instants compared exactly, in
/// nanoseconds (a date is its midnight UTC).
#[allow(clippy::too_many_arguments)]
fn time_bound(
    view: &ColumnView,
    is_min: bool,
    text: &str,
    exclusive: bool,
    mostly: f64,
    samples: usize,
    now_ns: Option<i128>,
    r: &mut CheckResult,
) -> Finding {
    let bound = match TimeBound::parse(text).and_then(|t| t.resolve(now_ns)) {
        Ok(ns) => ns,
        Err(why) => return Finding::Error(why),
    };
    let Some(unit) = view.time_unit_ns() else {
        return Finding::Error(format!("column {:?} holds no dates or times", view.name));
    };
    let instants = view.instants();
    let passes = |x: i64| {
        let ns = i128::from(x) * unit;
        match (is_min, exclusive) {
            (true, false) => ns >= bound,
            (true, true) => ns > bound,
            (false, false) => ns <= bound,
            (false, true) => ns < bound,
        }
    };
    let scan = scan_rows(
        view,
        samples,
        |i| instants[i].is_some_and(|x| !passes(x)),
        view.len,
        false,
    );
    let extreme_row = (instants.iter().enumerate())
        .filter_map(|(i, x)| x.map(|x| (x, i)))
        .reduce(|a, b| {
            if (is_min && b.0 < a.0) || (!is_min && b.0 > a.0) {
                b
            } else {
                a
            }
        })
        .map(|(_, i)| i);
    let extreme = extreme_row.map(|i| view.sample_value(i));
    r.observed = extreme.clone();
    let extreme_text = extreme
        .map(|v| {
            format!(
                " ({} {})",
                if is_min { "earliest" } else { "latest" },
                v.as_str().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let (op, pass_op) = match (is_min, exclusive) {
        (true, false) => ("before", "on or after"),
        (true, true) => ("on or before", "after"),
        (false, false) => ("after", "on or before"),
        (false, true) => ("on or after", "before"),
    };
    judged(
        scan,
        mostly,
        &format!("{op} {text}{extreme_text}"),
        &format!("{pass_op} {text}{extreme_text}"),
        r,
    )
}

/// The lowest or highest value `min`/`max` report: a number, or in a text column an integer
/// written as text, exact at any length.
enum Extreme<'a> {
    Number(Number),
    IntegerText(&'a str),
}

impl Extreme<'_> {
    fn to_json(&self) -> Value {
        match self {
            Extreme::Number(n) => n.to_json(),
            Extreme::IntegerText(t) => match t.trim().parse::<i128>() {
                Ok(i) if i64::try_from(i).is_ok() || u64::try_from(i).is_ok() => Number::Int(i).to_json(),
                _ => Value::String(t.trim().to_string()),
            },
        }
    }

    fn rounded(&self) -> String {
        match self {
            Extreme::Number(n) => n.rounded(),
            Extreme::IntegerText(t) => t.trim().to_string(),
        }
    }

    /// `self` against `other`, exactly.
    fn cmp(&self, other: &Extreme<'_>) -> Option<Ordering> {
        match (self, other) {
            (Extreme::Number(a), Extreme::Number(b)) => a.cmp_number(*b),
            (Extreme::IntegerText(a), Extreme::IntegerText(b)) => cmp_integer_texts(a.trim(), b.trim()),
            (Extreme::IntegerText(a), Extreme::Number(b)) => cmp_integer_text(a.trim(), *b),
            (Extreme::Number(a), Extreme::IntegerText(b)) => cmp_integer_text(b.trim(), *a).map(Ordering::reverse),
        }
    }
}

/// A text value as a number: an integer exactly (at any length), else a float; `None` for NaN
/// and for text that is not a number.
fn read_number(s: &str) -> Option<Extreme<'_>> {
    let s = s.trim();
    if integer_digits(s).is_some() {
        return Some(Extreme::IntegerText(s));
    }
    s.parse::<f64>()
        .ok()
        .filter(|x| !x.is_nan())
        .map(|x| Extreme::Number(Number::Float(x)))
}

/// `min`/`max` on a text column: each value read as a number — an integer exactly, at any
/// length; anything else as a float — and a value that is not a number fails. Gives the scan,
/// the extreme, and how many values were not numbers.
fn text_bound<'t>(
    view: &ColumnView,
    text: &'t StringChunked,
    is_min: bool,
    bound: Number,
    exclusive: bool,
    samples: usize,
) -> (Scan, Option<Extreme<'t>>, usize) {
    let passes = |value: &Extreme<'_>| {
        let bound = Extreme::Number(bound);
        match (value.cmp(&bound), is_min, exclusive) {
            (Some(Ordering::Equal), _, exclusive) => !exclusive,
            (Some(Ordering::Greater), true, _) | (Some(Ordering::Less), false, _) => true,
            _ => false,
        }
    };
    let scan = scan_text(view, text, samples, |v| {
        !read_number(v.text()).is_some_and(|x| passes(&x))
    });
    let (mut extreme, mut not_numbers): (Option<Extreme<'t>>, usize) = (None, 0);
    for value in text.into_iter().flatten() {
        match read_number(value) {
            Some(x) => {
                let beyond = |e: &Extreme<'_>| match x.cmp(e) {
                    Some(Ordering::Less) => is_min,
                    Some(Ordering::Greater) => !is_min,
                    _ => false,
                };
                if extreme.as_ref().is_none_or(beyond) {
                    extreme = Some(x);
                }
            }
            // "NaN" reads as a number and is missing, as in a numeric column.
            None if value.trim().parse::<f64>().is_ok() => {}
            None => not_numbers += 1,
        }
    }
    (scan, extreme, not_numbers)
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

/// `format`: every value's text is a date or time written in the strftime `format`, as a whole.
pub(crate) fn format(view: &ColumnView, format: &str, mostly: f64, samples: usize, r: &mut CheckResult) -> Finding {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
    // The format says which it is: a date and time with a zone, without, a date, or a time.
    let matches = |v: &str| {
        DateTime::parse_from_str(v, format).is_ok()
            || NaiveDateTime::parse_from_str(v, format).is_ok()
            || NaiveDate::parse_from_str(v, format).is_ok()
            || NaiveTime::parse_from_str(v, format).is_ok()
    };
    match view.text() {
        Some(text) => {
            let scan = scan_text(view, text, samples, |v| !matches(v.text()));
            judged(
                scan,
                mostly,
                &format!("are not dates in the format {format:?}"),
                &format!("are dates in the format {format:?}"),
                r,
            )
        }
        None => Finding::Error(no_text(view)),
    }
}

/// `length`: every value's length in characters is within the range.
pub(crate) fn length(view: &ColumnView, range: &Range, mostly: f64, samples: usize, r: &mut CheckResult) -> Finding {
    match view.text() {
        Some(text) => {
            // The lengths both bounds pass: the intersection of their integer intervals.
            let (low, high) = (
                integer_interval::<u64>(true, range.min.unwrap_or(Number::Int(0)), false),
                integer_interval::<u64>(false, range.max.unwrap_or(Number::Int(u64::MAX.into())), false),
            );
            let lengths = low.0.max(high.0)..=low.1.min(high.1);
            let scan = scan_text(view, text, samples, |v| !length_within(&lengths, &v));
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

/// Whether a value's length in characters is within `lengths`. A value of n bytes has between
/// ceil(n / 4) and n characters (UTF-8 takes 1 to 4 bytes for one): when the range holds both
/// ends, it holds the length, known from the string view without reading the text.
#[inline]
fn length_within(lengths: &std::ops::RangeInclusive<u64>, v: &TextValue<'_>) -> bool {
    let bytes = u64::from(v.view.length);
    if lengths.contains(&bytes) && lengths.contains(&bytes.div_ceil(4)) {
        return true;
    }
    lengths.contains(&(char_length(v.text()) as u64))
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
    if let Some(integers) = view.integers() {
        return Some(each_integer_type!(integers, ca => scan_integers(view, ca, max, |x| {
            set.has_integer(x) == members_fail
        })));
    }
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
    if let Some(integers) = view.integers() {
        return Some(each_integer_type!(integers, ca => walk(ca.iter(), |a, b| a.cmp(&b), bad)));
    }
    Some(match &view.values {
        Values::Numbers => walk(
            view.numbers()?.values.iter().map(|x| (!x.is_nan()).then_some(*x)),
            // -0 equals 0, as in numpy and pandas (NaN, missing, never reaches here).
            |a: f64, b: f64| a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            bad,
        ),
        Values::Text(t) => walk(t.iter(), |a: &str, b: &str| a.cmp(b), bad),
        Values::Booleans(b) => walk(b.iter(), |a: bool, b: bool| a.cmp(&b), bad),
        Values::Temporal => walk(view.instants().iter().copied(), |a: i64, b: i64| a.cmp(&b), bad),
        Values::Other => return None,
    })
}

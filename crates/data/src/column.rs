//! One column of a table, as the checks see it.
//!
//! - Integer and float columns become numbers (`f64`), with null and NaN both missing, as
//!   pandas and Great Expectations treat NaN (infinities are values). Integer columns are also
//!   kept as integers ([`Integers`]), which the checks that compare use: an integer above 2^53
//!   is not the float it rounds to.
//! - Text and categorical columns stay text; numeric checks on them parse each value, and a value
//!   that is not a number fails the check (a column of mixed values).
//! - Booleans stay booleans; dates and datetimes are compared by their instant and shown in
//!   ISO form.
//!
//! Each form is built on first use, once per column, and shared by its checks: a column with only
//! a type or null check never copies its values.

use std::cell::OnceCell;
use std::sync::Mutex;

use mlgate_core::Number;
use mlgate_core::names::{did_you_mean, quoted_list};
use mlgate_core::report::number_value;
use polars::prelude::{
    AnyValue, BooleanChunked, ChunkedArray, DataType, Int64Chunked, Int128Chunked, NamedFrom, PlHashSet,
    PolarsNumericType, Series, StringChunked, TimeUnit, UInt64Chunked,
};
use polars_arrow::array::{Array, View};
use polars_arrow::types::NativeType;
use serde_json::Value;

use crate::config::{ColumnType, Scalar};
use crate::read::Table;

/// What a column holds.
pub enum Values {
    /// Integers and floats: see [`ColumnView::numbers`].
    Numbers,
    Text(StringChunked),
    Booleans(BooleanChunked),
    /// Dates and datetimes: see [`ColumnView::instants`].
    Temporal,
    /// Lists, structs and other nested values: only null and uniqueness checks apply.
    Other,
}

/// A column of the table with its values in the form the checks need.
pub struct ColumnView {
    pub name: String,
    pub dtype: DataType,
    pub series: Series,
    pub values: Values,
    /// Rows in the column.
    pub len: usize,
    /// Null values (and NaN in float columns).
    pub missing: usize,
    numbers: OnceCell<Numbers>,
    integers: OnceCell<Option<Integers>>,
    instants: OnceCell<Vec<Option<i64>>>,
    text: OnceCell<Option<StringChunked>>,
    present: OnceCell<Vec<bool>>,
}

/// A column read as numbers: the values (NaN where missing) and the rows whose text is not a number.
pub struct Numbers {
    pub values: Vec<f64>,
    /// How many values are not NaN (the ones aggregates use).
    pub present: usize,
    /// Their mean, once an aggregate has computed it (`mean` and `std` both need it).
    pub mean: OnceCell<f64>,
    /// The largest magnitude among them, once an aggregate has looked (`sum`, `mean` and `std`
    /// scale values far from 1 by a power of two first, so nothing overflows).
    pub largest: OnceCell<f64>,
    /// How many present values are not numbers.
    pub not_number_count: usize,
    /// The first of them (row and text), for messages.
    pub first_not_number: Option<(usize, String)>,
}

impl ColumnView {
    /// The column `name` of `table`, or a message saying it is missing and what the columns are.
    pub fn of(table: &Table, name: &str) -> Result<ColumnView, String> {
        let column = table.frame.column(name).map_err(|_| {
            let names: Vec<&str> = table.frame.get_column_names().iter().map(|c| c.as_str()).collect();
            if names.is_empty() {
                format!("no column {name:?} in {}: the file has no columns", table.path)
            } else {
                format!(
                    "no column {name:?} in {}{}; the columns are {}",
                    table.path,
                    did_you_mean(name, names.iter().copied()),
                    quoted_list(names.iter().copied())
                )
            }
        })?;
        ColumnView::from_series(name, column.as_materialized_series().clone())
    }

    /// A column made of `series` (the values of a text column that are of its declared type,
    /// typed: see `conformance::typed`).
    pub fn from_series(name: &str, series: Series) -> Result<ColumnView, String> {
        let dtype = series.dtype().clone();
        let len = series.len();
        let values = match &dtype {
            d if d.is_primitive_numeric() => Values::Numbers,
            DataType::String => Values::Text(series.str().map_err(|e| e.to_string())?.clone()),
            DataType::Categorical(..) | DataType::Enum(..) => Values::Text(
                series
                    .cast(&DataType::String)
                    .and_then(|s| s.str().cloned())
                    .map_err(|e| e.to_string())?,
            ),
            DataType::Boolean => Values::Booleans(series.bool().map_err(|e| e.to_string())?.clone()),
            DataType::Date | DataType::Datetime(..) => Values::Temporal,
            _ => Values::Other,
        };
        let missing = if dtype.is_float() {
            // NaN is missing too: count it without copying the column.
            series.f64().map_or(series.null_count(), |ca| {
                ca.downcast_iter()
                    .map(|a| match a.validity() {
                        None => a.values().iter().filter(|x| x.is_nan()).count(),
                        Some(v) => a
                            .values()
                            .iter()
                            .zip(v.iter())
                            .filter(|(x, ok)| !ok || x.is_nan())
                            .count(),
                    })
                    .sum()
            })
        } else {
            series.null_count()
        };
        Ok(ColumnView {
            name: name.to_string(),
            dtype,
            series,
            values,
            len,
            missing,
            numbers: OnceCell::new(),
            integers: OnceCell::new(),
            instants: OnceCell::new(),
            text: OnceCell::new(),
            present: OnceCell::new(),
        })
    }

    /// Done with the column: its numbers' buffer, if it made one, goes to the next column
    /// checked ([`spare_buffer`]).
    pub fn recycle(mut self) {
        if let Some(numbers) = self.numbers.take() {
            give_back(numbers.values);
        }
    }

    /// Non-missing values.
    pub fn present(&self) -> usize {
        self.len - self.missing
    }

    /// Per row: whether it holds a value (not null, not NaN).
    pub fn present_mask(&self) -> &[bool] {
        self.present.get_or_init(|| match &self.values {
            _ if self.missing == 0 => vec![true; self.len],
            Values::Numbers if self.dtype.is_float() => self
                .numbers()
                .map_or_else(Vec::new, |n| n.values.iter().map(|x| !x.is_nan()).collect()),
            _ => self.series.is_not_null().iter().map(|v| v.unwrap_or(false)).collect(),
        })
    }

    /// The column's type in the config's vocabulary (`integer`, `string`, ...), with polars'
    /// own name when there is none.
    pub fn type_name(&self) -> String {
        match &self.dtype {
            d if d.is_integer() => "integer".into(),
            d if d.is_float() => "float".into(),
            DataType::String => "string".into(),
            DataType::Categorical(..) | DataType::Enum(..) => "categorical".into(),
            DataType::Boolean => "boolean".into(),
            DataType::Date => "date".into(),
            DataType::Datetime(..) => "datetime".into(),
            DataType::Null => "null (no values)".into(),
            other => other.to_string(),
        }
    }

    /// Whether the column has the declared type. `text_format`: the file is CSV or JSON, where a
    /// float column whose values are all whole numbers reads as integers.
    pub fn has_type(&self, declared: ColumnType, text_format: bool) -> bool {
        let d = &self.dtype;
        // A column with no values at all (JSON nulls, an empty CSV column) has no type to
        // contradict: CSV readers call such a column text for want of anything else.
        if *d == DataType::Null || (text_format && self.present() == 0) {
            return true;
        }
        match declared {
            ColumnType::Integer => d.is_integer(),
            ColumnType::Float => d.is_float() || (text_format && d.is_integer()),
            ColumnType::Number => d.is_primitive_numeric(),
            ColumnType::String => *d == DataType::String,
            ColumnType::Categorical => matches!(d, DataType::String | DataType::Categorical(..) | DataType::Enum(..)),
            ColumnType::Boolean => *d == DataType::Boolean,
            ColumnType::Date => *d == DataType::Date,
            ColumnType::Datetime => matches!(d, DataType::Datetime(..)),
        }
    }

    /// The values as numbers (NaN where missing): numeric columns as they are, text parsed
    /// (values that are not numbers listed). `None` for booleans, dates and nested values.
    pub fn numbers(&self) -> Option<&Numbers> {
        match &self.values {
            Values::Numbers | Values::Text(_) => Some(self.numbers.get_or_init(|| match &self.values {
                Values::Numbers => Numbers {
                    values: to_f64(&self.series),
                    // NaN is exactly "missing" in a numeric column.
                    present: self.present(),
                    mean: OnceCell::new(),
                    largest: OnceCell::new(),
                    not_number_count: 0,
                    first_not_number: None,
                },
                Values::Text(t) => {
                    let (mut not_number_count, mut first_not_number) = (0, None);
                    let values: Vec<f64> = t
                        .iter()
                        .enumerate()
                        .map(|(i, v)| match v {
                            None => f64::NAN,
                            Some(s) => match s.trim().parse::<f64>() {
                                Ok(x) => x,
                                Err(_) => {
                                    not_number_count += 1;
                                    first_not_number.get_or_insert_with(|| (i, s.to_string()));
                                    f64::NAN
                                }
                            },
                        })
                        .collect();
                    Numbers {
                        // Text such as "NaN" parses to NaN: counted, not derived from nulls.
                        present: values.iter().filter(|x| !x.is_nan()).count(),
                        mean: OnceCell::new(),
                        largest: OnceCell::new(),
                        values,
                        not_number_count,
                        first_not_number,
                    }
                }
                _ => unreachable!("matched above"),
            })),
            _ => None,
        }
    }

    /// An integer column's values in their own type (`None` for other columns): what `min`,
    /// `max`, sets, sums, extremes, quantiles and order compare, exactly.
    pub fn integers(&self) -> Option<&Integers> {
        self.integers
            .get_or_init(|| {
                if !self.dtype.is_integer() {
                    return None;
                }
                Some(match &self.dtype {
                    DataType::UInt64 => Integers::U64(self.series.u64().ok()?.clone()),
                    DataType::Int128 => Integers::I128(self.series.i128().ok()?.clone()),
                    // Every narrower integer type widens to i64 without loss.
                    _ => Integers::I64(self.series.strict_cast(&DataType::Int64).ok()?.i64().ok()?.clone()),
                })
            })
            .as_ref()
    }

    /// Nanoseconds in one unit of [`instants`](ColumnView::instants): a day for dates, the time
    /// unit for datetimes; `None` for other columns.
    pub fn time_unit_ns(&self) -> Option<i128> {
        match &self.dtype {
            DataType::Date => Some(mlgate_core::time::DAY_NS),
            DataType::Datetime(TimeUnit::Milliseconds, _) => Some(1_000_000),
            DataType::Datetime(TimeUnit::Microseconds, _) => Some(1_000),
            DataType::Datetime(TimeUnit::Nanoseconds, _) => Some(1),
            _ => None,
        }
    }

    /// Dates (days) and datetimes (in their time unit) since the epoch; empty for other columns.
    pub fn instants(&self) -> &[Option<i64>] {
        self.instants.get_or_init(|| match &self.values {
            Values::Temporal => self
                .series
                .to_physical_repr()
                .cast(&DataType::Int64)
                .ok()
                .and_then(|s| s.i64().ok().map(|ca| ca.iter().collect()))
                .unwrap_or_default(),
            _ => Vec::new(),
        })
    }

    /// The values as text (numbers in their shortest form: `1` for 1.0), for regex, length and
    /// sets. `None` for nested values.
    pub fn text(&self) -> Option<&StringChunked> {
        self.text
            .get_or_init(|| match &self.values {
                Values::Text(t) => Some(t.clone()),
                Values::Temporal => self
                    .series
                    .cast(&DataType::String)
                    .ok()
                    .and_then(|s| s.str().ok().cloned()),
                // Integers in full (a float would round those above 2^53).
                Values::Numbers if self.dtype.is_integer() => {
                    self.series.cast(&DataType::String).ok()?.str().ok().cloned()
                }
                Values::Numbers => {
                    let texts: Vec<Option<String>> = self
                        .numbers()?
                        .values
                        .iter()
                        .map(|x| (!x.is_nan()).then(|| number_text(*x, false)))
                        .collect();
                    Some(StringChunked::new(self.name.as_str().into(), texts))
                }
                Values::Booleans(b) => Some(StringChunked::new(
                    self.name.as_str().into(),
                    b.iter().map(|v| v.map(|b| b.to_string())).collect::<Vec<_>>(),
                )),
                Values::Other => None,
            })
            .as_ref()
    }

    /// The value of row `i` for a report sample.
    pub fn sample_value(&self, i: usize) -> Value {
        match &self.values {
            Values::Numbers if self.dtype.is_integer() => match self.series.get(i) {
                Ok(AnyValue::UInt64(v)) => Value::from(v),
                Ok(AnyValue::Int128(v)) => Number::Int(v).to_json(),
                Ok(v) => v.extract::<i64>().map_or(Value::Null, Value::from),
                Err(_) => Value::Null,
            },
            Values::Numbers => number_value(self.numbers().map_or(f64::NAN, |n| n.values[i])),
            Values::Text(t) => t.get(i).map_or(Value::Null, Value::from),
            Values::Booleans(b) => b.get(i).map_or(Value::Null, Value::from),
            Values::Temporal => self.text().and_then(|t| t.get(i)).map_or(Value::Null, Value::from),
            Values::Other => self.series.get(i).map_or(Value::Null, |v| Value::String(v.to_string())),
        }
    }

    /// Whether the column's type can hold numbers at all (numbers, or text that may parse).
    pub fn numeric_kind(&self) -> Result<(), String> {
        match &self.values {
            Values::Numbers | Values::Text(_) => Ok(()),
            _ => Err(format!("column {:?} holds {} values", self.name, self.type_name())),
        }
    }

    /// How many distinct present values the column has (polars counts null, and NaN, as a value
    /// of their own: they are taken off rather than the column copied without them).
    pub fn distinct_present(&self) -> polars::error::PolarsResult<usize> {
        if let Values::Text(text) = &self.values {
            return Ok(distinct_texts(text));
        }
        let all = self.series.n_unique()?;
        let nulls = self.series.null_count();
        let nan = self.missing - nulls;
        Ok(all - usize::from(nulls > 0) - usize::from(nan > 0))
    }

    /// A series holding only the present values.
    pub fn present_series(&self) -> Series {
        match &self.values {
            Values::Numbers if self.missing > 0 && self.dtype.is_float() => Series::new(
                self.name.as_str().into(),
                self.numbers()
                    .map(|n| n.values.iter().copied().filter(|x| !x.is_nan()).collect::<Vec<f64>>())
                    .unwrap_or_default(),
            ),
            _ => self.series.drop_nulls(),
        }
    }
}

/// An integer column in its own type: i64 (every narrower type widened), u64, or i128 (JSON
/// integers beyond i64). [`each_integer_type!`] runs generic code on whichever it is.
pub enum Integers {
    I64(Int64Chunked),
    U64(UInt64Chunked),
    I128(Int128Chunked),
}

/// `each_integer_type!(integers, ca => expr)`: `expr` with `ca` bound to the column's
/// `ChunkedArray` of its own integer type.
macro_rules! each_integer_type {
    ($integers:expr, $ca:ident => $body:expr) => {
        match $integers {
            $crate::column::Integers::I64($ca) => $body,
            $crate::column::Integers::U64($ca) => $body,
            $crate::column::Integers::I128($ca) => $body,
        }
    };
}
pub(crate) use each_integer_type;

/// The integer types a column is checked in, all exactly representable in i128.
pub(crate) trait ExactInt: NativeType + Ord + Into<i128> + TryFrom<i128> {
    const LOWEST: Self;
    const HIGHEST: Self;

    /// `x` clamped into this type's range.
    fn clamped(x: i128) -> Self {
        Self::try_from(x).unwrap_or(if x < 0 { Self::LOWEST } else { Self::HIGHEST })
    }
}

impl ExactInt for i64 {
    const LOWEST: i64 = i64::MIN;
    const HIGHEST: i64 = i64::MAX;
}

impl ExactInt for u64 {
    const LOWEST: u64 = u64::MIN;
    const HIGHEST: u64 = u64::MAX;
}

impl ExactInt for i128 {
    const LOWEST: i128 = i128::MIN;
    const HIGHEST: i128 = i128::MAX;
}

/// The present values of an integer column, chunk by chunk: each chunk's values with, when
/// it holds nulls, which of them are present.
pub(crate) fn integer_chunks<T>(
    ca: &ChunkedArray<T>,
) -> impl Iterator<Item = (&[T::Native], Option<&polars_arrow::bitmap::Bitmap>)>
where
    T: PolarsNumericType,
{
    ca.downcast_iter()
        .map(|a| (a.values().as_slice(), a.validity().filter(|v| v.unset_bits() > 0)))
}

/// A set of values from the config (`allowed`, `forbidden`), ready to look values up: numbers
/// compare as numbers (`1` equals `1.0`, and a text member that is a number counts), everything
/// else by its text.
pub struct ValueSet {
    /// The numbers a float equals exactly (an integer member a float cannot hold is left out).
    numbers: Vec<f64>,
    /// The whole numbers among the members, exactly: what an integer value is compared with.
    integers: Vec<i128>,
    texts: Vec<String>,
    /// The views of the texts short enough to be held inline in a string view (12 bytes):
    /// such a value is in the set exactly when its view equals one of these.
    inline: Vec<u128>,
    /// For large sets; small ones are compared member by member, which is faster than hashing.
    hashed: Option<std::collections::HashSet<String>>,
}

/// Sets up to this size are searched in order.
const LINEAR_SET: usize = 16;

impl ValueSet {
    pub fn new(set: &[Scalar]) -> ValueSet {
        let members: Vec<Number> = set
            .iter()
            .filter_map(|s| match s {
                Scalar::Number(x) => Some(*x),
                Scalar::Text(t) => {
                    let t = t.trim();
                    let exact = t.parse::<i128>().ok().map(Number::Int);
                    exact.or_else(|| t.parse::<f64>().ok().map(Number::Float))
                }
                Scalar::Boolean(_) => None,
            })
            .collect();
        let numbers = members
            .iter()
            .map(|m| m.as_f64())
            .filter(|x| {
                members
                    .iter()
                    .any(|m| m.cmp_float(*x) == Some(std::cmp::Ordering::Equal))
            })
            .collect();
        let integers = members
            .iter()
            .filter_map(|m| {
                m.int_bound(true, false)
                    .filter(|i| m.cmp_int(*i) == Some(std::cmp::Ordering::Equal))
            })
            .collect();
        let texts: Vec<String> = set
            .iter()
            .map(|s| match s {
                Scalar::Number(Number::Int(i)) => i.to_string(),
                Scalar::Number(Number::Float(x)) => number_text(*x, false),
                Scalar::Text(t) => t.clone(),
                Scalar::Boolean(b) => b.to_string(),
            })
            .collect();
        let hashed = (texts.len() > LINEAR_SET).then(|| texts.iter().cloned().collect());
        let inline = texts
            .iter()
            .filter(|t| t.len() <= View::MAX_INLINE_SIZE as usize)
            .map(|t| View::new_inline(t.as_bytes()).as_u128())
            .collect();
        ValueSet {
            numbers,
            integers,
            texts,
            inline,
            hashed,
        }
    }

    /// Whether the value of a string view is in the set, when the view holds the whole value
    /// (up to 12 bytes) and the set is small; `None` otherwise (then ask [`ValueSet::has_text`]).
    pub fn has_inline(&self, view: View) -> Option<bool> {
        (view.is_inline() && self.hashed.is_none()).then(|| any_equal(&self.inline, view.as_u128()))
    }

    pub fn has_number(&self, x: f64) -> bool {
        any_equal(&self.numbers, x)
    }

    pub fn has_integer(&self, x: i128) -> bool {
        any_equal(&self.integers, x)
    }

    pub fn has_text(&self, s: &str) -> bool {
        match &self.hashed {
            Some(h) => h.contains(s),
            None => self.texts.iter().any(|t| t == s),
        }
    }
}

/// Distinct values a low-cardinality column has up to this many are kept in a list.
const FEW_DISTINCT: usize = 32;

/// Distinct non-null values of a text column, counted from its string views rather than by
/// hashing every text: a value of up to 12 bytes is its view (length, then the bytes
/// zero-padded), compared as one 16-byte number — kept in a short list while the column has
/// few distinct ones, in a hash set beyond — and only longer values are hashed by their text.
fn distinct_texts(text: &StringChunked) -> usize {
    let mut few: Vec<u128> = Vec::new();
    let mut many: Option<PlHashSet<u128>> = None;
    let mut long: PlHashSet<&str> = PlHashSet::default();
    for array in text.downcast_iter() {
        let validity = array.validity().filter(|v| v.unset_bits() > 0);
        for (index, view) in array.views().iter().enumerate() {
            if validity.is_some_and(|valid| !valid.get_bit(index)) {
                continue;
            }
            if !view.is_inline() {
                // SAFETY: `index` is within the array whose views are walked.
                long.insert(unsafe { array.value_unchecked(index) });
                continue;
            }
            let key = view.as_u128();
            match &mut many {
                Some(set) => {
                    set.insert(key);
                }
                None if any_equal(&few, key) => {}
                None => {
                    few.push(key);
                    if few.len() > FEW_DISTINCT {
                        many = Some(few.drain(..).collect());
                    }
                }
            }
        }
    }
    many.map_or(few.len(), |set| set.len()) + long.len()
}

/// Whether `x` is among `items`, comparing with every one: without an early exit there is no
/// branch to mispredict, which for the few members of a set is faster than stopping at the
/// first match (values in random order would stop at a different place each time).
fn any_equal<T: PartialEq + Copy>(items: &[T], x: T) -> bool {
    items.iter().fold(false, |found, &item| found | (item == x))
}

/// Buffers of numbers that checks are done with, for the next column (or quantile copy) to
/// reuse: the kernel hands out fresh memory a page at a time, zeroed and mapped on first
/// touch, which for a 10M-row column's 80 MB costs about as much as converting its values.
/// Only large buffers are kept, at most [`SPARE_BUFFERS`] of them, and only column checks give
/// theirs back; a gate lets go of them when its checks are done ([`drop_spare_buffers`]).
static SPARE: Mutex<Vec<Vec<f64>>> = Mutex::new(Vec::new());

/// Buffers kept for reuse: one per thread checking columns, and one more.
const SPARE_BUFFERS: usize = 3;

/// Buffers smaller than this many values (8 MB) go back to the allocator.
const SPARE_MIN: usize = 1 << 20;

/// An empty buffer for at least `len` numbers: a spare one when one is large enough.
pub(crate) fn spare_buffer(len: usize) -> Vec<f64> {
    if len >= SPARE_MIN
        && let Ok(mut spare) = SPARE.lock()
        && let Some(i) = spare.iter().position(|b| b.capacity() >= len)
    {
        let mut buffer = spare.swap_remove(i);
        buffer.clear();
        return buffer;
    }
    Vec::with_capacity(len)
}

/// Keeps a large buffer for [`spare_buffer`] (dropping it when enough are kept).
pub(crate) fn give_back(buffer: Vec<f64>) {
    if buffer.capacity() >= SPARE_MIN
        && let Ok(mut spare) = SPARE.lock()
        && spare.len() < SPARE_BUFFERS
    {
        spare.push(buffer);
    }
}

/// Frees the spare buffers.
pub(crate) fn drop_spare_buffers() {
    if let Ok(mut spare) = SPARE.lock() {
        spare.clear();
    }
}

/// `1` for 1.0 in an integer column or a whole number, else Rust's shortest round-trip form.
pub fn number_text(x: f64, integer: bool) -> String {
    if (integer || x.fract() == 0.0) && x.is_finite() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The column as f64, NaN for nulls, read chunk by chunk (i64 and f64 without an intermediate
/// cast copy: a 10M-row column would otherwise exist three times for a moment).
fn to_f64(series: &Series) -> Vec<f64> {
    let len = series.len();
    if let Ok(ca) = series.i64() {
        let mut out = spare_buffer(len);
        for a in ca.downcast_iter() {
            match a.validity() {
                None => out.extend(a.values().iter().map(|x| *x as f64)),
                Some(v) => out.extend(
                    a.values()
                        .iter()
                        .zip(v.iter())
                        .map(|(x, ok)| if ok { *x as f64 } else { f64::NAN }),
                ),
            }
        }
        return out;
    }
    let Ok(cast) = series.cast(&DataType::Float64) else {
        return vec![f64::NAN; len];
    };
    let Ok(ca) = cast.f64() else {
        return vec![f64::NAN; len];
    };
    let mut out = spare_buffer(len);
    for array in ca.downcast_iter() {
        match array.validity() {
            None => out.extend_from_slice(array.values()),
            Some(valid) => out.extend(
                array
                    .values()
                    .iter()
                    .zip(valid.iter())
                    .map(|(x, ok)| if ok { *x } else { f64::NAN }),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use mlgate_core::{Gate, MemoryInputs, Settings};

    use super::{SPARE, SPARE_MIN};
    use crate::DataGateConfig;

    /// A column large enough for its numbers' buffer to be kept for the next column hands it
    /// on while the gate checks columns, and the gate lets go of it when done.
    #[test]
    fn a_gate_frees_the_spare_buffers_when_its_checks_are_done() {
        let csv = format!("v\n{}", "1\n".repeat(SPARE_MIN));
        let gate: DataGateConfig = serde_json::from_value(serde_json::json!({
            "name": "g", "path": "v.csv", "columns": { "v": { "min": 0 } }
        }))
        .unwrap();
        let mut inputs = MemoryInputs::new();
        inputs.insert("v.csv", csv.into_bytes());
        let results = gate.evaluate(&inputs, &Settings::default()).unwrap().checks;
        assert_eq!(results[0].element_count, Some(SPARE_MIN as u64));
        assert_eq!(SPARE.lock().unwrap().len(), 0);
    }
}

//! A number as a config writes it, compared exactly.
//!
//! A bound such as `max: 9007199254740992` (2^53) is an integer: read into a 64-bit float it
//! would equal 2^53 + 1 too, so a value one above the bound would pass. [`Number`] keeps an
//! integer as an integer (`Int`, any value of i64 or u64 the YAML loader gives; sums of them)
//! and anything else as a float, and compares with floats, integers and integers written as text
//! exactly — never through a rounding cast — as pandas and Great Expectations compare int64
//! columns with integer bounds.

use std::cmp::Ordering;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::report::{format_rounded, number_value};

/// A number as written: an integer (exact) or a float.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    /// The nearest float.
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// `self` against the float `x`, exactly; `None` when either is NaN.
    pub fn cmp_float(self, x: f64) -> Option<Ordering> {
        match self {
            Number::Float(f) => f.partial_cmp(&x),
            Number::Int(i) => cmp_int_float(i, x),
        }
    }

    /// `self` against the integer `n`, exactly; `None` when `self` is NaN.
    pub fn cmp_int(self, n: i128) -> Option<Ordering> {
        match self {
            Number::Int(i) => Some(i.cmp(&n)),
            Number::Float(f) => cmp_int_float(n, f).map(Ordering::reverse),
        }
    }

    /// `self` against another number, exactly; `None` when either is NaN.
    pub fn cmp_number(self, other: Number) -> Option<Ordering> {
        match other {
            Number::Int(n) => self.cmp_int(n),
            Number::Float(x) => self.cmp_float(x),
        }
    }

    /// `self` as an inclusive bound on integers: the smallest integer that passes `>= self`
    /// (`> self` when `exclusive`) for a lower bound (`is_min`), the largest that passes
    /// `<= self` (`< self`) for an upper one — `> 2.5` is `>= 3`, `< 7` is `<= 6`. `None` when
    /// no i128 passes (`min: 1e300`); i128's own end when every one does (`max: 1e300`).
    pub fn int_bound(self, is_min: bool, exclusive: bool) -> Option<i128> {
        let step = |i: i128| match (is_min, exclusive) {
            (true, true) => i.checked_add(1),
            (false, true) => i.checked_sub(1),
            _ => Some(i),
        };
        match self {
            Number::Int(i) => step(i),
            Number::Float(f) if f.is_nan() => None,
            Number::Float(f) => {
                let whole = if is_min { f.ceil() } else { f.floor() };
                // Beyond i128 (infinities included) every integer is on one side of the bound.
                if whole >= TWO_127 {
                    return (!is_min).then_some(i128::MAX);
                }
                if whole < -TWO_127 {
                    return is_min.then_some(i128::MIN);
                }
                let i = whole as i128;
                if whole == f { step(i) } else { Some(i) }
            }
        }
    }

    /// The number for the report: integers exact when i64 or u64 holds them.
    pub fn to_json(self) -> Value {
        match self {
            Number::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
                (Ok(v), _) => Value::from(v),
                (_, Ok(v)) => Value::from(v),
                _ => number_value(i as f64),
            },
            Number::Float(f) => number_value(f),
        }
    }

    /// The number for messages: integers in full, floats to 6 significant digits.
    pub fn rounded(self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => format_rounded(f),
        }
    }
}

/// 2^127: every i128 is below it and at or above its negation.
const TWO_127: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;

/// The integer `i` against the float `x`, exactly.
fn cmp_int_float(i: i128, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x >= TWO_127 {
        return Some(Ordering::Less);
    }
    if x < -TWO_127 {
        return Some(Ordering::Greater);
    }
    // Within i128's range the whole part of a float converts exactly.
    let whole = x.trunc();
    Some(i.cmp(&(whole as i128)).then(if x > whole {
        Ordering::Less
    } else if x < whole {
        Ordering::Greater
    } else {
        Ordering::Equal
    }))
}

/// An integer as text: an optional sign, then ASCII digits (at least one). Gives whether it is
/// negative and its digits without leading zeros (`"0"` for zero). The one grammar for integers
/// in text: YAML's plain integers, CSV values compared with bounds, the type check's `integer`.
pub fn integer_digits(text: &str) -> Option<(bool, &str)> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    let digits = if significant.is_empty() { "0" } else { significant };
    Some((negative && digits != "0", digits))
}

/// An integer written as text (of any length: see [`integer_digits`]) against `bound`, exactly;
/// `None` when `text` is not an integer or `bound` is NaN.
pub fn cmp_integer_text(text: &str, bound: Number) -> Option<Ordering> {
    let (negative, digits) = integer_digits(text)?;
    // i128 holds every integer of up to 38 digits.
    if digits.len() <= 38 {
        let magnitude: i128 = digits.parse().ok()?;
        let value = if negative { -magnitude } else { magnitude };
        return bound.cmp_int(value).map(Ordering::reverse);
    }
    // Beyond i128: compare the digits with the bound's own (a float is an exact integer there).
    let bound_digits = match bound {
        Number::Int(i) => i.unsigned_abs().to_string(),
        Number::Float(f) if f.is_nan() => return None,
        Number::Float(f) if f.is_infinite() => return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater }),
        Number::Float(f) => format!("{:.0}", f.abs().trunc()),
    };
    Some(cmp_signed_digits(
        (negative, digits),
        (bound.as_f64() < 0.0, &bound_digits),
    ))
}

/// Two integers written as text (see [`integer_digits`]), exactly; `None` when either is not one.
pub fn cmp_integer_texts(a: &str, b: &str) -> Option<Ordering> {
    Some(cmp_signed_digits(integer_digits(a)?, integer_digits(b)?))
}

/// Integers as a sign and digits without leading zeros.
fn cmp_signed_digits((a_negative, a): (bool, &str), (b_negative, b): (bool, &str)) -> Ordering {
    let magnitude = a.len().cmp(&b.len()).then_with(|| a.cmp(b));
    match (a_negative, b_negative) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp_number(*other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        self.cmp_number(*other)
    }
}

impl From<f64> for Number {
    fn from(x: f64) -> Number {
        Number::Float(x)
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::Int(i.into())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
                (Ok(v), _) => s.serialize_i64(v),
                (_, Ok(v)) => s.serialize_u64(v),
                _ => s.serialize_f64(i as f64),
            },
            Number::Float(f) => s.serialize_f64(f),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Number, E> {
                Ok(Number::Int(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number::Float(v))
            }
        }
        d.deserialize_any(NumberVisitor)
    }
}

/// In the schema a number is a number, whichever way it is written.
impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        f64::schema_name()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        f64::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering::{Equal, Greater, Less};

    use super::*;

    const TWO_53: i128 = 1 << 53;

    #[test]
    fn integers_compare_with_floats_exactly() {
        // 2^53 + 1 rounds to 2^53 as a float; compared exactly, it is above it.
        assert_eq!(Number::Int(TWO_53 + 1).cmp_float(TWO_53 as f64), Some(Greater));
        assert_eq!(Number::Int(TWO_53).cmp_float(TWO_53 as f64), Some(Equal));
        assert_eq!(Number::Float(TWO_53 as f64).cmp_int(TWO_53 + 1), Some(Less));
        assert_eq!(Number::Int(2).cmp_float(2.5), Some(Less));
        assert_eq!(Number::Int(-3).cmp_float(-2.5), Some(Less));
        assert_eq!(Number::Int(-2).cmp_float(-2.5), Some(Greater));
        assert_eq!(Number::Int(0).cmp_float(-0.0), Some(Equal));
        assert_eq!(Number::Int(i128::MAX).cmp_float(f64::INFINITY), Some(Less));
        assert_eq!(Number::Int(i128::MIN).cmp_float(-1e39), Some(Greater));
        assert_eq!(Number::Int(u64::MAX.into()).cmp_float(u64::MAX as f64), Some(Less));
        assert_eq!(Number::Int(1).cmp_float(f64::NAN), None);
    }

    #[test]
    fn bounds_become_inclusive_integer_bounds() {
        assert_eq!(Number::Float(2.5).int_bound(true, false), Some(3));
        assert_eq!(Number::Float(2.5).int_bound(true, true), Some(3));
        assert_eq!(Number::Float(2.0).int_bound(true, true), Some(3));
        assert_eq!(Number::Float(2.5).int_bound(false, false), Some(2));
        assert_eq!(Number::Float(-2.5).int_bound(false, false), Some(-3));
        assert_eq!(Number::Int(7).int_bound(false, true), Some(6));
        assert_eq!(Number::Int(7).int_bound(true, false), Some(7));
        assert_eq!(Number::Float(f64::INFINITY).int_bound(true, false), None);
        assert_eq!(Number::Float(f64::NEG_INFINITY).int_bound(true, false), Some(i128::MIN));
        assert_eq!(Number::Float(1e300).int_bound(false, false), Some(i128::MAX));
        assert_eq!(Number::Float(1e300).int_bound(true, false), None);
        assert_eq!(Number::Float(-1e300).int_bound(true, true), Some(i128::MIN));
        assert_eq!(Number::Int(i128::MAX).int_bound(true, true), None);
    }

    #[test]
    fn integers_in_text_compare_at_any_length() {
        let forty = format!("1{}", "0".repeat(40));
        let forty_one_more = format!("1{}1", "0".repeat(39));
        assert_eq!(
            cmp_integer_text(&forty, Number::Float(1e40)),
            Some(Less),
            "1e40 is 10^40 + 303786..."
        );
        assert_eq!(
            cmp_integer_text("10000000000000000303786028427003666890752", Number::Float(1e40)),
            Some(Equal)
        );
        assert_eq!(cmp_integer_text(&forty_one_more, Number::Float(1e40)), Some(Less));
        assert_eq!(cmp_integer_text(&forty, Number::Int(5)), Some(Greater));
        assert_eq!(cmp_integer_text(&format!("-{forty}"), Number::Int(5)), Some(Less));
        assert_eq!(
            cmp_integer_text(&format!("-{forty}"), Number::Float(-1e41)),
            Some(Greater)
        );
        assert_eq!(
            cmp_integer_text("18446744073709551616", Number::Int(u64::MAX.into())),
            Some(Greater)
        );
        assert_eq!(cmp_integer_text("-0", Number::Float(0.0)), Some(Equal));
        assert_eq!(cmp_integer_text("+007", Number::Int(7)), Some(Equal));
        assert_eq!(cmp_integer_text("7.0", Number::Int(7)), None);
        assert_eq!(integer_digits("-000"), Some((false, "0")));
        assert_eq!(cmp_integer_texts(&forty, &forty_one_more), Some(Less));
        assert_eq!(cmp_integer_texts(&format!("-{forty}"), "-3"), Some(Less));
        assert_eq!(cmp_integer_texts("-0", "+0"), Some(Equal));
        assert_eq!(integer_digits("-"), None);
    }

    #[test]
    fn numbers_read_and_write_json_as_written() {
        let read = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert!(matches!(read("9007199254740993"), Number::Int(9_007_199_254_740_993)));
        assert!(matches!(
            read("18446744073709551615"),
            Number::Int(18_446_744_073_709_551_615)
        ));
        assert!(matches!(
            read("-9223372036854775808"),
            Number::Int(-9_223_372_036_854_775_808)
        ));
        assert!(matches!(read("2.5"), Number::Float(2.5)));
        assert_eq!(
            serde_json::to_string(&read("18446744073709551615")).unwrap(),
            "18446744073709551615"
        );
        assert_eq!(
            Number::Int(i128::from(u64::MAX) * 2).to_json(),
            serde_json::json!(3.6893488147419103e19)
        );
        assert_eq!(Number::Int(TWO_53 + 1).rounded(), "9007199254740993");
    }
}

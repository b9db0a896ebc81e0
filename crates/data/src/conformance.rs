//! Which values of a text column are of a declared type.
//!
//! In CSV and JSON a column has no type but the one its values suggest: one `unknown` among
//! ages, or one `2024-02-30` among dates, makes the whole column text. The type check then
//! judges such a column value by value, as value checks do (counts, the failing rows as samples,
//! `mostly`), so the report names the values that are not of the type. The rules, per value
//! (surrounding spaces ignored):
//! - `integer`: an optional sign and digits, of any length;
//! - `float` and `number`: a number as Rust reads one (`1`, `-2.5e3`, `inf`, `NaN`);
//! - `boolean`: `true` or `false`, in any case;
//! - `date`: `YYYY-MM-DD`, a date of the calendar (not `2024-02-30`);
//! - `datetime`: RFC 3339 (`2024-03-01T12:00:00Z`, `+02:00`), or a date and a time without a
//!   zone, `T` or a space between them, with optional fractions of a second;
//! - `string` and `categorical`: every value.
//!
//! The column's other checks then run on the values that are of the type, typed ([`typed`]).

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use mlgate_core::number::integer_digits;
use mlgate_core::time::{DAY_NS, instant};
use polars::prelude::{DataType, NamedFrom, Series, StringChunked, TimeUnit};

use crate::config::ColumnType;

/// Whether `value` is of type `declared`.
pub fn is_a(declared: ColumnType, value: &str) -> bool {
    let value = value.trim();
    match declared {
        ColumnType::Integer => integer_digits(value).is_some(),
        ColumnType::Float | ColumnType::Number => value.parse::<f64>().is_ok(),
        ColumnType::Boolean => value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"),
        ColumnType::Date => value.len() == 10 && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        ColumnType::Datetime => {
            DateTime::parse_from_rfc3339(value).is_ok()
                || [
                    "%Y-%m-%dT%H:%M:%S%.f",
                    "%Y-%m-%d %H:%M:%S%.f",
                    "%Y-%m-%dT%H:%M",
                    "%Y-%m-%d %H:%M",
                ]
                .iter()
                .any(|format| NaiveDateTime::parse_from_str(value, format).is_ok())
        }
        ColumnType::String | ColumnType::Categorical => true,
    }
}

/// The values of a text column that are of `declared`, in that type (the others null), so the
/// column's other checks run on them: integers as i64, else u64, else text when they are larger;
/// numbers as f64; booleans; dates; datetimes in microseconds (UTC).
pub fn typed(text: &StringChunked, declared: ColumnType) -> Option<Series> {
    let name = text.name().clone();
    fn of(declared: ColumnType, v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| is_a(declared, v))
    }
    let of_type = |v| of(declared, v);
    let series = match declared {
        ColumnType::Integer => {
            let values: Vec<Option<&str>> = text.iter().map(of_type).collect();
            // Rust's integer parse takes a leading `+` too.
            let i64s: Result<Vec<Option<i64>>, _> = values.iter().map(|v| v.map(str::parse).transpose()).collect();
            let u64s: Result<Vec<Option<u64>>, _> = values.iter().map(|v| v.map(str::parse).transpose()).collect();
            match (i64s, u64s) {
                (Ok(i), _) => Series::new(name, i),
                (_, Ok(u)) => Series::new(name, u),
                _ => Series::new(name, values),
            }
        }
        ColumnType::Float | ColumnType::Number => Series::new(
            name,
            text.iter()
                .map(|v| of_type(v).and_then(|v| v.parse::<f64>().ok()))
                .collect::<Vec<_>>(),
        ),
        ColumnType::Boolean => Series::new(
            name,
            text.iter()
                .map(|v| of_type(v).map(|v| v.eq_ignore_ascii_case("true")))
                .collect::<Vec<_>>(),
        ),
        ColumnType::Date => Series::new(
            name,
            (text.iter())
                .map(|v| of_type(v).and_then(instant).map(|ns| ns.div_euclid(DAY_NS) as i32))
                .collect::<Vec<_>>(),
        )
        .cast(&DataType::Date)
        .ok()?,
        ColumnType::Datetime => Series::new(
            name,
            (text.iter())
                .map(|v| of_type(v).and_then(instant).map(|ns| ns.div_euclid(1_000) as i64))
                .collect::<Vec<_>>(),
        )
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
        .ok()?,
        ColumnType::String | ColumnType::Categorical => return None,
    };
    Some(series)
}

/// How a report names values of the type: "1 of 5 values are not {integers}".
pub fn plural(declared: ColumnType) -> &'static str {
    match declared {
        ColumnType::Integer => "integers",
        ColumnType::Float | ColumnType::Number => "numbers",
        ColumnType::Boolean => "booleans",
        ColumnType::Date => "ISO dates",
        ColumnType::Datetime => "ISO datetimes",
        ColumnType::String => "strings",
        ColumnType::Categorical => "categories",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_judged_by_the_declared_type() {
        let integer = ["7", "-0", "+12", "123456789012345678901234567890", " 5 "];
        assert!(integer.iter().all(|v| is_a(ColumnType::Integer, v)));
        assert!(
            ["7.0", "1e3", "unknown", "", "-"]
                .iter()
                .all(|v| !is_a(ColumnType::Integer, v))
        );
        assert!(["1.5", "-2e-3", "inf", "7"].iter().all(|v| is_a(ColumnType::Float, v)));
        assert!(!is_a(ColumnType::Number, "N/A"));
        assert!(is_a(ColumnType::Boolean, "True") && !is_a(ColumnType::Boolean, "yes"));
        assert!(is_a(ColumnType::Date, "2024-02-29") && !is_a(ColumnType::Date, "2023-02-29"));
        assert!(!is_a(ColumnType::Date, "2024-02-30") && !is_a(ColumnType::Date, "03/15/2022"));
        assert!(
            !is_a(ColumnType::Date, "2024-3-1"),
            "ISO dates have two-digit months and days"
        );
        for v in [
            "2024-03-01T12:00:00Z",
            "2024-03-01T12:00:00+02:00",
            "2024-03-01 12:00:00.250",
            "2024-03-01T12:00",
        ] {
            assert!(is_a(ColumnType::Datetime, v), "{v}");
        }
        assert!(!is_a(ColumnType::Datetime, "2024-03-01") && !is_a(ColumnType::Datetime, "2024-02-30T00:00:00Z"));
    }
}

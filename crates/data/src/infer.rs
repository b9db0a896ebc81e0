//! `mlgate data infer`: a starting data gate, written as an `mlgate.yaml`, that passes on the
//! file it was inferred from.
//!
//! What it declares, per column:
//! - `type` as read; `nullable: false` when the column has no nulls, else `null_fraction.max`
//!   at the observed share plus a margin (1.5 × the share + 0.01, at most 1);
//! - identifiers — integers that are all distinct and in strict order, or named like one (`id`,
//!   `user_id`, `key`) —: `unique: true`, `monotonic` when they are in strict order, and `min: 0`
//!   when none is negative — not a range, which the next batch's ids would break; other integers
//!   that are all distinct get `unique: true` beside their range;
//! - integers with few distinct values (at most [`MAX_ALLOWED`], each seen twice on average: 0/1
//!   flags, ratings, classes): `allowed` with those values;
//! - other numbers: `min`/`max` at the observed range widened by [`MARGIN`] of its width on each
//!   side (1 when all values are equal), rounded outwards to a round step, never below 0 for a
//!   column without negative values;
//! - text with few distinct values (at most [`MAX_ALLOWED`], each seen twice on average): `allowed`
//!   with those values; other text: `length` at the observed range widened the same way;
//! - `unique: true` for text columns whose values are all distinct (and there are at least two).
//!
//! And for the table: `row_count.min` at half the rows (at least 1 when there are rows), and the
//! columns as `required`.

use std::fmt::Write as _;

use crate::column::{ColumnView, Values, number_text};
use crate::read::Table;

/// Share of the observed range added on each side of numeric bounds.
pub const MARGIN: f64 = 0.1;
/// Most distinct values a text column may have to get an `allowed` set.
pub const MAX_ALLOWED: usize = 20;

/// A config with the one gate, as YAML text, for the dataset at `path` (as it should be written
/// in the config).
pub fn infer(name: &str, path: &str, table: &Table) -> String {
    let rows = table.frame.height();
    format!(
        "# Inferred by `mlgate data infer` from {path} ({rows} rows): a starting point to edit.\nversion: 1\ndata:\n{}",
        gate_entry(name, path, table)
    )
}

/// The gate as one entry of a `data:` list (`  - name: ...`).
pub fn gate_entry(name: &str, path: &str, table: &Table) -> String {
    let mut out = String::new();
    let rows = table.frame.height();
    let _ = writeln!(out, "  - name: {}", yaml_string(name));
    let _ = writeln!(out, "    path: {}", yaml_string(path));
    let _ = writeln!(out, "    table:");
    let row_min = if rows == 0 { 0 } else { (rows / 2).max(1) };
    let _ = writeln!(out, "      row_count: {{ min: {row_min} }}");
    let names: Vec<String> = table.frame.get_column_names().iter().map(ToString::to_string).collect();
    if !names.is_empty() {
        let list: Vec<String> = names.iter().map(|n| yaml_string(n)).collect();
        let _ = writeln!(out, "      columns: {{ required: [{}] }}", list.join(", "));
        let _ = writeln!(out, "    columns:");
    }
    for name in &names {
        let Ok(view) = ColumnView::of(table, name) else {
            continue;
        };
        let lines = column_lines(&view);
        // A column with nothing to say still gets an (empty) entry: `columns.required` names it.
        let empty = if lines.is_empty() { " {}" } else { "" };
        let _ = writeln!(out, "      {}:{empty}", yaml_string(name));
        for line in lines {
            let _ = writeln!(out, "        {line}");
        }
    }
    out
}

fn column_lines(view: &ColumnView) -> Vec<String> {
    let mut lines = Vec::new();
    let type_name = view.type_name();
    // A column without values says nothing about its type or its values.
    if view.present() > 0
        && matches!(
            type_name.as_str(),
            "integer" | "float" | "string" | "categorical" | "boolean" | "date" | "datetime"
        )
    {
        lines.push(format!("type: {type_name}"));
    }
    if view.len > 0 && view.missing == 0 {
        lines.push("nullable: false".into());
    } else if view.missing > 0 {
        let share = view.missing as f64 / view.len as f64;
        let max = round_up((share * 1.5 + 0.01).min(1.0), 0.001).min(1.0);
        lines.push(format!("null_fraction: {{ max: {} }}", number_text(max, false)));
    }
    let present = view.present();
    match &view.values {
        Values::Numbers => number_lines(view, &mut lines),
        Values::Text(t) => {
            let distinct = view.present_series().n_unique().unwrap_or(usize::MAX);
            if present > 0 && distinct <= MAX_ALLOWED && distinct * 2 <= present {
                let mut values: Vec<&str> = t.iter().flatten().collect();
                values.sort_unstable();
                values.dedup();
                let list: Vec<String> = values.iter().map(|v| yaml_string(v)).collect();
                lines.push(format!("allowed: [{}]", list.join(", ")));
            } else {
                let lengths: Vec<f64> = t.iter().flatten().map(|s| s.chars().count() as f64).collect();
                if let Some((lo, hi)) = extent(&lengths) {
                    let (lo, hi) = widen(lo, hi, true);
                    lines.push(format!(
                        "length: {{ min: {}, max: {} }}",
                        number_text(lo, true),
                        number_text(hi, true)
                    ));
                }
                if distinct == present && present >= 2 {
                    lines.push("unique: true".into());
                }
            }
        }
        _ => {}
    }
    lines
}

/// A numeric column's lines: an identifier's order, a code's values, or a range (see the module
/// documentation).
fn number_lines(view: &ColumnView, lines: &mut Vec<String>) {
    let present = view.present();
    let v = view.numbers().map(|n| n.values.as_slice()).unwrap_or_default();
    let finite: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    let integer = view.dtype.is_integer();
    let distinct = view.distinct_present().unwrap_or(usize::MAX);
    let distinct_integers = integer && all_distinct(view);
    let order = strict_order(&finite).filter(|_| distinct_integers);
    if distinct_integers && (order.is_some() || named_like_an_id(&view.name)) {
        // An identifier: a range would break with the next batch's ids; its order and
        // uniqueness will not (and ids below 0 are worth catching).
        if finite.iter().all(|x| *x >= 0.0) {
            lines.push("min: 0".into());
        }
        lines.push("unique: true".into());
        if let Some(order) = order {
            lines.push(format!("monotonic: {order}"));
        }
    } else if integer && present > 0 && distinct <= MAX_ALLOWED && distinct * 2 <= present {
        // A code (0/1 flags, ratings, classes): the values themselves.
        let mut values = finite.clone();
        values.sort_unstable_by(f64::total_cmp);
        values.dedup();
        let list: Vec<String> = values.iter().map(|x| number_text(*x, true)).collect();
        lines.push(format!("allowed: [{}]", list.join(", ")));
    } else if finite.len() == v.iter().filter(|x| !x.is_nan()).count()
        && let Some((lo, hi)) = extent(&finite)
    {
        let (lo, hi) = widen(lo, hi, integer);
        lines.push(format!("min: {}", number_text(lo, false)));
        lines.push(format!("max: {}", number_text(hi, false)));
    }
    if distinct_integers && order.is_none() && !named_like_an_id(&view.name) {
        lines.push("unique: true".into());
    }
}

fn extent(v: &[f64]) -> Option<(f64, f64)> {
    let lo = v.iter().copied().reduce(f64::min)?;
    let hi = v.iter().copied().reduce(f64::max)?;
    Some((lo, hi))
}

/// A column named like an identifier: `id`, `user_id`, `userId`, `key`.
fn named_like_an_id(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "id" || lower == "key" || lower.ends_with("_id") || lower.ends_with("_key") || name.ends_with("Id")
}

/// `strictly_increasing` or `strictly_decreasing` when the values are in that order.
fn strict_order(values: &[f64]) -> Option<&'static str> {
    let pairs = || values.windows(2);
    if pairs().all(|w| w[0] < w[1]) {
        Some("strictly_increasing")
    } else if pairs().all(|w| w[0] > w[1]) {
        Some("strictly_decreasing")
    } else {
        None
    }
}

fn all_distinct(view: &ColumnView) -> bool {
    let present = view.present();
    present >= 2 && view.present_series().n_unique().is_ok_and(|n| n == present)
}

/// The observed range widened by [`MARGIN`] on each side and rounded outwards.
fn widen(lo: f64, hi: f64, integer: bool) -> (f64, f64) {
    let width = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let pad = width * MARGIN;
    let step = if integer {
        libm::pow(10.0, libm::floor(libm::log10(pad.max(1.0))))
    } else {
        libm::pow(10.0, libm::floor(libm::log10(pad)))
    };
    let mut new_lo = round_down(lo - pad, step);
    let new_hi = round_up(hi + pad, step);
    if lo >= 0.0 && new_lo < 0.0 {
        new_lo = 0.0;
    }
    (new_lo.min(lo), new_hi.max(hi))
}

pub fn round_down(x: f64, step: f64) -> f64 {
    clean(libm::floor(x / step) * step)
}

pub fn round_up(x: f64, step: f64) -> f64 {
    clean(libm::ceil(x / step) * step)
}

/// 0.30000000000000004 -> 0.3: 12 significant digits are plenty for a bound.
fn clean(x: f64) -> f64 {
    format!("{x:.12e}").parse().unwrap_or(x)
}

/// A YAML scalar for any text: plain when that is safe, else JSON-quoted (JSON strings are
/// valid YAML double-quoted scalars).
pub fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

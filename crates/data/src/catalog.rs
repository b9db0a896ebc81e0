//! What each column check of the catalog ([`ColumnCheck`], declared in `config.rs`) costs and
//! reads: what executors need to schedule and prepare a column's checks.

use crate::config::{ColumnCheck, ColumnChecks};

impl ColumnCheck {
    /// A rough cost, in tenths of a pass over the column's values (measured on the benchmark's
    /// 10M rows: a pass is ~16 ms). Reading a column as numbers, once for all its checks that
    /// [`read numbers`](ColumnCheck::reads_numbers), costs two passes more.
    pub fn cost(self) -> u32 {
        match self {
            ColumnCheck::Regex => 80,
            ColumnCheck::Median | ColumnCheck::Quantile => 35,
            ColumnCheck::Allowed | ColumnCheck::Forbidden | ColumnCheck::Std => 20,
            ColumnCheck::Monotonic | ColumnCheck::NUnique => 15,
            // Known from the column's type and null count.
            ColumnCheck::Type | ColumnCheck::Nullable | ColumnCheck::NullFraction => 0,
            ColumnCheck::Min
            | ColumnCheck::Max
            | ColumnCheck::Length
            | ColumnCheck::Unique
            | ColumnCheck::Mean
            | ColumnCheck::Sum
            | ColumnCheck::MinValue
            | ColumnCheck::MaxValue => 10,
        }
    }

    /// Whether the check reads the values as numbers (a text column is parsed once for all).
    pub fn reads_numbers(self) -> bool {
        matches!(
            self,
            ColumnCheck::Min
                | ColumnCheck::Max
                | ColumnCheck::Mean
                | ColumnCheck::Median
                | ColumnCheck::Std
                | ColumnCheck::Sum
                | ColumnCheck::MinValue
                | ColumnCheck::MaxValue
                | ColumnCheck::Quantile
        )
    }

    /// Whether the check depends on the values' type: it is skipped, with the reason, when the
    /// column does not have its declared `type`.
    pub fn needs_declared_type(self) -> bool {
        !matches!(
            self,
            ColumnCheck::Type
                | ColumnCheck::Nullable
                | ColumnCheck::NullFraction
                | ColumnCheck::Unique
                | ColumnCheck::NUnique
        )
    }

    /// Whether the check is an aggregate: one number over the present values against bounds
    /// (else a value check, each value passing or failing, or `type`/`nullable`/`null_fraction`).
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            ColumnCheck::Mean
                | ColumnCheck::Median
                | ColumnCheck::Std
                | ColumnCheck::Sum
                | ColumnCheck::NUnique
                | ColumnCheck::MinValue
                | ColumnCheck::MaxValue
                | ColumnCheck::Quantile
        )
    }
}

/// The cost of a column's checks, its own and its `warn:` block's, in tenths of a pass: the
/// gate hands the costliest columns to threads first, so that they finish together.
pub fn effort(c: &ColumnChecks) -> u32 {
    let checks: Vec<ColumnCheck> = [Some(c), c.warn.as_deref()]
        .into_iter()
        .flatten()
        .flat_map(ColumnChecks::declared)
        .collect();
    let as_numbers = if checks.iter().any(|check| check.reads_numbers()) {
        20
    } else {
        0
    };
    as_numbers + checks.iter().map(|check| check.cost()).sum::<u32>()
}

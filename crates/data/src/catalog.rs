//! What each column check of the catalog ([`ColumnCheck`], declared in `config.rs`) costs and
//! reads: what an executor needs to schedule a column's checks and to prepare what they read.

use crate::config::{ColumnCheck, ColumnChecks};

/// What a check reads of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// Only the column's type and null count, known without its values.
    Counts,
    /// The values as numbers (text parsed; a value that is not a number fails the check).
    Numbers,
    /// The values as text (numbers and booleans in their text form).
    Text,
    /// The values as they are, compared for equality or order (numbers as numbers, text as text).
    Values,
}

impl ColumnCheck {
    /// A rough cost, in tenths of a pass over the column's values (measured on the benchmark's
    /// 10M rows: a pass is ~16 ms). Reading a column as numbers, once for all its checks that
    /// [`read numbers`](ColumnCheck::reads_numbers), costs two passes more.
    pub fn cost(self) -> u32 {
        match self {
            ColumnCheck::Regex => 80,
            ColumnCheck::Format => 60,
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

    /// What the check reads of the column.
    pub fn reads(self) -> Reads {
        match self {
            ColumnCheck::Type | ColumnCheck::Nullable | ColumnCheck::NullFraction => Reads::Counts,
            ColumnCheck::Min
            | ColumnCheck::Max
            | ColumnCheck::Mean
            | ColumnCheck::Median
            | ColumnCheck::Std
            | ColumnCheck::Sum
            | ColumnCheck::MinValue
            | ColumnCheck::MaxValue
            | ColumnCheck::Quantile => Reads::Numbers,
            ColumnCheck::Regex | ColumnCheck::Format | ColumnCheck::Length => Reads::Text,
            ColumnCheck::Allowed
            | ColumnCheck::Forbidden
            | ColumnCheck::Unique
            | ColumnCheck::Monotonic
            | ColumnCheck::NUnique => Reads::Values,
        }
    }

    /// Whether the check reads the values as numbers (a text column is parsed once for all).
    pub fn reads_numbers(self) -> bool {
        self.reads() == Reads::Numbers
    }

    /// Whether an exact answer needs every value at once, not one value (or one block) at a
    /// time: an exact median or quantile selects among all values, and `unique`/`n_unique` must
    /// know every value seen. (`std` passes twice, once for the mean.) The others keep a small
    /// state per block, which merges.
    pub fn needs_every_value(self) -> bool {
        matches!(
            self,
            ColumnCheck::Median | ColumnCheck::Quantile | ColumnCheck::Unique | ColumnCheck::NUnique
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::config::{ColumnCheck, ColumnChecks};

    /// Every key of a column's config is a check of the catalog, or one of the keys that modify
    /// checks: a field added to `ColumnChecks` without its catalog entry fails here.
    #[test]
    fn the_catalog_holds_every_check_the_config_can_declare() {
        let schema = schemars::schema_for!(ColumnChecks).to_value();
        let keys: BTreeSet<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
        let modifiers = ["exclusive_min", "exclusive_max", "mostly", "warn"];
        let checks: BTreeSet<String> = keys
            .iter()
            .filter(|k| !modifiers.contains(&k.as_str()))
            .cloned()
            .collect();
        let catalog: BTreeSet<String> = ColumnCheck::ALL.iter().map(|c| c.id().to_string()).collect();
        assert_eq!(checks, catalog);
        assert_eq!(catalog.len(), ColumnCheck::ALL.len(), "ids are distinct");
    }

    /// A block declares a check exactly when its key is set (and `nullable`/`unique` say so),
    /// and reports them in catalog order.
    #[test]
    fn a_block_declares_what_its_keys_say_in_catalog_order() {
        let c: ColumnChecks = serde_json::from_value(serde_json::json!({
            "quantile": {"q": 0.5, "max": 1}, "unique": true, "nullable": true, "min": 0, "type": "integer"
        }))
        .unwrap();
        let declared: Vec<ColumnCheck> = c.declared().collect();
        assert_eq!(
            declared,
            [
                ColumnCheck::Type,
                ColumnCheck::Min,
                ColumnCheck::Unique,
                ColumnCheck::Quantile
            ]
        );
        // Type is free, min and unique one pass each, the quantile a selection; the numbers are
        // read once (two passes).
        assert_eq!(super::effort(&c), 20 + 10 + 10 + 35);
    }
}

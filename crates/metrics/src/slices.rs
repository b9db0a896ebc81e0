//! Slices: the examples split by the values of one column (`country`) or a crossing of columns
//! (`[device, plan]`), so a metric can be judged per segment.
//!
//! A slice is every combination of values that occurs in the current predictions (no empty
//! slices); values are compared as text, as labels are (numbers in canonical form). Slices come
//! in `by` order, and within one entry in the text order of their values.

use std::collections::BTreeMap;

use crate::config::SlicesConfig;
use crate::predictions::Table;

/// Most slices one `by` entry may have: more is an input error (a column of ids, sliced by mistake).
pub const MAX_SLICES: usize = 1000;

/// One slice: which `by` entry it belongs to, its column values, and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// Index of its entry in `slices.by`.
    pub by: usize,
    /// Each column with the slice's value, in the entry's order.
    pub key: Vec<(String, String)>,
    pub rows: Vec<usize>,
}

impl Slice {
    /// How check ids and messages name it: `country=US`, `device=mobile,plan=free`.
    pub fn label(&self) -> String {
        self.key
            .iter()
            .map(|(column, value)| format!("{column}={value}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Every slice of every `by` entry. The columns must have been read into the table's attributes.
pub fn slices(table: &Table, config: &SlicesConfig) -> Vec<Slice> {
    let mut out = Vec::new();
    for (by, entry) in config.by.iter().enumerate() {
        let columns: Vec<_> = entry.columns().into_iter().filter_map(|c| table.attribute(c)).collect();
        if columns.is_empty() {
            continue;
        }
        let mut groups: BTreeMap<Vec<&str>, Vec<usize>> = BTreeMap::new();
        for row in 0..table.labels.text.len() {
            let key: Vec<&str> = columns.iter().map(|c| c.text[row].as_str()).collect();
            groups.entry(key).or_default().push(row);
        }
        out.extend(groups.into_iter().map(|(values, rows)| {
            Slice {
                by,
                key: columns
                    .iter()
                    .zip(values)
                    .map(|(c, v)| (c.name.clone(), v.to_string()))
                    .collect(),
                rows,
            }
        }));
    }
    out
}

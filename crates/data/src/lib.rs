//! The data gate: is this dataset fit to train on?
//!
//! One read of the file into a polars `DataFrame` (eager API, so the same code runs natively and
//! in the Action's WebAssembly), then every check as a pass over columns. Natively a CSV is
//! streamed in blocks (never held whole next to its table) and columns are checked on all cores;
//! wasm32 has neither a stream nor threads and gets the same table and results the plain way.
//! Nothing is gated by target: every feature builds for wasm32.
//!
//! - [`gate`] holds the config types (the `data:` section of `mlgate.yaml`), their validation and
//!   the evaluation that turns a file into check results;
//! - [`read`] turns bytes into a table (CSV/TSV, Parquet, JSON, JSON Lines);
//! - [`column`] gives each column as numbers, text, booleans or timestamps, with nulls (and NaN)
//!   as missing values;
//! - [`checks`] are the column checks (value checks with `mostly`, and aggregates; [`pattern`]
//!   matches their regexes), [`table`] the
//!   table checks, [`records`] JSON Schema validation of JSON records, [`drift`] reference vs
//!   current per column on the stats crate's tests and distances;
//! - [`infer`] writes a gate that passes on the file it was inferred from.
//!
//! Semantics follow Great Expectations' own test definitions (DESIGN.md): value checks ignore
//! nulls, `mostly` is the share of non-null values that must pass (compared with `>=`), a column
//! without values passes value checks and fails aggregates, `std` has ddof = 1, quantiles are
//! numpy's linear ones.

pub mod checks;
pub mod column;
pub mod drift;
pub mod gate;
pub mod infer;
pub mod pattern;
pub mod read;
pub mod records;
pub mod table;

pub use gate::{DataGateConfig, SourceError};

//! The data gate: is this dataset fit to train on?
//!
//! One read of the file into a polars `DataFrame` (eager API, so the same code runs natively and
//! in the Action's WebAssembly), then every check as a pass over columns. Natively a CSV is
//! streamed in blocks (never held whole next to its table) and columns are checked on all cores;
//! wasm32 has neither a stream nor threads and gets the same table and results the plain way.
//! Nothing is gated by target: every feature builds for wasm32.
//!
//! Read top to bottom:
//! - [`config`]: the config types (the `data:` section of `mlgate.yaml`), the catalog of column
//!   checks ([`config::ColumnCheck`]: one entry per check, in report order) and the rules the
//!   schema cannot express; any other module may read it, it reads none of them;
//! - [`catalog`]: what each check of the catalog costs and reads, for scheduling;
//! - [`gate`]: the gate's contract with the engine ([`mlgate_core::Gate`]): its inputs, and the
//!   evaluation that turns a file into check results;
//! - [`read`] turns bytes into a table (CSV/TSV, Parquet, JSON, JSON Lines);
//! - [`column`] gives each column as numbers, text, booleans or timestamps, with nulls (and NaN)
//!   as missing values;
//! - [`checks`] runs the catalog's checks declared on a column: the type ([`conformance`] judges
//!   a text column's values one by one), [`values`] (each value passes or
//!   fails; [`pattern`] matches their regexes) over the passes of [`scans`], and [`aggregates`],
//!   each giving a [`finding`]; [`table`] holds the table checks, [`records`] JSON Schema
//!   validation of JSON records, [`drift`] reference vs current per column on the stats crate's
//!   tests and distances;
//! - [`infer`] writes a gate that passes on the file it was inferred from;
//! - [`parallel`] runs independent work (columns) on all cores, where there are threads.
//!
//! Semantics follow Great Expectations' own test definitions: value checks ignore nulls,
//! `mostly` is the share of non-null values that must pass (compared with `>=`), a column
//! without values passes value checks and fails aggregates, `std` has ddof = 1, quantiles are
//! numpy's linear ones.

pub mod aggregates;
pub mod catalog;
pub mod checks;
pub mod column;
pub mod config;
pub mod conformance;
pub mod drift;
pub mod finding;
pub mod gate;
pub mod infer;
pub mod parallel;
pub mod pattern;
pub mod read;
pub mod records;
pub mod scans;
pub mod table;
pub mod values;

pub use config::DataGateConfig;

//! The `data:` section of `mlgate.yaml`: the config types of a data gate, the catalog of its
//! column checks ([`ColumnCheck`]), and the rules its JSON Schema cannot express.
//!
//! Any other file of the crate may read these types; this one reads none of them.

use indexmap::IndexMap;
use mlgate_core::time::TimeBound;
use mlgate_core::yaml::PositionIndex;
use mlgate_core::{ConfigProblem, FileRef, Number, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A data gate: checks on one dataset, and its drift against a reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataGateConfig {
    /// A gate name of letters, digits, `_` and `-`, unique in the file. Check ids are
    /// `<name>.table.<check>`, `<name>.columns.<column>.<check>`, `<name>.drift.<column>`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]+$"))]
    pub name: String,
    /// The dataset: CSV, TSV, Parquet, JSON (an array of records) or JSON Lines.
    #[schemars(length(min = 1))]
    pub path: String,
    /// The file format (default: from the extension: .csv, .tsv, .parquet, .json, .jsonl, .ndjson).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// How CSV and TSV files are read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<CsvOptions>,
    /// Checks on the whole table: row count, columns, compound uniqueness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TableChecks>,
    /// Checks per column, by column name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub columns: IndexMap<String, ColumnChecks>,
    /// JSON Schema (draft 2020-12) every record must validate against; JSON and JSON Lines only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub json_schema: Option<String>,
    /// Drift of the dataset against a reference dataset, column by column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<DriftConfig>,
    /// Failing rows kept as samples per check (default 20; at most 1000, to keep reports small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 1000))]
    pub samples: Option<usize>,
}

/// A dataset's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Tsv,
    Parquet,
    Json,
    Jsonl,
    Ndjson,
}

impl Format {
    /// The format a path's extension names.
    pub fn from_extension(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "parquet" | "pq" => Format::Parquet,
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "ndjson" => Format::Ndjson,
            _ => return None,
        })
    }
}

/// How CSV and TSV files are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvOptions {
    /// Field separator, one ASCII character (default "," for CSV, a tab for TSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 1))]
    pub delimiter: Option<String>,
    /// Whether the first line names the columns (default true). Without a header, columns are
    /// named `column_1`, `column_2`, ...
    #[serde(default = "yes")]
    pub has_header: bool,
    /// Cell texts read as null, replacing the default: pandas' own list (`""`, `NA`, `N/A`,
    /// `n/a`, `NaN`, `nan`, `-NaN`, `-nan`, `null`, `NULL`, `None`, `<NA>`, `#N/A`, `#N/A N/A`,
    /// `#NA`, `-1.#IND`, `1.#IND`, `-1.#QNAN`, `1.#QNAN`), as Great Expectations reads CSV
    /// through pandas. `[""]` reads only empty cells as null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_values: Option<Vec<String>>,
    /// Quote character, one ASCII character (default `"`); an empty string turns quoting off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 1))]
    pub quote: Option<String>,
}

fn yes() -> bool {
    true
}

/// Checks on the whole table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableChecks {
    /// Bounds on the number of data rows (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_count: Option<Range>,
    /// Which columns the table must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<ColumnsCheck>,
    /// Compound keys: one list of columns per key; no two rows may share all of a key's values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique: Vec<Vec<String>>,
}

/// Which columns the table must have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnsCheck {
    /// Columns that must be present.
    pub required: Vec<String>,
    /// No other columns allowed (default false).
    #[serde(default)]
    pub exact: bool,
    /// The required columns must appear in this order (default false).
    #[serde(default)]
    pub ordered: bool,
}

/// Inclusive bounds; at least one of them.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct Range {
    /// Lower bound (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Number>,
    /// Upper bound (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Number>,
}

impl Range {
    /// Whether `x` is within the bounds, compared exactly (an integer bound with an integer).
    pub fn contains(&self, x: Number) -> bool {
        use std::cmp::Ordering::{Greater, Less};
        self.min
            .is_none_or(|m| matches!(m.cmp_number(x), Some(o) if o != Greater))
            && self.max.is_none_or(|m| matches!(m.cmp_number(x), Some(o) if o != Less))
    }
}

/// A quantile of the column's values and its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuantileBound {
    /// The probability, between 0 and 1 (0.99 is the 99th percentile; numpy's linear interpolation).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub q: f64,
    /// Lower bound of the quantile (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Number>,
    /// Upper bound of the quantile (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Number>,
}

/// A bound of `min` or `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Bound {
    /// A number.
    Number(Number),
    /// A date or time, for date and datetime columns: an ISO date (`2024-06-30`, its midnight
    /// UTC), an RFC 3339 datetime (`2024-06-30T12:00:00Z`; without a zone, UTC), or a time
    /// relative to the run: `today` or `now`, with an offset (`today-7d`, `now+1h`).
    Time(String),
}

impl Bound {
    pub fn number(&self) -> Option<Number> {
        match self {
            Bound::Number(n) => Some(*n),
            Bound::Time(_) => None,
        }
    }

    /// The bound as written, for messages (`18`, `2024-06-30`, `today-7d`).
    pub fn text(&self) -> String {
        match self {
            Bound::Number(n) => n.rounded(),
            Bound::Time(t) => t.clone(),
        }
    }

    /// The bound for the report's `expected`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Bound::Number(n) => n.to_json(),
            Bound::Time(t) => serde_json::Value::String(t.clone()),
        }
    }
}

/// A value of `allowed` or `forbidden`: text, a number or a boolean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Boolean(bool),
    Number(Number),
    Text(String),
}

/// The type a column must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Integer,
    Float,
    Number,
    String,
    Boolean,
    Date,
    Datetime,
    Categorical,
}

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Number => "number",
            ColumnType::String => "string",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Datetime => "datetime",
            ColumnType::Categorical => "categorical",
        }
    }
}

/// Order the non-null values must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Monotonic {
    Increasing,
    Decreasing,
    StrictlyIncreasing,
    StrictlyDecreasing,
}

impl Monotonic {
    pub fn as_str(self) -> &'static str {
        match self {
            Monotonic::Increasing => "increasing",
            Monotonic::Decreasing => "decreasing",
            Monotonic::StrictlyIncreasing => "strictly_increasing",
            Monotonic::StrictlyDecreasing => "strictly_decreasing",
        }
    }
}

/// Checks on one column. Value checks look at non-null values only (NaN counts as null);
/// aggregates are computed over them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnChecks {
    /// The type the column must have: integer, float, number (integer or float), string,
    /// boolean, date, datetime or categorical (text with a small set of values). Checks that need
    /// another type are skipped when it does not match.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub column_type: Option<ColumnType>,
    /// `false`: no null values at all (default true: nulls allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Bounds on the share of null values (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_fraction: Option<Range>,
    /// Smallest allowed value (inclusive unless `exclusive_min`): a number (integers compare
    /// exactly with integer columns, at any size), or for a date or datetime column a date or
    /// time (`2024-01-01`, `today-30d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Bound>,
    /// Largest allowed value (inclusive unless `exclusive_max`): a number, or for a date or
    /// datetime column a date or time (`2024-06-30`, `now`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Bound>,
    /// `min` itself is not allowed (default false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_min: bool,
    /// `max` itself is not allowed (default false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_max: bool,
    /// The only values allowed (numbers compare as numbers, `1` equals `1.0`). An empty list
    /// allows nothing: every non-null value fails, as in Great Expectations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<Scalar>>,
    /// Values that must not occur.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden: Option<Vec<Scalar>>,
    /// A Rust regular expression every value must match as a whole (write `.*b.*` to find `b`
    /// anywhere). Numbers and booleans are matched in their text form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub regex: Option<String>,
    /// A strftime format every value's text must have as a whole, for dates and times written as
    /// text (`%Y-%m-%d`, `%d/%m/%Y %H:%M`, `%Y-%m-%dT%H:%M:%S%z`): the value must be a real date
    /// or time in that form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub format: Option<String>,
    /// Bounds on the length of each value's text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Range>,
    /// `true`: no value occurs twice (every occurrence of a repeated value fails).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique: Option<bool>,
    /// Order of the non-null values, each compared with the previous non-null one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monotonic: Option<Monotonic>,
    /// Bounds on the mean of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<Range>,
    /// Bounds on the median (the midpoint of the two middle values for an even count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<Range>,
    /// Bounds on the sample standard deviation (ddof = 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub std: Option<Range>,
    /// Bounds on the sum of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sum: Option<Range>,
    /// Bounds on the number of distinct non-null values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_unique: Option<Range>,
    /// Bounds on the smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<Range>,
    /// Bounds on the largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<Range>,
    /// Bounds on a quantile of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantile: Option<QuantileBound>,
    /// Share of the non-null values that must pass each value check (default 1: all of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub mostly: Option<f64>,
    /// The same vocabulary again: checks that only warn when breached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn: Option<Box<ColumnChecks>>,
}

/// Which test or distance judges drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DriftMethod {
    /// Evidently's defaults: KS or chi-square up to 1000 reference rows, else normalised
    /// Wasserstein or Jensen-Shannon.
    #[default]
    Auto,
    Ks,
    Chi2,
    Psi,
    Js,
    Wasserstein,
    Linf,
}

/// Drift against a reference dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DriftConfig {
    /// The reference dataset (format from its extension, read like `path`): a path, or
    /// `{git: REF, path: P}` for the dataset as it is at a git revision.
    pub reference: FileRef,
    /// Columns to compare (default: every column present in both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    /// auto (default), ks, chi2, psi, js, wasserstein or linf.
    #[serde(default)]
    pub method: DriftMethod,
    /// Distance at or above which a column drifted, or the significance level for ks and chi2
    /// (p below it: drifted). Default 0.05 for tests, 0.1 for distances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub threshold: Option<f64>,
    /// The drift check of the gate fails when at least this share of the columns drifted (default 0.5).
    #[serde(default = "default_share")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub share: f64,
    /// What drift does: fail (default) or warn.
    #[serde(default)]
    pub severity: Severity,
}

fn default_share() -> f64 {
    0.5
}

impl DriftConfig {
    /// Drift of every common column against `reference` by `method`, the rest at its defaults.
    pub fn against(reference: FileRef, method: DriftMethod) -> DriftConfig {
        DriftConfig {
            reference,
            columns: None,
            method,
            threshold: None,
            share: default_share(),
            severity: Severity::default(),
        }
    }
}

/// Every column check of the vocabulary, in the order a column's checks are reported: the
/// catalog that evaluation, scheduling (`catalog.rs`: what each costs and reads) and validation
/// read. A check is one variant here, the field of [`ColumnChecks`] that declares it (in
/// [`ColumnChecks::declares`]) and its evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnCheck {
    Type,
    Nullable,
    NullFraction,
    Min,
    Max,
    Allowed,
    Forbidden,
    Regex,
    Format,
    Length,
    Unique,
    Monotonic,
    Mean,
    Median,
    Std,
    Sum,
    NUnique,
    MinValue,
    MaxValue,
    Quantile,
}

impl ColumnCheck {
    /// Every check, in report order.
    pub const ALL: [ColumnCheck; 20] = [
        ColumnCheck::Type,
        ColumnCheck::Nullable,
        ColumnCheck::NullFraction,
        ColumnCheck::Min,
        ColumnCheck::Max,
        ColumnCheck::Allowed,
        ColumnCheck::Forbidden,
        ColumnCheck::Regex,
        ColumnCheck::Format,
        ColumnCheck::Length,
        ColumnCheck::Unique,
        ColumnCheck::Monotonic,
        ColumnCheck::Mean,
        ColumnCheck::Median,
        ColumnCheck::Std,
        ColumnCheck::Sum,
        ColumnCheck::NUnique,
        ColumnCheck::MinValue,
        ColumnCheck::MaxValue,
        ColumnCheck::Quantile,
    ];

    /// The check's key in the config, and the last part of its id.
    pub fn id(self) -> &'static str {
        match self {
            ColumnCheck::Type => "type",
            ColumnCheck::Nullable => "nullable",
            ColumnCheck::NullFraction => "null_fraction",
            ColumnCheck::Min => "min",
            ColumnCheck::Max => "max",
            ColumnCheck::Allowed => "allowed",
            ColumnCheck::Forbidden => "forbidden",
            ColumnCheck::Regex => "regex",
            ColumnCheck::Format => "format",
            ColumnCheck::Length => "length",
            ColumnCheck::Unique => "unique",
            ColumnCheck::Monotonic => "monotonic",
            ColumnCheck::Mean => "mean",
            ColumnCheck::Median => "median",
            ColumnCheck::Std => "std",
            ColumnCheck::Sum => "sum",
            ColumnCheck::NUnique => "n_unique",
            ColumnCheck::MinValue => "min_value",
            ColumnCheck::MaxValue => "max_value",
            ColumnCheck::Quantile => "quantile",
        }
    }
}

impl ColumnChecks {
    /// Whether this block declares `check` (`nullable: true` and `unique: false` declare nothing).
    pub fn declares(&self, check: ColumnCheck) -> bool {
        match check {
            ColumnCheck::Type => self.column_type.is_some(),
            ColumnCheck::Nullable => self.nullable == Some(false),
            ColumnCheck::NullFraction => self.null_fraction.is_some(),
            ColumnCheck::Min => self.min.is_some(),
            ColumnCheck::Max => self.max.is_some(),
            ColumnCheck::Allowed => self.allowed.is_some(),
            ColumnCheck::Forbidden => self.forbidden.is_some(),
            ColumnCheck::Regex => self.regex.is_some(),
            ColumnCheck::Format => self.format.is_some(),
            ColumnCheck::Length => self.length.is_some(),
            ColumnCheck::Unique => self.unique == Some(true),
            ColumnCheck::Monotonic => self.monotonic.is_some(),
            ColumnCheck::Mean => self.mean.is_some(),
            ColumnCheck::Median => self.median.is_some(),
            ColumnCheck::Std => self.std.is_some(),
            ColumnCheck::Sum => self.sum.is_some(),
            ColumnCheck::NUnique => self.n_unique.is_some(),
            ColumnCheck::MinValue => self.min_value.is_some(),
            ColumnCheck::MaxValue => self.max_value.is_some(),
            ColumnCheck::Quantile => self.quantile.is_some(),
        }
    }

    /// The checks this block declares, in report order.
    pub fn declared(&self) -> impl Iterator<Item = ColumnCheck> + '_ {
        ColumnCheck::ALL.into_iter().filter(|c| self.declares(*c))
    }

    /// The bounds of a check whose config is a [`Range`] (the aggregates, `null_fraction`,
    /// `length`), when declared.
    pub fn range(&self, check: ColumnCheck) -> Option<&Range> {
        match check {
            ColumnCheck::NullFraction => self.null_fraction.as_ref(),
            ColumnCheck::Length => self.length.as_ref(),
            ColumnCheck::Mean => self.mean.as_ref(),
            ColumnCheck::Median => self.median.as_ref(),
            ColumnCheck::Std => self.std.as_ref(),
            ColumnCheck::Sum => self.sum.as_ref(),
            ColumnCheck::NUnique => self.n_unique.as_ref(),
            ColumnCheck::MinValue => self.min_value.as_ref(),
            ColumnCheck::MaxValue => self.max_value.as_ref(),
            _ => None,
        }
    }
}

// ---- validation ----------------------------------------------------------------------------

impl DataGateConfig {
    /// Bounds in order, regular expressions that compile, `warn:` one level deep, options that
    /// only apply to some formats.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        let mut push = |pointer: String, message: String| out.push(ConfigProblem::new(pointer, message));
        if let Some(FileRef::Mlflow(_)) = self.drift.as_ref().map(|d| &d.reference) {
            push(
                "/drift/reference/mlflow".into(),
                "MLflow sources are read by metrics gates; a data gate's reference is a path or \
                 `{git: REF, path: P}`"
                    .into(),
            );
        }
        if let Some(t) = &self.table {
            if let Some(r) = &t.row_count {
                range_problem(r, "/table/row_count", &mut push);
            }
            for (i, key) in t.unique.iter().enumerate() {
                if key.is_empty() {
                    push(
                        format!("/table/unique/{i}"),
                        "found an empty list; expected the columns of a key".into(),
                    );
                }
            }
        }
        for (name, c) in &self.columns {
            let at = PositionIndex::child("/columns", name);
            column_problems(c, &at, &mut push);
            if let Some(w) = &c.warn {
                if w.warn.is_some() {
                    push(
                        format!("{at}/warn/warn"),
                        "`warn:` inside `warn:`; expected the warning checks directly under the first `warn:`".into(),
                    );
                }
                column_problems(w, &format!("{at}/warn"), &mut push);
            }
        }
        let format = self.format.or_else(|| Format::from_extension(&self.path));
        if self.json_schema.is_some() && !matches!(format, Some(Format::Json | Format::Jsonl | Format::Ndjson)) {
            push(
                "/json_schema".into(),
                "`json_schema` validates JSON records; expected a .json, .jsonl or .ndjson dataset (or `format:`)"
                    .into(),
            );
        }
        if self.csv.is_some() && matches!(format, Some(f) if !matches!(f, Format::Csv | Format::Tsv)) {
            push("/csv".into(), "`csv:` options apply to CSV and TSV files only".into());
        }
        if let Some(csv) = &self.csv {
            for (key, value) in [("delimiter", &csv.delimiter), ("quote", &csv.quote)] {
                if let Some(v) = value
                    && !v.is_ascii()
                {
                    push(
                        format!("/csv/{key}"),
                        format!("found {v:?}; expected one ASCII character"),
                    );
                }
            }
        }
        if self.format.is_none() && Format::from_extension(&self.path).is_none() {
            push(
                "/path".into(),
                format!(
                    "cannot tell the format of {:?} from its extension; expected .csv, .tsv, .parquet, .json, .jsonl or .ndjson, or a `format:` key",
                    self.path
                ),
            );
        }
        out
    }
}

fn range_problem(r: &Range, at: &str, push: &mut impl FnMut(String, String)) {
    if let (Some(lo), Some(hi)) = (r.min, r.max)
        && lo > hi
    {
        push(
            format!("{at}/min"),
            format!(
                "min {} is above max {}; expected min <= max",
                lo.rounded(),
                hi.rounded()
            ),
        );
    }
}

fn column_problems(c: &ColumnChecks, at: &str, push: &mut impl FnMut(String, String)) {
    let numbers = Range {
        min: c.min.as_ref().and_then(Bound::number),
        max: c.max.as_ref().and_then(Bound::number),
    };
    range_problem(&numbers, at, push);
    let mut times = Vec::new();
    for (key, bound) in [("min", &c.min), ("max", &c.max)] {
        if let Some(Bound::Time(text)) = bound {
            match TimeBound::parse(text) {
                Ok(t) => times.push(t),
                Err(why) => push(format!("{at}/{key}"), why),
            }
        }
    }
    if let [TimeBound::At(lo), TimeBound::At(hi)] = times[..]
        && lo > hi
    {
        push(format!("{at}/min"), "min is after max; expected min <= max".into());
    }
    for check in ColumnCheck::ALL {
        if let Some(r) = c.range(check) {
            range_problem(r, &format!("{at}/{}", check.id()), push);
        }
    }
    if let Some(q) = &c.quantile {
        if q.min.is_none() && q.max.is_none() {
            push(
                format!("{at}/quantile"),
                "a quantile without bounds; expected `min`, `max` or both next to `q`".into(),
            );
        }
        range_problem(&Range { min: q.min, max: q.max }, &format!("{at}/quantile"), push);
    }
    if let Some(pattern) = &c.regex
        && let Err(e) = regex::Regex::new(pattern)
    {
        let why = e.to_string();
        let why = why
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .trim_start_matches("error: ");
        push(
            format!("{at}/regex"),
            format!("invalid regular expression {pattern:?}: {why}; expected Rust regex syntax"),
        );
    }
    if let Some(format) = &c.format {
        use chrono::format::{Item, StrftimeItems};
        if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
            push(
                format!("{at}/format"),
                format!("invalid strftime format {format:?}; expected one like \"%Y-%m-%d\" or \"%d/%m/%Y %H:%M\""),
            );
        }
    }
    if (c.exclusive_min && c.min.is_none()) || (c.exclusive_max && c.max.is_none()) {
        let key = if c.exclusive_min && c.min.is_none() {
            "exclusive_min"
        } else {
            "exclusive_max"
        };
        push(
            format!("{at}/{key}"),
            format!("`{key}` without `{}`; expected the bound it applies to", &key[10..]),
        );
    }
}

//! Metrics from per-example predictions: the value, a bootstrap interval, and a significance
//! test against the model on main.
//!
//! - Tables: CSV (header row), Parquet or JSON Lines (`.jsonl`/`.ndjson`), read with polars, one
//!   row per example. Labels are compared as text: numbers in canonical form (`1.0` and `1` are the
//!   same class), booleans as `true`/`false`.
//! - Label metrics read class labels. When the prediction column holds fractional scores and the
//!   labels have two classes, a score >= `threshold` (default 0.5) predicts the positive class.
//! - Binary metrics use `positive_label`; by default `1` (or `true`) when the labels are 0/1
//!   (false/true), else the larger of the two classes in text order.
//! - Score metrics need scores without NaN; `log_loss` and `brier` need probabilities in [0, 1].
//!   Anything else is an input error naming the row.
//! - Interval: BCa bootstrap over examples (`resamples`, default 2000, seeded), at `confidence`;
//!   the jackknife for the acceleration leaves out 1000 blocks on larger tables.
//! - Against baseline predictions of the same examples (joined on `id_column`, else by row
//!   order; the labels must agree): accuracy uses McNemar's exact test on the discordant pairs;
//!   other metrics a paired bootstrap of the difference (the same resampled examples for both
//!   models), whose two-sided p-value is min(1, 2·min(#{d* <= 0}, #{d* >= 0})/B).

use std::collections::HashMap;
use std::io::Cursor;

use crate::config::{AverageKind, Kind, METRICS, PredictionsConfig, kind};
use crate::scores::{self, Average, LabelData, ParityData, RegressionData, ScoreData};
use mlgate_core::Error;
use mlgate_core::csv_records::refuse_misquoted;
use mlgate_core::names::{did_you_mean, quoted_list};
use mlgate_core::nesting::json_nested_beyond;
use mlgate_stats::bootstrap::{Interval, Settings, SplitMix64, bootstrap_one};
use mlgate_stats::contingency::mcnemar;
use mlgate_stats::quantile::quantile_sorted;
use polars::prelude::{DataFrame, DataType, JsonFormat, JsonReader, ParquetReader, SerReader};

/// Blocks of the jackknife on large tables (see [`mlgate_stats::bootstrap`]).
const JACKKNIFE_GROUPS: usize = 1000;

/// One predictions table.
#[derive(Debug, Clone)]
pub struct Table {
    pub path: String,
    pub ids: Option<Vec<String>>,
    pub labels: Column,
    pub predictions: Column,
    /// Further columns read as text: the slice and sensitive-feature columns.
    pub attributes: Vec<Column>,
}

/// A column as text (for classes) and, when it is numeric, as numbers.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub text: Vec<String>,
    pub numbers: Option<Vec<f64>>,
}

/// Reads a predictions table: its id, label and prediction columns.
pub fn read_table(path: &str, bytes: &[u8], config: &PredictionsConfig) -> Result<Table, Error> {
    Table::from_frame(path, &read_frame(path, bytes)?, config)
}

impl Table {
    /// A further column (slice or sensitive feature), by name.
    pub fn attribute(&self, name: &str) -> Option<&Column> {
        self.attributes.iter().find(|c| c.name == name)
    }

    /// The id, label and prediction columns of a frame read by [`read_frame`].
    pub fn from_frame(path: &str, df: &DataFrame, config: &PredictionsConfig) -> Result<Table, Error> {
        let ids = match &config.id_column {
            Some(id) => Some(column(df, path, id)?.text),
            None => None,
        };
        Ok(Table {
            path: path.to_string(),
            ids,
            labels: column(df, path, &config.label_column)?,
            predictions: column(df, path, &config.prediction_column)?,
            attributes: Vec::new(),
        })
    }
}

/// A predictions file as a polars frame: CSV, Parquet or JSON Lines, at least one row.
pub fn read_frame(path: &str, bytes: &[u8]) -> Result<DataFrame, Error> {
    let lower = path.to_ascii_lowercase();
    let bad =
        |e: polars::error::PolarsError, what: &str| Error::input(path, format!("not a readable {what} file ({e})"));
    let df: DataFrame = if lower.ends_with(".parquet") {
        ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| bad(e, "Parquet"))?
    } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        // polars' JSON reader recurses per level of nesting: refuse what would overflow it.
        if json_nested_beyond(bytes, 64).is_some() {
            return Err(Error::input(
                path,
                "nested deeper than 64 levels; expected one flat record per line",
            ));
        }
        JsonReader::new(Cursor::new(bytes))
            .with_json_format(JsonFormat::JsonLines)
            .finish()
            .map_err(|e| bad(e, "JSON Lines"))?
    } else if lower.ends_with(".csv") {
        // Quotes polars would misread (or panic on) are refused before it sees them.
        refuse_misquoted(path, bytes, b',', Some(b'"'))?;
        polars::prelude::CsvReadOptions::default()
            .with_has_header(true)
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
            .map_err(|e| bad(e, "CSV"))?
    } else {
        return Err(Error::input(
            path,
            "unknown predictions format; expected a .csv, .parquet, .jsonl or .ndjson file",
        ));
    };
    if df.height() == 0 {
        return Err(Error::input(path, "no rows; expected one row per example"));
    }
    Ok(df)
}

/// One column of a predictions frame, as text and (when numeric) as numbers; every row must hold a value.
pub fn column(df: &DataFrame, path: &str, name: &str) -> Result<Column, Error> {
    let c = df.column(name).map_err(|_| {
        let names: Vec<&str> = df.columns().iter().map(|c| c.name().as_str()).collect();
        Error::input(
            path,
            format!(
                "no column {name:?}{}; the columns are {}",
                did_you_mean(name, names.iter().copied()),
                quoted_list(names.iter().copied())
            ),
        )
    })?;
    let numeric = c.dtype().is_primitive_numeric();
    let numbers = if numeric {
        let ca = c
            .cast(&DataType::Float64)
            .and_then(|c| c.f64().cloned())
            .map_err(|e| Error::input(path, e.to_string()))?;
        Some(ca.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect::<Vec<f64>>())
    } else {
        None
    };
    let text: Vec<String> = match &numbers {
        Some(n) => n.iter().map(|x| canonical_number(*x)).collect(),
        None => {
            let s = c
                .cast(&DataType::String)
                .map_err(|e| Error::input(path, e.to_string()))?;
            let ca = s.str().map_err(|e| Error::input(path, e.to_string()))?;
            let mut out = Vec::with_capacity(ca.len());
            for (row, v) in ca.into_iter().enumerate() {
                match v {
                    Some(v) => out.push(v.trim().to_string()),
                    None => {
                        return Err(Error::input(
                            path,
                            format!("column {name:?} is empty at row {row}; expected a value in every row"),
                        ));
                    }
                }
            }
            out
        }
    };
    Ok(Column {
        name: name.to_string(),
        text,
        numbers,
    })
}

/// `1.0` → "1", `0.25` → "0.25": numbers as class labels.
fn canonical_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Puts the baseline's rows in the current table's order (by id, or checks row order).
///
/// Long on purpose: the two ways of aligning rows (by id, by order), each with its errors.
#[allow(
    clippy::too_many_lines,
    reason = "the two ways of aligning rows (by id, by order), each with its errors"
)]
pub fn align(current: &Table, baseline: &Table) -> Result<Table, Error> {
    let n = current.labels.text.len();
    let order: Vec<usize> = match (&current.ids, &baseline.ids) {
        (Some(cur), Some(base)) => {
            let mut index: HashMap<&str, usize> = HashMap::with_capacity(base.len());
            for (row, id) in base.iter().enumerate() {
                if index.insert(id, row).is_some() {
                    return Err(Error::input(
                        &baseline.path,
                        format!("the id {id:?} appears twice; expected each example once"),
                    ));
                }
            }
            let mut seen: HashMap<&str, usize> = HashMap::with_capacity(n);
            let mut order = Vec::with_capacity(n);
            let mut missing = Vec::new();
            for (row, id) in cur.iter().enumerate() {
                if seen.insert(id, row).is_some() {
                    return Err(Error::input(
                        &current.path,
                        format!("the id {id:?} appears twice; expected each example once"),
                    ));
                }
                match index.get(id.as_str()) {
                    Some(r) => order.push(*r),
                    None => missing.push(id.clone()),
                }
            }
            if !missing.is_empty() || base.len() != n {
                let extra = base.iter().filter(|id| !seen.contains_key(id.as_str())).count();
                return Err(Error::input(
                    &baseline.path,
                    format!(
                        "the examples differ from {}: {} of its ids are missing here (first {:?}) and {extra} ids here are not there; expected the same examples",
                        current.path,
                        missing.len(),
                        missing.first().map(String::as_str).unwrap_or("-")
                    ),
                ));
            }
            order
        }
        _ => {
            if baseline.labels.text.len() != n {
                return Err(Error::input(
                    &baseline.path,
                    format!(
                        "{} rows, but {} has {n}; the examples are matched by row order (no id_column), so expected the same number",
                        baseline.labels.text.len(),
                        current.path
                    ),
                ));
            }
            (0..n).collect()
        }
    };
    let pick = |c: &Column| Column {
        name: c.name.clone(),
        text: order.iter().map(|&r| c.text[r].clone()).collect(),
        numbers: c.numbers.as_ref().map(|v| order.iter().map(|&r| v[r]).collect()),
    };
    let aligned = Table {
        path: baseline.path.clone(),
        ids: current.ids.clone(),
        labels: pick(&baseline.labels),
        predictions: pick(&baseline.predictions),
        attributes: Vec::new(),
    };
    if let Some(row) = (0..n).find(|&r| aligned.labels.text[r] != current.labels.text[r]) {
        return Err(Error::input(
            &baseline.path,
            format!(
                "the label of example {} is {:?} here but {:?} in {}; expected the same labels",
                current
                    .ids
                    .as_ref()
                    .map_or(format!("at row {row}"), |ids| format!("{:?}", ids[row])),
                aligned.labels.text[row],
                current.labels.text[row],
                current.path
            ),
        ));
    }
    Ok(aligned)
}

/// What one computed metric reads, ready to evaluate on any rows.
#[derive(Debug, Clone)]
pub enum Data {
    Labels(LabelData, Average),
    Scores(ScoreData),
    Regression(RegressionData),
    Parity(ParityData),
}

impl Data {
    pub fn len(&self) -> usize {
        match self {
            Data::Labels(d, _) => d.truth.len(),
            Data::Scores(d) => d.truth.len(),
            Data::Regression(d) => d.truth.len(),
            Data::Parity(d) => d.truth.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The metric on the rows `idx`.
    pub fn metric(&self, name: &str, idx: &[usize]) -> f64 {
        match self {
            Data::Labels(d, avg) => scores::label_metric(name, *avg, d, idx),
            Data::Scores(d) => scores::score_metric(name, d, idx),
            Data::Regression(d) => scores::regression_metric(name, d, idx),
            Data::Parity(d) => scores::parity_metric(name, d, idx),
        }
    }

    /// Why `metric` is undefined on the rows `idx` where scikit-learn would warn
    /// (`UndefinedMetricWarning`) or refuse, rather than return a number: one class where the
    /// ranking metrics and log loss need two, no positive label for binary recall, no predicted
    /// positive for binary precision, neither for binary f1, fewer than two examples for r2.
    /// Slices are judged only on defined values.
    pub fn undefined_on(&self, metric: &str, idx: &[usize]) -> Option<String> {
        match self {
            Data::Scores(d) => {
                let positives = idx.iter().filter(|&&i| d.truth[i]).count();
                let one_class = positives == 0 || positives == idx.len();
                (matches!(metric, "roc_auc" | "pr_auc" | "log_loss") && one_class).then(|| {
                    format!(
                        "its labels hold one class ({}), and {metric} needs both",
                        if positives == 0 {
                            "no positive"
                        } else {
                            "only positives"
                        }
                    )
                })
            }
            Data::Labels(d, Average::Binary(positive)) => {
                let has_truth = idx.iter().any(|&i| d.truth[i] == *positive);
                let has_predicted = idx.iter().any(|&i| d.predicted[i] == *positive);
                let class = &d.classes[*positive];
                match metric {
                    "recall" if !has_truth => {
                        Some(format!("no label is the positive class {class:?}, so recall is 0/0"))
                    }
                    "precision" if !has_predicted => Some(format!(
                        "no prediction is the positive class {class:?}, so precision is 0/0"
                    )),
                    "f1" if !has_truth && !has_predicted => Some(format!(
                        "neither a label nor a prediction is the positive class {class:?}, so f1 is 0/0"
                    )),
                    _ => None,
                }
            }
            Data::Regression(_) if metric == "r2" && idx.len() < 2 => Some("r2 needs two examples".into()),
            _ => None,
        }
    }
}

/// The positive class of two-class labels.
fn positive_class(classes: &[String], config: &PredictionsConfig, path: &str) -> Result<String, Error> {
    if let Some(p) = &config.positive_label {
        return Ok(p.clone());
    }
    let set: Vec<&str> = classes.iter().map(String::as_str).collect();
    let default = if set.iter().all(|c| *c == "0" || *c == "1") {
        "1".to_string()
    } else if set.iter().all(|c| *c == "false" || *c == "true") {
        "true".to_string()
    } else if classes.len() <= 2 {
        classes.last().cloned().unwrap_or_default()
    } else {
        return Err(Error::input(
            path,
            format!(
                "{} classes; a binary metric needs two, or set `average` (macro, micro, weighted)",
                classes.len()
            ),
        ));
    };
    Ok(default)
}

/// Builds what `metric` reads from a table.
///
/// Long on purpose: one arm per kind of metric (labels, scores, regression), each with its input errors.
#[allow(
    clippy::too_many_lines,
    reason = "one arm per kind of metric (labels, scores, regression), each with its input errors"
)]
pub fn data_for(metric: &str, table: &Table, config: &PredictionsConfig) -> Result<Data, Error> {
    let path = &table.path;
    let (labels, preds) = (&table.labels, &table.predictions);
    let numbers = |c: &Column, what: &str| -> Result<Vec<f64>, Error> {
        let v = c.numbers.clone().ok_or_else(|| {
            Error::input(
                path,
                format!("column {:?} is not numeric; {metric} needs {what}", c.name),
            )
        })?;
        if let Some(row) = v.iter().position(|x| !x.is_finite()) {
            return Err(Error::input(
                path,
                format!(
                    "column {:?} holds {} at row {row}; {metric} needs finite {what}",
                    c.name, v[row]
                ),
            ));
        }
        Ok(v)
    };
    match kind(metric) {
        Some(Kind::Regression) => Ok(Data::Regression(RegressionData {
            truth: numbers(labels, "numeric targets")?,
            predicted: numbers(preds, "numeric predictions")?,
        })),
        Some(Kind::Score) => {
            let mut classes: Vec<String> = labels.text.clone();
            classes.sort();
            classes.dedup();
            if classes.len() > 2 {
                return Err(Error::input(
                    path,
                    format!(
                        "{} classes in {:?}; {metric} needs two (binary labels)",
                        classes.len(),
                        labels.name
                    ),
                ));
            }
            let positive = positive_class(&classes, config, path)?;
            let score = numbers(preds, "scores")?;
            if matches!(metric, "log_loss" | "brier")
                && let Some(row) = score.iter().position(|p| !(0.0..=1.0).contains(p))
            {
                return Err(Error::input(
                    path,
                    format!(
                        "{:?} is {} at row {row}; {metric} needs probabilities between 0 and 1",
                        preds.name, score[row]
                    ),
                ));
            }
            Ok(Data::Scores(ScoreData::new(
                labels.text.iter().map(|l| *l == positive).collect(),
                score,
            )))
        }
        Some(Kind::Label) => label_data(table, config, config.average),
        Some(Kind::Parity) => Err(Error::Usage(format!(
            "{metric} compares the groups of a sensitive column; it is read with parity_data"
        ))),
        None => Err(Error::Usage(format!(
            "mlgate does not compute {metric:?}; expected one of {}",
            METRICS.join(", ")
        ))),
    }
}

/// Class labels and predicted classes (fractional scores thresholded), combined by `average`.
fn label_data(table: &Table, config: &PredictionsConfig, average: Option<AverageKind>) -> Result<Data, Error> {
    let path = &table.path;
    let (labels, preds) = (&table.labels, &table.predictions);
    let mut truth_classes: Vec<String> = labels.text.clone();
    truth_classes.sort();
    truth_classes.dedup();
    // Fractional scores against two classes: threshold them.
    let predicted_text: Vec<String> = match &preds.numbers {
        Some(p) if truth_classes.len() <= 2 && p.iter().any(|x| x.fract() != 0.0) => {
            if let Some(row) = p.iter().position(|x| !x.is_finite()) {
                return Err(Error::input(
                    path,
                    format!("{:?} is {} at row {row}; expected a finite score", preds.name, p[row]),
                ));
            }
            let positive = positive_class(&truth_classes, config, path)?;
            let negative = truth_classes
                .iter()
                .find(|c| **c != positive)
                .cloned()
                .unwrap_or_else(|| "0".into());
            let t = config.threshold.unwrap_or(0.5);
            p.iter()
                .map(|x| if *x >= t { positive.clone() } else { negative.clone() })
                .collect()
        }
        _ => preds.text.clone(),
    };
    let mut classes: Vec<String> = labels.text.iter().chain(&predicted_text).cloned().collect();
    classes.sort();
    classes.dedup();
    let index: HashMap<&str, usize> = classes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let average = match average {
        Some(AverageKind::Macro) => Average::Macro,
        Some(AverageKind::Micro) => Average::Micro,
        Some(AverageKind::Weighted) => Average::Weighted,
        Some(AverageKind::Binary) => Average::Binary(0),
        None if classes.len() <= 2 => Average::Binary(0),
        None => Average::Macro,
    };
    let average = match average {
        Average::Binary(_) => {
            let positive = positive_class(&classes, config, path)?;
            match index.get(positive.as_str()) {
                Some(i) => Average::Binary(*i),
                None => {
                    return Err(Error::input(
                        path,
                        format!(
                            "the positive class {positive:?} is in neither the labels nor the predictions; set `positive_label`"
                        ),
                    ));
                }
            }
        }
        other => other,
    };
    let to_index = |v: &[String]| v.iter().map(|c| index[c.as_str()]).collect::<Vec<usize>>();
    Ok(Data::Labels(
        LabelData {
            truth: to_index(&labels.text),
            predicted: to_index(&predicted_text),
            classes,
        },
        average,
    ))
}

/// What a parity metric reads: binary truth and predicted class (as the binary label metrics
/// read them) and each example's group in the column `sensitive`.
pub fn parity_data(metric: &str, table: &Table, config: &PredictionsConfig, sensitive: &str) -> Result<Data, Error> {
    let Data::Labels(labels, Average::Binary(positive)) = label_data(table, config, Some(AverageKind::Binary))? else {
        return Err(Error::Usage(format!("{metric} reads binary labels")));
    };
    if labels.classes.len() > 2 {
        return Err(Error::input(
            &table.path,
            format!(
                "{} classes in the labels and predictions; {metric} needs two (binary labels)",
                labels.classes.len()
            ),
        ));
    }
    let column = table
        .attribute(sensitive)
        .ok_or_else(|| Error::Usage(format!("the sensitive column {sensitive:?} was not read")))?;
    let mut groups: Vec<String> = column.text.clone();
    groups.sort();
    groups.dedup();
    let index: HashMap<&str, usize> = groups.iter().enumerate().map(|(i, g)| (g.as_str(), i)).collect();
    let group = column.text.iter().map(|g| index[g.as_str()]).collect();
    Ok(Data::Parity(ParityData {
        truth: labels.truth.iter().map(|&t| t == positive).collect(),
        predicted: labels.predicted.iter().map(|&p| p == positive).collect(),
        group,
        groups,
    }))
}

/// A metric's value on the rows `rows` and its BCa interval, resampling those rows (an error
/// saying why when the bootstrap is degenerate).
pub fn value_and_interval(
    metric: &str,
    data: &Data,
    rows: &[usize],
    config: &PredictionsConfig,
) -> (f64, Result<[f64; 2], String>) {
    let value = data.metric(metric, rows);
    let rows: Vec<f64> = rows.iter().map(|&i| i as f64).collect();
    let settings = Settings {
        confidence: config.confidence,
        resamples: config.resamples,
        seed: config.seed,
        interval: Interval::Bca,
        jackknife_groups: JACKKNIFE_GROUPS,
    };
    let statistic = |rows: &[f64]| {
        let idx: Vec<usize> = rows.iter().map(|r| *r as usize).collect();
        data.metric(metric, &idx)
    };
    let ci = bootstrap_one(&rows, statistic, settings)
        .map(|b| b.ci)
        .map_err(|e| e.to_string());
    (value, ci)
}

/// The difference current − baseline on the same examples, with its test.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub baseline: f64,
    pub delta: f64,
    pub p_value: f64,
    /// Percentile interval of the paired bootstrap difference.
    pub ci: [f64; 2],
    /// `mcnemar` or `paired_bootstrap`.
    pub test: &'static str,
    /// McNemar: discordant pairs (current right and baseline wrong, the reverse).
    pub discordant: Option<(u64, u64)>,
    /// Paired bootstrap: the resamples with a finite difference (B). A p-value of 0 means none
    /// crossed 0: the p-value is below 1/(B + 1), which messages say.
    pub resamples: usize,
}

/// Compares two models on the same examples, the rows `rows` of both.
pub fn difference(
    metric: &str,
    current: &Data,
    baseline: &Data,
    rows: &[usize],
    config: &PredictionsConfig,
) -> Difference {
    let n = rows.len();
    let (c_value, b_value) = (current.metric(metric, rows), baseline.metric(metric, rows));
    // Paired bootstrap: the same resampled examples for both models.
    let mut rng = SplitMix64::new(config.seed);
    let mut idx = vec![0usize; n];
    let mut diffs = Vec::with_capacity(config.resamples);
    for _ in 0..config.resamples {
        for slot in idx.iter_mut() {
            *slot = rows[rng.index(n)];
        }
        let d = current.metric(metric, &idx) - baseline.metric(metric, &idx);
        if d.is_finite() {
            diffs.push(d);
        }
    }
    diffs.sort_unstable_by(f64::total_cmp);
    let alpha = 1.0 - config.confidence;
    let ci = if diffs.is_empty() {
        [f64::NAN, f64::NAN]
    } else {
        [
            quantile_sorted(&diffs, alpha / 2.0),
            quantile_sorted(&diffs, 1.0 - alpha / 2.0),
        ]
    };
    match (current, baseline) {
        (Data::Labels(c, _), Data::Labels(b, _)) if metric == "accuracy" => {
            let (mut right_wrong, mut wrong_right) = (0u64, 0u64);
            for &i in rows {
                let (cc, bc) = (c.truth[i] == c.predicted[i], b.truth[i] == b.predicted[i]);
                if cc && !bc {
                    right_wrong += 1;
                } else if !cc && bc {
                    wrong_right += 1;
                }
            }
            let t = mcnemar(right_wrong, wrong_right, true);
            Difference {
                baseline: b_value,
                delta: c_value - b_value,
                p_value: t.p_value,
                ci,
                test: "mcnemar",
                discordant: Some((right_wrong, wrong_right)),
                resamples: diffs.len(),
            }
        }
        _ => {
            let b = diffs.len() as f64;
            let le = diffs.iter().filter(|d| **d <= 0.0).count() as f64;
            let ge = diffs.iter().filter(|d| **d >= 0.0).count() as f64;
            let p_value = if diffs.is_empty() {
                1.0
            } else {
                (2.0 * le.min(ge) / b).min(1.0)
            };
            Difference {
                baseline: b_value,
                delta: c_value - b_value,
                p_value,
                ci,
                test: "paired_bootstrap",
                discordant: None,
                resamples: diffs.len(),
            }
        }
    }
}

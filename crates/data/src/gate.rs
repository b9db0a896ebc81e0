//! The data gate, top to bottom: what it reads, and how it judges a dataset (its config is
//! `config.rs`).
//!
//! Evaluation reads the dataset once, then runs the table checks, the column checks (in the
//! order of the config, `warn:` blocks after each column's own checks), JSON Schema validation
//! of the records and drift. A column that is missing fails the checks declared on it; it does
//! not stop the gate.

use mlgate_core::{
    CheckResult, ConfigProblem, DeclaredInput, Error, Gate, GateKind, GateReport, Inputs, Settings, SourceError,
};

use crate::config::{ColumnChecks, ColumnType, DataGateConfig, Format};
use crate::parallel::each_in_parallel;
use crate::{catalog, checks, column, drift, read, records, table};

impl Gate for DataGateConfig {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> GateKind {
        GateKind::Data
    }

    fn validate(&self) -> Vec<ConfigProblem> {
        DataGateConfig::validate(self)
    }

    /// The dataset, the JSON Schema, the drift reference.
    fn inputs(&self) -> Vec<DeclaredInput> {
        let mut out = vec![DeclaredInput::path("/path", &self.path)];
        out.extend(
            self.json_schema
                .as_deref()
                .map(|s| DeclaredInput::path("/json_schema", s)),
        );
        out.extend((self.drift.as_ref()).map(|d| DeclaredInput::file("/drift/reference", d.reference.clone())));
        out
    }

    /// Reads the dataset and runs every check. The settings' `correction` adjusts the drift
    /// tests' p-values across the gate's columns.
    fn evaluate(&self, inputs: &dyn Inputs, settings: &Settings) -> Result<GateReport, SourceError> {
        let checks = self.checks(inputs, settings)?;
        Ok(GateReport::from_checks(&self.name, self.kind(), checks))
    }
}

impl DataGateConfig {
    /// Every check's result, in report order.
    fn checks(&self, inputs: &dyn Inputs, settings: &Settings) -> Result<Vec<CheckResult>, SourceError> {
        let samples = self.samples.unwrap_or(checks::DEFAULT_SAMPLES);
        let read_at = |path: &str, pointer: &str| -> Result<Vec<u8>, SourceError> {
            (inputs.read(path))
                .map_err(|e| SourceError::at(pointer, Error::input(path, format!("cannot read the file: {e}"))))
        };
        let text_columns = self.declared_text_columns();
        let format = self.format.or_else(|| Format::from_extension(&self.path));
        // Natively a CSV streams in blocks; anything else, or a stream that did not parse block
        // by block, is read whole (which also finds the line of any error).
        let streamed = match (format, inputs.open(&self.path)) {
            (Some(f @ (Format::Csv | Format::Tsv)), Some(Ok(mut stream))) => {
                read::csv_from_stream(&self.path, &mut stream, f, self.csv.as_ref(), &text_columns)
            }
            _ => None,
        };
        let (data, bytes) = match streamed {
            Some(table) => (table, Vec::new()),
            None => {
                let bytes = read_at(&self.path, "/path")?;
                let table = read::table(&self.path, &bytes, self.format, self.csv.as_ref(), &text_columns)
                    .map_err(|error| SourceError::at("/path", error))?;
                (table, bytes)
            }
        };
        // JSON Schema validation needs the raw records; the file's bytes are let go right after,
        // before the column checks, so a large dataset is not held twice.
        let records = match &self.json_schema {
            Some(schema_path) => {
                let schema = read_at(schema_path, "/json_schema")?;
                Some(
                    records::evaluate(&self.name, &self.path, &bytes, schema_path, &schema, samples)
                        .map_err(|error| SourceError::at("/json_schema", error))?,
                )
            }
            None => None,
        };
        drop(bytes);
        let mut results = Vec::new();
        if let Some(t) = &self.table {
            results.extend(table::evaluate(&self.name, t, &data, samples));
        }
        // The costliest columns first, so that the threads finish together; results in config order.
        let mut columns: Vec<(usize, &String, &ColumnChecks)> =
            self.columns.iter().enumerate().map(|(i, (n, c))| (i, n, c)).collect();
        columns.sort_by_key(|(_, _, c)| std::cmp::Reverse(catalog::effort(c)));
        let mut per_column = each_in_parallel(&columns, |(i, name, column)| {
            (
                *i,
                checks::evaluate(&self.name, name, column, &data, samples, settings.now_ns),
            )
        });
        column::drop_spare_buffers();
        per_column.sort_by_key(|(i, _)| *i);
        for (_, checks) in per_column {
            results.extend(checks);
        }
        results.extend(records);
        if let Some(d) = &self.drift {
            let key = d.reference.key();
            let reference_bytes = read_at(&key, "/drift/reference")?;
            let reference = read::table(&key, &reference_bytes, None, self.csv.as_ref(), &[])
                .map_err(|error| SourceError::at("/drift/reference", error))?;
            results.extend(drift::evaluate(
                &self.name,
                d,
                &data,
                &reference,
                settings.correction.stats(),
            ));
        }
        Ok(results)
    }

    /// Columns declared `string` or `categorical`: read as text, so "007" stays "007".
    fn declared_text_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|(_, c)| matches!(c.column_type, Some(ColumnType::String | ColumnType::Categorical)))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

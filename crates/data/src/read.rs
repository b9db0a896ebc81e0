//! From bytes to a table: CSV/TSV, Parquet, JSON (an array of records) and JSON Lines, read
//! once with polars' eager readers.
//!
//! CSV types are inferred from the first 10,000 rows; when a later value does not fit the
//! inferred type the file is read again with every row looked at, so a column with mixed values
//! comes out as text (and its type check says so) rather than as an error. Dates and datetimes
//! in ISO form are parsed. Columns declared `string` or `categorical` are read as text.

use std::io::Cursor;

use mlgate_core::Error;
use polars::prelude::{
    CsvEncoding, CsvParseOptions, CsvReadOptions, DataFrame, DataType, Field, JsonFormat, JsonReader, NullValues,
    ParquetReader, PlSmallStr, Schema, SerReader,
};

use crate::gate::{CsvOptions, Format};

/// Rows looked at to infer CSV column types before the whole file is.
const INFER_ROWS: usize = 10_000;

/// A dataset read into memory.
pub struct Table {
    /// The file as the config named it.
    pub path: String,
    pub format: Format,
    pub frame: DataFrame,
}

impl Table {
    /// CSV, TSV and JSON carry no column types: whole-number floats read as integers.
    pub fn is_text_format(&self) -> bool {
        self.format != Format::Parquet
    }
}

/// The format a path's extension names.
pub fn format_from_extension(path: &str) -> Option<Format> {
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

/// Reads a dataset. `text_columns` are read as text whatever they look like (CSV only).
pub fn table(
    path: &str,
    bytes: &[u8],
    format: Option<Format>,
    csv: Option<&CsvOptions>,
    text_columns: &[String],
) -> Result<Table, Error> {
    let format = format.or_else(|| format_from_extension(path)).ok_or_else(|| {
        Error::input(
            path,
            "cannot tell the format from the extension; expected .csv, .tsv, .parquet, .json, .jsonl or .ndjson",
        )
    })?;
    let mut frame = match format {
        Format::Csv | Format::Tsv => read_csv(path, bytes, format, csv, text_columns)?,
        Format::Parquet => ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| Error::input(path, format!("not a readable Parquet file ({e})")))?,
        Format::Json | Format::Jsonl | Format::Ndjson => read_json(path, bytes, format)?,
    };
    // One chunk per column: checks walk columns front to back.
    frame.rechunk_mut();
    Ok(Table {
        path: path.to_string(),
        format,
        frame,
    })
}

fn read_csv(
    path: &str,
    bytes: &[u8],
    format: Format,
    options: Option<&CsvOptions>,
    text_columns: &[String],
) -> Result<DataFrame, Error> {
    let default_options = CsvOptions {
        delimiter: None,
        has_header: true,
        null_values: None,
        quote: None,
    };
    let options = options.unwrap_or(&default_options);
    let separator = match (&options.delimiter, format) {
        (Some(d), _) => d.as_bytes().first().copied().unwrap_or(b','),
        (None, Format::Tsv) => b'\t',
        (None, _) => b',',
    };
    let quote = match &options.quote {
        Some(q) => q.as_bytes().first().copied(),
        None => Some(b'"'),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let read = |infer: Option<usize>| {
        let mut parse = CsvParseOptions::default()
            .with_separator(separator)
            .with_quote_char(quote)
            .with_encoding(CsvEncoding::Utf8)
            .with_try_parse_dates(true);
        if let Some(nulls) = &options.null_values {
            parse = parse.with_null_values(Some(NullValues::AllColumns(
                nulls.iter().map(|s| PlSmallStr::from(s.as_str())).collect(),
            )));
        }
        let overwrite = (!text_columns.is_empty()).then(|| {
            std::sync::Arc::new(Schema::from_iter(
                text_columns
                    .iter()
                    .map(|c| Field::new(PlSmallStr::from(c.as_str()), DataType::String)),
            ))
        });
        CsvReadOptions::default()
            .with_has_header(options.has_header)
            .with_parse_options(parse)
            .with_infer_schema_length(infer)
            .with_raise_if_empty(false)
            .with_schema_overwrite(overwrite)
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
    };
    let frame = match read(Some(INFER_ROWS)) {
        Ok(frame) => Ok(frame),
        Err(_) => read(None),
    };
    frame.map_err(|e| csv_error(path, bytes, separator, e))
}

/// Says what is wrong with a CSV file polars could not read, with a line when we can find it.
fn csv_error(path: &str, bytes: &[u8], separator: u8, e: polars::error::PolarsError) -> Error {
    if let Err(bad) = std::str::from_utf8(bytes) {
        let at = bad.valid_up_to();
        let (line, column) = line_and_column(bytes, at);
        return Error::Input {
            file: path.into(),
            position: Some((line, column)),
            message: format!(
                "invalid UTF-8 (byte 0x{:02X} at offset {at}); expected UTF-8 text",
                bytes[at]
            ),
            declared_at: None,
        };
    }
    let text = String::from_utf8_lossy(bytes);
    let why = e.to_string();
    if why.contains("fields") || why.contains("field") {
        // Ragged rows: find the first line whose field count differs from the header's (quotes
        // are rare in such files; this is only for the message).
        let count = |l: &str| l.split(separator as char).count();
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.is_empty());
        if let Some((_, header)) = lines.next() {
            let expected = count(header);
            if let Some((i, l)) = lines.find(|(_, l)| count(l) != expected) {
                return Error::Input {
                    file: path.into(),
                    position: Some((i + 1, 1)),
                    message: format!(
                        "a row with {} fields; expected {expected}, as in the first line",
                        count(l)
                    ),
                    declared_at: None,
                };
            }
        }
    }
    let why = why.lines().next().unwrap_or_default().to_string();
    Error::input(path, format!("not a readable CSV file ({why})"))
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

fn read_json(path: &str, bytes: &[u8], format: Format) -> Result<DataFrame, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // polars' messages on bad JSON carry no position; serde_json's do, so a file that polars
    // rejects is parsed again to say where.
    let json_format = if format == Format::Json {
        JsonFormat::Json
    } else {
        JsonFormat::JsonLines
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(DataFrame::empty());
    }
    JsonReader::new(Cursor::new(bytes))
        .with_json_format(json_format)
        .finish()
        .map_err(|e| {
            let expected = if format == Format::Json {
                "an array of records"
            } else {
                "one JSON record per line"
            };
            if format == Format::Json {
                if let Err(bad) = serde_json::from_slice::<serde_json::Value>(bytes) {
                    return Error::invalid_json(path, &bad, expected);
                }
            } else {
                for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    if let Err(bad) = serde_json::from_slice::<serde_json::Value>(line) {
                        let mut err = Error::invalid_json(path, &bad, expected);
                        if let Error::Input { position, .. } = &mut err {
                            *position = Some((i + 1, bad.column()));
                        }
                        return err;
                    }
                }
            }
            let why = e.to_string();
            Error::input(
                path,
                format!(
                    "not readable as {expected} ({})",
                    why.lines().next().unwrap_or_default()
                ),
            )
        })
}

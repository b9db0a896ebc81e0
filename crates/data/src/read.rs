//! From bytes to a table: CSV/TSV, Parquet, JSON (an array of records) and JSON Lines, read
//! once with polars' eager readers.
//!
//! CSV types are inferred from the first 100 rows (polars' default); when a later value does not
//! fit the inferred type the file is read again with every row looked at, so a column with mixed
//! values comes out as text (and its type check says so) rather than as an error. Dates and datetimes
//! in ISO form are parsed. Columns declared `string` or `categorical` are read as text.

use std::io::{Cursor, Read};
use std::sync::Arc;

use mlgate_core::Error;
use mlgate_core::csv_records::{CsvRecords, misquoted, refuse_misquoted};
use mlgate_core::error::line_and_column;
use mlgate_core::nesting::json_nested_beyond;
use polars::prelude::{
    CsvEncoding, CsvParseOptions, CsvReadOptions, DataFrame, DataType, Field, JsonFormat, JsonReader, NamedFrom,
    NullValues, ParquetReader, PlSmallStr, Schema, SchemaRef, SerReader, Series, StringChunked, TimeUnit,
};
use polars_arrow::array::{Array, View};

use crate::config::{CsvOptions, Format};
use crate::parallel::each_in_parallel;

/// Rows looked at to infer CSV column types before the whole file is (polars' default).
const INFER_ROWS: usize = 100;

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

/// Reads a dataset. `text_columns` are read as text whatever they look like (CSV only).
pub fn table(
    path: &str,
    bytes: &[u8],
    format: Option<Format>,
    csv: Option<&CsvOptions>,
    text_columns: &[String],
) -> Result<Table, Error> {
    let format = format.or_else(|| Format::from_extension(path)).ok_or_else(|| {
        Error::input(
            path,
            "cannot tell the format from the extension; expected .csv, .tsv, .parquet, .json, .jsonl or .ndjson",
        )
    })?;
    let frame = match format {
        Format::Csv | Format::Tsv => read_csv(path, bytes, format, csv, text_columns)?,
        Format::Parquet => ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| Error::input(path, format!("not a readable Parquet file ({e})")))?,
        Format::Json | Format::Jsonl | Format::Ndjson => read_json(path, bytes, format)?,
    };
    Ok(Table {
        path: path.to_string(),
        format,
        frame,
    })
}

/// The cell texts pandas reads as null by default (`pandas.read_csv`'s `na_values`), and so
/// Great Expectations: what a CSV without `csv.null_values` reads as null.
pub const PANDAS_NULLS: [&str; 19] = [
    "", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "<NA>", "#N/A", "#N/A N/A", "#NA",
    "-1.#IND", "1.#IND", "-1.#QNAN", "1.#QNAN",
];

/// polars' options for a CSV file as the config describes it.
struct CsvSettings {
    separator: u8,
    quote: Option<u8>,
    has_header: bool,
    /// The config's null texts; `None`: [`PANDAS_NULLS`], which are handed to polars only when
    /// a text column holds one (see [`read_csv`]).
    null_values: Option<Vec<String>>,
    text_columns: Vec<String>,
}

impl CsvSettings {
    fn new(format: Format, options: Option<&CsvOptions>, text_columns: &[String]) -> CsvSettings {
        let separator = match (options.and_then(|o| o.delimiter.as_ref()), format) {
            (Some(d), _) => d.as_bytes().first().copied().unwrap_or(b','),
            (None, Format::Tsv) => b'\t',
            (None, _) => b',',
        };
        let quote = match options.and_then(|o| o.quote.as_ref()) {
            Some(q) => q.as_bytes().first().copied(),
            None => Some(b'"'),
        };
        CsvSettings {
            separator,
            quote,
            has_header: options.is_none_or(|o| o.has_header),
            null_values: options.and_then(|o| o.null_values.clone()),
            text_columns: text_columns.to_vec(),
        }
    }

    /// Options that infer the schema from the first `infer` rows (`None`: every row).
    fn inferring(&self, infer: Option<usize>) -> CsvReadOptions {
        let overwrite = (!self.text_columns.is_empty()).then(|| {
            Arc::new(Schema::from_iter(
                self.text_columns
                    .iter()
                    .map(|c| Field::new(PlSmallStr::from(c.as_str()), DataType::String)),
            ))
        });
        CsvReadOptions::default()
            .with_has_header(self.has_header)
            .with_parse_options(self.parse_options())
            .with_infer_schema_length(infer)
            .with_raise_if_empty(false)
            .with_schema_overwrite(overwrite)
    }

    /// Options for a block of rows after the first: no header, the schema already known.
    fn continuing(&self, schema: SchemaRef) -> CsvReadOptions {
        CsvReadOptions::default()
            .with_has_header(false)
            .with_parse_options(self.parse_options())
            .with_schema(Some(schema))
            .with_raise_if_empty(false)
    }

    fn parse_options(&self) -> CsvParseOptions {
        let parse = CsvParseOptions::default()
            .with_separator(self.separator)
            .with_quote_char(self.quote)
            .with_encoding(CsvEncoding::Utf8)
            .with_try_parse_dates(true);
        match &self.null_values {
            Some(nulls) => parse.with_null_values(Some(NullValues::AllColumns(
                nulls.iter().map(|s| PlSmallStr::from(s.as_str())).collect(),
            ))),
            None => parse,
        }
    }
}

fn read_csv(
    path: &str,
    bytes: &[u8],
    format: Format,
    options: Option<&CsvOptions>,
    text_columns: &[String],
) -> Result<DataFrame, Error> {
    let mut settings = CsvSettings::new(format, options, text_columns);
    let bytes = strip_bom(bytes);
    // Quotes polars would misread (or panic on) are refused before it sees them.
    refuse_misquoted(path, bytes, settings.separator, settings.quote)?;
    let read = |settings: &CsvSettings, infer: Option<usize>| {
        settings
            .inferring(infer)
            .into_reader_with_file_handle(Cursor::new(bytes))
            .finish()
    };
    // Integers beyond i64 (account numbers of 20 digits) make polars refuse the file: such a
    // column is read as text, then widened to u64 when every value fits, so the file is read.
    let mut beyond_i64: Vec<String> = Vec::new();
    let mut frame = loop {
        let error = match read(&settings, Some(INFER_ROWS)).or_else(|_| read(&settings, None)) {
            // pandas' null texts are looked for only in text columns (a number column cannot
            // hold one): polars compares every cell with every null text, so they are handed to
            // it only when a text column holds one, and the file is read again.
            Ok(frame) if settings.null_values.is_none() && holds_pandas_null(&frame) => {
                settings.null_values = Some(PANDAS_NULLS.iter().map(ToString::to_string).collect());
                continue;
            }
            Ok(frame) => break frame,
            Err(e) => e,
        };
        match integer_overflow_column(&error) {
            Some(column) if !settings.text_columns.contains(&column) => {
                settings.text_columns.push(column.clone());
                beyond_i64.push(column);
            }
            _ => return Err(csv_error(path, bytes, settings.separator, error)),
        }
    };
    for column in &beyond_i64 {
        let widened = frame.column(column).and_then(|c| c.strict_cast(&DataType::UInt64));
        if let Ok(widened) = widened {
            frame
                .replace(column, widened)
                .map_err(|e| Error::input(path, format!("not a readable CSV file ({e})")))?;
        }
    }
    match repeated_header(&frame) {
        Some(name) => Err(Error::Input {
            file: path.to_string(),
            position: Some((1, 1)),
            message: format!("the header names column {name:?} more than once; expected each column once"),
            declared_at: None,
        }),
        None => Ok(frame),
    }
}

/// Whether a text column of `frame` holds one of [`PANDAS_NULLS`] (other than the empty cell,
/// which polars reads as null already).
pub fn holds_pandas_null(frame: &DataFrame) -> bool {
    // Every null text fits a string view whole (12 bytes): a cell is one exactly when its view
    // equals one of theirs (a null cell's view is never read). A view holds the length in its
    // low 32 bits and the first byte above: one branch-free pass counts the cells of a null
    // text's length and first byte — in most columns none — and only those are compared.
    let nulls: Vec<u128> = PANDAS_NULLS[1..]
        .iter()
        .map(|t| View::new_inline(t.as_bytes()).as_u128())
        .collect();
    let (mut lengths, mut firsts) = (0u64, [0u64; 4]);
    for t in &PANDAS_NULLS[1..] {
        lengths |= 1 << t.len();
        let b = t.as_bytes()[0];
        firsts[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    let maybe = |bits: u128| {
        let (len, first) = ((bits as u32).min(63), (bits >> 32) as u8);
        ((lengths >> len) & (firsts[usize::from(first >> 6)] >> (first & 63)) & 1) as usize
    };
    let texts: Vec<&StringChunked> = frame.columns().iter().filter_map(|c| c.str().ok()).collect();
    // The text columns side by side: this pass reads every view, and the cores are free.
    each_in_parallel(&texts, |text| {
        text.downcast_iter().any(|a| {
            let views = a.views();
            let candidates: usize = views.iter().map(|v| maybe(v.as_u128())).sum();
            candidates > 0
                && views
                    .iter()
                    .enumerate()
                    .any(|(i, view)| nulls.contains(&view.as_u128()) && a.validity().is_none_or(|v| v.get_bit(i)))
        })
    })
    .into_iter()
    .any(|holds| holds)
}

/// A column name the header repeats: polars keeps the first and renames the others
/// `<name>_duplicated_<n>`, so checks on `<name>` would silently see only one of them.
fn repeated_header(frame: &DataFrame) -> Option<String> {
    frame.get_column_names().iter().find_map(|name| {
        let (base, n) = name.rsplit_once("_duplicated_")?;
        (n.parse::<usize>().is_ok() && frame.column(base).is_ok()).then(|| base.to_string())
    })
}

/// Bytes of file read and parsed at a time by [`csv_from_stream`].
const BLOCK: usize = 64 << 20;

/// Reads a CSV or TSV file from a stream, [`BLOCK`] bytes at a time, so a large file is never
/// held whole next to its table (the native CLI reads this way; wasm gets the bytes at once).
/// The first block infers the schema as [`table`] does; later blocks are parsed with it and
/// appended. Gives `None` when a block does not parse with that schema (a later value of another
/// type, a ragged row, invalid UTF-8): the caller then reads the whole file with [`table`],
/// which finds the type that fits or the line to report. Blocks end at a line break outside quotes.
pub fn csv_from_stream(
    path: &str,
    stream: &mut dyn Read,
    format: Format,
    options: Option<&CsvOptions>,
    text_columns: &[String],
) -> Option<Table> {
    csv_from_stream_in_blocks(path, stream, format, options, text_columns, BLOCK)
}

/// [`csv_from_stream`] with another block size (tests use tiny blocks).
pub fn csv_from_stream_in_blocks(
    path: &str,
    stream: &mut dyn Read,
    format: Format,
    options: Option<&CsvOptions>,
    text_columns: &[String],
    block: usize,
) -> Option<Table> {
    if !matches!(format, Format::Csv | Format::Tsv) {
        return None;
    }
    let settings = CsvSettings::new(format, options, text_columns);
    let mut buffer: Vec<u8> = Vec::new();
    let mut frame: Option<DataFrame> = None;
    let mut first = true;
    loop {
        buffer.reserve(block);
        // Appends up to a block (and never zero-fills the space first).
        let n = (&mut *stream).take(block as u64).read_to_end(&mut buffer).ok()?;
        let end_of_file = n < block;
        // The quote character when the buffer holds one at all (large files mostly hold none):
        // one search, and the scans below are skipped without it.
        let quote = settings.quote.filter(|q| memchr::memchr(*q, &buffer).is_some());
        let cut = if end_of_file {
            buffer.len()
        } else {
            match last_record_end(&buffer, settings.separator, quote) {
                Some(cut) => cut,
                // A single record longer than a block: read on.
                None => continue,
            }
        };
        let piece = if first {
            strip_bom(&buffer[..cut])
        } else {
            &buffer[..cut]
        };
        if first && end_of_file {
            // The whole file fit in one block: the one-read path, with its fallbacks.
            buffer.truncate(cut);
            return table(path, &buffer, Some(format), options, text_columns).ok();
        }
        if frame.is_none()
            && !end_of_file
            && CsvRecords::new(piece, settings.separator, quote)
                .take(INFER_ROWS + 1)
                .count()
                <= INFER_ROWS
        {
            // A shortcut for the row count below: polars counts no more rows than there are
            // records (the header and blank lines are records, not rows), so a piece of at most
            // INFER_ROWS records cannot hold the rows types are inferred from: read on without
            // parsing it (else tiny blocks parse the growing first piece once per block).
            continue;
        }
        if misquoted(piece, settings.separator, quote).is_some() {
            // The whole read reports it, with the line.
            return None;
        }
        if !piece.is_empty() {
            let parsed = match &frame {
                None => settings.inferring(Some(INFER_ROWS)),
                Some(f) => settings.continuing(f.schema().clone()),
            }
            .into_reader_with_file_handle(Cursor::new(piece))
            .finish()
            .ok()?;
            if frame.is_none() && !end_of_file && parsed.height() <= INFER_ROWS {
                // The first piece must hold every row the whole read infers types from (rows
                // as polars counts them: blank lines are not rows), or a later value could type
                // a column differently than the whole read does: read on.
                continue;
            }
            match &mut frame {
                None => frame = Some(parsed),
                Some(f) => {
                    f.vstack_mut(&parsed).ok()?;
                }
            }
        }
        first = false;
        buffer.drain(..cut);
        if end_of_file {
            break;
        }
    }
    // A repeated header is reported by the whole read, with the line; pandas' null texts in a
    // text column are read by it too (it reads the file again with them).
    let frame =
        frame.filter(|f| repeated_header(f).is_none() && (settings.null_values.is_some() || !holds_pandas_null(f)))?;
    Some(Table {
        path: path.to_string(),
        format,
        frame,
    })
}

/// The end (just past the line break) of the last complete record in `bytes`, which starts at a
/// record boundary; quoted fields are followed as polars reads them.
fn last_record_end(bytes: &[u8], separator: u8, quote: Option<u8>) -> Option<usize> {
    match quote {
        None => memchr::memrchr(b'\n', bytes).map(|p| p + 1),
        Some(_) => CsvRecords::new(bytes, separator, quote).last(),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The column of an integer polars could not hold in i64, from its error ("could not parse
/// `12345678901234567890` as dtype `i64` at column 'account' (column number 3)"). polars names
/// no such column in a structured way; a reworded message makes the file an error again, which
/// the hostile cases `twenty-digit-ints` and `csv-huge-int` would show.
fn integer_overflow_column(e: &polars::error::PolarsError) -> Option<String> {
    let message = e.to_string();
    let rest = message.split_once("as dtype `i64` at column '")?.1;
    let (column, _) = rest.rsplit_once("' (column number ")?;
    Some(column.to_string())
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

/// Deepest nesting of arrays and objects accepted in JSON data (polars' reader recurses per
/// level); records are rows of a table, and serde_json stops at 128 levels too.
pub const MAX_JSON_DEPTH: usize = 64;

fn read_json(path: &str, bytes: &[u8], format: Format) -> Result<DataFrame, Error> {
    let bytes = strip_bom(bytes);
    if let Some(offset) = json_nested_beyond(bytes, MAX_JSON_DEPTH) {
        return Err(Error::Input {
            file: path.to_string(),
            position: Some(line_and_column(bytes, offset)),
            message: format!("nested deeper than {MAX_JSON_DEPTH} levels; expected records of a table"),
            declared_at: None,
        });
    }
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
    let frame = JsonReader::new(Cursor::new(bytes))
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
        })?;
    Ok(typed_dates(frame))
}

/// JSON has no dates: a text column whose values are all ISO dates becomes a date column, and one
/// whose values are all dates with a time of day (RFC 3339, or without a zone) a datetime column
/// (microseconds, UTC), as a CSV reads them.
fn typed_dates(mut frame: DataFrame) -> DataFrame {
    let names: Vec<PlSmallStr> = frame.get_column_names().into_iter().cloned().collect();
    for name in names {
        let Ok(text) = frame.column(&name).and_then(|c| c.str().cloned()) else {
            continue;
        };
        if text.len() == text.null_count() {
            continue;
        }
        let is_date = |v: &str| v.len() == 10 && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok();
        let typed = if text.iter().flatten().all(is_date) {
            let days: Vec<Option<i32>> = text
                .iter()
                .map(|v| {
                    v.and_then(mlgate_core::time::instant)
                        .map(|ns| ns.div_euclid(mlgate_core::time::DAY_NS) as i32)
                })
                .collect();
            Series::new(name.clone(), days).cast(&DataType::Date)
        } else {
            let micros: Vec<Option<i64>> = text
                .iter()
                .map(|v| {
                    v.and_then(mlgate_core::time::instant)
                        .map(|ns| ns.div_euclid(1_000) as i64)
                })
                .collect();
            if micros.iter().filter(|m| m.is_some()).count() != text.len() - text.null_count()
                || text.iter().flatten().any(|v| v.len() <= 10)
            {
                continue;
            }
            Series::new(name.clone(), micros).cast(&DataType::Datetime(TimeUnit::Microseconds, None))
        };
        if let Ok(series) = typed {
            let _ = frame.replace(&name, series.into());
        }
    }
    frame
}

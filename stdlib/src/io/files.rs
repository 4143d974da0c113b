//! Files in and out: CSV (with French-locale options), Parquet, JSON (a file, or an API payload
//! held in a string). Writers never leave a half-written file behind.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let dir = std::env::temp_dir().join(format!("sdia-doc-files-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let df = df!("ville" => ["Paris", "Lyon"], "temp" => [12.5, 14.0]).unwrap();
//! write_parquet(&df, dir.join("t.parquet")).unwrap();
//! let back = read_parquet(dir.join("t.parquet")).unwrap();
//! assert!(back.equals(&df));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use super::{io_error, write_atomically};
use crate::error::{Result, SdiaError};
use crate::strings::TextSet;
use polars::prelude::*;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The strings read as missing values by default: the same list as pandas' `read_csv`.
pub const DEFAULT_NULL_VALUES: &[&str] = &[
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// How to read a CSV file: separator, decimal comma, missing-value markers, date parsing.
///
/// ```
/// use sdia::prelude::*;
///
/// // A French spreadsheet export: ';' between fields, ',' in decimals.
/// let options = CsvOptions::new().separator(';').decimal_comma(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CsvOptions {
    separator: char,
    decimal_comma: bool,
    null_values: Vec<String>,
    parse_dates: bool,
    has_header: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            separator: ',',
            decimal_comma: false,
            null_values: DEFAULT_NULL_VALUES.iter().map(|s| s.to_string()).collect(),
            parse_dates: true,
            has_header: true,
        }
    }
}

impl CsvOptions {
    /// Comma-separated, header line, pandas' missing-value markers, ISO dates parsed.
    pub fn new() -> CsvOptions {
        CsvOptions::default()
    }

    /// The field separator (`','`, `';'`, `'\t'`…); it must be a single-byte (ASCII) character.
    pub fn separator(mut self, separator: char) -> CsvOptions {
        self.separator = separator;
        self
    }

    /// Reads `3,14` as 3.14 (French locale). The separator must then not be `','`.
    pub fn decimal_comma(mut self, yes: bool) -> CsvOptions {
        self.decimal_comma = yes;
        self
    }

    /// Replaces the strings read as missing values.
    pub fn null_values(mut self, values: &[&str]) -> CsvOptions {
        self.null_values = values.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Whether to turn columns that look like ISO dates into `Date`/`Datetime` (default: yes).
    pub fn parse_dates(mut self, yes: bool) -> CsvOptions {
        self.parse_dates = yes;
        self
    }

    /// Whether the first line holds the column names (default: yes).
    pub fn has_header(mut self, yes: bool) -> CsvOptions {
        self.has_header = yes;
        self
    }

    /// The options as a lazy reader of `source` (a file, or a glob pattern when `glob`), for the
    /// streaming scans: polars itself reads the missing markers and ISO dates there, since
    /// nothing can be fixed after a read that never holds the whole file.
    pub(crate) fn lazy_reader(&self, source: PlRefPath, glob: bool) -> Result<LazyCsvReader> {
        self.check()?;
        let markers: Vec<PlSmallStr> = self
            .null_values
            .iter()
            .map(|m| PlSmallStr::from(m.as_str()))
            .collect();
        Ok(LazyCsvReader::new(source)
            .with_glob(glob)
            .with_has_header(self.has_header)
            .with_separator(self.separator as u8)
            .with_decimal_comma(self.decimal_comma)
            .with_null_values((!markers.is_empty()).then_some(NullValues::AllColumns(markers)))
            .with_try_parse_dates(self.parse_dates)
            .with_infer_schema_length(Some(10_000)))
    }

    fn check(&self) -> Result<()> {
        if !self.separator.is_ascii() {
            return Err(SdiaError::InvalidInput(format!(
                "the CSV separator must be a single ASCII character, not '{}'",
                self.separator
            )));
        }
        if self.decimal_comma && self.separator == ',' {
            return Err(SdiaError::InvalidInput(
                "decimal_comma(true) needs another separator than ',': add .separator(';')".into(),
            ));
        }
        Ok(())
    }

    fn to_polars(&self) -> Result<CsvReadOptions> {
        self.check()?;
        // Empty fields are null for polars already. The other missing markers and ISO dates
        // are handled after the read (`restore_missing`, `parse_iso_dates`): polars compares
        // every field with every marker and tries dates on every text column, which made
        // reading three times slower.
        let parse = CsvParseOptions::default()
            .with_separator(self.separator as u8)
            .with_decimal_comma(self.decimal_comma)
            .with_try_parse_dates(false);
        // One contiguous chunk per column (the reader's threads otherwise leave dozens): every
        // later operation is faster on it (a 75/25 split of 1M rows: 150 ms on 33 chunks, 45
        // ms on one), and the reader does it for 3 ms where a rechunk afterwards costs 15-35.
        Ok(CsvReadOptions::default()
            .with_rechunk(true)
            .with_has_header(self.has_header)
            .with_infer_schema_length(Some(10_000))
            .with_parse_options(parse))
    }
}

/// Text columns that hold missing markers (`NA`, `N/A`…) get nulls there, then become numbers
/// when every other value is one (pandas reads `12, NA, 13` as numbers with a missing value).
fn restore_missing(
    mut df: DataFrame,
    markers: &[String],
    decimal_comma: bool,
) -> Result<DataFrame> {
    let markers: Vec<&str> = markers
        .iter()
        .map(String::as_str)
        .filter(|m| !m.is_empty())
        .collect();
    if markers.is_empty() {
        return Ok(df);
    }
    let text: Vec<String> = df
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .map(|c| c.name().to_string())
        .collect();
    // One pass per column, no `unique()` (that cost more than the read of a text column);
    // short values are looked up as numbers, longer ones rejected by their length.
    let markers = TextSet::new(markers);
    let is_marker = |v: &str| markers.contains(v);
    for name in text {
        let values = df.column(&name)?.str()?.clone();
        if !markers.any_in(&values) {
            continue;
        }
        let cleaned: StringChunked = values.iter().map(|v| v.filter(|v| !is_marker(v))).collect();
        let cleaned = cleaned.with_name(name.as_str().into()).into_series();
        let decimals = if decimal_comma {
            let dotted: StringChunked = cleaned
                .str()?
                .iter()
                .map(|v| v.map(|v| v.replace(',', ".")))
                .collect();
            dotted.with_name(name.as_str().into()).into_series()
        } else {
            cleaned.clone()
        };
        let typed = cleaned
            .strict_cast(&DataType::Int64)
            .or_else(|_| decimals.strict_cast(&DataType::Float64))
            .unwrap_or(cleaned);
        df.with_column(typed.into_column())?;
    }
    Ok(df)
}

/// Whether `text` looks like `YYYY-MM-DD`, optionally followed by a time.
fn looks_like_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b' ' || b[10] == b'T')
}

/// Text columns whose values are all ISO dates (or date-times) become `Date` (or `Datetime`);
/// a column with any other value stays text.
fn parse_iso_dates(mut df: DataFrame) -> Result<DataFrame> {
    let candidates: Vec<(String, bool)> = df
        .columns()
        .iter()
        .filter(|c| c.dtype() == &DataType::String)
        .filter_map(|c| {
            let first = c.str().ok()?.iter().flatten().next()?.to_string();
            looks_like_iso_date(&first).then(|| (c.name().to_string(), first.len() > 10))
        })
        .collect();
    for (name, with_time) in candidates {
        let options = StrptimeOptions {
            format: (!with_time).then(|| "%Y-%m-%d".into()),
            strict: true,
            ..Default::default()
        };
        let expression = if with_time {
            col(name.as_str())
                .str()
                .to_datetime(None, None, options, lit("raise"))
        } else {
            col(name.as_str()).str().to_date(options)
        };
        if let Ok(parsed) = df.clone().lazy().with_column(expression).collect() {
            df = parsed;
        }
    }
    Ok(df)
}

fn existing_file(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Err(super::not_found(path, "file"));
    }
    Ok(())
}

/// Reads a CSV file with the default [`CsvOptions`] (comma-separated, header, pandas' missing
/// markers such as `NA` and empty fields, ISO dates parsed).
pub fn read_csv(path: impl AsRef<Path>) -> Result<DataFrame> {
    read_csv_with(path, &CsvOptions::new())
}

/// Reads a CSV file with the given options.
///
/// ```
/// use sdia::prelude::*;
///
/// let path = std::env::temp_dir().join(format!("sdia-doc-{}.csv", std::process::id()));
/// std::fs::write(&path, "ville;temp\nParis;12,5\nLyon;NA\n").unwrap();
/// let df = read_csv_with(&path, &CsvOptions::new().separator(';').decimal_comma(true)).unwrap();
/// assert_eq!(df.column("temp").unwrap().f64().unwrap().get(0), Some(12.5));
/// assert_eq!(df.column("temp").unwrap().null_count(), 1);
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn read_csv_with(path: impl AsRef<Path>, options: &CsvOptions) -> Result<DataFrame> {
    let path = path.as_ref();
    existing_file(path)?;
    let df = options
        .to_polars()?
        .try_into_reader_with_file_path(Some(PathBuf::from(path)))
        .and_then(|reader| reader.finish())
        .map_err(|e| io_error(path, e))?;
    let df = restore_missing(df, &options.null_values, options.decimal_comma)?;
    if options.parse_dates {
        parse_iso_dates(df)
    } else {
        Ok(df)
    }
}

/// Writes a frame as CSV (comma-separated, header line, ISO dates).
pub fn write_csv(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut df = df.clone();
    write_atomically(path, |file| {
        CsvWriter::new(file)
            .finish(&mut df)
            .map_err(|e| io_error(path, e))
    })
}

/// Reads a Parquet file.
pub fn read_parquet(path: impl AsRef<Path>) -> Result<DataFrame> {
    let path = path.as_ref();
    existing_file(path)?;
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    ParquetReader::new(file)
        .finish()
        .map_err(|e| io_error(path, e))
}

/// Writes a frame as a Parquet file (zstd-compressed columns, types kept exactly).
pub fn write_parquet(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut df = df.clone();
    write_atomically(path, |file| {
        ParquetWriter::new(file)
            .finish(&mut df)
            .map(|_| ())
            .map_err(|e| io_error(path, e))
    })
}

/// Reads a JSON file: an array of records (`[{"a": 1}, …]`) or one record per line (NDJSON).
pub fn read_json(path: impl AsRef<Path>) -> Result<DataFrame> {
    let path = path.as_ref();
    existing_file(path)?;
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let format = match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => JsonFormat::Json,
        Some(b'{') => JsonFormat::JsonLines,
        _ => {
            return Err(io_error(
                path,
                "not JSON records: expected an array of objects or one object per line \
                 (for an API payload with the records inside, use json_records)",
            ));
        }
    };
    JsonReader::new(Cursor::new(bytes))
        .with_json_format(format)
        .finish()
        .map_err(|e| io_error(path, e))
}

/// The records of a JSON document held in a string — typically a web API's answer — as a
/// frame. `pointer` says where the array of records is, as a JSON pointer (`""` for a document
/// that is the array itself, `"/records"`, `"/data/items"`…). Nested objects become struct
/// columns.
///
/// ```
/// use sdia::prelude::*;
///
/// let payload = r#"{"station": "Lyon", "records": [{"t": 12.5, "ok": true}, {"t": 13.0, "ok": false}]}"#;
/// let df = json_records(payload, "/records").unwrap();
/// assert_eq!(df.shape(), (2, 2));
/// assert!(json_records(payload, "/nothing").unwrap_err().to_string().contains("/nothing"));
/// ```
pub fn json_records(text: &str, pointer: &str) -> Result<DataFrame> {
    let document: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| SdiaError::InvalidInput(format!("the text is not valid JSON: {e}")))?;
    let records = document.pointer(pointer).ok_or_else(|| {
        let keys = match &document {
            serde_json::Value::Object(map) => map.keys().cloned().collect::<Vec<_>>().join(", "),
            _ => String::from("(the document is not an object)"),
        };
        SdiaError::InvalidInput(format!(
            "nothing at JSON pointer '{pointer}'; top-level keys: {keys}"
        ))
    })?;
    let serde_json::Value::Array(items) = records else {
        return Err(SdiaError::InvalidInput(format!(
            "the value at '{pointer}' is not an array of records"
        )));
    };
    if items.is_empty() {
        return Err(SdiaError::Empty(format!("the array at '{pointer}'")));
    }
    if !items.iter().all(|v| v.is_object()) {
        return Err(SdiaError::InvalidInput(format!(
            "the array at '{pointer}' holds something else than records (objects)"
        )));
    }
    let bytes = serde_json::to_vec(records)
        .map_err(|e| SdiaError::InvalidInput(format!("could not re-encode the records: {e}")))?;
    Ok(JsonReader::new(Cursor::new(bytes))
        .with_json_format(JsonFormat::Json)
        .finish()?)
}

/// Writes a frame as a JSON array of records.
pub fn write_json(df: &DataFrame, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let mut df = df.clone();
    write_atomically(path, |file| {
        JsonWriter::new(file)
            .with_json_format(JsonFormat::Json)
            .finish(&mut df)
            .map_err(|e| io_error(path, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sdia-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn csv_round_trip_keeps_values_and_reads_pandas_null_markers() {
        let path = temp("a.csv");
        std::fs::write(&path, "a,b,d\n1,NA,2024-01-31\n2,x,N/A\n").unwrap();
        let df = read_csv(&path).unwrap();
        assert_eq!(df.column("b").unwrap().null_count(), 1);
        assert_eq!(df.column("d").unwrap().dtype(), &DataType::Date);
        assert_eq!(df.column("d").unwrap().null_count(), 1);
        let out = temp("b.csv");
        write_csv(&df, &out).unwrap();
        assert!(read_csv(&out).unwrap().equals_missing(&df));
    }

    #[test]
    fn markers_in_number_columns_give_numbers_and_odd_dates_stay_text() {
        let path = temp("m.csv");
        std::fs::write(
            &path,
            "n,f,t,d,s\n12,1.5,a,2024-01-31 10:00:00,2024-01-31\nNA,N/A,NA,2024-02-01 11:30:00,soon\n13,2,b,,\n",
        )
        .unwrap();
        let df = read_csv(&path).unwrap();
        assert_eq!(df.column("n").unwrap().dtype(), &DataType::Int64);
        assert_eq!(df.column("f").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("t").unwrap().dtype(), &DataType::String);
        assert_eq!(df.column("t").unwrap().null_count(), 1);
        assert!(matches!(
            df.column("d").unwrap().dtype(),
            DataType::Datetime(_, _)
        ));
        assert_eq!(df.column("s").unwrap().dtype(), &DataType::String);
        let raw = read_csv_with(
            &path,
            &CsvOptions::new().null_values(&[]).parse_dates(false),
        )
        .unwrap();
        assert_eq!(raw.column("n").unwrap().dtype(), &DataType::String);
    }

    #[test]
    fn missing_file_and_bad_options_are_clear_errors() {
        let e = read_csv("/nonexistent/x.csv").unwrap_err().to_string();
        assert!(
            e.contains("/nonexistent/x.csv") && e.contains("no such file"),
            "{e}"
        );
        let e = read_csv_with(temp("a.csv"), &CsvOptions::new().decimal_comma(true))
            .unwrap_err()
            .to_string();
        assert!(e.contains("separator"), "{e}");
    }

    #[test]
    fn json_files_array_and_lines() {
        let array = temp("a.json");
        std::fs::write(&array, r#"[{"a": 1, "b": "x"}, {"a": 2, "b": null}]"#).unwrap();
        let lines = temp("b.json");
        std::fs::write(
            &lines,
            "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": null}\n",
        )
        .unwrap();
        let from_array = read_json(&array).unwrap();
        assert_eq!(from_array.shape(), (2, 2));
        assert!(from_array.equals_missing(&read_json(&lines).unwrap()));
        let out = temp("c.json");
        write_json(&from_array, &out).unwrap();
        assert!(read_json(&out).unwrap().equals_missing(&from_array));
    }

    #[test]
    fn api_payload_errors_say_what_is_wrong() {
        assert!(
            json_records("{oops", "")
                .unwrap_err()
                .to_string()
                .contains("not valid JSON")
        );
        let e = json_records(r#"{"data": 3}"#, "/data")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not an array"), "{e}");
        let e = json_records(r#"{"data": []}"#, "/data")
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty"), "{e}");
    }

    #[test]
    fn failed_write_leaves_no_file() {
        let e = write_csv(&df!("a" => [1]).unwrap(), "/nonexistent-dir/x.csv");
        assert!(e.is_err());
        assert!(!Path::new("/nonexistent-dir/x.csv").exists());
    }
}

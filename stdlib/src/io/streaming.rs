//! Data larger than memory, on one machine: lazy scans of CSV and Parquet files or whole
//! folders, run by polars' streaming engine, which reads the files in batches and keeps only
//! what the query needs (a group-by's groups, a filter's rows) in memory.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let dir = std::env::temp_dir().join(format!("sdia-doc-stream-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! for month in 1..=3 {
//!     let df = df!("station" => ["Gare", "Port", "Gare"],
//!                  "trajets" => [10 * month, 5, 1]).unwrap();
//!     write_csv(&df, dir.join(format!("mois-{month}.csv"))).unwrap();
//! }
//! // Every CSV file of the folder, one query, never the whole data in memory at once.
//! let totals = scan_csv(&dir).unwrap()
//!     .group_by([col("station")])
//!     .agg([col("trajets").sum()])
//!     .sort(["station"], Default::default())
//!     .collect_streaming()
//!     .unwrap();
//! assert_eq!(totals.column("trajets").unwrap().i64().unwrap().get(0), Some(60 + 3)); // Gare
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use super::files::CsvOptions;
use super::{io_error, write_through_temporary};
use crate::error::Result;
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// A lazy scan of CSV data: one file, every `.csv` file under a folder (sub-folders included,
/// all with the same columns), or a glob pattern such as `"data/2024-*.csv"`. Nothing is read
/// until the query is collected; [`Streaming::collect_streaming`] then reads it in batches.
///
/// The default [`CsvOptions`] apply (comma-separated, header line, pandas' missing markers,
/// ISO dates parsed); [`scan_csv_with`] takes others.
pub fn scan_csv(path: impl AsRef<Path>) -> Result<LazyFrame> {
    scan_csv_with(path, &CsvOptions::new())
}

/// [`scan_csv`] with the given options (separator, decimal comma, missing markers…).
///
/// ```
/// use sdia::prelude::*;
///
/// let path = std::env::temp_dir().join(format!("sdia-doc-scan-{}.csv", std::process::id()));
/// std::fs::write(&path, "ville;temp\nParis;12,5\nLyon;NA\nLille;9,0\n").unwrap();
/// let options = CsvOptions::new().separator(';').decimal_comma(true);
/// let mean = scan_csv_with(&path, &options).unwrap()
///     .select([col("temp").mean()])
///     .collect_streaming()
///     .unwrap();
/// assert_eq!(mean.column("temp").unwrap().f64().unwrap().get(0), Some(10.75));
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn scan_csv_with(path: impl AsRef<Path>, options: &CsvOptions) -> Result<LazyFrame> {
    let path = path.as_ref();
    let source = Source::find(path, "csv")?;
    options
        .lazy_reader(PlRefPath::new(source.pattern()), source.is_pattern())?
        .finish()
        .map_err(|e| io_error(path, e))
}

/// A lazy scan of Parquet data: one file, every `.parquet` file under a folder (a partitioned
/// dataset's `annee=2024/` folder names become columns, as with [`super::scan_partitioned`]),
/// or a glob pattern. Filters and column selections reach the reader, which then skips row
/// groups and columns it does not need.
///
/// ```
/// use sdia::prelude::*;
///
/// let path = std::env::temp_dir().join(format!("sdia-doc-scan-{}.parquet", std::process::id()));
/// write_parquet(&df!("x" => [1.0, 2.0, 3.0, 4.0]).unwrap(), &path).unwrap();
/// let big = scan_parquet(&path).unwrap().filter(col("x").gt(lit(2.5))).collect_streaming().unwrap();
/// assert_eq!(big.height(), 2);
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn scan_parquet(path: impl AsRef<Path>) -> Result<LazyFrame> {
    let path = path.as_ref();
    let source = Source::find(path, "parquet")?;
    let args = ScanArgsParquet {
        hive_options: HiveOptions::new_enabled(),
        glob: source.is_pattern(),
        ..Default::default()
    };
    LazyFrame::scan_parquet(PlRefPath::new(source.pattern()), args).map_err(|e| io_error(path, e))
}

/// Where a scan reads: one file, or a glob pattern (a folder becomes `folder/**/*.ext`).
enum Source {
    File(PathBuf),
    Pattern(String),
}

impl Source {
    fn find(path: &Path, extension: &str) -> Result<Source> {
        let text = path.display().to_string();
        if text.contains(['*', '?', '[']) {
            return Ok(Source::Pattern(text));
        }
        if path.is_file() {
            return Ok(Source::File(path.to_path_buf()));
        }
        if !path.is_dir() {
            return Err(super::not_found(path, "file or folder"));
        }
        if !holds_file_with_extension(path, extension) {
            return Err(io_error(
                path,
                format!(
                    "the folder holds no .{extension} file (sub-folders included): give a \
                     folder of .{extension} files, one file, or a pattern such as \
                     \"{}/*.{extension}\"",
                    path.display()
                ),
            ));
        }
        Ok(Source::Pattern(
            path.join(format!("**/*.{extension}")).display().to_string(),
        ))
    }

    fn pattern(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Pattern(pattern) => pattern.clone(),
        }
    }

    fn is_pattern(&self) -> bool {
        matches!(self, Source::Pattern(_))
    }
}

/// Whether `dir` or one of its sub-folders holds a file named `*.extension` (hidden files and
/// folders, such as a writer's `.name.tmp`, are not counted).
fn holds_file_with_extension(dir: &Path, extension: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|entry| {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            false
        } else if path.is_dir() {
            holds_file_with_extension(&path, extension)
        } else {
            path.extension().is_some_and(|e| e == extension)
        }
    })
}

/// Running a lazy query with polars' streaming engine: the data flows through in batches, so a
/// query over files larger than memory works as long as its *result* fits.
///
/// Implemented for polars' `LazyFrame`, so `scan_parquet(…)?.group_by(…).agg(…)` ends with
/// `.collect_streaming()?` where an in-memory query ends with `.collect()?`.
pub trait Streaming {
    /// Runs the query in batches and returns its result as a frame.
    fn collect_streaming(self) -> Result<DataFrame>;

    /// Runs the query in batches and writes its result to a Parquet file without holding it in
    /// memory (for a result as large as the input: a filtered or converted copy). The file
    /// appears only once complete: an error leaves no half-written file. Returns the number of
    /// rows written.
    fn sink_parquet(self, path: impl AsRef<Path>) -> Result<u64>;

    /// As [`Streaming::sink_parquet`], to a CSV file (comma-separated, header line).
    fn sink_csv(self, path: impl AsRef<Path>) -> Result<u64>;
}

impl Streaming for LazyFrame {
    fn collect_streaming(self) -> Result<DataFrame> {
        Ok(self.collect_with_engine(Engine::Streaming)?.unwrap_single())
    }

    fn sink_parquet(self, path: impl AsRef<Path>) -> Result<u64> {
        let format = FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions::default()));
        sink(self, path.as_ref(), format)
    }

    fn sink_csv(self, path: impl AsRef<Path>) -> Result<u64> {
        sink(
            self,
            path.as_ref(),
            FileWriteFormat::Csv(CsvWriterOptions::default()),
        )
    }
}

/// Streams `query` into a temporary sibling of `path`, then renames it (as every writer of the
/// library does); the rows written are counted from the finished file itself.
fn sink(query: LazyFrame, path: &Path, format: FileWriteFormat) -> Result<u64> {
    if path.is_dir() {
        return Err(io_error(
            path,
            "this is a folder: give a file name to write to",
        ));
    }
    let is_parquet = matches!(format, FileWriteFormat::Parquet(_));
    let mut rows = 0;
    write_through_temporary(path, |tmp| {
        let destination = SinkDestination::File {
            target: SinkTarget::Path(PlRefPath::new(tmp.display().to_string())),
        };
        let args = UnifiedSinkArgs {
            sync_on_close: polars::io::utils::sync_on_close::SyncOnCloseType::All,
            ..Default::default()
        };
        query
            .sink(destination, format, args)
            .and_then(|plan| plan.collect_with_engine(Engine::Streaming))
            .and_then(|_| count_rows(tmp, is_parquet))
            .map(|n| rows = n)
            .map_err(|e| io_error(path, e))
    })?;
    Ok(rows)
}

/// Rows of a written file, read from Parquet's footer or by a streaming count of CSV lines.
fn count_rows(path: &Path, is_parquet: bool) -> PolarsResult<u64> {
    let source = PlRefPath::new(path.display().to_string());
    let scan = if is_parquet {
        LazyFrame::scan_parquet(source, ScanArgsParquet::default())?
    } else {
        LazyCsvReader::new(source).with_has_header(true).finish()?
    };
    let counted = scan
        .select([len()])
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single();
    let rows = counted.column("len")?.cast(&DataType::UInt64)?;
    Ok(rows.u64()?.get(0).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{read_csv_with, read_parquet, write_csv, write_parquet};

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sdia-stream-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn sorted(df: DataFrame, by: &str) -> DataFrame {
        df.lazy().sort([by], Default::default()).collect().unwrap()
    }

    #[test]
    fn a_folder_of_csv_files_scans_as_one_frame_read_with_the_same_types_as_read_csv() {
        let dir = temp("csv");
        std::fs::create_dir_all(dir.join("2024")).unwrap();
        let text_a = "jour;ville;temp;pluie\n2024-01-02;Paris;12,5;NA\n2024-01-03;Lyon;n/a;3\n";
        let text_b = "jour;ville;temp;pluie\n2024-02-01;Lille;9,0;1\n";
        std::fs::write(dir.join("a.csv"), text_a).unwrap();
        std::fs::write(dir.join("2024").join("b.csv"), text_b).unwrap();
        std::fs::write(dir.join("notes.txt"), "not data").unwrap();
        let options = CsvOptions::new().separator(';').decimal_comma(true);
        let scanned = sorted(
            scan_csv_with(&dir, &options)
                .unwrap()
                .collect_streaming()
                .unwrap(),
            "jour",
        );
        assert_eq!(scanned.height(), 3);
        let a = read_csv_with(dir.join("a.csv"), &options).unwrap();
        let b = read_csv_with(dir.join("2024").join("b.csv"), &options).unwrap();
        let expected = sorted(a.vstack(&b).unwrap(), "jour");
        assert_eq!(
            scanned.schema(),
            expected.schema(),
            "same types as read_csv_with"
        );
        assert!(scanned.equals_missing(&expected), "{scanned}\n{expected}");
        assert_eq!(scanned.column("jour").unwrap().dtype(), &DataType::Date);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn parquet_folders_and_patterns_scan_every_part() {
        let dir = temp("parquet");
        for part in 0..3 {
            let df = df!("k" => [part, part], "v" => [1.0, 2.0]).unwrap();
            write_parquet(&df, dir.join(format!("part-{part}.parquet"))).unwrap();
        }
        let all = scan_parquet(&dir).unwrap().collect_streaming().unwrap();
        assert_eq!(all.height(), 6);
        let pattern = dir.join("part-[01].parquet");
        let two = scan_parquet(&pattern).unwrap().collect_streaming().unwrap();
        assert_eq!(two.height(), 4);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn error_of(scan: Result<LazyFrame>) -> String {
        match scan {
            Ok(_) => panic!("the scan should have failed"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn missing_paths_and_folders_without_data_say_what_to_give() {
        let dir = temp("empty");
        std::fs::write(dir.join("readme.txt"), "nothing").unwrap();
        let message = error_of(scan_parquet(&dir));
        assert!(message.contains("holds no .parquet file"), "{message}");
        let message = error_of(scan_csv(dir.join("absent")));
        assert!(message.contains("no such file or folder"), "{message}");
        let bad = CsvOptions::new().decimal_comma(true);
        let message = error_of(scan_csv_with(dir.join("readme.txt"), &bad));
        assert!(message.contains("separator(';')"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sinks_write_the_whole_result_and_count_its_rows() {
        let dir = temp("sink");
        let df = df!("x" => (0..10_000).collect::<Vec<i64>>()).unwrap();
        let source = dir.join("in.parquet");
        write_parquet(&df, &source).unwrap();
        let query = || {
            scan_parquet(&source)
                .unwrap()
                .filter(col("x").gt_eq(lit(2_500)))
        };
        let rows = query().sink_parquet(dir.join("out.parquet")).unwrap();
        assert_eq!(rows, 7_500);
        let back = read_parquet(dir.join("out.parquet")).unwrap();
        assert!(back.equals(&df.slice(2_500, 7_500)));
        assert_eq!(query().sink_csv(dir.join("out.csv")).unwrap(), 7_500);
        let text = std::fs::read_to_string(dir.join("out.csv")).unwrap();
        assert_eq!(text.lines().count(), 7_501, "header and one line per row");
        // Only the two results are left: no temporary file.
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_sink_leaves_neither_the_file_nor_a_temporary_one() {
        let dir = temp("fail");
        write_csv(&df!("x" => ["a", "b"]).unwrap(), dir.join("in.csv")).unwrap();
        let query = scan_csv(dir.join("in.csv"))
            .unwrap()
            .select([col("x").strict_cast(DataType::Int64)]);
        let error = query.sink_parquet(dir.join("out.parquet")).unwrap_err();
        assert!(error.to_string().contains("out.parquet"), "{error}");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["in.csv"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

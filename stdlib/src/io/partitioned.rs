//! Partitioned Parquet datasets (one folder per value of the partition columns, the "hive"
//! layout that Spark, pandas/pyarrow and polars share), scanned lazily, and SQL over frames.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let dir = std::env::temp_dir().join(format!("sdia-doc-part-{}", std::process::id()));
//! let df = df!("annee" => [2023, 2023, 2024], "ventes" => [10.0, 12.0, 15.0]).unwrap();
//! let files = write_partitioned(&df, &dir, &["annee"]).unwrap();
//! assert_eq!(files.height(), 2); // annee=2023/ and annee=2024/
//! let recent = scan_partitioned(&dir).unwrap()
//!     .filter(col("annee").eq(lit(2024)))
//!     .collect().unwrap();
//! assert_eq!(recent.height(), 1);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use super::io_error;
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use polars::prelude::*;
use std::path::Path;

/// A partition value as a folder-name fragment: unsafe characters percent-encoded, missing
/// values under Hive's conventional name.
fn encode_value(value: &AnyValue) -> String {
    let text = match value {
        AnyValue::Null => return "__HIVE_DEFAULT_PARTITION__".into(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    };
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Writes `df` as a partitioned Parquet dataset under `dir`: one sub-folder per combination of
/// values of the `by` columns (`annee=2024/region=Nord/part-0.parquet`), the partition columns
/// themselves stored in the folder names. `dir` must not exist yet, or be empty. Returns one row
/// per file written: `path`, `rows`, `bytes`.
///
/// The dataset is written in a temporary folder that is renamed at the end: an error leaves no
/// half-written dataset.
pub fn write_partitioned(
    df: &DataFrame,
    dir: impl AsRef<Path>,
    by: impl ColumnNames,
) -> Result<DataFrame> {
    let by = by.names();
    let by = by.as_slice();
    let dir = dir.as_ref();
    if by.is_empty() {
        return Err(SdiaError::InvalidInput(
            "give at least one partition column (e.g. &[\"annee\"])".into(),
        ));
    }
    frame::require_columns(df, by)?;
    frame::require_rows(df, "the frame to write")?;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| io_error(dir, e))?
            .next()
            .is_none();
        if !empty {
            return Err(io_error(
                dir,
                "the folder exists and is not empty: choose a new folder, or delete this one",
            ));
        }
        std::fs::remove_dir(dir).map_err(|e| io_error(dir, e))?;
    }
    let name = dir
        .file_name()
        .ok_or_else(|| io_error(dir, "not a folder path"))?
        .to_string_lossy()
        .to_string();
    let staging = dir.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = write_parts(df, &staging, by);
    match written {
        Ok(mut files) => {
            std::fs::rename(&staging, dir).map_err(|e| io_error(dir, e))?;
            let paths: Vec<String> = files
                .column("path")?
                .str()?
                .iter()
                .map(|p| {
                    let relative = p.unwrap_or_default();
                    dir.join(relative).display().to_string()
                })
                .collect();
            files.with_column(Column::new("path".into(), paths))?;
            Ok(files)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn write_parts(df: &DataFrame, root: &Path, by: &[&str]) -> Result<DataFrame> {
    let parts = df.partition_by_stable(by.iter().copied(), true)?;
    let (mut paths, mut rows, mut bytes) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        let mut folder = std::path::PathBuf::new();
        for key in by {
            let value = part.column(key)?.get(0)?;
            folder.push(format!("{key}={}", encode_value(&value)));
        }
        let full = root.join(&folder);
        std::fs::create_dir_all(&full).map_err(|e| io_error(&full, e))?;
        let file_path = full.join("part-0.parquet");
        let mut data = part.drop_many(by.iter().copied());
        let file = std::fs::File::create(&file_path).map_err(|e| io_error(&file_path, e))?;
        ParquetWriter::new(file)
            .finish(&mut data)
            .map_err(|e| io_error(&file_path, e))?;
        let size = std::fs::metadata(&file_path)
            .map_err(|e| io_error(&file_path, e))?
            .len();
        paths.push(folder.join("part-0.parquet").display().to_string());
        rows.push(data.height() as u64);
        bytes.push(size);
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("path".into(), paths),
        Column::new("rows".into(), rows),
        Column::new("bytes".into(), bytes),
    ])?)
}

/// A lazy scan of a partitioned Parquet dataset (or of a single Parquet file): nothing is read
/// until `.collect()`, and filters on partition columns skip whole folders.
pub fn scan_partitioned(dir: impl AsRef<Path>) -> Result<LazyFrame> {
    super::scan_parquet(dir)
}

/// Runs an SQL query over frames, each registered under a table name; lazy frames (such as a
/// [`scan_partitioned`] dataset) are only read as far as the query needs.
///
/// ```
/// use sdia::prelude::*;
///
/// let ventes = df!("region" => ["Nord", "Sud", "Nord"], "montant" => [10.0, 20.0, 5.0]).unwrap();
/// let totals = sql(
///     "SELECT region, SUM(montant) AS total FROM ventes GROUP BY region ORDER BY region",
///     &[("ventes", ventes.lazy())],
/// ).unwrap();
/// assert_eq!(totals.column("total").unwrap().f64().unwrap().get(0), Some(15.0));
/// ```
pub fn sql(query: &str, tables: &[(&str, LazyFrame)]) -> Result<DataFrame> {
    let mut context = polars::sql::SQLContext::new();
    for (name, frame) in tables {
        context.register(name, frame.clone());
    }
    context
        .execute(query)
        .and_then(|lazy| lazy.collect())
        .map_err(|e| SdiaError::Sql(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("sdia-part-{}-{name}", std::process::id()))
    }

    #[test]
    fn partitions_round_trip_with_awkward_values() {
        let dir = temp("a");
        let df = df!(
            "region" => [Some("Île/Nord"), Some("Sud"), None, Some("Sud")],
            "v" => [1.0, 2.0, 3.0, 4.0]
        )
        .unwrap();
        let files = write_partitioned(&df, &dir, &["region"]).unwrap();
        assert_eq!(files.height(), 3);
        let back = scan_partitioned(&dir)
            .unwrap()
            .sort(["v"], Default::default())
            .collect()
            .unwrap();
        assert_eq!(back.height(), 4);
        let v: Vec<Option<f64>> = back.column("v").unwrap().f64().unwrap().iter().collect();
        assert_eq!(v, vec![Some(1.0), Some(2.0), Some(3.0), Some(4.0)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_non_empty_folders_and_unknown_columns() {
        let dir = temp("b");
        let df = df!("k" => [1], "v" => [2]).unwrap();
        write_partitioned(&df, &dir, &["k"]).unwrap();
        let e = write_partitioned(&df, &dir, &["k"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("not empty"), "{e}");
        let e = write_partitioned(&df, temp("c"), &["nope"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("'nope' not found"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sql_errors_are_reported() {
        let e = sql("SELECT * FROM missing", &[]).unwrap_err().to_string();
        assert!(e.starts_with("SQL error"), "{e}");
    }
}

//! Data in and out: files ([`files`]: CSV, Parquet, JSON and API payloads), an embedded SQL
//! database ([`sqlite`]), partitioned Parquet queried lazily or with SQL ([`partitioned`]),
//! files and folders larger than memory scanned and streamed ([`streaming`]), and the course
//! datasets bundled with the library ([`datasets`]).

pub mod datasets;
pub mod files;
pub mod partitioned;
pub mod sqlite;
pub mod streaming;

pub use datasets::{dataset, datasets};
pub use files::{
    CsvOptions, json_records, read_csv, read_csv_with, read_json, read_parquet, write_csv,
    write_json, write_parquet,
};
pub use partitioned::{scan_partitioned, sql, write_partitioned};
pub use sqlite::{Database, IfExists};
pub use streaming::{Streaming, scan_csv, scan_csv_with, scan_parquet};

use crate::error::{Result, SdiaError};
use std::path::Path;

/// An I/O error as an [`SdiaError`] naming the path.
pub(crate) fn io_error(path: &Path, e: impl std::fmt::Display) -> SdiaError {
    SdiaError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// "no such file" for `path`, saying which folder a relative path was looked up from.
pub(crate) fn not_found(path: &Path, what: &str) -> SdiaError {
    match std::env::current_dir() {
        Ok(dir) => io_error(
            path,
            format!("no such {what} (looked from {})", dir.display()),
        ),
        Err(_) => io_error(path, format!("no such {what}")),
    }
}

/// Writes a file through a temporary sibling and a rename, so that the target is never left
/// half-written (a crash or an error leaves the old file, or none).
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    write_through_temporary(path, |tmp| {
        let mut file = std::fs::File::create(tmp).map_err(|e| io_error(path, e))?;
        write(&mut file)?;
        file.sync_all().map_err(|e| io_error(path, e))
    })
}

/// Runs `write` on the path of a temporary sibling of `path` (`.name.<pid>.tmp`, hidden), then
/// renames it to `path`; on an error the temporary file is removed and `path` left untouched.
/// For writers that open the file themselves (polars' streaming sinks).
pub(crate) fn write_through_temporary(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let file_name = path
        .file_name()
        .ok_or_else(|| io_error(path, "not a file path"))?
        .to_string_lossy()
        .to_string();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    match write(&tmp) {
        Ok(()) => std::fs::rename(&tmp, path).map_err(|e| io_error(path, e)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

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
    let file_name = file_name(path)?;
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .map_err(|e| io_error(path, e))
        .and_then(|mut file| {
            write(&mut file)?;
            file.sync_all().map_err(|e| io_error(path, e))
        })
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| io_error(path, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Runs `write` on a path inside a private temporary folder next to `path`
/// (`.name.<pid>.sink/name`, hidden), then renames the file to `path` and removes the folder;
/// on an error the folder is removed and `path` left untouched. For writers that open the file
/// themselves (polars' streaming sinks), whose worker threads may still create the file just
/// after the error is returned: once the folder is gone, such a late creation fails instead
/// of leaving a stray file.
pub(crate) fn write_through_temporary(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let file_name = file_name(path)?;
    let folder = path.with_file_name(format!(".{file_name}.{}.sink", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|e| io_error(path, e))?;
    let tmp = folder.join(&file_name);
    let written =
        write(&tmp).and_then(|()| std::fs::rename(&tmp, path).map_err(|e| io_error(path, e)));
    remove_folder(&folder);
    written
}

/// The last component of a path to write to, or an error if there is none (`..`, `/`).
fn file_name(path: &Path) -> Result<String> {
    Ok(path
        .file_name()
        .ok_or_else(|| io_error(path, "not a file path"))?
        .to_string_lossy()
        .to_string())
}

/// Removes a temporary folder, retrying while another thread still adds to it (up to 2 s).
fn remove_folder(folder: &Path) {
    for _ in 0..200 {
        match std::fs::remove_dir_all(folder) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            _ => return,
        }
    }
}

//! The crate the analysis loads: one per session, in its build directory, depending on the
//! course library's sources (so rust-analyzer sees sdia, polars and std as a cell does), and
//! never built: only read by `cargo metadata` and rust-analyzer.

use ra_ap_ide::{AnalysisHost, FileId};
use ra_ap_load_cargo::{LoadCargoConfig, ProcMacroServerChoice};
use ra_ap_paths::AbsPathBuf;
use ra_ap_project_model::{CargoConfig, RustLibSource};
use std::path::{Path, PathBuf};

/// The library's sources, as recorded when the kernel was built.
fn library_sources() -> Option<PathBuf> {
    let stdlib = PathBuf::from(env!("SDIA_STDLIB_DIR"));
    stdlib.join("Cargo.toml").is_file().then_some(stdlib)
}

/// Writes the analysis crate under `dir`; returns the path of its `src/lib.rs`.
pub fn write(dir: &Path) -> Result<PathBuf, String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let dependency = match library_sources() {
        Some(stdlib) => format!("sdia = {{ path = {:?} }}\n", stdlib.display().to_string()),
        None => String::new(),
    };
    let manifest = format!(
        "[package]\nname = \"sdia_session\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{dependency}\n[workspace]\n"
    );
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    // The versions the library was built with (else cargo would resolve afresh, offline).
    let lock = PathBuf::from(env!("SDIA_WORKSPACE_LOCK"));
    if lock.is_file() {
        let _ = std::fs::copy(&lock, dir.join("Cargo.lock"));
    }
    let lib = src.join("lib.rs");
    write(lib.clone(), "")?;
    Ok(lib)
}

/// Loads the crate at `dir` (its `src/lib.rs` is `lib`): cargo metadata, then every source file
/// of the crate graph. Takes seconds; run it off the shell thread.
pub fn load(dir: &Path, lib: &Path) -> Result<(AnalysisHost, FileId), String> {
    let cargo = CargoConfig {
        sysroot: Some(RustLibSource::Discover),
        ..CargoConfig::default()
    };
    let load = LoadCargoConfig {
        load_out_dirs_from_check: false,
        with_proc_macro_server: ProcMacroServerChoice::None,
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let (db, vfs, _) = ra_ap_load_cargo::load_workspace_at(dir, &cargo, &load, &|_| {})
        .map_err(|e| format!("cannot load the analysis workspace: {e}"))?;
    let path = AbsPathBuf::assert_utf8(lib.to_path_buf());
    let (file, _) = vfs
        .file_id(&path.into())
        .ok_or_else(|| format!("{} is not in the analysis workspace", lib.display()))?;
    Ok((AnalysisHost::with_database(db), file))
}

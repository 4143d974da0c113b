//! The crate the analysis loads: one per session, in its build directory, depending on the
//! course library's sources (so rust-analyzer sees sdia, polars and std as a cell does), and
//! never built: only read by `cargo metadata` and rust-analyzer.

use ra_ap_ide::{AnalysisHost, FileId};
use ra_ap_load_cargo::{LoadCargoConfig, ProcMacroServerChoice};
use ra_ap_paths::AbsPathBuf;
use ra_ap_project_model::{CargoConfig, RustLibSource};
use std::path::{Path, PathBuf};

/// The library's sources and the lock file of the versions it was built with: the copy
/// install.sh keeps in `$SDIA_HOME/source` (the kernel must not depend on the repository it was
/// built from staying where it was), else the repository's, as recorded when the kernel was built.
fn library_sources() -> Option<(PathBuf, PathBuf)> {
    let installed = crate::rust::library::sdia_home().join("source");
    let built_from = PathBuf::from(env!("SDIA_STDLIB_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    [installed, built_from]
        .into_iter()
        .map(|root| (root.join("stdlib"), root.join("Cargo.lock")))
        .find(|(stdlib, lock)| stdlib.join("Cargo.toml").is_file() && lock.is_file())
}

/// Writes the analysis crate under `dir`; returns the path of its `src/lib.rs`.
pub fn write(dir: &Path) -> Result<PathBuf, String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let (stdlib, lock) = library_sources().ok_or_else(|| {
        format!(
            "the library's sources are not in {} (run ./install.sh)",
            crate::rust::library::sdia_home().join("source").display()
        )
    })?;
    let dependency = format!("sdia = {{ path = {:?} }}\n", stdlib.display().to_string());
    let manifest = format!(
        "[package]\nname = \"sdia_session\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{dependency}\n[workspace]\n"
    );
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(dir.join("Cargo.toml"), &manifest)?;
    // The versions the library was built with (else cargo would resolve afresh, offline).
    std::fs::copy(&lock, dir.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    let lib = src.join("lib.rs");
    write(lib.clone(), "")?;
    Ok(lib)
}

/// Loads the crate at `dir` (its `src/lib.rs` is `lib`): cargo metadata, then every source file
/// of the crate graph, then leaves out the crates a cell cannot see (`scope`); returns the host,
/// the file's id and what was left out, for the log. Takes seconds; run it off the shell thread.
pub fn load(dir: &Path, lib: &Path) -> Result<(AnalysisHost, FileId, String), String> {
    // std's sources: the process's RUST_SRC_PATH is evcxr's empty one (see `prepare_environment`).
    let cargo = CargoConfig {
        sysroot: Some(RustLibSource::Discover),
        sysroot_src: crate::rust::library::rust_src_path()
            .and_then(|path| AbsPathBuf::try_from(path.to_string_lossy().as_ref()).ok()),
        ..CargoConfig::default()
    };
    let load = LoadCargoConfig {
        load_out_dirs_from_check: false,
        with_proc_macro_server: ProcMacroServerChoice::None,
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let (mut db, vfs, _) = ra_ap_load_cargo::load_workspace_at(dir, &cargo, &load, &|_| {})
        .map_err(|e| format!("cannot load the analysis workspace: {e}"))?;
    let path = AbsPathBuf::assert_utf8(lib.to_path_buf());
    let (file, _) = vfs
        .file_id(&path.into())
        .ok_or_else(|| format!("{} is not in the analysis workspace", lib.display()))?;
    let (seen, loaded) = super::scope::trim(&mut db);
    let scope = format!("{seen} of {loaded} crates seen");
    Ok((AnalysisHost::with_database(db), file, scope))
}

//! Where the prebuilt course library lives, and the build settings that let a cell link
//! against it without cargo walking polars' dependency graph.
//!
//! install.sh builds `sdia` once as a dylib (`-Cprefer-dynamic`, release) into
//! `$SDIA_HOME/target/release`. A cell is then a crate with no dependencies, compiled at
//! opt-level 0 with `--extern sdia=<libsdia.so> -L dependency=<deps>`.

use std::path::{Path, PathBuf};

/// The prebuilt library and its dependencies' metadata.
#[derive(Debug, Clone)]
pub struct Library {
    /// `libsdia.so`.
    pub dylib: PathBuf,
    /// Directory with the dependencies' `.rlib`/`.rmeta` files.
    pub deps: PathBuf,
}

/// `$SDIA_HOME`, else `~/.local/share/sdia`.
pub fn sdia_home() -> PathBuf {
    if let Some(home) = std::env::var_os("SDIA_HOME") {
        return PathBuf::from(home);
    }
    let base = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    base.join(".local/share/sdia")
}

impl Library {
    /// The library under `home`, checked to exist.
    pub fn locate(home: &Path) -> Result<Library, String> {
        let release = home.join("target/release");
        let library = Library {
            dylib: release.join("libsdia.so"),
            deps: release.join("deps"),
        };
        if !library.dylib.is_file() {
            return Err(format!(
                "the sdia library is not built: {} is missing. Run ./install.sh from the \
                 sdia repository (or set SDIA_HOME to where it was built).",
                library.dylib.display()
            ));
        }
        Ok(library)
    }

    /// Rust flags for cell builds, in cargo's `CARGO_ENCODED_RUSTFLAGS` form (0x1f-separated),
    /// which cargo prefers over the `RUSTFLAGS` evcxr sets.
    pub fn encoded_rustflags(&self, use_lld: bool) -> String {
        let mut flags = vec![
            "-Cprefer-dynamic".to_string(),
            "--extern".to_string(),
            format!("sdia={}", self.dylib.display()),
            "-L".to_string(),
            format!("dependency={}", self.deps.display()),
            // "Unused" warnings are never shown for a cell that compiles, and one left by an
            // earlier cell (an unused parameter of a `todo!()` exercise) would otherwise be
            // reported as the failure of evcxr's type-finding build of a later cell.
            "-Aunused".to_string(),
            // rustc shortens long type names in its messages ("FittedPipeline<...>") unless the
            // terminal is wide; the kernel reads variables' types from those messages.
            "--diagnostic-width=100000".to_string(),
        ];
        if use_lld {
            flags.push("-Clink-arg=-fuse-ld=lld".to_string());
        }
        flags.join("\u{1f}")
    }
}

/// Whether the lld linker is installed (it links cells several times faster than ld).
pub fn lld_available() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("ld.lld").is_file()))
}

/// The directory holding the toolchain's `libstd-*.so`, needed by cells at run time: the one
/// recorded when the kernel was built, else asked of rustc (slower: a process on startup).
pub fn rustc_target_libdir() -> Option<PathBuf> {
    let recorded = PathBuf::from(env!("SDIA_RUSTC_TARGET_LIBDIR"));
    if recorded.is_dir() {
        return Some(recorded);
    }
    let output = std::process::Command::new("rustc")
        .args(["--print", "target-libdir"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

/// std's sources for the kernel's analysis: `SDIA_RUST_SRC_PATH` or `RUST_SRC_PATH` if the kernel
/// was started with one, else rustup's `rust-src` component, else Debian's `rust-web-src` (or
/// `rust-src`) package, `/usr/src/rustc-<version>/library`, the newest. None if none is installed.
pub fn rust_src_path() -> Option<PathBuf> {
    let has_core = |library: &Path| library.join("core/src/lib.rs").is_file();
    let given = ["SDIA_RUST_SRC_PATH", "RUST_SRC_PATH"]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from);
    if let Some(path) = given.into_iter().find(|path| has_core(path)) {
        return Some(path);
    }
    let rustup_src = rustc_target_libdir()?.join("../../src/rust/library");
    if has_core(&rustup_src) {
        return Some(rustup_src);
    }
    let mut found: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/src")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().to_string();
            let version = name.strip_prefix("rustc-")?;
            let library = entry.path().join("library");
            has_core(&library).then(|| {
                let numbers = version
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse().ok())
                    .collect();
                (numbers, library)
            })
        })
        .collect();
    found.sort();
    found.pop().map(|(_, library)| library)
}

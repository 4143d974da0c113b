//! Records facts about the toolchain that builds the kernel (and, through install.sh, the
//! library) so that the kernel does not spawn rustc on its startup path.

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let query = |args: &[&str]| -> String {
        std::process::Command::new(&rustc)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let version = query(&["--version"]);
    let version = version
        .split_whitespace()
        .nth(1)
        .unwrap_or("unknown")
        .to_string();
    println!("cargo:rustc-env=SDIA_RUSTC_VERSION={version}");
    println!(
        "cargo:rustc-env=SDIA_RUSTC_TARGET_LIBDIR={}",
        query(&["--print", "target-libdir"])
    );
    // The library's sources, for the kernel's analysis of cells when they are not installed in
    // $SDIA_HOME/source (a kernel run from the repository).
    let manifest_dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().unwrap_or(&manifest_dir);
    println!(
        "cargo:rustc-env=SDIA_STDLIB_DIR={}",
        root.join("stdlib").display()
    );
    println!("cargo:rerun-if-env-changed=RUSTC");
}

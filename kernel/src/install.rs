//! `sdia-kernel install`: writes the Jupyter kernelspec (kernel.json and logos).

use serde_json::json;
use std::path::{Path, PathBuf};

const LOGO_32: &[u8] = include_bytes!("../assets/logo-32x32.png");
const LOGO_64: &[u8] = include_bytes!("../assets/logo-64x64.png");

/// Name of the kernelspec directory (what `jupyter kernelspec list` shows).
pub const KERNEL_NAME: &str = "sdia";

fn data_dir(args: &[String]) -> anyhow::Result<PathBuf> {
    match args {
        [] => user_data_dir(),
        [flag] if flag == "--user" => user_data_dir(),
        [flag, prefix] if flag == "--prefix" => Ok(PathBuf::from(prefix).join("share/jupyter")),
        _ => anyhow::bail!("usage: sdia-kernel install [--user | --prefix DIR]"),
    }
}

fn user_data_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME").ok_or_else(|| anyhow::anyhow!("HOME is not set"))?;
    Ok(PathBuf::from(home).join(".local/share/jupyter"))
}

/// The kernelspec's kernel.json for the binary at `exe`.
pub fn kernel_json(exe: &Path) -> serde_json::Value {
    json!({
        "argv": [exe.to_string_lossy(), "--connection-file", "{connection_file}"],
        "display_name": "Rust (sdia)",
        "language": "rust",
        "interrupt_mode": "message",
        "env": {"SDIA_HOME": crate::rust::library::sdia_home().to_string_lossy()},
        "metadata": {"debugger": false},
    })
}

/// Installs the kernelspec; writes each file atomically (temporary file, then rename).
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let dir = data_dir(args)?.join("kernels").join(KERNEL_NAME);
    std::fs::create_dir_all(&dir)?;
    let exe = std::env::current_exe()?.canonicalize()?;
    let spec = serde_json::to_string_pretty(&kernel_json(&exe))?;
    write_atomic(&dir.join("kernel.json"), spec.as_bytes())?;
    write_atomic(&dir.join("logo-32x32.png"), LOGO_32)?;
    write_atomic(&dir.join("logo-64x64.png"), LOGO_64)?;
    println!("installed kernelspec {KERNEL_NAME} in {}", dir.display());
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

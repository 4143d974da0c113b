//! `sdia-kernel install`: writes the Jupyter kernelspec (kernel.json and logos).

use serde_json::json;
use std::path::{Path, PathBuf};

const LOGO_32: &[u8] = include_bytes!("../assets/logo-32x32.png");
const LOGO_64: &[u8] = include_bytes!("../assets/logo-64x64.png");

/// Name of the kernelspec directory (what `jupyter kernelspec list` shows).
pub const KERNEL_NAME: &str = "sdia";

const USAGE: &str = "usage: sdia-kernel install [--user | --prefix DIR] [--memory-limit SIZE]";

/// What `sdia-kernel install` was asked for.
#[derive(Debug)]
struct Options {
    data_dir: PathBuf,
    /// Written into kernel.json's env as `SDIA_MEMORY_LIMIT` (checked first).
    memory_limit: Option<String>,
}

fn options(args: &[String]) -> anyhow::Result<Options> {
    let mut data_dir = None;
    let mut memory_limit = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--user" => data_dir = Some(user_data_dir()?),
            "--prefix" => {
                let prefix = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--prefix needs a directory\n{USAGE}"))?;
                data_dir = Some(PathBuf::from(prefix).join("share/jupyter"));
            }
            "--memory-limit" => {
                let size = args.next().ok_or_else(|| {
                    anyhow::anyhow!("--memory-limit needs a size such as 4G or 512M\n{USAGE}")
                })?;
                crate::rust::memory::from_setting(size).map_err(|e| anyhow::anyhow!(e))?;
                memory_limit = Some(size.clone());
            }
            other => anyhow::bail!("unknown option {other:?}\n{USAGE}"),
        }
    }
    Ok(Options {
        data_dir: match data_dir {
            Some(dir) => dir,
            None => user_data_dir()?,
        },
        memory_limit,
    })
}

fn user_data_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME").ok_or_else(|| anyhow::anyhow!("HOME is not set"))?;
    Ok(PathBuf::from(home).join(".local/share/jupyter"))
}

/// The kernelspec's kernel.json for the binary at `exe`; `memory_limit` goes into its env as
/// `SDIA_MEMORY_LIMIT` (the cell process's limit; without it the kernel's default applies).
pub fn kernel_json(exe: &Path, memory_limit: Option<&str>) -> serde_json::Value {
    let mut env = json!({"SDIA_HOME": crate::rust::library::sdia_home().to_string_lossy()});
    if let Some(limit) = memory_limit {
        env[crate::rust::memory::VARIABLE] = json!(limit);
    }
    json!({
        "argv": [exe.to_string_lossy(), "--connection-file", "{connection_file}"],
        "display_name": "Rust (sdia)",
        "language": "rust",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"debugger": false},
    })
}

/// Installs the kernelspec; writes each file atomically (temporary file, then rename).
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let options = options(args)?;
    let dir = options.data_dir.join("kernels").join(KERNEL_NAME);
    std::fs::create_dir_all(&dir)?;
    let exe = std::env::current_exe()?.canonicalize()?;
    let spec = serde_json::to_string_pretty(&kernel_json(&exe, options.memory_limit.as_deref()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_memory_limit_goes_into_the_env() {
        let o = options(&args(&["--prefix", "/opt/x", "--memory-limit", "4G"])).unwrap();
        assert_eq!(o.data_dir, PathBuf::from("/opt/x/share/jupyter"));
        let spec = kernel_json(Path::new("/bin/k"), o.memory_limit.as_deref());
        assert_eq!(spec["env"]["SDIA_MEMORY_LIMIT"], "4G");
        assert!(spec["env"]["SDIA_HOME"].is_string());
        let spec = kernel_json(Path::new("/bin/k"), None);
        assert!(spec["env"].get("SDIA_MEMORY_LIMIT").is_none());
    }

    #[test]
    fn bad_options_are_refused_with_the_usage() {
        let e = options(&args(&["--memory-limit", "lots"])).unwrap_err();
        assert!(e.to_string().contains("4G or 512M"), "{e}");
        let e = options(&args(&["--memory-limit"])).unwrap_err();
        assert!(e.to_string().contains("usage"), "{e}");
        let e = options(&args(&["--frobnicate"])).unwrap_err();
        assert!(e.to_string().contains("usage"), "{e}");
    }
}

//! The memory limit of the process that runs cells (never of the kernel process itself).
//!
//! The limit is `RLIMIT_DATA`, set by the kernel with prlimit(2) on each new cell process: it
//! bounds the heap and every private writable mapping (what `Vec`, polars' buffers and thread
//! stacks use) but not the address space reserved without being writable, nor the mapped
//! code of the library, so polars and rayon start as usual under a small limit. Measured on a
//! cell process (2026-12-03): after a cross-validation of a forest, 716 MB of address space
//! but 21 MB of data; holding a 20M-row frame, 872 MB and 177 MB. `RLIMIT_AS` would count the
//! reservations and break ordinary work under 1 GB; `RLIMIT_DATA` follows what cells use. A cell that
//! asks for more gets a failed allocation; Rust then prints "memory allocation of N bytes
//! failed" and aborts, the kernel reports "memory limit of N GB reached" and restarts the
//! process. The kernel, JupyterLab and the machine's other processes never see the shortage.
//!
//! The value comes from `SDIA_MEMORY_LIMIT` (`4G`, `512M`, `1.5G`, `none`), which the
//! kernelspec's `env` can set (`sdia-kernel install --memory-limit 4G`), else [`DEFAULT_SHARE`]
//! of the machine's memory.

use std::sync::OnceLock;

/// The environment variable that sets the limit.
pub const VARIABLE: &str = "SDIA_MEMORY_LIMIT";

/// Share of the machine's memory (or of the container's, when a cgroup bounds it) a cell
/// process may use by default: one half. A single notebook then can never make the system's
/// out-of-memory killer pick a victim (JupyterLab, another student's kernel) as long as the
/// rest of the machine uses less than the other half; and half is still far more than any
/// course dataset needs (the largest bench table, 1M rows, takes a few hundred MB), so a
/// student only meets the limit with a runaway allocation. A shared JupyterHub with many users
/// should set a smaller value in the kernelspec.
pub const DEFAULT_SHARE: f64 = 0.5;

/// Parses a size: a number (decimals allowed) with an optional unit `K`, `M`, `G`, `T`
/// (powers of 1024; `KB`, `MiB`… are accepted too), no unit meaning bytes.
pub fn parse(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit = unit.trim().to_ascii_uppercase();
    let scale: u64 = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => {
            return Err(format!(
                "{VARIABLE}={text:?}: unknown unit {unit:?}; write a size such as 4G or 512M"
            ))
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{VARIABLE}={text:?}: write a size such as 4G or 512M"))?;
    let bytes = value * scale as f64;
    if bytes < (64u64 << 20) as f64 {
        return Err(format!(
            "{VARIABLE}={text:?} is below 64M, too little to load the library; write a size such \
             as 4G or 512M, or `none` for no limit"
        ));
    }
    Ok(bytes as u64)
}

/// The limit a value of `SDIA_MEMORY_LIMIT` asks for: `None` for no limit.
pub fn from_setting(text: &str) -> Result<Option<u64>, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "none" | "off" | "unlimited" => Ok(None),
        _ => parse(text).map(Some),
    }
}

/// The memory this kernel may count on: the machine's, or its cgroup's if smaller.
fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let total_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    let total = total_kb * 1024;
    let cgroup = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .filter_map(|text| text.trim().parse::<u64>().ok())
    .min();
    Some(cgroup.map_or(total, |c| c.min(total)))
}

/// The default limit: [`DEFAULT_SHARE`] of the available memory.
pub fn default_limit() -> Option<u64> {
    available_memory().map(|bytes| (bytes as f64 * DEFAULT_SHARE) as u64)
}

/// The limit for this kernel's cell processes, read once (and logged once).
pub fn configured() -> Option<u64> {
    static LIMIT: OnceLock<Option<u64>> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        let (limit, origin) = match std::env::var(VARIABLE) {
            Ok(text) => match from_setting(&text) {
                Ok(limit) => (limit, format!("{VARIABLE}={text}")),
                Err(e) => {
                    crate::log(&format!("{e}; using the default"));
                    (
                        default_limit(),
                        "default: half of the machine's memory".into(),
                    )
                }
            },
            Err(_) => (
                default_limit(),
                format!("half of the machine's memory; set {VARIABLE} to change it"),
            ),
        };
        match limit {
            Some(bytes) => crate::log(&format!(
                "memory limit of the cell process: {} ({origin})",
                describe(bytes)
            )),
            None => crate::log(&format!("no memory limit on the cell process ({origin})")),
        }
        limit
    })
}

/// A size as a student reads it: `1 GB`, `1.5 GB`, `512 MB` (powers of 1024).
pub fn describe(bytes: u64) -> String {
    let gb = bytes as f64 / (1u64 << 30) as f64;
    if gb >= 1.0 {
        let text = format!("{gb:.1}");
        format!("{} GB", text.trim_end_matches(".0"))
    } else {
        format!("{} MB", (bytes as f64 / (1u64 << 20) as f64).round())
    }
}

/// Sets `limit` as the data limit (soft and hard) of process `pid`.
pub fn apply(pid: u32, limit: u64) -> Result<(), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|e| e.to_string())?;
    let value = libc::rlimit {
        rlim_cur: limit as libc::rlim_t,
        rlim_max: limit as libc::rlim_t,
    };
    // SAFETY: prlimit(2) on a child of this process, with a valid rlimit and no old value.
    let status = unsafe { libc::prlimit(pid, libc::RLIMIT_DATA, &value, std::ptr::null_mut()) };
    if status == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_powers_of_1024() {
        assert_eq!(parse("4G").unwrap(), 4 << 30);
        assert_eq!(parse("512M").unwrap(), 512 << 20);
        assert_eq!(parse("512MB").unwrap(), 512 << 20);
        assert_eq!(parse(" 1.5g ").unwrap(), 3 << 29);
        assert_eq!(parse("2GiB").unwrap(), 2 << 30);
        assert_eq!(parse("1073741824").unwrap(), 1 << 30);
        assert_eq!(from_setting("none").unwrap(), None);
        assert_eq!(from_setting("8G").unwrap(), Some(8 << 30));
    }

    #[test]
    fn bad_sizes_say_how_to_write_one() {
        for bad in ["", "lots", "4X", "1..5G", "-1G", "10M"] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(VARIABLE), "{bad}: {e}");
        }
    }

    #[test]
    fn sizes_read_as_a_student_reads_them() {
        assert_eq!(describe(1 << 30), "1 GB");
        assert_eq!(describe(3 << 29), "1.5 GB");
        assert_eq!(describe(512 << 20), "512 MB");
    }

    #[test]
    fn the_default_is_half_the_memory() {
        let total = available_memory().expect("/proc/meminfo");
        let default = default_limit().unwrap();
        assert!(default <= total / 2 + 1 && default >= total / 2 - 1);
    }
}

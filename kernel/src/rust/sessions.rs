//! Per-kernel build directories under `$SDIA_HOME/sessions`: one per running kernel, named
//! `<pid>-<uuid>`, removed at shutdown; those left by kernels that died are swept at startup.

use std::path::{Path, PathBuf};

/// A new session directory path for this process (not created yet).
pub fn new_session_dir(sessions: &Path) -> PathBuf {
    sessions.join(format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()))
}

/// The pid a session directory name starts with.
fn owner(name: &str) -> Option<u32> {
    name.split('-').next()?.parse().ok()
}

fn is_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes the session directories whose kernel is gone. Returns how many were removed.
pub fn sweep_stale(sessions: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(sessions) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let stale = match owner(&name) {
            Some(pid) => !is_alive(pid),
            None => true, // not ours to keep: written by an older layout
        };
        if stale && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_kernels_directories_are_swept_live_ones_kept() {
        let root = std::env::temp_dir().join(format!("sdia-sweep-{}", uuid::Uuid::new_v4()));
        let mine = new_session_dir(&root);
        // No process has pid 4294967295 (above Linux's pid_max).
        let dead = root.join("4294967295-0000");
        for dir in [&mine, &dead] {
            std::fs::create_dir_all(dir.join("target")).unwrap();
        }
        assert_eq!(sweep_stale(&root), 1);
        assert!(mine.exists() && !dead.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}

//! Per-kernel build directories: one per running kernel, named `<pid>-<uuid>`, readable by its
//! user alone, removed at shutdown; those left by kernels that died are swept at startup.
//!
//! Where they live ([`sessions_root`]): `$SDIA_SESSIONS` when set; `$SDIA_HOME/sessions` when the
//! user owns `$SDIA_HOME` (one person's install); else the user's own cache folder, because a
//! shared `$SDIA_HOME` (a class server, where one administrator built the library for everyone)
//! is read-only to students and must never hold one student's cells where another could read them.

use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Overrides where session directories are created.
pub const VARIABLE: &str = "SDIA_SESSIONS";

/// The folder that holds this user's session directories (see the module's documentation).
pub fn sessions_root(sdia_home: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os(VARIABLE).filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let owned = std::fs::metadata(sdia_home).is_ok_and(|meta| meta.uid() == me);
    let home = std::env::var_os("HOME").filter(|_| !owned);
    let Some(home) = home else {
        return sdia_home.join("sessions");
    };
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(home).join(".cache"));
    cache.join("sdia/sessions")
}

/// Creates `dir` (a session directory) and any missing parent, the session directory itself
/// with mode 0700: cells' sources, build products and saved variables are the user's alone.
pub fn create_private(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)?;
    }
    std::fs::DirBuilder::new().mode(0o700).create(dir)
}

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

    #[test]
    fn session_directories_are_private_to_their_user() {
        let root = std::env::temp_dir().join(format!("sdia-private-{}", uuid::Uuid::new_v4()));
        let dir = new_session_dir(&root.join("sessions"));
        create_private(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "session directory mode {mode:o}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_home_the_user_owns_keeps_its_sessions_a_shared_one_does_not() {
        if std::env::var_os(VARIABLE).is_some() || std::env::var_os("HOME").is_none() {
            return; // the override and the no-home fallback decide before ownership
        }
        let owned = std::env::temp_dir().join(format!("sdia-owned-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&owned).unwrap();
        assert_eq!(sessions_root(&owned), owned.join("sessions"));
        // A home someone else owns: root hands its temporary one to `nobody`; any other user
        // has "/" (root's).
        let shared = if unsafe { libc::geteuid() } == 0 {
            std::os::unix::fs::chown(&owned, Some(65534), Some(65534)).unwrap();
            owned.clone()
        } else {
            PathBuf::from("/")
        };
        let root = sessions_root(&shared);
        assert!(!root.starts_with(&shared), "{}", root.display());
        assert!(root.ends_with("sdia/sessions"), "{}", root.display());
        std::fs::remove_dir_all(&owned).unwrap();
    }
}

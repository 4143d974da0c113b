//! The process's resident memory, and giving freed memory back to the system.

/// Resident set size of the process, in MB (0 if /proc cannot be read).
pub fn resident_mb() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(0) as u64;
    pages * page / 1_000_000
}

/// Returns the heap's free pages to the system (glibc keeps them otherwise: the warm-up frees
/// hundreds of MB of syntax trees); returns the resident memory after.
pub fn give_back_freed() -> u64 {
    // SAFETY: malloc_trim only releases free memory of glibc's arenas.
    unsafe { libc::malloc_trim(0) };
    resident_mb()
}

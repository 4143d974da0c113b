//! What the sdia kernel installs in the process that runs cells, so that failures look failed.
//!
//! The kernel calls [`install`] once per session; a process the kernel restarts (after an
//! interrupt or a fault) installs the hooks by itself when it loads the library. [`install`] is
//! public only so the kernel can call it; a student never needs it.
//!
//! - A panic (`assert!`, `unwrap`, an index out of bounds) is reported to the kernel as a marker
//!   line carrying the message and location (on standard output and on standard error, which
//!   still reaches the kernel when the panic aborts the process), instead of the default text.
//! - An error returned with `?` at the top level of a cell is printed by the cell's wrapper
//!   and followed by a line the kernel never sees; a thread between the process's standard
//!   output and the kernel adds a marker before that line.
//! - The kernel rewrites each `?` at the top level of a cell, `expr?`, as
//!   `expr.__sdia_returned_at(line)?` ([`ReturnedAt`]): an error or a `None` leaves the cell as
//!   a [`ReturnedError`], whose text (printed by the cell's wrapper on standard error) is a
//!   marker line with the message and the cell line, so the kernel shows the error once, with
//!   its line. `None` thus ends a cell as an error instead of failing to compile.
//! - A memory fault (SIGSEGV, SIGBUS) writes one marker line on standard error saying whether it
//!   was a stack overflow (deep or infinite recursion) or a bad memory access (unsafe code),
//!   then lets the signal end the process as it would have: the kernel reports the fault in
//!   those words. (The process is restarted by the kernel; no core file is written.)

use crate::display::MARKER;
use serde_json::json;
use std::io::{BufRead, Write};
use std::os::fd::FromRawFd;
use std::sync::Once;

/// The line evcxr's generated wrapper prints after an error returned with `?`.
const EVCXR_ERROR_LINE: &str = "EVCXR_ERROR_OCCURRED";

static INSTALL: Once = Once::new();

/// True once [`install`] ran: the process runs a kernel's cells (progress bars are worth showing).
pub(crate) fn in_kernel() -> bool {
    INSTALL.is_completed()
}

/// Installs the hooks as soon as the library is loaded into the sdia kernel's cell process
/// (evcxr's runtime, in the `sdia-kernel` binary), before any cell code runs: a process that
/// the kernel restarted after a fault or an interrupt has them from its first cell on, without
/// a cell compiled for that. Anywhere else (tests, programs) it does nothing.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static INSTALL_ON_LOAD: extern "C" fn() = install_on_load;

#[cfg(target_os = "linux")]
extern "C" fn install_on_load() {
    let in_cell_process = std::env::var_os("EVCXR_IS_RUNTIME").is_some()
        && std::env::current_exe()
            .ok()
            .is_some_and(|exe| exe.file_name().is_some_and(|name| name == "sdia-kernel"));
    if in_cell_process {
        install();
    }
}

/// Installs the panic hook, the standard output relay, the SIGINT handler and the memory-fault
/// handler (once per process; a second call does nothing).
pub fn install() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "panic with a non-text payload".to_string()
            };
            let location = info
                .location()
                .map(|l| json!({"file": l.file(), "line": l.line(), "column": l.column()}));
            let line = format!(
                "{MARKER}{}\n",
                json!({"type": "panic", "message": message, "location": location})
            );
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(line.as_bytes());
            let _ = out.flush();
            drop(out);
            // Standard output reaches the kernel through the relay thread below, which a panic
            // that cannot unwind (and so aborts right after this hook) gives no time to run;
            // standard error goes straight to the kernel. The kernel keeps the first of the two.
            let _ = std::io::stderr().write_all(line.as_bytes());
        }));
        relay_stdout();
        crate::interrupt::install_handler();
        faults::install();
    });
}

/// An error returned with `?` from the top level of a cell, with the cell line of that `?`.
///
/// Its text is a marker line for the kernel (which shows the message and the line); the
/// student never writes this type: the kernel inserts the call that makes it ([`ReturnedAt`]).
pub struct ReturnedError {
    message: String,
    line: u32,
}

impl ReturnedError {
    /// The error's own message (for an `Option`, a sentence saying the value was `None`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The cell line (1-based) of the `?` that returned the error.
    pub fn line(&self) -> u32 {
        self.line
    }
}

impl std::fmt::Display for ReturnedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let note = json!({"type": "returned_error", "message": self.message, "line": self.line});
        write!(f, "{MARKER}{note}")
    }
}

impl std::fmt::Debug for ReturnedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// What the kernel calls before each top-level `?` of a cell: the same value, with an error
/// (or `None`) turned into a [`ReturnedError`] that knows its cell line.
///
/// ```
/// use sdia::kernel_hooks::ReturnedAt;
/// let parsed: Result<i32, _> = "dix".parse::<i32>();
/// let error = parsed.__sdia_returned_at(3).unwrap_err();
/// assert_eq!((error.message(), error.line()), ("invalid digit found in string", 3));
/// let missing: Option<i32> = None;
/// assert!(missing.__sdia_returned_at(1).unwrap_err().message().contains("None"));
/// ```
pub trait ReturnedAt<T> {
    /// `Ok(value)` for a value, the error with its `line` otherwise.
    fn __sdia_returned_at(self, line: u32) -> Result<T, ReturnedError>;
}

impl<T, E: std::fmt::Display> ReturnedAt<T> for Result<T, E> {
    fn __sdia_returned_at(self, line: u32) -> Result<T, ReturnedError> {
        self.map_err(|e| ReturnedError {
            message: e.to_string(),
            line,
        })
    }
}

impl<T> ReturnedAt<T> for Option<T> {
    fn __sdia_returned_at(self, line: u32) -> Result<T, ReturnedError> {
        self.ok_or_else(|| ReturnedError {
            message: "`?` found `None`: there is no value here (use `match`, `if let` or \
                      `.ok_or(\"why\")?` to say what is missing)"
                .to_string(),
            line,
        })
    }
}

/// Puts a pipe in place of file descriptor 1 and a thread that copies it, line by line, to the
/// original standard output, adding a marker before evcxr's "error returned" line.
fn relay_stdout() {
    // SAFETY: plain POSIX calls on descriptors this function owns; on any failure standard
    // output is left as it was.
    unsafe {
        let original = libc::dup(1);
        if original < 0 {
            return;
        }
        let mut fds = [0; 2];
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            libc::close(original);
            return;
        }
        let _ = std::io::stdout().flush();
        if libc::dup2(fds[1], 1) < 0 {
            libc::close(fds[0]);
            libc::close(fds[1]);
            libc::close(original);
            return;
        }
        libc::close(fds[1]);
        let reader = std::fs::File::from_raw_fd(fds[0]);
        let writer = std::fs::File::from_raw_fd(original);
        std::thread::spawn(move || copy_lines(reader, writer));
    }
}

fn copy_lines(reader: std::fs::File, mut writer: std::fs::File) {
    let mut reader = std::io::BufReader::new(reader);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if line.strip_suffix(b"\n").unwrap_or(&line) == EVCXR_ERROR_LINE.as_bytes() {
            let marker = format!("{MARKER}{}\n", json!({"type": "error_returned"}));
            let _ = writer.write_all(marker.as_bytes());
        }
        let _ = writer.write_all(&line);
    }
}

/// The memory-fault handler: tells the kernel which fault ended the process.
mod faults {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Marker lines written by the handler (`MARKER` + JSON, as the kernel parses them).
    const STACK_OVERFLOW: &str = "\u{1e}sdia:{\"type\":\"fault\",\"kind\":\"stack_overflow\"}\n";
    const BAD_ACCESS: &str = "\u{1e}sdia:{\"type\":\"fault\",\"kind\":\"bad_access\"}\n";

    /// A fault this close to the stack pointer is the stack running into its guard page: the
    /// probes of a new frame touch at most a page or two beyond it, a push 8 bytes.
    const NEAR_STACK_POINTER: usize = 256 * 1024;
    /// The kernel leaves a gap of this size (256 pages) below the main thread's stack.
    const GUARD_GAP: usize = 1024 * 1024;
    /// Size of the alternate stack the handler runs on when the stack itself is full.
    const ALT_STACK: usize = 64 * 1024;

    /// Lowest address of the main thread's stack (cells run on the main thread); 0 if unknown.
    static MAIN_STACK_LOW: AtomicUsize = AtomicUsize::new(0);

    pub(super) fn install() {
        // SAFETY: plain POSIX calls; the handler itself only uses async-signal-safe calls.
        unsafe {
            let mut core = std::mem::zeroed::<libc::rlimit>();
            if libc::getrlimit(libc::RLIMIT_CORE, &mut core) == 0 {
                core.rlim_cur = 0;
                libc::setrlimit(libc::RLIMIT_CORE, &core);
            }
            record_main_stack();
            ensure_alt_stack();
            let mut action = std::mem::zeroed::<libc::sigaction>();
            action.sa_sigaction = on_fault
                as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
                as libc::sighandler_t;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut());
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    }

    /// Records where the calling (main) thread's stack ends.
    unsafe fn record_main_stack() {
        // SAFETY: see the caller; plain POSIX calls on this thread's own data.
        unsafe {
            let mut attr = std::mem::zeroed::<libc::pthread_attr_t>();
            if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
                return;
            }
            let mut low: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            if libc::pthread_attr_getstack(&attr, &mut low, &mut size) == 0 {
                MAIN_STACK_LOW.store(low as usize, Ordering::SeqCst);
            }
            libc::pthread_attr_destroy(&mut attr);
        }
    }

    /// Gives the calling thread an alternate signal stack if it has none, so that the handler
    /// can run when the thread's own stack is exhausted.
    unsafe fn ensure_alt_stack() {
        // SAFETY: see the caller; plain POSIX calls on this thread's own data.
        unsafe {
            let mut current = std::mem::zeroed::<libc::stack_t>();
            if libc::sigaltstack(std::ptr::null(), &mut current) != 0 {
                return;
            }
            if current.ss_flags & libc::SS_DISABLE == 0 {
                return; // std already gave this thread one
            }
            let memory = libc::mmap(
                std::ptr::null_mut(),
                ALT_STACK,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if memory == libc::MAP_FAILED {
                return;
            }
            let stack = libc::stack_t {
                ss_sp: memory,
                ss_flags: 0,
                ss_size: ALT_STACK,
            };
            libc::sigaltstack(&stack, std::ptr::null_mut());
        }
    }

    /// The stack pointer of the interrupted code, where the platform says it.
    unsafe fn stack_pointer(context: *mut libc::c_void) -> Option<usize> {
        // SAFETY: see the caller; plain POSIX calls on this thread's own data.
        unsafe {
            if context.is_null() {
                return None;
            }
            #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
            {
                let context = &*(context as *const libc::ucontext_t);
                Some(context.uc_mcontext.gregs[libc::REG_RSP as usize] as usize)
            }
            #[cfg(all(target_os = "linux", target_arch = "aarch64"))]
            {
                let context = &*(context as *const libc::ucontext_t);
                Some(context.uc_mcontext.sp as usize)
            }
            #[cfg(not(all(
                target_os = "linux",
                any(target_arch = "x86_64", target_arch = "aarch64")
            )))]
            {
                None
            }
        }
    }

    /// Whether a fault at `address` is a stack overflow rather than a bad pointer.
    pub(super) fn is_stack_overflow(
        address: usize,
        stack_pointer: Option<usize>,
        main_stack_low: usize,
    ) -> bool {
        let near_pointer = stack_pointer.is_some_and(|sp| {
            address <= sp.saturating_add(NEAR_STACK_POINTER)
                && address >= sp.saturating_sub(NEAR_STACK_POINTER)
        });
        let in_main_guard = main_stack_low != 0
            && address < main_stack_low.saturating_add(4096)
            && address >= main_stack_low.saturating_sub(GUARD_GAP);
        address != 0 && (near_pointer || in_main_guard)
    }

    extern "C" fn on_fault(
        signal: libc::c_int,
        info: *mut libc::siginfo_t,
        context: *mut libc::c_void,
    ) {
        // SAFETY: only reads of the signal's own data, write(2) and signal(2), which are
        // async-signal-safe. Returning re-runs the faulting instruction with the default
        // action in place, so the process ends by the same signal as without this handler.
        unsafe {
            let address = if info.is_null() {
                0
            } else {
                (*info).si_addr() as usize
            };
            let overflow = is_stack_overflow(
                address,
                stack_pointer(context),
                MAIN_STACK_LOW.load(Ordering::Relaxed),
            );
            let line = if overflow { STACK_OVERFLOW } else { BAD_ACCESS };
            libc::write(2, line.as_ptr().cast(), line.len());
            libc::signal(signal, libc::SIG_DFL);
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn markers_match_the_display_channel() {
            for line in [STACK_OVERFLOW, BAD_ACCESS] {
                let json = line.strip_prefix(crate::display::MARKER).unwrap();
                let value: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
                assert_eq!(value["type"], "fault");
            }
        }

        #[test]
        fn faults_near_the_stack_are_overflows() {
            let sp = 0x7ffd_0000_0000;
            assert!(is_stack_overflow(sp - 8, Some(sp), 0));
            assert!(is_stack_overflow(sp + 100, Some(sp), 0));
            assert!(!is_stack_overflow(0, Some(sp), 0));
            assert!(!is_stack_overflow(0x10, Some(sp), 0));
            assert!(!is_stack_overflow(0x5555_0000_0000, Some(sp), 0));
            // Without a stack pointer, the main thread's guard gap decides.
            let low = 0x7ffc_0000_0000;
            assert!(is_stack_overflow(low - 4096, None, low));
            assert!(!is_stack_overflow(low - 8 * 1024 * 1024, None, low));
        }
    }
}

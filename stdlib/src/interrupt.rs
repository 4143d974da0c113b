//! Long computations that show their progress and stop cleanly when the user interrupts.
//!
//! Long loops of the library (folds, parameter settings, trees, time windows…) go through
//! [`Steps`], which advances a progress bar and returns [`SdiaError::Interrupted`] at the next
//! step once the interrupt flag is up: the cell fails with a clear message and the session
//! keeps its variables.
//!
//! The kernel has to know whether a cell can stop by itself. In a kernel session, the
//! outermost [`Steps`] therefore tells it, with one marker line on standard output when it
//! starts and one when it ends (`{"type": "library_loop", "active": …}`). An interrupt that
//! arrives inside such a loop is sent as SIGINT, whose handler (installed by
//! [`crate::kernel_hooks::install`]) only raises the flag; any other running code (`loop {}`,
//! a long computation of std or polars, a sleep) cannot obey, so the kernel stops the process
//! at once and says which variables were lost.

use crate::display::{MARKER, Progress};
use crate::error::{Result, SdiaError};
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Raises the interrupt flag, as the SIGINT handler does. Mostly for tests.
pub fn request() {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// `Err(SdiaError::Interrupted)` if an interrupt arrived since the last check (and lowers the
/// flag), `Ok(())` otherwise. Cheap: call it in every iteration of a long loop.
///
/// In a kernel session, only a loop inside a [`Steps`] is known to the kernel as one that
/// stops by itself; a loop that calls `check` alone is stopped with its process, like any
/// other code. Prefer [`Steps`].
///
/// ```
/// use sdia::interrupt;
///
/// assert!(interrupt::check().is_ok());
/// interrupt::request();
/// assert!(interrupt::check().unwrap_err().to_string().contains("interrupted"));
/// assert!(interrupt::check().is_ok()); // the flag is lowered once reported
/// ```
pub fn check() -> Result<()> {
    if REQUESTED.swap(false, Ordering::SeqCst) {
        Err(SdiaError::Interrupted)
    } else {
        Ok(())
    }
}

/// Lowers the flag without reporting it (at the start of a cell's long task).
fn clear() {
    REQUESTED.store(false, Ordering::SeqCst);
}

extern "C" fn on_sigint(_: libc::c_int) {
    REQUESTED.store(true, Ordering::SeqCst);
}

/// Installs the SIGINT handler that raises the flag (called once per session by the kernel).
pub(crate) fn install_handler() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Tells the kernel that the cell entered (`true`) or left (`false`) a loop that stops at its
/// next step when interrupted: one marker line on standard output, in one write.
fn announce_loop(active: bool) {
    let line = format!(
        "{MARKER}{}\n",
        serde_json::json!({"type": "library_loop", "active": active})
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(line.as_bytes());
    let _ = out.flush();
}

/// How many [`Steps`] are alive: only the outermost shows a bar and lowers a stale flag.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// A loop shorter than this shows no bar.
const SHOW_AFTER: Duration = Duration::from_millis(500);

/// The steps of a long computation: a progress bar (only for the outermost loop, and only once
/// it has run for half a second, so quick loops and fits nested in a cross-validation stay
/// silent) and an interrupt check at each step.
///
/// ```
/// use sdia::interrupt::Steps;
///
/// let steps = Steps::new(3);
/// for _ in 0..3 {
///     steps.advance().unwrap(); // Err(Interrupted) if the user interrupted
/// }
/// steps.finish();
/// ```
#[derive(Debug)]
pub struct Steps {
    total: usize,
    outermost: bool,
    /// Whether this (outermost) loop told the kernel it started, so it must tell it the end.
    announced: bool,
    shown: bool,
    started: Instant,
    state: Mutex<(u64, Option<Progress>)>,
}

impl Steps {
    /// A computation of `total` steps; in a kernel session, the outermost one shows a bar once
    /// it has run for half a second (elsewhere, e.g. in tests and programs, nothing is printed).
    pub fn new(total: usize) -> Steps {
        let outermost = ACTIVE.fetch_add(1, Ordering::SeqCst) == 0;
        if outermost {
            clear();
        }
        let announced = outermost && crate::kernel_hooks::in_kernel();
        if announced {
            announce_loop(true);
        }
        Steps {
            total,
            outermost,
            announced,
            shown: outermost && total >= 2 && crate::kernel_hooks::in_kernel(),
            started: Instant::now(),
            state: Mutex::new((0, None)),
        }
    }

    /// A computation without a bar (nested loops, quick work), still interruptible.
    pub fn quiet() -> Steps {
        let mut steps = Steps::new(0);
        steps.shown = false;
        steps
    }

    /// One step done: advances the bar, then `Err(SdiaError::Interrupted)` if the user
    /// interrupted.
    pub fn advance(&self) -> Result<()> {
        if self.shown {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.0 += 1;
            let done = state.0;
            match &state.1 {
                Some(progress) => progress.inc(1),
                None if self.started.elapsed() >= SHOW_AFTER && done < self.total as u64 => {
                    let progress = Progress::new(self.total as u64);
                    progress.inc(done);
                    state.1 = Some(progress);
                }
                None => {}
            }
        }
        check()
    }

    /// Shows the bar full (if one is shown).
    pub fn finish(&self) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(progress) = &state.1 {
            progress.finish();
        }
    }

    /// Whether this is the outermost long computation running.
    pub fn is_outermost(&self) -> bool {
        self.outermost
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        if self.announced {
            announce_loop(false);
        }
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

//! Interrupting a running cell, only while a request is being handled (an interrupt while idle
//! does nothing).
//!
//! The kernel knows which of two cases it is in, because the course library tells it: the
//! outermost `sdia::interrupt::Steps` loop (folds, parameter settings, trees, windows…) prints
//! a marker when it starts and when it ends, which the stdout relay records here
//! ([`set_in_library_loop`]).
//!
//! - Inside a library loop: SIGINT goes to the process that runs cells; the library's handler
//!   raises a flag and the loop stops at its next step with an `Interrupted` error. The process
//!   and the session's variables stay. A fallback kill remains for a loop that does not obey:
//!   one whose step is still running [`STEP_GRACE`] after the interrupt, or a cell that is still
//!   running [`AFTER_LOOP`] after its loop ended (it caught the error and went on). A second
//!   interrupt of the same request kills at once.
//! - Anywhere else (`loop {}`, a long computation of std or polars, a sleep, a compile): the code
//!   cannot obey, so the process is killed at once; evcxr restarts it, and the reply names the
//!   variables that were lost.

use crate::interpreter::Interrupter;
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// After an interrupt inside a library loop, how long the current step may still run before the
/// process is killed anyway (one step is one fold, one parameter setting, one tree…).
pub const STEP_GRACE: Duration = Duration::from_secs(10);

/// An obeying loop ends its cell within milliseconds; a cell still running this long after its
/// loop ended, following an interrupt, is killed.
pub const AFTER_LOOP: Duration = Duration::from_secs(1);

/// How often the fallback watcher looks at the cell.
const POLL: Duration = Duration::from_millis(20);

/// Whether the cell process is inside a library loop, as its last loop marker said. One cell
/// process per kernel process, so one flag; reset when a cell begins.
static IN_LIBRARY_LOOP: AtomicBool = AtomicBool::new(false);

/// Records what the library's loop marker said (called by the stdout relay).
pub fn set_in_library_loop(active: bool) {
    IN_LIBRARY_LOOP.store(active, Ordering::SeqCst);
}

/// Whether the running cell is inside a loop that stops at its next step when interrupted.
pub fn in_library_loop() -> bool {
    IN_LIBRARY_LOOP.load(Ordering::SeqCst)
}

type Process = Arc<Mutex<Option<Arc<Mutex<Child>>>>>;

/// Shared by the shell thread (which runs cells) and the control/SIGINT threads.
#[derive(Default)]
pub struct RustInterrupter {
    process: Process,
    running: Arc<AtomicBool>,
    /// Counts requests, so that a late kill never hits the next request.
    request: Arc<AtomicU64>,
    interrupted: AtomicBool,
    killed: Arc<AtomicBool>,
    /// The last cell process given the memory limit (0: none yet).
    limited_pid: AtomicU32,
}

impl Interrupter for RustInterrupter {
    fn interrupt(&self) {
        if !self.running.load(Ordering::SeqCst) {
            return;
        }
        let again = self.interrupted.swap(true, Ordering::SeqCst);
        if again || !in_library_loop() || !signal(&self.process, libc::SIGINT) {
            kill(&self.process, &self.killed);
            return;
        }
        let (process, running, request, killed) = (
            self.process.clone(),
            self.running.clone(),
            self.request.clone(),
            self.killed.clone(),
        );
        let this_request = request.load(Ordering::SeqCst);
        std::thread::spawn(move || {
            let asked = Instant::now();
            let mut loop_ended: Option<Instant> = None;
            loop {
                std::thread::sleep(POLL);
                if !running.load(Ordering::SeqCst) || request.load(Ordering::SeqCst) != this_request
                {
                    return; // the cell obeyed, or ended by itself
                }
                if in_library_loop() {
                    loop_ended = None;
                } else {
                    loop_ended.get_or_insert_with(Instant::now);
                }
                let step_too_long = asked.elapsed() >= STEP_GRACE;
                let went_on = loop_ended.is_some_and(|t| t.elapsed() >= AFTER_LOOP);
                if step_too_long || went_on {
                    kill(&process, &killed);
                    return;
                }
            }
        });
    }
}

/// The pid of the cell process, if there is one.
fn pid_of(process: &Process) -> Option<libc::pid_t> {
    let guard = process.lock().unwrap_or_else(|e| e.into_inner());
    let pid = guard
        .as_ref()?
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .id();
    libc::pid_t::try_from(pid).ok()
}

/// Sends `sig` to the cell process; false if there is none or the signal could not be sent.
fn signal(process: &Process, sig: libc::c_int) -> bool {
    let Some(pid) = pid_of(process) else {
        return false;
    };
    // SAFETY: kill(2) on the pid of a child this kernel started.
    unsafe { libc::kill(pid, sig) == 0 }
}

/// Kills the cell process and records that it was killed.
fn kill(process: &Process, killed: &AtomicBool) {
    if let Some(child) = process.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        killed.store(true, Ordering::SeqCst);
        let _ = child.lock().unwrap_or_else(|e| e.into_inner()).kill();
    }
}

impl RustInterrupter {
    /// The cell process to interrupt (evcxr keeps the same handle across restarts).
    pub fn set_process(&self, process: Arc<Mutex<Child>>) {
        *self.process.lock().unwrap_or_else(|e| e.into_inner()) = Some(process);
        self.limit_memory();
    }

    /// Gives the current cell process the memory limit, once per process (evcxr starts a new
    /// one after a crash or a kill, under the same handle).
    pub fn limit_memory(&self) {
        let Some(pid) = pid_of(&self.process) else {
            return;
        };
        let Ok(pid) = u32::try_from(pid) else {
            return;
        };
        if self.limited_pid.swap(pid, Ordering::SeqCst) == pid {
            return;
        }
        if let Some(limit) = super::memory::configured() {
            if let Err(e) = super::memory::apply(pid, limit) {
                crate::log(&format!("cannot limit the memory of the cell process: {e}"));
            }
        }
    }

    /// A request starts: interrupts count from now on.
    pub fn start(&self) {
        self.request.fetch_add(1, Ordering::SeqCst);
        self.interrupted.store(false, Ordering::SeqCst);
        self.killed.store(false, Ordering::SeqCst);
        self.running.store(true, Ordering::SeqCst);
        self.limit_memory();
    }

    /// The cell's code has returned: a kill planned by an earlier interrupt is called off (the
    /// cell obeyed, or ended by itself). Later interrupts of the same request still count.
    pub fn settle(&self) {
        self.request.fetch_add(1, Ordering::SeqCst);
    }

    /// The request is over (or being cleaned up): interrupts are ignored again.
    pub fn stop(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    /// Whether an interrupt arrived since `start`.
    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Whether the cell process was killed since `start` (its variables are gone).
    pub fn killed(&self) -> bool {
        self.killed.load(Ordering::SeqCst)
    }

    /// Kills the cell process now, whatever the state.
    pub fn kill(&self) {
        kill(&self.process, &self.killed);
    }
}

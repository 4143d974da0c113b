//! Interrupting a running cell: kill the process that runs cells (evcxr restarts it). Only
//! while a request is being handled; an interrupt while idle does nothing.

use crate::interpreter::Interrupter;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Shared by the shell thread (which runs cells) and the control/SIGINT threads.
#[derive(Default)]
pub struct RustInterrupter {
    process: Mutex<Option<Arc<Mutex<Child>>>>,
    running: AtomicBool,
    interrupted: AtomicBool,
}

impl Interrupter for RustInterrupter {
    fn interrupt(&self) {
        if self.running.load(Ordering::SeqCst) {
            self.interrupted.store(true, Ordering::SeqCst);
            self.kill();
        }
    }
}

impl RustInterrupter {
    /// The cell process to kill (evcxr keeps the same handle across restarts).
    pub fn set_process(&self, process: Arc<Mutex<Child>>) {
        *self.process.lock().unwrap_or_else(|e| e.into_inner()) = Some(process);
    }

    /// A request starts: interrupts count from now on.
    pub fn start(&self) {
        self.interrupted.store(false, Ordering::SeqCst);
        self.running.store(true, Ordering::SeqCst);
    }

    /// The request is over (or being cleaned up): interrupts are ignored again.
    pub fn stop(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    /// Whether an interrupt arrived since `start`.
    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Kills the cell process now, whatever the state.
    pub fn kill(&self) {
        if let Some(process) = self
            .process
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            let _ = process.lock().unwrap_or_else(|e| e.into_inner()).kill();
        }
    }
}

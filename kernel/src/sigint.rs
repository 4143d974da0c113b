//! Ctrl-C (SIGINT) sent to the kernel process: forwarded to the interpreter's interrupter, as
//! Jupyter's "interrupt_mode": "signal" expects, and counted for `sdia-kernel run`.

use crate::interpreter::Interrupter;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

static RECEIVED: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_sigint(_: libc::c_int) {
    RECEIVED.store(true, Ordering::SeqCst);
}

/// Installs the handler and a thread that interrupts the running cell at each SIGINT.
pub fn forward_to(interrupter: Arc<dyn Interrupter>) {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(20));
        if RECEIVED.swap(false, Ordering::SeqCst) {
            COUNT.fetch_add(1, Ordering::SeqCst);
            crate::log("SIGINT received: interrupting");
            interrupter.interrupt();
        }
    });
}

/// How many SIGINTs were forwarded since the process started.
pub fn count() -> u64 {
    COUNT.load(Ordering::SeqCst)
}

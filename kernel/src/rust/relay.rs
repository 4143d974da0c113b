//! Threads that carry the cell process's stdout and stderr to the current cell's frontend,
//! and the state a cell's output reveals (a panic, an error returned with `?`, a memory fault,
//! whether the cell is inside a library loop that obeys interrupts).
//!
//! evcxr hands the lines over on channels and returns from a run once it has handed over all
//! of stdout; [`Relays::flush`] then waits until every line has been published, so that all
//! output of a request precedes its `idle`.

use super::interrupt;
use super::output::{parse_line, Event, FaultKind, PanicLocation, MARKER};
use crate::interpreter::Frontend;
use crossbeam_channel::{select, Receiver, Sender};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long stderr must stay quiet before a flush counts it as drained: the child's stderr
/// reaches us through a pipe and a thread, without an end-of-cell marker.
const STDERR_QUIET: Duration = Duration::from_millis(15);

/// Largest text sent as one stream message when lines arrive in a burst.
const STREAM_BATCH: usize = 64 * 1024;

/// What the current cell's output has revealed so far.
#[derive(Default)]
pub struct CellReport {
    pub panic: Option<(String, Option<PanicLocation>)>,
    pub error_returned: bool,
    /// The message and cell line of that error, when its `?` was instrumented.
    pub returned: Option<(String, u32)>,
    /// The memory fault the library's handler reported before the process ended.
    pub fault: Option<FaultKind>,
    /// The last lines of standard error (without marker lines).
    pub stderr_tail: Vec<String>,
    /// Lines of standard error with Rust's last words before an abort
    /// ([`super::diagnostics::FATAL_MESSAGES`]), kept even when a backtrace follows.
    pub fatal: Vec<String>,
}

/// Shared between the relays and the interpreter.
#[derive(Default)]
pub struct CellState {
    frontend: Mutex<Option<Arc<dyn Frontend>>>,
    report: Mutex<CellReport>,
}

impl CellState {
    /// Starts a cell: outputs go to `frontend` (None: dropped), the report is reset.
    pub fn begin(&self, frontend: Option<Arc<dyn Frontend>>) {
        *self.frontend.lock().unwrap_or_else(|e| e.into_inner()) = frontend;
        *self.report.lock().unwrap_or_else(|e| e.into_inner()) = CellReport::default();
        interrupt::set_in_library_loop(false);
    }

    /// Ends a cell and returns what its output revealed.
    pub fn end(&self) -> CellReport {
        *self.frontend.lock().unwrap_or_else(|e| e.into_inner()) = None;
        std::mem::take(&mut *self.report.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn frontend(&self) -> Option<Arc<dyn Frontend>> {
        self.frontend
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn on_stdout(&self, text: &mut String, event: Event) {
        let frontend = self.frontend();
        // Text is batched; anything else first sends the text before it, to keep order.
        if let Event::Text(t) = event {
            text.push_str(&t);
            return;
        }
        self.send_text(&frontend, "stdout", text);
        match event {
            Event::Text(_) => {}
            Event::Display {
                data,
                display_id,
                update,
            } => {
                if let Some(f) = &frontend {
                    f.display(data, json!({}), display_id, update);
                }
            }
            Event::ClearOutput { wait } => {
                if let Some(f) = &frontend {
                    f.clear_output(wait);
                }
            }
            Event::Panic { message, location } => {
                let mut report = self.report.lock().unwrap_or_else(|e| e.into_inner());
                report.panic.get_or_insert((message, location));
            }
            Event::ErrorReturned => {
                self.report
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .error_returned = true;
            }
            Event::LibraryLoop { active } => interrupt::set_in_library_loop(active),
            Event::Fault(kind) => self.record_fault(kind),
            // Printed by the cell itself (e.g. `println!("{e}")` of such an error).
            Event::ReturnedError { message, .. } => {
                if let Some(f) = &frontend {
                    f.stream("stdout", &format!("{message}\n"));
                }
            }
        }
    }

    fn record_fault(&self, kind: FaultKind) {
        self.report
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .fault
            .get_or_insert(kind);
    }

    fn send_text(&self, frontend: &Option<Arc<dyn Frontend>>, name: &str, text: &mut String) {
        if text.is_empty() {
            return;
        }
        if let Some(f) = frontend {
            f.stream(name, text);
        }
        text.clear();
    }

    fn on_stderr(&self, text: &mut String, line: String) {
        if line.contains(MARKER) {
            // The library's notes on standard error (a panic that may end the process before
            // its standard output is relayed, a memory fault): recorded, not shown.
            for event in parse_line(&line) {
                match event {
                    Event::Text(t) => self.stderr_text(text, t.trim_end_matches('\n').to_string()),
                    Event::Panic { message, location } => {
                        let mut report = self.report.lock().unwrap_or_else(|e| e.into_inner());
                        report.panic.get_or_insert((message, location));
                    }
                    Event::Fault(kind) => self.record_fault(kind),
                    Event::ReturnedError { message, line } => {
                        self.report
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .returned
                            .get_or_insert((message, line));
                    }
                    _ => {}
                }
            }
            return;
        }
        self.stderr_text(text, line);
    }

    fn stderr_text(&self, text: &mut String, line: String) {
        {
            let mut report = self.report.lock().unwrap_or_else(|e| e.into_inner());
            report.stderr_tail.push(line.clone());
            if report.fatal.len() < 4
                && super::diagnostics::FATAL_MESSAGES
                    .iter()
                    .any(|m| line.contains(m))
            {
                report.fatal.push(line.clone());
            }
            let excess = report.stderr_tail.len().saturating_sub(20);
            report.stderr_tail.drain(..excess);
        }
        text.push_str(&line);
        text.push('\n');
    }
}

/// Handles to the two relay threads.
pub struct Relays {
    flush_stdout: Sender<Sender<()>>,
    flush_stderr: Sender<Sender<()>>,
}

impl Relays {
    /// Starts relaying evcxr's stdout and stderr channels into `state`.
    pub fn start(
        stdout: Receiver<String>,
        stderr: Receiver<String>,
        state: Arc<CellState>,
    ) -> Relays {
        let (flush_stdout, stdout_flushes) = crossbeam_channel::unbounded::<Sender<()>>();
        let (flush_stderr, stderr_flushes) = crossbeam_channel::unbounded::<Sender<()>>();
        {
            let state = state.clone();
            // evcxr hands over all of stdout before a run returns: nothing to wait for.
            std::thread::spawn(move || {
                relay(
                    stdout,
                    stdout_flushes,
                    state,
                    "stdout",
                    Duration::ZERO,
                    stdout_line,
                )
            });
        }
        std::thread::spawn(move || {
            relay(
                stderr,
                stderr_flushes,
                state,
                "stderr",
                STDERR_QUIET,
                CellState::on_stderr,
            )
        });
        Relays {
            flush_stdout,
            flush_stderr,
        }
    }

    /// Returns once every line handed over so far has been published.
    pub fn flush(&self) {
        for channel in [&self.flush_stdout, &self.flush_stderr] {
            let (done, wait) = crossbeam_channel::bounded(1);
            if channel.send(done).is_ok() {
                let _ = wait.recv_timeout(Duration::from_secs(5));
            }
        }
    }
}

/// One relay thread: turns `lines` into events on `state`, batching bursts into one stream
/// message. On a flush request it takes what is left, waiting up to `quiet` for stragglers.
fn relay(
    lines: Receiver<String>,
    flushes: Receiver<Sender<()>>,
    state: Arc<CellState>,
    name: &str,
    quiet: Duration,
    on_line: fn(&CellState, &mut String, String),
) {
    let mut text = String::new();
    loop {
        select! {
            recv(lines) -> line => {
                let Ok(line) = line else { return };
                on_line(&state, &mut text, line);
                // Take the rest of a burst before publishing, up to a batch.
                while text.len() < STREAM_BATCH {
                    let Ok(line) = lines.try_recv() else { break };
                    on_line(&state, &mut text, line);
                }
                state.send_text(&state.frontend(), name, &mut text);
            }
            recv(flushes) -> done => {
                let Ok(done) = done else { return };
                while let Ok(line) = lines.recv_timeout(quiet) {
                    on_line(&state, &mut text, line);
                }
                state.send_text(&state.frontend(), name, &mut text);
                let _ = done.send(());
            }
        }
    }
}

fn stdout_line(state: &CellState, text: &mut String, line: String) {
    for event in parse_line(&line) {
        state.on_stdout(text, event);
    }
}

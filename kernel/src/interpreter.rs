//! The interface between the protocol server and a language: what the server asks of an
//! interpreter, and how the interpreter sends outputs back while it runs.
//!
//! The server owns sockets, signing and the busy/idle protocol; an interpreter never sees a
//! Jupyter message. This is xeus' split: tests of the protocol run with a trivial interpreter.

use serde_json::{Map, Value};
use std::sync::Arc;

/// A MIME bundle: `{"text/plain": "...", "text/html": "..."}`.
pub type MimeBundle = Map<String, Value>;

/// What a client asked to run.
#[derive(Debug, Clone, Default)]
pub struct ExecuteRequest {
    pub code: String,
    pub allow_stdin: bool,
    /// Names to expressions to evaluate after the code, reported in the reply.
    pub user_expressions: Map<String, Value>,
}

/// A failed run, in the shape of Jupyter's `error` message.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorReport {
    pub ename: String,
    pub evalue: String,
    pub traceback: Vec<String>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecuteOutcome {
    /// Success, with the value of the last expression if it has one, and reply payloads
    /// (e.g. a help page for `name?`).
    Ok {
        result: Option<MimeBundle>,
        payload: Vec<Value>,
    },
    /// Failure; the server publishes the error and replies with status "error".
    Error(ErrorReport),
}

/// Answer to `is_complete_request`.
#[derive(Debug, Clone, PartialEq)]
pub enum Completeness {
    Complete,
    /// More input is expected; the string is the suggested indent for the next line.
    Incomplete(String),
    Invalid,
}

/// Answer to `complete_request`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completions {
    pub matches: Vec<String>,
    pub cursor_start: usize,
    pub cursor_end: usize,
    /// `_jupyter_types_experimental` entries: `{start, end, text, type, signature}`.
    pub types: Vec<Value>,
}

/// Static facts for `kernel_info_reply`.
#[derive(Debug, Clone)]
pub struct KernelInfo {
    pub implementation: String,
    pub implementation_version: String,
    pub language_info: Value,
    pub banner: String,
    pub help_links: Vec<(String, String)>,
}

/// Where an interpreter sends what a run produces, while it runs. Implemented by the server;
/// safe to call from any thread.
pub trait Frontend: Send + Sync {
    /// Text on `stdout` or `stderr`.
    fn stream(&self, name: &str, text: &str);
    /// A rich output; with `update`, replaces the output that has the same `display_id`.
    fn display(&self, data: MimeBundle, metadata: Value, display_id: Option<String>, update: bool);
    /// Clears the cell's outputs (at the next output if `wait`).
    fn clear_output(&self, wait: bool);
    /// Asks the user for a line of input; `None` if the client does not accept input requests.
    fn input(&self, prompt: &str, password: bool) -> Option<String>;
}

/// Stops a running execution from another thread (control channel, SIGINT).
pub trait Interrupter: Send + Sync {
    /// Stops the current run, if any; does nothing while idle.
    fn interrupt(&self);
}

/// A language behind the kernel.
pub trait Interpreter {
    /// Facts for `kernel_info_reply`; must answer at once, even while the interpreter loads.
    fn kernel_info(&self) -> KernelInfo;
    /// Runs code, sending outputs to `frontend` as they come.
    fn execute(&mut self, request: &ExecuteRequest, frontend: Arc<dyn Frontend>) -> ExecuteOutcome;
    /// Evaluates one expression for `user_expressions`: a MIME bundle or an error.
    fn evaluate_expression(&mut self, expression: &str) -> Result<MimeBundle, ErrorReport>;
    /// Completions at `cursor` (a character offset) in `code`.
    fn complete(&mut self, code: &str, cursor: usize) -> Completions;
    /// Documentation of the name at `cursor` (a character offset), if any.
    fn inspect(&mut self, code: &str, cursor: usize, detail_level: u8) -> Option<MimeBundle>;
    /// Whether `code` is ready to run.
    fn is_complete(&mut self, code: &str) -> Completeness;
    /// A handle that interrupts runs from another thread.
    fn interrupter(&self) -> Arc<dyn Interrupter>;
    /// Releases what the interpreter holds (child processes, temporary files).
    fn shutdown(&mut self);
}

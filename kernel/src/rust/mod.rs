//! The evcxr-backed Rust interpreter, with the course library preloaded.
//!
//! evcxr is loaded on a background thread so that `kernel_info` is answered at once; the first
//! request that needs it waits. Cells are compiled at opt-level 0 against the prebuilt
//! library (see [`library`]); their output is demultiplexed by [`relay`].

pub mod analysis;
pub mod cell_syntax;
pub mod compile_errors;
pub mod diagnostics;
mod graders_names;
pub mod infer;
pub mod interrupt;
pub mod is_complete;
pub mod keep;
pub mod library;
pub mod output;
pub mod question_marks;
pub mod relay;
pub mod sessions;

use crate::interpreter::{
    Completeness, Completions, ErrorReport, ExecuteOutcome, ExecuteRequest, Frontend, Interpreter,
    Interrupter, KernelInfo, MimeBundle,
};
use analysis::session_source::{AnalysisSource, SessionItems};
use analysis::Analysis;
use evcxr::{CommandContext, EvalCallbacks};
use interrupt::RustInterrupter;
use library::Library;
use question_marks::Instrumented;
use relay::{CellReport, CellState, Relays};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;

/// Code run at the start of every session, and again after the cell process restarts.
const PRELOAD: &str = "use sdia::prelude::*;";
const HOOKS: &str = "sdia::kernel_hooks::install();";
/// A `?` in the preload: evcxr learns that cells may use `?` (its `allow_question_mark`) at
/// startup instead of in the first student cell using one, where the failed first compile made
/// that cell's result show as plain text instead of a table.
const QUESTION_MARK: &str = "Ok::<(), SdiaError>(())?;";

/// evcxr, once loaded.
struct Engine {
    context: CommandContext,
    relays: Relays,
}

enum EngineSlot {
    Loading(mpsc::Receiver<Result<Engine, String>>),
    Ready(Box<Engine>),
    Failed(String),
}

/// The Rust interpreter.
pub struct RustInterpreter {
    engine: EngineSlot,
    interrupter: Arc<RustInterrupter>,
    cell: Arc<CellState>,
    info: KernelInfo,
    session_dir: PathBuf,
    /// The kernel's own analysis (library-aware completion and documentation).
    analysis: Analysis,
    /// Items (functions, types, `use`s) of the cells that ran, for the analysis.
    items: SessionItems,
}

fn kernel_info() -> KernelInfo {
    // The toolchain that built the kernel and the library (recorded by build.rs).
    let version = env!("SDIA_RUSTC_VERSION");
    KernelInfo {
        implementation: "sdia-kernel".into(),
        implementation_version: env!("CARGO_PKG_VERSION").into(),
        language_info: json!({
            "name": "rust",
            "version": version,
            "mimetype": "text/rust",
            "file_extension": ".rs",
            "pygments_lexer": "rust",
            "codemirror_mode": "rust",
            "nbconvert_exporter": "rust",
        }),
        banner: format!(
            "sdia {} — Rust {version} for data science (Cnam SDIA). \
             `use sdia::prelude::*;` is in effect: polars, tables and charts are ready.",
            env!("CARGO_PKG_VERSION")
        ),
        help_links: vec![
            (
                "polars (Rust API)".into(),
                "https://docs.rs/polars/0.55/polars/".into(),
            ),
            (
                "plotters".into(),
                "https://docs.rs/plotters/0.3/plotters/".into(),
            ),
            (
                "Rust standard library".into(),
                "https://doc.rust-lang.org/std/".into(),
            ),
            (
                "The Rust book".into(),
                "https://doc.rust-lang.org/book/".into(),
            ),
        ],
    }
}

/// Sets the process environment that evcxr and cargo inherit. Call before any thread starts.
pub fn prepare_environment(session_dir: &std::path::Path) -> Result<(), String> {
    let library = Library::locate(&library::sdia_home())?;
    sessions::create_private(session_dir)
        .map_err(|e| format!("cannot create {}: {e}", session_dir.display()))?;
    let mut ld_path = vec![library
        .dylib
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()];
    if let Some(std_dir) = library::rustc_target_libdir() {
        ld_path.push(std_dir);
    }
    if let Some(existing) = std::env::var_os("LD_LIBRARY_PATH") {
        ld_path.extend(std::env::split_paths(&existing));
    }
    let ld_path = std::env::join_paths(ld_path).map_err(|e| e.to_string())?;
    let vars: Vec<(&str, std::ffi::OsString)> = vec![
        ("EVCXR_TMPDIR", session_dir.as_os_str().to_owned()),
        (
            "CARGO_ENCODED_RUSTFLAGS",
            library.encoded_rustflags(library::lld_available()).into(),
        ),
        ("CARGO_PROFILE_DEV_OPT_LEVEL", "0".into()),
        ("CARGO_PROFILE_DEV_DEBUG", "false".into()),
        ("CARGO_NET_OFFLINE", "true".into()),
        ("CARGO_TERM_COLOR", "never".into()),
        ("LD_LIBRARY_PATH", ld_path),
    ];
    let mut vars = vars;
    // std's sources go to the kernel's analysis only (`SDIA_RUST_SRC_PATH`). evcxr's own
    // rust-analyzer, which runs before every cell, gets an empty std (`RUST_SRC_PATH` on a
    // directory without sources): analysing std there cost 4 s of CPU at start-up and hundreds
    // of MB, for types the kernel's analysis writes into the cell anyway.
    if let Some(src) = library::rust_src_path() {
        vars.push(("SDIA_RUST_SRC_PATH", src.into_os_string()));
    }
    let no_std = session_dir.join("no-std");
    std::fs::create_dir_all(no_std.join("core"))
        .map_err(|e| format!("cannot create {}: {e}", no_std.display()))?;
    vars.push(("RUST_SRC_PATH", no_std.into_os_string()));
    for (key, value) in vars {
        // SAFETY (edition 2024 wording): called from main before other threads exist.
        std::env::set_var(key, value);
    }
    Ok(())
}

fn load_engine(cell: Arc<CellState>) -> Result<Engine, String> {
    let started = std::time::Instant::now();
    let (mut context, outputs) =
        CommandContext::new().map_err(|e| format!("cannot start evcxr: {e}"))?;
    let evcxr_ready = started.elapsed();
    let relays = Relays::start(outputs.stdout, outputs.stderr, cell.clone());
    cell.begin(None);
    let preload = format!("{PRELOAD}\n{HOOKS}\n{QUESTION_MARK}");
    let result = context.execute(&preload);
    relays.flush();
    cell.end();
    crate::log(&format!(
        "evcxr ready in {:.2} s, library preloaded in {:.2} s",
        evcxr_ready.as_secs_f64(),
        (started.elapsed() - evcxr_ready).as_secs_f64()
    ));
    match result {
        Ok(_) => Ok(Engine { context, relays }),
        Err(evcxr::Error::CompilationErrors(errors)) => Err(format!(
            "the sdia library could not be loaded (rebuild it with ./install.sh):\n{}",
            errors
                .iter()
                .map(|e| e.rendered())
                .collect::<Vec<_>>()
                .join("\n")
        )),
        Err(e) => Err(format!("the sdia library could not be loaded: {e}")),
    }
}

impl RustInterpreter {
    /// Starts loading evcxr and the library in the background; returns at once.
    /// `prepare_environment` must have been called first.
    pub fn start(session_dir: PathBuf, load_error: Option<String>) -> RustInterpreter {
        let cell = Arc::new(CellState::default());
        let engine = match load_error {
            Some(error) => EngineSlot::Failed(error),
            None => {
                let (send, receive) = mpsc::channel();
                let cell = cell.clone();
                std::thread::spawn(move || {
                    let _ = send.send(load_engine(cell));
                });
                EngineSlot::Loading(receive)
            }
        };
        let analysis = Analysis::start(session_dir.join("analysis"));
        RustInterpreter {
            engine,
            interrupter: Arc::new(RustInterrupter::default()),
            cell,
            info: kernel_info(),
            session_dir,
            analysis,
            items: SessionItems::default(),
        }
    }

    /// Waits until evcxr and the library are loaded (`sdia-kernel run` starts its cells'
    /// timeouts after that, as nbclient separates start-up from execution); the loading error
    /// if they could not be.
    pub fn wait_until_loaded(&mut self) -> Result<(), String> {
        self.engine().map(|_| ())
    }

    /// The engine, waiting for it to load if needed.
    fn engine(&mut self) -> Result<&mut Engine, String> {
        if let EngineSlot::Loading(receive) = &self.engine {
            self.engine = match receive.recv() {
                Ok(Ok(engine)) => {
                    self.interrupter
                        .set_process(engine.context.process_handle());
                    EngineSlot::Ready(Box::new(engine))
                }
                Ok(Err(e)) => EngineSlot::Failed(e),
                Err(_) => EngineSlot::Failed("the loader thread died".into()),
            };
        }
        match &mut self.engine {
            EngineSlot::Ready(engine) => Ok(engine),
            EngineSlot::Failed(e) => Err(e.clone()),
            EngineSlot::Loading(_) => unreachable!("resolved above"),
        }
    }

    /// Sets up the cell process again after it was killed (interrupt) or died. `restarted`:
    /// evcxr already noticed and started a new process, which installs the library's hooks by
    /// itself when its first cell loads the library (`sdia::kernel_hooks`), so nothing needs to
    /// run now and the reply is not delayed by a compile. Otherwise evcxr learns of the kill
    /// only on its next run: the hooks' cell is that run.
    fn after_restart(&mut self, restarted: bool) {
        // The new process gets the memory limit before it runs anything.
        self.interrupter.limit_memory();
        if restarted {
            return;
        }
        let cell = self.cell.clone();
        if let Ok(engine) = self.engine() {
            cell.begin(None);
            // A process killed while a cell compiled is noticed (and restarted by evcxr) only
            // on the next run: then the hooks go in on the second try.
            let mut result = engine.context.execute(HOOKS);
            if let Err(evcxr::Error::SubprocessTerminated(_)) = result {
                result = engine.context.execute(HOOKS);
            }
            if let Err(e) = result {
                crate::log(&format!("cannot reinstall hooks after restart: {e}"));
            }
            engine.relays.flush();
            cell.end();
        }
        // The run above made a new process.
        self.interrupter.limit_memory();
    }

    fn variable_names(&mut self) -> Vec<String> {
        match self.engine() {
            Ok(engine) => {
                let mut names: Vec<String> = engine
                    .context
                    .variables_and_types()
                    .map(|(name, _)| name.to_string())
                    .collect();
                names.sort();
                names
            }
            Err(_) => Vec::new(),
        }
    }

    fn run(
        &mut self,
        code: &str,
        frontend: Option<Arc<dyn Frontend>>,
    ) -> (Result<evcxr::EvalOutputs, evcxr::Error>, CellReport, bool) {
        let cell = self.cell.clone();
        let interrupter = self.interrupter.clone();
        let Ok(engine) = self.engine() else {
            unreachable!("callers check the engine first")
        };
        cell.begin(frontend.clone());
        let input_frontend = frontend.clone();
        let mut callbacks = EvalCallbacks {
            input_reader: &move |request| match &input_frontend {
                Some(f) => f
                    .input(&request.prompt, request.is_password)
                    .unwrap_or_default(),
                None => String::new(),
            },
        };
        let result = engine.context.execute_with_callbacks(code, &mut callbacks);
        interrupter.settle();
        let interrupted = interrupter.interrupted();
        engine.relays.flush();
        let report = cell.end();
        (result, report, interrupted)
    }

    /// The outcome of running a cell.
    fn outcome(
        &mut self,
        ran: &Ran,
        result: Result<evcxr::EvalOutputs, evcxr::Error>,
        report: CellReport,
        interrupted: bool,
        before: Vec<String>,
    ) -> ExecuteOutcome {
        let restarted = matches!(result, Err(evcxr::Error::SubprocessTerminated(_)));
        // An interrupt the cell obeyed (the library stops at its next step) leaves the
        // process and the variables alone: the cell's own error says it was interrupted.
        let killed = interrupted && self.interrupter.killed();
        if killed || restarted {
            // Further interrupts must not kill the process being set up again.
            self.interrupter.stop();
            if !restarted {
                // Killed while compiling: make evcxr notice now, not in the next cell.
                self.interrupter.kill();
            }
            self.after_restart(restarted);
            let error = if killed {
                diagnostics::lost_variables(
                    "KeyboardInterrupt",
                    "The cell was interrupted: the process running cells was stopped and restarted.",
                    &before,
                )
            } else {
                let detail = match &result {
                    Err(e) => e.to_string(),
                    Ok(_) => String::new(),
                };
                let stderr: Vec<String> = report
                    .fatal
                    .iter()
                    .chain(&report.stderr_tail)
                    .cloned()
                    .collect();
                let death = diagnostics::Death {
                    detail: &detail,
                    fault: report.fault,
                    panic: report.panic.as_ref().map(|(message, _)| message.as_str()),
                    stderr_tail: &stderr,
                    memory_limit: memory::configured(),
                };
                diagnostics::process_died(&death, &before)
            };
            return ExecuteOutcome::Error(error);
        }
        match result {
            Err(evcxr::Error::CompilationErrors(errors)) => {
                let cell_column = |line, column| ran.instrumented.cell_column(line, column);
                let sources = compile_errors::Sources {
                    cell: ran.cell,
                    executed: ran.executed,
                    cell_column: &cell_column,
                };
                ExecuteOutcome::Error(diagnostics::compile_errors(&errors, &sources))
            }
            Err(evcxr::Error::TypeRedefinedVariablesLost(vars)) => {
                ExecuteOutcome::Error(ErrorReport {
                    ename: "VariablesLost".into(),
                    evalue: format!(
                        "the type of these variables was redefined, so they were lost: {}",
                        vars.join(", ")
                    ),
                    traceback: vec![format!("VariablesLost: {}", vars.join(", "))],
                })
            }
            Err(e) => ExecuteOutcome::Error(ErrorReport {
                ename: "Error".into(),
                evalue: e.to_string(),
                traceback: vec![format!("Error: {e}")],
            }),
            Ok(outputs) => {
                if let Some((message, location)) = report.panic {
                    let generated = match self.engine() {
                        Ok(engine) => engine.context.last_source().unwrap_or_default(),
                        Err(_) => String::new(),
                    };
                    let line = location
                        .filter(|l| l.file.ends_with("src/lib.rs"))
                        .and_then(|l| diagnostics::cell_line_of(&generated, l.line, ran.executed));
                    return ExecuteOutcome::Error(diagnostics::panic_report(
                        &message, line, ran.cell,
                    ));
                }
                if let Some((message, line)) = report.returned {
                    let report = diagnostics::returned_error(&message, line as usize, ran.cell);
                    return ExecuteOutcome::Error(report);
                }
                if report.error_returned {
                    let message = report
                        .stderr_tail
                        .iter()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                        .cloned()
                        .unwrap_or_else(|| "an error was returned with `?`".to_string());
                    return ExecuteOutcome::Error(ErrorReport {
                        ename: "Error".into(),
                        evalue: message.clone(),
                        traceback: vec![
                            format!("Error: {message}"),
                            "  (returned with `?` by the cell)".into(),
                        ],
                    });
                }
                ExecuteOutcome::Ok {
                    result: bundle_of(&outputs),
                    payload: Vec::new(),
                }
            }
        }
    }

    /// If `message` is evcxr's "can't determine the type of `x`", `code` with `x`'s type
    /// written out, as rustc names it.
    fn annotate_unknown_type(&mut self, code: &str, message: &str) -> Option<String> {
        let name = infer::unknown_variable(message)?;
        self.with_checked_type(code, &name)
    }

    /// `code` with the type of `name`'s last unannotated top-level `let` written out, as rustc
    /// names it when the cell is checked with `let name: () = …` (references made `'static`).
    fn with_checked_type(&mut self, code: &str, name: &str) -> Option<String> {
        let point = infer::annotation_point(code, name)?;
        let probe = infer::annotate(code, point, "()");
        let engine = self.engine().ok()?;
        let errors = engine.context.check(&probe).ok()?;
        let ty = infer::found_type(&errors)?;
        Some(infer::annotate(code, point, &ty))
    }

    /// `code` with the top-level `let`s of `infer::lets_to_type` given their type as rustc names
    /// it (references made `'static`); one check per such `let`, none for types evcxr can name.
    fn annotate_lets(&mut self, mut code: String) -> String {
        for name in infer::lets_to_type(&code) {
            if let Some(typed) = self.with_checked_type(&code, &name) {
                code = typed;
            }
        }
        code
    }

    /// After E0689 (a number whose type nothing settles, `let x = 2.5;\nx`: evcxr shows the
    /// last expression by calling a trait method on it): `code` with Rust's default types
    /// written, as rustc would settle them without evcxr. Plain arithmetic is typed from the
    /// text; other untyped `let`s (`let x = v[1];` with `v` a `Vec<{integer}>`) by a rustc check
    /// each. `None` if nothing changed.
    fn with_number_types(&mut self, code: &str) -> Option<String> {
        let typed = infer::default_numeric_types(code);
        if typed != code {
            return Some(typed);
        }
        let mut typed = code.to_string();
        for name in infer::untyped_names(code) {
            if let Some(with_type) = self.with_checked_type(&typed, &name) {
                typed = with_type;
            }
        }
        (typed != code).then_some(typed)
    }

    fn execute_started(
        &mut self,
        request: &ExecuteRequest,
        frontend: Arc<dyn Frontend>,
    ) -> ExecuteOutcome {
        if let Err(e) = self.engine() {
            return startup_error(&e);
        }
        if self.interrupter.interrupted() {
            return ExecuteOutcome::Error(diagnostics::lost_variables(
                "KeyboardInterrupt",
                "The cell was interrupted before it started.",
                &[],
            ));
        }
        if request.code.trim().is_empty() {
            return ExecuteOutcome::Ok {
                result: None,
                payload: Vec::new(),
            };
        }
        if let Some(name) = help_request(&request.code) {
            return self.help_page(name);
        }
        if let Some(refused) = graders_names::refusal(&request.code) {
            return ExecuteOutcome::Error(refused);
        }
        let before = self.variable_names();
        // The analysis decides how each binding is kept; if that code does not compile, the
        // cell runs as the student wrote it, typed by rustc checks (`infer`).
        let instrumented = question_marks::instrument(&request.code);
        if let Some(typed) = self.typed_by_analysis(&instrumented.code) {
            let outcome = self.run_with_checks(request, &frontend, typed, &before, &instrumented);
            if !is_compile_error(&outcome) {
                return outcome;
            }
        }
        let code = instrumented.code.clone();
        let outcome = self.run_with_checks(request, &frontend, code, &before, &instrumented);
        if instrumented.changed() && blames_instrumentation(&outcome) {
            // `?` on something the library's `ReturnedAt` does not take: rustc's own words.
            let plain = Instrumented::unchanged(&request.code);
            return self.run_with_checks(request, &frontend, request.code.clone(), &before, &plain);
        }
        outcome
    }

    /// The cell with the types of its bindings written in by the analysis, if it is loaded and
    /// that changes anything.
    fn typed_by_analysis(&mut self, code: &str) -> Option<String> {
        if !self.analysis.is_ready() || !infer::has_lets_to_type(code) {
            return None;
        }
        let source = self.analysis_source(code);
        let lets = self.analysis.bindings(source)?;
        let typed = keep::rewrite(code, &lets);
        (typed != code).then_some(typed)
    }

    /// Runs `code`, typing with rustc checks what evcxr can't name (see `infer`).
    fn run_with_checks(
        &mut self,
        request: &ExecuteRequest,
        frontend: &Arc<dyn Frontend>,
        code: String,
        before: &[String],
        instrumented: &Instrumented,
    ) -> ExecuteOutcome {
        let code = infer::static_let_types(&code);
        let mut code = self.annotate_lets(code);
        // Each round names one more variable's type (see `infer`); a cell has few `let`s.
        for _ in 0..32 {
            let (result, report, interrupted) = self.run(&code, Some(frontend.clone()));
            let annotated = match &result {
                Err(evcxr::Error::Message(message)) if !interrupted => {
                    self.annotate_unknown_type(&code, message)
                }
                Err(evcxr::Error::CompilationErrors(errors)) if !interrupted => {
                    let ambiguous = errors.iter().any(|e| {
                        e.code() == Some("E0689")
                            || e.message()
                                .contains("you must specify a type for this binding")
                    });
                    infer::mistyped_variable(errors)
                        .and_then(|(name, ty)| infer::with_type(&code, &name, &ty))
                        .or_else(|| ambiguous.then(|| self.with_number_types(&code)).flatten())
                }
                _ => None,
            };
            if let Some(annotated) = annotated {
                code = annotated;
                continue;
            }
            let ran = Ran {
                cell: &request.code,
                executed: &code,
                instrumented,
            };
            return self.outcome(&ran, result, report, interrupted, before.to_vec());
        }
        startup_error("too many variables of unknown type in one cell: give some an explicit type")
    }

    fn token_at(code: &str, byte_cursor: usize) -> (usize, &str) {
        let before = &code[..byte_cursor];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map(|(i, _)| i)
            .unwrap_or(byte_cursor);
        (start, &code[start..byte_cursor])
    }
}

impl RustInterpreter {
    /// The session as the analysis sees it, with `code` as the cell being edited.
    fn analysis_source(&mut self, code: &str) -> AnalysisSource {
        let variables: Vec<(String, String)> = match self.engine() {
            Ok(engine) => engine
                .context
                .variables_and_types()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            Err(_) => Vec::new(),
        };
        AnalysisSource::new(&self.items, &variables, code)
    }

    /// Completions from the kernel's analysis (library, polars, std, session); None until it is
    /// loaded, or when it finds nothing.
    fn analysed_completions(&mut self, code: &str, byte_cursor: usize) -> Option<Completions> {
        if !self.analysis.is_ready() {
            return None;
        }
        let source = self.analysis_source(code);
        let found = self.analysis.complete(source, byte_cursor)?;
        let first = found.first()?;
        let range = (first.start, first.end);
        let (start, end) = (byte_to_char(code, range.0), byte_to_char(code, range.1));
        let mut completions = Completions {
            cursor_start: start,
            cursor_end: end,
            ..Default::default()
        };
        for c in found.into_iter().filter(|c| (c.start, c.end) == range) {
            completions.types.push(json!({
                "start": start, "end": end, "text": c.text, "type": c.kind,
                "signature": c.signature,
            }));
            completions.matches.push(c.text);
        }
        Some(completions)
    }

    /// Completions from evcxr's own analysis (std and session variables; no library).
    fn evcxr_completions(&mut self, code: &str, cursor: usize) -> Completions {
        let byte_cursor = char_to_byte(code, cursor);
        let (token_start, token) = Self::token_at(code, byte_cursor);
        let token = token.to_string();
        let Ok(engine) = self.engine() else {
            return Completions {
                cursor_start: cursor,
                cursor_end: cursor,
                ..Default::default()
            };
        };
        let variables: BTreeMap<String, String> = engine
            .context
            .variables_and_types()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut completions = Completions {
            cursor_start: byte_to_char(code, token_start),
            cursor_end: cursor,
            ..Default::default()
        };
        let push = |completions: &mut Completions,
                    text: String,
                    kind: String,
                    start: usize,
                    end: usize| {
            if completions.matches.contains(&text) {
                return;
            }
            completions.types.push(json!({
                "start": start, "end": end, "text": text, "type": kind, "signature": "",
            }));
            completions.matches.push(text);
        };
        if let Ok(found) = engine.context.completions(code, byte_cursor) {
            let start = byte_to_char(code, found.start_offset);
            let end = byte_to_char(code, found.end_offset);
            completions.cursor_start = start;
            completions.cursor_end = end;
            for c in found.completions {
                let kind = match variables.get(&c.code) {
                    Some(ty) => ty.clone(),
                    None => c.kind.to_string(),
                };
                push(&mut completions, c.code, kind, start, end);
            }
        }
        // Session variables evcxr's analysis may have missed.
        let (start, end) = (byte_to_char(code, token_start), cursor);
        if start == completions.cursor_start {
            for (name, ty) in &variables {
                if name.starts_with(&token) {
                    push(&mut completions, name.clone(), ty.clone(), start, end);
                }
            }
        }
        completions
    }

    /// Documentation from evcxr's analysis, else the session variable's type.
    fn evcxr_inspect(&mut self, code: &str, start: usize, end: usize) -> Option<MimeBundle> {
        let name = code[start..end].to_string();
        let engine = self.engine().ok()?;
        let variable_type = engine
            .context
            .variables_and_types()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string());
        let hover = engine.context.hover_at(code, end).ok();
        let mut bundle = MimeBundle::new();
        match (hover, variable_type) {
            (Some((plain, html)), _) if !plain.trim().is_empty() => {
                bundle.insert("text/plain".into(), Value::String(plain));
                bundle.insert("text/html".into(), Value::String(html));
            }
            (_, Some(ty)) => {
                bundle.insert("text/plain".into(), Value::String(format!("{name}: {ty}")));
            }
            _ => return None,
        }
        Some(bundle)
    }
}

impl RustInterpreter {
    /// After a failed cell: a name its `let`s would have bound that still means a library or std
    /// item (`first`, `col`, `test`…) is named in the error, so that the next cell's error about
    /// `fn() -> Selector` is no surprise.
    fn note_names_left_to_the_library(&mut self, code: &str, report: &mut ErrorReport) {
        if !self.analysis.is_ready() {
            return;
        }
        let kept = self.variable_names();
        for name in infer::bound_names(code) {
            if kept.contains(&name) {
                continue;
            }
            let source = self.analysis_source(&name);
            let Some(doc) = self.analysis.hover(source, 0) else {
                continue;
            };
            let Some(signature) = rust_blocks(&doc).into_iter().nth(1) else {
                continue;
            };
            let note = format!(
                "note: `{name}` was not kept, since the cell failed: in the next cells `{name}` \
                 still means the library's `{signature}`"
            );
            report.evalue.push('\n');
            report.evalue.push_str(&note);
            report.traceback.push(note);
        }
    }
}

impl RustInterpreter {
    /// After "does not live long enough" (a top-level variable would keep a borrow of a value
    /// that ends with the cell): one line saying what to write instead.
    fn help_with_kept_borrows(&mut self, code: &str, report: &mut ErrorReport) {
        let borrow_error = ["E0597", "E0716", "E0515"]
            .iter()
            .any(|c| report.ename.contains(c));
        if !report.ename.starts_with("CompileError") || !borrow_error {
            return;
        }
        let mut help = Vec::new();
        if self.analysis.is_ready() {
            let source = self.analysis_source(code);
            for (range, bindings) in self.analysis.bindings(source).unwrap_or_default() {
                let borrowing = bindings.iter().find(
                    |b| matches!(&b.keep, analysis::bindings::Keep::Typed(t) if t.contains('&')),
                );
                if let Some(binding) = borrowing {
                    help.push(keep::owned_suggestion(
                        &code[range.0..range.1],
                        &binding.name,
                    ));
                }
            }
        }
        if help.is_empty() {
            help.push(
                "help: a variable of the session outlives its cell, so it can't keep a borrow \
                 of a value made in the cell: keep an owned value (`.to_owned()`, \
                 `.to_string()`, `.clone()`), or put the lines that use the borrow in braces \
                 `{ … }` so that nothing is kept"
                    .to_string(),
            );
        }
        for line in help {
            report.evalue.push('\n');
            report.evalue.push_str(&line);
            report.traceback.push(line);
        }
    }
}

/// The contents of the ```rust blocks of rust-analyzer's hover text, first line of each.
fn rust_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```rust\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(|block| block.lines().next().unwrap_or("").trim().to_string())
        .collect()
}

/// Documentation as the inspector and the pager show it: the Markdown as text, and as HTML.
fn documentation_bundle(markdown: &str) -> MimeBundle {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    let mut bundle = MimeBundle::new();
    bundle.insert("text/plain".into(), Value::String(markdown.to_string()));
    bundle.insert("text/html".into(), Value::String(html));
    bundle
}

/// The name in a help request cell, IPython style: `?name`, `name?` (a path, nothing else).
fn help_request(code: &str) -> Option<&str> {
    let code = code.trim();
    let name = code
        .strip_prefix('?')
        .or_else(|| code.strip_suffix('?'))?
        .trim();
    let is_path = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
        && !name.starts_with(':');
    is_path.then_some(name)
}

impl RustInterpreter {
    /// Answers `name?` with the documentation as a pager payload, like IPython.
    fn help_page(&mut self, name: &str) -> ExecuteOutcome {
        let code = name.to_string();
        match self.inspect(&code, code.chars().count(), 1) {
            Some(data) => ExecuteOutcome::Ok {
                result: None,
                payload: vec![json!({"source": "page", "data": data, "start": 0})],
            },
            None => ExecuteOutcome::Error(ErrorReport {
                ename: "NotFound".into(),
                evalue: format!("no documentation found for `{name}`"),
                traceback: vec![format!("no documentation found for `{name}`: check the spelling, or `use` its module first")],
            }),
        }
    }
}

/// The cell's result as a MIME bundle; none when there is nothing to show, or when the value is
/// `()` (a cell ending with a loop or a statement: like Python's `None`, not displayed).
fn bundle_of(outputs: &evcxr::EvalOutputs) -> Option<MimeBundle> {
    let content = &outputs.content_by_mime_type;
    if content.is_empty()
        || (content.len() == 1 && content.get("text/plain").is_some_and(|t| t.trim() == "()"))
    {
        return None;
    }
    let sorted: BTreeMap<&String, &String> = outputs.content_by_mime_type.iter().collect();
    let mut bundle = MimeBundle::new();
    for (mime, content) in sorted {
        bundle.insert(mime.clone(), Value::String(content.clone()));
    }
    bundle
        .entry("text/plain")
        .or_insert_with(|| Value::String(String::new()));
    Some(bundle)
}

fn char_to_byte(code: &str, chars: usize) -> usize {
    code.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(code.len())
}

fn byte_to_char(code: &str, bytes: usize) -> usize {
    code[..bytes.min(code.len())].chars().count()
}

/// What ran for a cell: the cell as written, the code that ran (with the types and `?` calls
/// the kernel wrote in, same lines) and where `?` calls went in.
struct Ran<'a> {
    cell: &'a str,
    executed: &'a str,
    instrumented: &'a Instrumented,
}

/// Whether a compile error is about the kernel's `?` calls (see `question_marks`).
fn blames_instrumentation(outcome: &ExecuteOutcome) -> bool {
    match outcome {
        ExecuteOutcome::Error(report) if report.ename.starts_with("CompileError") => {
            let mut texts = report.traceback.clone();
            texts.push(report.evalue.clone());
            question_marks::blamed(&texts)
        }
        _ => false,
    }
}

fn is_compile_error(outcome: &ExecuteOutcome) -> bool {
    matches!(outcome, ExecuteOutcome::Error(e) if e.ename.starts_with("CompileError"))
}

fn startup_error(message: &str) -> ExecuteOutcome {
    ExecuteOutcome::Error(ErrorReport {
        ename: "KernelStartupError".into(),
        evalue: message.to_string(),
        traceback: vec![message.to_string()],
    })
}

impl Interpreter for RustInterpreter {
    fn kernel_info(&self) -> KernelInfo {
        self.info.clone()
    }

    fn execute(&mut self, request: &ExecuteRequest, frontend: Arc<dyn Frontend>) -> ExecuteOutcome {
        // An interrupt counts from now on, also while the engine is still loading.
        self.interrupter.start();
        let mut outcome = self.execute_started(request, frontend);
        self.interrupter.stop();
        match &mut outcome {
            ExecuteOutcome::Ok { .. } => self.items.record(&request.code),
            ExecuteOutcome::Error(report) => {
                self.note_names_left_to_the_library(&request.code, report);
                self.help_with_kept_borrows(&request.code, report);
            }
        }
        outcome
    }

    fn evaluate_expression(&mut self, expression: &str) -> Result<MimeBundle, ErrorReport> {
        if let Err(e) = self.engine() {
            return Err(ErrorReport {
                ename: "KernelStartupError".into(),
                evalue: e.clone(),
                traceback: vec![e],
            });
        }
        let before = self.variable_names();
        self.interrupter.start();
        let (result, report, interrupted) = self.run(expression, None);
        self.interrupter.stop();
        let plain = Instrumented::unchanged(expression);
        let ran = Ran {
            cell: expression,
            executed: expression,
            instrumented: &plain,
        };
        match self.outcome(&ran, result, report, interrupted, before) {
            ExecuteOutcome::Ok { result, .. } => Ok(result.unwrap_or_default()),
            ExecuteOutcome::Error(e) => Err(e),
        }
    }

    fn complete(&mut self, code: &str, cursor: usize) -> Completions {
        let byte_cursor = char_to_byte(code, cursor);
        if let Some(found) = self.analysed_completions(code, byte_cursor) {
            return found;
        }
        self.evcxr_completions(code, cursor)
    }

    fn inspect(&mut self, code: &str, cursor: usize, _detail_level: u8) -> Option<MimeBundle> {
        let byte_cursor = char_to_byte(code, cursor);
        // Extend to the end of the identifier under the cursor.
        let end = code[byte_cursor..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map(|(i, _)| byte_cursor + i)
            .unwrap_or(code.len());
        let (start, _) = Self::token_at(code, end);
        let source = self.analysis_source(code);
        if let Some(markdown) = self.analysis.hover(source, start) {
            return Some(documentation_bundle(&markdown));
        }
        self.evcxr_inspect(code, start, end)
    }
    fn is_complete(&mut self, code: &str) -> Completeness {
        is_complete::is_complete(code)
    }

    fn interrupter(&self) -> Arc<dyn Interrupter> {
        self.interrupter.clone()
    }

    fn shutdown(&mut self) {
        self.interrupter.kill();
        let _ = std::fs::remove_dir_all(&self.session_dir);
    }
}

/// The memory limit of the cell process.
pub mod memory;

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(pairs: &[(&str, &str)]) -> evcxr::EvalOutputs {
        let mut out = evcxr::EvalOutputs::new();
        for (mime, content) in pairs {
            out.content_by_mime_type
                .insert(mime.to_string(), content.to_string());
        }
        out
    }

    #[test]
    fn unit_results_are_not_shown() {
        assert!(bundle_of(&outputs(&[])).is_none());
        assert!(bundle_of(&outputs(&[("text/plain", "()")])).is_none());
        let shown = bundle_of(&outputs(&[("text/plain", "3")])).unwrap();
        assert_eq!(shown["text/plain"], "3");
        // A rich value whose text happens to be "()" is still shown.
        let rich = bundle_of(&outputs(&[("text/plain", "()"), ("text/html", "<b>x</b>")]));
        assert!(rich.is_some());
    }
}

//! `sdia-kernel run NOTEBOOK`: runs a notebook without Jupyter, through the same interpreter as
//! the kernel, for CI pipelines and teachers' batches (papermill's job, without Python).
//!
//! Parameters are injected as papermill injects them ([`parameters`]); cells run in order with
//! the notebook's folder as working directory; the first failing cell (not tagged
//! `raises-exception`) stops the run, is named on standard error with its error, and makes the
//! exit status 1. The executed notebook is always written, atomically ([`notebook`]), also
//! after a failure, a timeout or Ctrl-C: what ran is never lost.

mod args;
mod declared_type;
mod notebook;
mod outputs;
mod parameters;

use crate::interpreter::{ErrorReport, ExecuteOutcome, ExecuteRequest, Interpreter};
use args::{Output, RunOptions};
use notebook::Notebook;
use outputs::RunOutputs;
use serde_json::json;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// Exit status of a run whose cell failed or timed out.
const FAILED: i32 = 1;
/// Exit status of a bad command line, notebook or parameter (nothing ran).
const USAGE_ERROR: i32 = 2;
/// Exit status after Ctrl-C, as shells report a SIGINT.
const INTERRUPTED: i32 = 130;

/// How a run ended.
enum Ending {
    Completed,
    Failed {
        cell: usize,
        code_cell: usize,
        count: u64,
        report: ErrorReport,
    },
    Interrupted {
        cell: usize,
    },
}

/// Runs `sdia-kernel run` with the arguments after `run`; returns the exit status.
pub fn main(args: &[String]) -> i32 {
    let options = match args::parse(args) {
        Ok(options) => options,
        Err(message) if message.is_empty() => {
            println!("{}", args::USAGE);
            return 0;
        }
        Err(message) => {
            eprintln!("sdia-kernel run: {message}\n{}", args::USAGE);
            return USAGE_ERROR;
        }
    };
    match prepare(&options) {
        Ok((notebook, output)) => run(&options, notebook, output),
        Err(message) => {
            eprintln!("sdia-kernel run: {message}");
            USAGE_ERROR
        }
    }
}

/// Reads the notebook, injects the parameters and moves to the cells' working directory;
/// returns the notebook and where it goes (made absolute before the move).
fn prepare(options: &RunOptions) -> Result<(Notebook, Output), String> {
    let mut notebook = Notebook::read(&options.notebook)?;
    if let Some(name) = notebook.kernel_name() {
        if name != crate::install::KERNEL_NAME && !name.contains("rust") {
            return Err(format!(
                "{} was saved with the kernel `{name}`; sdia-kernel run executes Rust notebooks \
                 of the `{}` kernel (choose \"Rust (sdia)\" in JupyterLab and save)",
                options.notebook.display(),
                crate::install::KERNEL_NAME
            ));
        }
    }
    if !options.parameters.is_empty() {
        let declared = notebook.parameters_source();
        if declared.is_none() {
            eprintln!(
                "sdia-kernel run: warning: {} has no cell tagged `parameters`; the parameters \
                 go in a first cell",
                options.notebook.display()
            );
        }
        let source = parameters::injected_cell(&options.parameters, declared.as_deref())?;
        notebook.inject_parameters(&source);
        let given: serde_json::Map<_, _> = options
            .parameters
            .iter()
            .map(|p| (p.name.clone(), p.value.to_json()))
            .collect();
        notebook.set_sdia_metadata("parameters", given.into());
    }
    let absolute = |path: &std::path::Path| {
        std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let output = match &options.output {
        Output::File(path) => Output::File(absolute(path)?),
        Output::Stdout => Output::Stdout,
    };
    let folder = match &options.cwd {
        Some(dir) => dir.clone(),
        None => absolute(&options.notebook)?
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| ".".into()),
    };
    std::env::set_current_dir(&folder)
        .map_err(|e| format!("cannot work in {}: {e}", folder.display()))?;
    Ok((notebook, output))
}

/// Stops the cell with `interrupt` if it is still running after `timeout`; `finished` ends
/// the watch. Returns whether it fired.
fn watch_timeout(
    timeout: Duration,
    interrupt: Arc<dyn crate::interpreter::Interrupter>,
) -> (mpsc::Sender<()>, Arc<AtomicBool>) {
    let (finished, done) = mpsc::channel::<()>();
    let fired = Arc::new(AtomicBool::new(false));
    let flag = fired.clone();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = done.recv_timeout(timeout) {
            flag.store(true, Ordering::SeqCst);
            interrupt.interrupt();
        }
    });
    (finished, fired)
}

fn run(options: &RunOptions, mut notebook: Notebook, output: Output) -> i32 {
    crate::set_log_enabled(options.log);
    let started = chrono::Utc::now();
    let mut interpreter = crate::start_interpreter();
    crate::sigint::forward_to(interpreter.interrupter());
    let info = interpreter.kernel_info();
    // A loading error is reported by the first cell, as in JupyterLab.
    let _ = interpreter.wait_until_loaded();
    let cells = notebook.clear_and_list_code_cells();
    let outputs = RunOutputs::default();
    let name = options.notebook.display().to_string();
    let mut count = 0;
    let mut ran = Vec::new();
    let mut ending = Ending::Completed;
    let to_run: Vec<_> = cells.iter().filter(|c| !c.skip).collect();
    for (position, cell) in to_run.iter().enumerate() {
        count += 1;
        ran.push((cell.index, count));
        outputs.begin_cell(cell.index);
        let clock = Instant::now();
        let watch = options
            .timeout
            .map(|t| watch_timeout(t, interpreter.interrupter()));
        let interrupts = crate::sigint::count();
        let request = ExecuteRequest {
            code: cell.source.clone(),
            ..Default::default()
        };
        let outcome = interpreter.execute(&request, Arc::new(outputs.clone()));
        let timed_out = watch.is_some_and(|(finished, fired)| {
            let _ = finished.send(());
            fired.load(Ordering::SeqCst)
        });
        let interrupted = crate::sigint::count() > interrupts;
        let elapsed = clock.elapsed().as_secs_f64();
        let mut failure = None;
        let errored = matches!(outcome, ExecuteOutcome::Error(_));
        match outcome {
            ExecuteOutcome::Ok { result, .. } => {
                if let Some(data) = result {
                    outputs.execute_result(data, count);
                }
            }
            ExecuteOutcome::Error(mut report) => {
                if timed_out {
                    let seconds = options.timeout.unwrap_or_default().as_secs_f64();
                    report.ename = "CellTimeout".into();
                    report.evalue =
                        format!("the cell ran longer than --timeout {seconds} s and was stopped");
                    report.traceback.insert(0, report.evalue.clone());
                }
                outputs.error(&report);
                if !cell.raises_exception || timed_out || interrupted {
                    failure = Some(report);
                }
            }
        }
        if !options.quiet {
            let status = match (&failure, interrupted) {
                (_, true) => "interrupted",
                (Some(_), _) if timed_out => "timeout",
                (Some(_), _) => "FAILED",
                (None, _) if errored => "raised",
                (None, _) => "ok",
            };
            eprintln!(
                "[{:>3}/{}] {status:<6} {elapsed:>6.2} s  {}",
                position + 1,
                to_run.len(),
                notebook.first_line(cell.index)
            );
        }
        if interrupted {
            ending = Ending::Interrupted { cell: cell.index };
            break;
        }
        if let Some(report) = failure {
            let code_cell = cells
                .iter()
                .position(|c| c.index == cell.index)
                .unwrap_or(0);
            ending = Ending::Failed {
                cell: cell.index,
                code_cell,
                count,
                report,
            };
            break;
        }
    }
    interpreter.shutdown();
    let mut cell_outputs = outputs.take();
    for (index, number) in ran {
        let produced = cell_outputs.remove(&index).unwrap_or_default();
        notebook.set_outputs(index, produced, Some(number));
    }
    notebook.set_metadata("language_info", info.language_info.clone());
    let status = match &ending {
        Ending::Completed => "completed",
        Ending::Failed { .. } => "failed",
        Ending::Interrupted { .. } => "interrupted",
    };
    let ended = chrono::Utc::now();
    notebook.set_sdia_metadata(
        "run",
        json!({
            "status": status,
            "start_time": started.to_rfc3339(),
            "end_time": ended.to_rfc3339(),
            "duration_seconds": (ended - started).num_milliseconds() as f64 / 1000.0,
            "kernel": format!("{} {}", info.implementation, info.implementation_version),
        }),
    );
    let written = match &output {
        Output::Stdout => {
            print!("{}", notebook.to_text());
            Ok("standard output".to_string())
        }
        Output::File(path) => notebook
            .write_atomically(path)
            .map(|()| path.display().to_string()),
    };
    let written = match written {
        Ok(place) => place,
        Err(message) => {
            eprintln!("sdia-kernel run: {message}");
            return FAILED;
        }
    };
    match ending {
        Ending::Completed => {
            if !options.quiet {
                eprintln!(
                    "sdia-kernel run: {name}: {} cells ran; written to {written}",
                    to_run.len()
                );
            }
            0
        }
        Ending::Failed {
            cell,
            code_cell,
            count,
            report,
        } => {
            let plain = !std::io::stderr().is_terminal();
            let mut error: Vec<String> = report
                .traceback
                .iter()
                .map(|line| {
                    if plain {
                        strip_ansi(line)
                    } else {
                        line.clone()
                    }
                })
                .collect();
            if error.is_empty() {
                error.push(format!("{}: {}", report.ename, report.evalue));
            }
            eprintln!(
                "sdia-kernel run: {name}: cell {} failed (code cell {}, In [{count}]): {}\n{}\n\
                 The executed notebook, with this error, is in {written}.",
                cell + 1,
                code_cell + 1,
                notebook.first_line(cell),
                error.join("\n"),
            );
            FAILED
        }
        Ending::Interrupted { cell } => {
            eprintln!(
                "sdia-kernel run: {name}: interrupted in cell {} ({}); what ran is in {written}.",
                cell + 1,
                notebook.first_line(cell)
            );
            INTERRUPTED
        }
    }
}

/// Text without ANSI colour sequences (for logs that are not a terminal).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours_are_removed_from_plain_logs() {
        assert_eq!(super::strip_ansi("\u{1b}[31merror\u{1b}[0m: x"), "error: x");
    }
}

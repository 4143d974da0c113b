//! Turning evcxr's failures into Jupyter error reports that point at the cell's own lines.

use super::memory;
use super::output::FaultKind;
use crate::interpreter::ErrorReport;

pub use super::compile_errors::compile_errors;

/// The cell line (1-based) holding the text of line `generated_line` of the generated source.
/// Unique match only: a line that appears twice in the cell gives `None`.
pub fn cell_line_of(generated_source: &str, generated_line: u32, code: &str) -> Option<usize> {
    let wanted = generated_source
        .lines()
        .nth((generated_line as usize).checked_sub(1)?)?
        .trim();
    if wanted.is_empty() {
        return None;
    }
    let mut found = code
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == wanted || (wanted.contains(l.trim()) && !l.trim().is_empty()));
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(first.0 + 1)
}

/// A panic report: `ename` "Panic", the message, and where in the cell (`code` is the cell
/// as the user wrote it).
pub fn panic_report(message: &str, cell_line: Option<usize>, code: &str) -> ErrorReport {
    let mut traceback = vec![format!("Panic: {message}")];
    if let Some(line) = cell_line {
        let source = code.lines().nth(line - 1).unwrap_or("");
        traceback.push(format!("  --> cell line {line}\n   | {source}"));
    }
    ErrorReport {
        ename: "Panic".to_string(),
        evalue: message.to_string(),
        traceback,
    }
}

/// An error returned with `?` from the cell: its message, then the cell line of that `?`.
pub fn returned_error(message: &str, cell_line: usize, code: &str) -> ErrorReport {
    let mut traceback = vec![format!("Error: {message}")];
    if let Some(source) = code.lines().nth(cell_line.wrapping_sub(1)) {
        traceback.push(format!("  --> cell line {cell_line}\n   | {source}"));
    }
    traceback.push("  (returned with `?` by the cell)".to_string());
    ErrorReport {
        ename: "Error".to_string(),
        evalue: message.to_string(),
        traceback,
    }
}

/// A report for a cell whose process was stopped (interrupt) or died: says which variables
/// were lost and what was kept.
pub fn lost_variables(ename: &str, what: &str, lost: &[String]) -> ErrorReport {
    let lost_text = if lost.is_empty() {
        "No variables were lost.".to_string()
    } else {
        format!("Variables lost: {}.", lost.join(", "))
    };
    ErrorReport {
        ename: ename.to_string(),
        evalue: format!("{what} {lost_text}"),
        traceback: vec![
            format!("{ename}: {what}"),
            format!(
                "{lost_text} Functions, types, `use` statements and the sdia library are \
                 still loaded; run the cells that define lost variables again."
            ),
        ],
    }
}

/// What the kernel knows about a cell process that ended while running a cell.
pub struct Death<'a> {
    /// evcxr's termination message (ends with "Subprocess terminated with status: …").
    pub detail: &'a str,
    /// The memory fault the library's handler reported, if any.
    pub fault: Option<FaultKind>,
    /// The message of a panic the cell reported before the process ended, if any.
    pub panic: Option<&'a str>,
    /// The last lines the process wrote on standard error, and the lines that match
    /// [`FATAL_MESSAGES`].
    pub stderr_tail: &'a [String],
    /// The memory limit of the cell process, if there is one.
    pub memory_limit: Option<u64>,
}

/// What Rust prints on standard error just before it aborts the process for these reasons; the
/// relay keeps such lines apart from the tail (a backtrace may follow them).
pub const FATAL_MESSAGES: [&str; 2] = ["memory allocation of ", "has overflowed its stack"];

/// The size in "memory allocation of N bytes failed", which Rust prints before aborting.
fn failed_allocation(lines: &[String]) -> Option<u64> {
    lines.iter().rev().find_map(|line| {
        let rest = line.split("memory allocation of ").nth(1)?;
        let bytes = rest.strip_suffix(" bytes failed")?;
        bytes.trim().parse().ok()
    })
}

/// The exit code in "exit status: N", if the process exited rather than being killed.
fn exit_code(detail: &str) -> Option<i32> {
    let (_, rest) = detail.rsplit_once("exit status: ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A report, in words a student can act on, for a cell whose process died; names the
/// variables that were lost.
pub fn process_died(death: &Death, lost: &[String]) -> ErrorReport {
    let restarted = "The process running cells was restarted.";
    let overflowed = death.fault == Some(FaultKind::StackOverflow)
        || death
            .stderr_tail
            .iter()
            .any(|l| l.contains("has overflowed its stack"));
    let unsafe_check = death.panic.filter(|m| {
        [
            "null pointer dereference",
            "misaligned pointer dereference",
            "unsafe precondition",
        ]
        .iter()
        .any(|needle| m.contains(needle))
    });
    let (ename, what) = if overflowed {
        (
            "StackOverflow",
            format!(
                "stack overflow (deep or infinite recursion?): the cell's calls nested deeper \
                 than the stack allows. Check that the recursion reaches its base case, or \
                 write it as a loop. {restarted}"
            ),
        )
    } else if let Some(bytes) = failed_allocation(death.stderr_tail) {
        let asked = memory::describe(bytes);
        match death.memory_limit {
            Some(limit) => (
                "MemoryLimit",
                format!(
                    "memory limit of {} reached: the cell asked for {asked} more. Work on a \
                     sample, or scan the file lazily and let polars stream it \
                     (scan_parquet(path)? or scan_csv(path)?, then .collect_streaming()?), free \
                     large variables, or raise {} in the kernelspec's env. {restarted}",
                    memory::describe(limit),
                    memory::VARIABLE
                ),
            ),
            None => (
                "OutOfMemory",
                format!("out of memory: the cell asked for {asked} more. {restarted}"),
            ),
        }
    } else if death.fault == Some(FaultKind::BadAccess) {
        (
            "SegmentationFault",
            format!(
                "segmentation fault in unsafe code: the cell read or wrote memory it does not \
                 own (a null, dangling or wild pointer). {restarted}"
            ),
        )
    } else if let Some(message) = unsafe_check {
        (
            "SegmentationFault",
            format!(
                "segmentation fault in unsafe code, caught before the access by Rust's debug \
                 checks: {message}. {restarted}"
            ),
        )
    } else if let Some(message) = death.panic {
        (
            "Panic",
            format!(
                "the cell panicked where Rust cannot recover, which ends the process: \
                 {message}. {restarted}"
            ),
        )
    } else if let Some(code) = exit_code(death.detail).filter(|_| {
        !death
            .stderr_tail
            .iter()
            .any(|l| l.contains("While processing instruction"))
    }) {
        (
            "ProcessExit",
            format!(
                "the cell called process::exit (exit code {code}), which ends the process \
                 running cells; return from the cell (or panic) instead. {restarted}"
            ),
        )
    } else if death.detail.contains("SIGSEGV") {
        // The handler that tells the two apart runs on an alternate signal stack, which only
        // the cell's own thread is sure to have: threads started by the cell (thread::spawn,
        // rayon) overflow without a word.
        (
            "SegmentationFault",
            format!(
                "segmentation fault (SIGSEGV) in a thread the cell started: most often a stack \
                 overflow (deep or infinite recursion inside thread::spawn or a parallel \
                 iterator; check that the recursion reaches its base case, or write it as a \
                 loop), else a bad memory access in unsafe code. {restarted}"
            ),
        )
    } else if death.detail.contains("SIGKILL") {
        (
            "ProcessKilled",
            format!(
                "the process running cells was killed from outside (SIGKILL), often by the \
                 system when memory runs out. {restarted}"
            ),
        )
    } else {
        let status = death
            .detail
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        (
            "ProcessDied",
            format!("The process running cells died ({status}) and was restarted."),
        )
    };
    lost_variables(ename, &what, lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_line_is_found_by_text() {
        let generated = "fn f() {\nlet a = 1;\nassert!(a == 2);\n}";
        let code = "let a = 1;\nassert!(a == 2);";
        assert_eq!(cell_line_of(generated, 3, code), Some(2));
        assert_eq!(cell_line_of(generated, 4, code), None);
        assert_eq!(cell_line_of(generated, 99, code), None);
    }

    #[test]
    fn repeated_lines_are_ambiguous() {
        let generated = "x();\nx();";
        assert_eq!(cell_line_of(generated, 1, "x();\nx();"), None);
    }

    #[test]
    fn lost_variables_are_named() {
        let r = lost_variables("KeyboardInterrupt", "Stopped.", &["a".into(), "df".into()]);
        assert_eq!(r.evalue, "Stopped. Variables lost: a, df.");
        assert!(r.traceback[0].starts_with("KeyboardInterrupt: "));
        assert!(lost_variables("X", "Stopped.", &[])
            .evalue
            .ends_with("No variables were lost."));
    }

    fn died(detail: &str, fault: Option<FaultKind>, panic: Option<&str>, tail: &[&str]) -> String {
        let tail: Vec<String> = tail.iter().map(|s| s.to_string()).collect();
        let death = Death {
            detail,
            fault,
            panic,
            stderr_tail: &tail,
            memory_limit: Some(1 << 30),
        };
        let report = process_died(&death, &["df".into()]);
        assert!(
            report.evalue.ends_with("Variables lost: df."),
            "{}",
            report.evalue
        );
        format!("{}: {}", report.ename, report.evalue)
    }

    #[test]
    fn deaths_are_told_in_words() {
        let segv = "Subprocess terminated with status: signal: 11 (SIGSEGV)";
        let abrt = "Subprocess terminated with status: signal: 6 (SIGABRT) (core dumped)";
        let text = died(segv, Some(FaultKind::StackOverflow), None, &[]);
        assert!(text.starts_with("StackOverflow: stack overflow (deep or infinite recursion?)"));
        let text = died(segv, Some(FaultKind::BadAccess), None, &[]);
        assert!(text.contains("segmentation fault in unsafe code"), "{text}");
        let text = died(abrt, None, Some("null pointer dereference occurred"), &[]);
        assert!(text.contains("segmentation fault in unsafe code"), "{text}");
        assert!(text.contains("null pointer dereference occurred"), "{text}");
        let text = died(
            abrt,
            None,
            None,
            &["memory allocation of 3000000000 bytes failed"],
        );
        assert!(
            text.starts_with("MemoryLimit: memory limit of 1 GB reached"),
            "{text}"
        );
        assert!(text.contains("2.8 GB"), "{text}");
        let text = died(
            "Subprocess terminated with status: exit status: 3",
            None,
            None,
            &[],
        );
        assert!(
            text.contains("the cell called process::exit (exit code 3)"),
            "{text}"
        );
        let text = died(segv, None, None, &[]);
        assert!(
            text.contains("in a thread the cell started: most often a stack overflow"),
            "{text}"
        );
        let text = died(abrt, None, None, &[]);
        assert!(
            text.starts_with("ProcessDied") && text.contains("SIGABRT"),
            "{text}"
        );
    }

    #[test]
    fn panic_report_shows_line() {
        let r = panic_report("boom", Some(2), "let a = 1;\npanic!(\"boom\");");
        assert_eq!(r.ename, "Panic");
        assert!(r.traceback[1].contains("cell line 2"));
        assert!(r.traceback[1].contains("panic!(\"boom\")"));
    }
}

//! Turning evcxr's failures into Jupyter error reports that point at the cell's own lines.

use crate::interpreter::ErrorReport;

/// A compile error report: `error[E0308]: message`, then each labelled span with the cell's
/// line shown and underlined, then help notes.
/// Warnings (e.g. an unused parameter in an earlier cell's `todo!()` function) are left out when
/// there is a real error, so the report names what actually failed.
pub fn compile_errors(errors: &[evcxr::CompilationError], code: &str) -> ErrorReport {
    let lines: Vec<&str> = code.lines().collect();
    let real: Vec<&evcxr::CompilationError> =
        errors.iter().filter(|e| e.level() == "error").collect();
    let errors: Vec<&evcxr::CompilationError> = if real.is_empty() {
        errors.iter().collect()
    } else {
        real
    };
    let mut traceback = Vec::new();
    for error in &errors {
        traceback.push(render_one(error, &lines));
    }
    let first = errors.first().copied();
    let ename = match first.and_then(|e| e.code()) {
        Some(code) => format!("CompileError[{code}]"),
        None => "CompileError".to_string(),
    };
    let evalue = first
        .map(|e| e.message())
        .unwrap_or_else(|| "compilation failed".to_string());
    ErrorReport {
        ename,
        evalue,
        traceback,
    }
}

fn render_one(error: &evcxr::CompilationError, lines: &[&str]) -> String {
    let mut out = String::new();
    match error.code() {
        Some(code) => out.push_str(&format!("{}[{code}]: {}\n", error.level(), error.message())),
        None => out.push_str(&format!("{}: {}\n", error.level(), error.message())),
    }
    let mut shown_any = false;
    for spanned in error.spanned_messages() {
        let Some(span) = &spanned.span else { continue };
        shown_any = true;
        let source = lines
            .get(span.start_line.wrapping_sub(1))
            .copied()
            .unwrap_or("");
        let number = span.start_line.to_string();
        let gutter = " ".repeat(number.len());
        out.push_str(&format!(
            "{gutter}--> cell line {}, column {}\n",
            span.start_line, span.start_column
        ));
        out.push_str(&format!("{gutter} |\n{number} | {source}\n"));
        let start = span.start_column.saturating_sub(1);
        let width = if span.end_line == span.start_line {
            span.end_column.saturating_sub(span.start_column).max(1)
        } else {
            source.chars().count().saturating_sub(start).max(1)
        };
        out.push_str(&format!(
            "{gutter} | {}{} {}\n",
            " ".repeat(start),
            "^".repeat(width),
            spanned.label
        ));
    }
    if !shown_any {
        // No span in the cell (e.g. an error in generated code): rustc's own text is all we have.
        let rendered = error.rendered();
        if !rendered.is_empty() {
            out.push_str(&rendered);
        }
    }
    for help in error.help() {
        out.push_str(&format!("  = help: {help}\n"));
    }
    out
}

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

    #[test]
    fn panic_report_shows_line() {
        let r = panic_report("boom", Some(2), "let a = 1;\npanic!(\"boom\");");
        assert_eq!(r.ename, "Panic");
        assert!(r.traceback[1].contains("cell line 2"));
        assert!(r.traceback[1].contains("panic!(\"boom\")"));
    }
}

//! rustc's errors for a cell as a Jupyter error report: each span shown on the cell's own line
//! and underlined, rustc's suggestions applied to that line (`let mut v = …`), and lists of
//! trait impls kept to the types a student meets (std's, not those of every crate linked in).

use crate::interpreter::ErrorReport;

/// A place in the code that ran: 1-based line and char columns (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub start: usize,
    pub end_line: usize,
    pub end: usize,
}

/// One of rustc's help notes, with the text it suggests putting at `place`, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub message: String,
    pub suggestion: Option<(Place, String)>,
}

/// What the report shows of one rustc error, taken from evcxr's [`evcxr::CompilationError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: String,
    pub code: Option<String>,
    pub message: String,
    /// Labelled places in the cell.
    pub spans: Vec<(Place, String)>,
    /// rustc's own rendering, shown when no place is in the cell.
    pub rendered: String,
    pub helps: Vec<Help>,
}

/// The code that ran and the cell as the student wrote it: same lines, the kernel's insertions
/// (see `question_marks`) mapped back by `cell_column(line, column)`.
pub struct Sources<'a> {
    pub cell: &'a str,
    pub executed: &'a str,
    pub cell_column: &'a dyn Fn(usize, usize) -> usize,
}

/// A compile error report: `error[E0308]: message`, then each labelled span with the cell's
/// line shown and underlined, then help notes.
/// Warnings (e.g. an unused parameter in an earlier cell's `todo!()` function) are left out when
/// there is a real error, so the report names what actually failed.
pub fn compile_errors(errors: &[evcxr::CompilationError], sources: &Sources) -> ErrorReport {
    let diagnostics: Vec<Diagnostic> = errors.iter().map(diagnostic_of).collect();
    report(&diagnostics, sources)
}

/// The report for `diagnostics` (see [`compile_errors`]).
pub fn report(diagnostics: &[Diagnostic], sources: &Sources) -> ErrorReport {
    let real: Vec<&Diagnostic> = diagnostics.iter().filter(|e| e.level == "error").collect();
    let shown: Vec<&Diagnostic> = if real.is_empty() {
        diagnostics.iter().collect()
    } else {
        real
    };
    let traceback = shown.iter().map(|d| render(d, sources)).collect();
    let first = shown.first().copied();
    let ename = match first.and_then(|e| e.code.as_deref()) {
        Some(code) => format!("CompileError[{code}]"),
        None => "CompileError".to_string(),
    };
    let evalue = first
        .map(|e| e.message.clone())
        .unwrap_or_else(|| "compilation failed".to_string());
    ErrorReport {
        ename,
        evalue,
        traceback,
    }
}

/// The [`Place`] of one of evcxr's spans (its type is not exported, its fields are).
macro_rules! place_of {
    ($span:expr) => {{
        let span = $span;
        Place {
            line: span.start_line,
            start: span.start_column,
            end_line: span.end_line,
            end: span.end_column,
        }
    }};
}

/// The parts of evcxr's error the report shows. rustc's suggestions are in the error's JSON
/// (`children[].spans[].suggested_replacement`); evcxr maps each help's span to the cell and
/// labels it "help: <message>".
fn diagnostic_of(error: &evcxr::CompilationError) -> Diagnostic {
    let spans = error
        .spanned_messages()
        .iter()
        .filter_map(|m| Some((place_of!(m.span.as_ref()?), m.label.clone())))
        .collect();
    let mut helps = Vec::new();
    if let Some(children) = error.json["children"].as_array() {
        for child in children {
            if child["level"].as_str() != Some("help") {
                continue;
            }
            let Some(message) = child["message"].as_str() else {
                continue;
            };
            let replacement = child["spans"][0]["suggested_replacement"].as_str();
            // evcxr's label: "help: <message>", then ": `<replacement>`" if there is one.
            let label = format!("help: {message}");
            let place = error
                .help_spanned()
                .iter()
                .find(|m| {
                    m.label
                        .strip_prefix(&label)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with(": `"))
                })
                .and_then(|m| m.span.as_ref())
                .map(|span| place_of!(span));
            helps.push(Help {
                message: message.to_string(),
                suggestion: replacement.map(|r| {
                    let place = place.unwrap_or(Place {
                        line: 0,
                        start: 0,
                        end_line: 0,
                        end: 0,
                    });
                    (place, r.to_string())
                }),
            });
        }
    }
    Diagnostic {
        level: error.level().to_string(),
        code: error.code().map(str::to_string),
        message: error.message(),
        spans,
        rendered: error.rendered(),
        helps,
    }
}

fn render(d: &Diagnostic, sources: &Sources) -> String {
    let lines: Vec<&str> = sources.cell.lines().collect();
    let mut out = match &d.code {
        Some(code) => format!("{}[{code}]: {}\n", d.level, d.message),
        None => format!("{}: {}\n", d.level, d.message),
    };
    for (place, label) in &d.spans {
        let source = lines.get(place.line.wrapping_sub(1)).copied().unwrap_or("");
        let start = (sources.cell_column)(place.line, place.start);
        let number = place.line.to_string();
        let gutter = " ".repeat(number.len());
        out.push_str(&format!(
            "{gutter}--> cell line {}, column {start}\n",
            place.line
        ));
        out.push_str(&format!("{gutter} |\n{number} | {source}\n"));
        let width = if place.end_line == place.line {
            (sources.cell_column)(place.line, place.end)
                .saturating_sub(start)
                .max(1)
        } else {
            source.chars().count().saturating_sub(start - 1).max(1)
        };
        out.push_str(&format!(
            "{gutter} | {}{} {label}\n",
            " ".repeat(start.saturating_sub(1)),
            "^".repeat(width),
        ));
    }
    if d.spans.is_empty() && !d.rendered.is_empty() {
        // No span in the cell (e.g. an error in generated code): rustc's own text is all we have.
        out.push_str(&d.rendered);
    }
    for help in &d.helps {
        let Some(message) = shown_help(&help.message) else {
            continue;
        };
        match &help.suggestion {
            None => out.push_str(&format!("  = help: {message}\n")),
            Some((place, text)) => match suggested_line(sources, place, text) {
                Some((line, rewritten)) => {
                    out.push_str(&format!("  = help: {message}:\n{line} | {rewritten}\n"))
                }
                None => out.push_str(&format!("  = help: {message}: `{}`\n", text.trim_end())),
            },
        }
    }
    out
}

/// The help as shown: a list of impls keeps those of std's types (no crate path), at most four;
/// `None` if nothing is left of it.
fn shown_help(message: &str) -> Option<String> {
    let mut lines = message.lines();
    let head = lines.next().unwrap_or("");
    if !(head.contains("implement trait") || head.contains("implemented for"))
        || !head.ends_with(':')
    {
        return Some(message.to_string());
    }
    let listed: Vec<&str> = lines.collect();
    let kept: Vec<&str> = listed
        .iter()
        .map(|l| l.trim())
        .filter(|l| l.starts_with('`') && names_only_std(l))
        .take(4)
        .collect();
    if kept.is_empty() {
        return None;
    }
    let mut shown = head.to_string();
    for line in &kept {
        shown.push_str(&format!("\n      {line}"));
    }
    if listed.len() > kept.len() {
        shown.push_str("\n      …");
    }
    Some(shown)
}

/// Type and trait names a student meets without a crate of their own: a line of an impl list
/// naming anything else (a path, `ArrayBase`, `Complex`) is about a crate linked in, not the cell.
const STD_NAMES: &[&str] = &[
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Rem",
    "Neg",
    "Not",
    "BitAnd",
    "BitOr",
    "BitXor",
    "Shl",
    "Shr",
    "AddAssign",
    "SubAssign",
    "MulAssign",
    "DivAssign",
    "RemAssign",
    "Rhs",
    "Sum",
    "Product",
    "From",
    "Into",
    "TryFrom",
    "FromStr",
    "FromIterator",
    "Extend",
    "Display",
    "Debug",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "Hash",
    "Clone",
    "Copy",
    "Default",
    "Index",
    "IndexMut",
    "Iterator",
    "IntoIterator",
    "String",
    "Vec",
    "Option",
    "Result",
    "Box",
    "Rc",
    "Arc",
    "Cow",
    "Wrapping",
    "Saturating",
    "Duration",
    "Instant",
    "Path",
    "PathBuf",
    "OsStr",
    "OsString",
    "NonZero",
    "Range",
    "RangeInclusive",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "VecDeque",
    "Char",
    "Self",
    "T",
    "U",
    "A",
    "K",
    "V",
    "I",
    "N",
    "Output",
];

fn names_only_std(line: &str) -> bool {
    !line.contains("::")
        && line
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
            .all(|w| STD_NAMES.contains(&w))
}

/// The cell line rustc's suggestion makes, when it applies to one line and that line ran as
/// the student wrote it up to the suggestion's place.
fn suggested_line(sources: &Sources, place: &Place, text: &str) -> Option<(usize, String)> {
    if place.line == 0 || place.end_line != place.line || text.contains('\n') {
        return None;
    }
    let cell_line = sources.cell.lines().nth(place.line - 1)?;
    let executed_line = sources.executed.lines().nth(place.line - 1)?;
    let start = (sources.cell_column)(place.line, place.start) - 1;
    let end = (sources.cell_column)(place.line, place.end) - 1;
    let cell: Vec<char> = cell_line.chars().collect();
    let executed: Vec<char> = executed_line.chars().collect();
    if end < start || end > cell.len() || place.end - 1 > executed.len() {
        return None;
    }
    // The replaced text and what precedes it must be what the student wrote.
    if cell[..end] != executed[..place.end - 1] || start != place.start - 1 {
        return None;
    }
    let rewritten: String = cell[..start]
        .iter()
        .chain(text.chars().collect::<Vec<_>>().iter())
        .chain(cell[end..].iter())
        .collect();
    Some((place.line, rewritten.trim_end().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(line: usize, start: usize, end: usize) -> Place {
        Place {
            line,
            start,
            end_line: line,
            end,
        }
    }

    fn same(_: usize, column: usize) -> usize {
        column
    }

    fn render_cell(d: &Diagnostic, cell: &str) -> String {
        let sources = Sources {
            cell,
            executed: cell,
            cell_column: &same,
        };
        report(std::slice::from_ref(d), &sources)
            .traceback
            .join("\n")
    }

    fn diagnostic(message: &str, spans: Vec<(Place, String)>, helps: Vec<Help>) -> Diagnostic {
        Diagnostic {
            level: "error".into(),
            code: Some("E0596".into()),
            message: message.into(),
            spans,
            rendered: String::new(),
            helps,
        }
    }

    #[test]
    fn a_suggestion_is_shown_applied_to_the_cell_line() {
        // rustc's E0596 for `let v = Vec::new();\nv.push(1);`: insert "mut " at line 1, column 5.
        let d = diagnostic(
            "cannot borrow `v` as mutable, as it is not declared as mutable",
            vec![(place(2, 1, 2), "cannot borrow as mutable".into())],
            vec![Help {
                message: "consider changing this to be mutable".into(),
                suggestion: Some((place(1, 5, 5), "mut ".into())),
            }],
        );
        let shown = render_cell(&d, "let v = Vec::new();\nv.push(1);");
        assert!(
            shown.contains(
                "help: consider changing this to be mutable:\n1 | let mut v = Vec::new();"
            ),
            "{shown}"
        );
        assert!(!shown.lines().any(|l| l.trim() == "mut"), "{shown}");
    }

    #[test]
    fn a_suggestion_on_a_line_the_kernel_rewrote_before_it_is_quoted() {
        let d = diagnostic(
            "m",
            vec![],
            vec![Help {
                message: "consider using a floating-point literal by writing it with `.0`".into(),
                suggestion: Some((place(1, 20, 20), ".0".into())),
            }],
        );
        let sources = Sources {
            cell: "let y = x + 1;",
            executed: "let y: f64 = x + 1;",
            cell_column: &same,
        };
        let shown = report(&[d], &sources).traceback.join("\n");
        assert!(shown.contains("writing it with `.0`: `.0`"), "{shown}");
    }

    #[test]
    fn columns_after_an_insertion_are_mapped_back_to_the_cell() {
        let d = diagnostic("m", vec![(place(1, 30, 33), "here".into())], vec![]);
        let shift = |_: usize, c: usize| if c > 10 { c - 20 } else { c };
        let sources = Sources {
            cell: "let a = f()?; bad",
            executed: "let a = f().__sdia_returned_at(1)?; bad",
            cell_column: &shift,
        };
        let shown = report(&[d], &sources).traceback.join("\n");
        assert!(shown.contains("column 10\n"), "{shown}");
        assert!(
            shown.contains(&format!("| {}^^^ here", " ".repeat(9))),
            "{shown}"
        );
    }

    #[test]
    fn impl_lists_keep_std_types_only() {
        let message = "the following other types implement trait `Add<Rhs>`:\n  `&f64` implements `Add<&num_complex::Complex<f64>>`\n  `&f64` implements `Add<f64>`\n  `f64` implements `Add<&ArrayBase<S, D>>`\n  `f64` implements `Add<&f64>`\nand 7 others";
        let shown = shown_help(message).unwrap();
        assert!(shown.contains("`&f64` implements `Add<f64>`"), "{shown}");
        assert!(
            !shown.contains("num_complex") && !shown.contains("ArrayBase"),
            "{shown}"
        );
        assert!(shown.contains('…'));
        let foreign = "the trait `X` is implemented for `polars::A`:\n  `polars::A`";
        assert_eq!(shown_help(foreign), None);
        assert_eq!(
            shown_help("consider borrowing here").as_deref(),
            Some("consider borrowing here")
        );
    }
}

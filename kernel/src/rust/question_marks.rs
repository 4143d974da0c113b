//! Which cell line an error returned with `?` came from: each `?` at the top level of a cell
//! (not inside a function, closure or async block of the cell) is run as
//! `expr.__sdia_returned_at(line)?` (the library's `ReturnedAt`), so the error reaches the
//! kernel with its line, once; compile errors' columns are mapped back to the cell as written.

use super::cell_syntax::CellSyntax;
use ra_ap_syntax::ast::{self, AstNode};
use ra_ap_syntax::SyntaxKind;

/// The method the rewrite calls (the library's `sdia::kernel_hooks::ReturnedAt`).
pub const METHOD: &str = "__sdia_returned_at";

/// A cell with its top-level `?`s instrumented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrumented {
    /// The code to run.
    pub code: String,
    /// Each insertion: the cell line (1-based), the char column (1-based) it was inserted at,
    /// and its length in chars.
    insertions: Vec<(usize, usize, usize)>,
}

impl Instrumented {
    /// `code` left as it is.
    pub fn unchanged(code: &str) -> Instrumented {
        Instrumented {
            code: code.to_string(),
            insertions: Vec::new(),
        }
    }

    /// Whether anything was inserted.
    pub fn changed(&self) -> bool {
        !self.insertions.is_empty()
    }

    /// The column (1-based, chars) in the cell as written of `column` on `line` of [`Self::code`].
    pub fn cell_column(&self, line: usize, column: usize) -> usize {
        let mut shift = 0;
        for &(l, at, len) in &self.insertions {
            if l != line || column <= at {
                continue;
            }
            // A column inside the inserted text maps to the `?` it precedes.
            shift += (column - at).min(len);
        }
        column - shift
    }
}

/// `code` with `.__sdia_returned_at(line)` before each `?` whose error leaves the cell; the code
/// unchanged if it does not parse.
pub fn instrument(code: &str) -> Instrumented {
    let syntax = CellSyntax::parse(code);
    if syntax.has_errors() {
        return Instrumented::unchanged(code);
    }
    let mut points: Vec<usize> = syntax
        .syntax()
        .descendants()
        .filter_map(ast::TryExpr::cast)
        .filter(leaves_the_cell)
        .filter_map(|t| {
            let mark = t.question_mark_token()?;
            let (start, _) = syntax.range_in_cell(&t)?;
            let end = start + usize::from(t.syntax().text_range().len());
            // The `?` is the last token of the expression.
            let at = end - usize::from(mark.text_range().len());
            (code.get(at..end) == Some("?")).then_some(at)
        })
        .collect();
    if points.is_empty() {
        return Instrumented::unchanged(code);
    }
    points.sort_unstable();
    let mut out = String::with_capacity(code.len() + points.len() * 28);
    let mut insertions = Vec::new();
    let mut last = 0;
    for at in points {
        out.push_str(&code[last..at]);
        let before = &code[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = code[line_start..at].chars().count() + 1;
        let call = format!(".{METHOD}({line})");
        insertions.push((line, column, call.chars().count()));
        out.push_str(&call);
        last = at;
    }
    out.push_str(&code[last..]);
    Instrumented {
        code: out,
        insertions,
    }
}

/// Whether the error of this `?` returns from the cell itself: no function, closure, async or
/// try block, or item between it and the cell's body.
fn leaves_the_cell(expr: &ast::TryExpr) -> bool {
    let mut node = expr.syntax().parent();
    while let Some(n) = node {
        match n.kind() {
            SyntaxKind::FN => {
                // The wrapper function the cell is parsed in is the only top-level one.
                return n
                    .parent()
                    .is_some_and(|p| p.kind() == SyntaxKind::SOURCE_FILE);
            }
            SyntaxKind::CLOSURE_EXPR
            | SyntaxKind::IMPL
            | SyntaxKind::TRAIT
            | SyntaxKind::CONST
            | SyntaxKind::STATIC
            | SyntaxKind::MODULE => return false,
            SyntaxKind::BLOCK_EXPR => {
                let block = ast::BlockExpr::cast(n.clone());
                if block.is_some_and(|b| {
                    b.async_token().is_some()
                        || b.gen_token().is_some()
                        || b.try_block_modifier().is_some()
                        || b.const_token().is_some()
                }) {
                    return false;
                }
            }
            _ => {}
        }
        node = n.parent();
    }
    false
}

/// Whether rustc's errors are about the inserted calls rather than the student's code (e.g. `?`
/// on a type that is neither `Result` nor `Option`): then the cell runs as written.
pub fn blamed(messages: &[String]) -> bool {
    messages.iter().any(|m| m.contains(METHOD))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_question_marks_get_their_line() {
        let code = "let df = read_csv(\"x.csv\")?;\nlet n: i32 = \"7\".parse()?;\nn";
        let done = instrument(code);
        assert_eq!(
            done.code,
            "let df = read_csv(\"x.csv\").__sdia_returned_at(1)?;\n\
             let n: i32 = \"7\".parse().__sdia_returned_at(2)?;\nn"
        );
        // A column after the inserted call maps back to the column of the cell as written;
        // columns before it are unchanged.
        let inserted = ".__sdia_returned_at(2)".len();
        let question_mark = "let n: i32 = \"7\".parse()?".len();
        assert_eq!(done.cell_column(2, question_mark + inserted), question_mark);
        assert_eq!(
            done.cell_column(2, question_mark + inserted + 1),
            question_mark + 1
        );
        assert_eq!(done.cell_column(2, 5), 5);
        assert_eq!(done.cell_column(3, 1), 1);
    }

    #[test]
    fn chains_and_nested_blocks_count_but_functions_and_closures_do_not() {
        let code = "let v = f()?\n    .g()?;\nfor x in xs { h(x)?; }\nfn k() -> Result<(), E> { m()?; Ok(()) }\nlet c = |y| y?;\nlet a = async { n()? };";
        let done = instrument(code);
        assert!(
            done.code.contains("f().__sdia_returned_at(1)?"),
            "{}",
            done.code
        );
        assert!(
            done.code.contains(".g().__sdia_returned_at(2)?"),
            "{}",
            done.code
        );
        assert!(
            done.code.contains("h(x).__sdia_returned_at(3)?"),
            "{}",
            done.code
        );
        assert!(
            done.code.contains("m()?;") && done.code.contains("y?;") && done.code.contains("n()?")
        );
        assert_eq!(done.code.matches(METHOD).count(), 3);
    }

    #[test]
    fn cells_without_top_level_question_marks_or_that_do_not_parse_are_unchanged() {
        for code in [
            "let x = 1;",
            "println!(\"{}\", f()?);",
            "let x = (;",
            "\"a?b\".len()",
        ] {
            let done = instrument(code);
            assert_eq!(done.code, code);
            assert!(!done.changed());
        }
    }
}

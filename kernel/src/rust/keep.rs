//! How the top-level bindings of a cell are kept in the session: the cell with the types the
//! analysis found written in, so that evcxr can store every variable and the cell compiles once.
//!
//! - `let x = …;` gets `: T` (`let n = 3; v.len() == n` → `usize`, as the whole cell says);
//! - a pattern (`let (n, m) = df.shape();`) is followed by one typed `let` per name;
//! - a closure that captures nothing becomes a `fn(..) -> ..`; one that captures, a
//!   `Box<dyn Fn..>` (a `move` closure); an iterator adaptor, a `Box<dyn Iterator<Item = T>>`;
//! - a borrow of another value (`let first = &names[0];`) is kept as an owned copy
//!   (`ToOwned::to_owned`), since a session variable outlives the cell it was made in.
//!
//! What the analysis can't type is left as it was, for the rustc checks of `infer`.

use super::analysis::bindings::{Binding, Keep, LetBindings};
use super::cell_syntax::CellSyntax;
use super::infer::{self, static_refs};
use ra_ap_syntax::ast;

/// One edit: insert `text` at `at`, or replace `at..end` by `text`.
struct Edit {
    at: usize,
    end: usize,
    text: String,
}

/// `code` with the bindings of `lets` (each `let`'s range in the cell and its names, from the
/// analysis of the same code) written so that evcxr keeps them.
pub fn rewrite(code: &str, lets: &[LetBindings]) -> String {
    let cell = CellSyntax::parse(code);
    let mut edits = Vec::new();
    for let_stmt in cell.lets() {
        let Some(range) = cell.range_in_cell(&let_stmt) else {
            continue;
        };
        let Some((_, bindings)) = lets.iter().find(|(r, _)| *r == range) else {
            continue;
        };
        edits.extend(edits_for(code, &cell, &let_stmt, range, bindings));
    }
    let mut out = code.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    for edit in edits {
        out.replace_range(edit.at..edit.end, &edit.text);
    }
    out
}

fn edits_for(
    code: &str,
    cell: &CellSyntax,
    let_stmt: &ast::LetStmt,
    (_, let_end): (usize, usize),
    bindings: &[Binding],
) -> Vec<Edit> {
    let Some(pattern) = let_stmt.pat() else {
        return Vec::new();
    };
    if let ast::Pat::IdentPat(ident) = &pattern {
        if ident.ref_token().is_some() || bindings.len() != 1 {
            return Vec::new();
        }
        if let Some(written) = let_stmt.ty() {
            // A written type evcxr can't keep (`Result<i32, _>`, `impl Fn(f64) -> f64`): the
            // analysis's type replaces it.
            return match (&bindings[0].keep, cell.range_in_cell(&written)) {
                (Keep::Typed(ty), Some((at, end))) if infer::is_partial_type(&written) => {
                    vec![Edit {
                        at,
                        end,
                        text: static_refs(ty),
                    }]
                }
                _ => Vec::new(),
            };
        }
        let (Some((_, pattern_end)), Some(value)) =
            (cell.range_in_cell(&pattern), let_stmt.initializer())
        else {
            return Vec::new();
        };
        let Some((value_start, value_end)) = cell.range_in_cell(&value) else {
            return Vec::new();
        };
        let value_text = &code[value_start..value_end];
        let insert = |text: String| Edit {
            at: pattern_end,
            end: pattern_end,
            text,
        };
        let wrap = |prefix: &str, suffix: &str| Edit {
            at: value_start,
            end: value_end,
            text: format!("{prefix}{value_text}{suffix}"),
        };
        return match &bindings[0].keep {
            Keep::Typed(ty) => match owned_of_reference(ty) {
                Some(owned) if !is_literal(&value) => vec![
                    insert(format!(": {owned}")),
                    wrap("::std::borrow::ToOwned::to_owned(", ")"),
                ],
                // A value holding references (`HashMap<&str, i32>` of literals): kept with
                // `'static` ones; if they borrow the cell's data, the cell then fails to
                // compile and runs again through the rustc checks, which say what to write.
                _ => vec![insert(format!(": {}", static_refs(ty)))],
            },
            Keep::FnPointer(ty) => vec![insert(format!(": {ty}"))],
            Keep::BoxedFn(ty) => {
                let moved = if matches!(value, ast::Expr::ClosureExpr(ref c) if c.move_token().is_none())
                {
                    "move "
                } else {
                    ""
                };
                vec![
                    insert(format!(": ::std::boxed::Box<{ty}>")),
                    wrap(&format!("::std::boxed::Box::new({moved}"), ")"),
                ]
            }
            Keep::BoxedIterator(item) if !item.contains('&') => vec![
                insert(format!(
                    ": ::std::boxed::Box<dyn ::std::iter::Iterator<Item = {item}>>"
                )),
                wrap("::std::boxed::Box::new(", ")"),
            ],
            _ => Vec::new(),
        };
    }
    // A pattern: one typed `let` per name after the statement, if every name can be typed.
    let mut lets = String::new();
    for binding in bindings {
        let ty = match &binding.keep {
            Keep::Typed(ty) | Keep::FnPointer(ty) if !ty.contains('&') => ty,
            _ => return Vec::new(),
        };
        let mutable = if binding.mutable { "mut " } else { "" };
        lets.push_str(&format!(" let {mutable}{0}: {ty} = {0};", binding.name));
    }
    if lets.is_empty() {
        return Vec::new();
    }
    vec![Edit {
        at: let_end,
        end: let_end,
        text: lets,
    }]
}

/// One line of help for a top-level `let` (its text `statement`) whose value borrows from the
/// cell: the same `let` with owned values, and the other way out (braces).
pub fn owned_suggestion(statement: &str, name: &str) -> String {
    let statement = statement.trim().trim_end_matches(';');
    let rewritten = match statement.rfind(".collect") {
        // An iterator of borrowed items: own each item before collecting.
        Some(at) => format!(
            "{}.map(|x| x.to_owned()){};",
            &statement[..at],
            &statement[at..]
        ),
        None => {
            // The value, owned: `let w = (&text[1..]).to_owned();`.
            let cell = CellSyntax::parse(statement);
            let value = cell.lets().first().and_then(|l| l.initializer());
            match value.and_then(|v| cell.range_in_cell(&v)) {
                Some((start, end)) => format!(
                    "{}({}).to_owned();",
                    &statement[..start],
                    &statement[start..end]
                ),
                None => format!("{statement}.to_owned();"),
            }
        }
    };
    format!(
        "help: `{name}` would outlive this cell but borrows from it; keep owned values: \
         `{rewritten}` (or put the lines that use `{name}` in braces `{{ … }}` so that it is not kept)"
    )
}

/// The owned type of a plain reference type: `&str` → `String`, `&[T]` → `Vec<T>`, `&T` → `T`
/// (None for `&mut`, or a type that is not a reference).
fn owned_of_reference(ty: &str) -> Option<String> {
    let inner = ty.strip_prefix('&')?.trim_start();
    if inner.starts_with("mut ") || inner.starts_with('\'') {
        return None;
    }
    if inner == "str" {
        return Some("String".into());
    }
    if let Some(element) = inner.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        if !element.contains(';') {
            return Some(format!("Vec<{element}>"));
        }
    }
    (!inner.contains('&') && !inner.starts_with("dyn ")).then(|| inner.to_string())
}

fn is_literal(value: &ast::Expr) -> bool {
    matches!(value, ast::Expr::Literal(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(name: &str, keep: Keep) -> Binding {
        Binding {
            name: name.into(),
            mutable: false,
            keep,
        }
    }

    fn rewrite_one(code: &str, bindings: Vec<Binding>) -> String {
        let cell = CellSyntax::parse(code);
        let range = cell.range_in_cell(&cell.lets()[0]).unwrap();
        rewrite(code, &[(range, bindings)])
    }

    #[test]
    fn plain_lets_get_their_type() {
        let typed = rewrite_one(
            "let n = 3;",
            vec![binding("n", Keep::Typed("usize".into()))],
        );
        assert_eq!(typed, "let n: usize = 3;");
    }

    #[test]
    fn patterns_are_followed_by_one_typed_let_per_name() {
        let code = "let (n, mut m) = df.shape();\nn";
        let mut m = binding("m", Keep::Typed("usize".into()));
        m.mutable = true;
        let typed = rewrite_one(code, vec![binding("n", Keep::Typed("usize".into())), m]);
        assert_eq!(
            typed,
            "let (n, mut m) = df.shape(); let n: usize = n; let mut m: usize = m;\nn"
        );
        // One name the analysis can't type: the pattern is left to the rustc checks.
        let untouched = rewrite_one(code, vec![binding("n", Keep::Unknown)]);
        assert_eq!(untouched, code);
    }

    #[test]
    fn closures_and_iterators_are_kept_as_writable_types() {
        let square = rewrite_one(
            "let square = |x: f64| x * x;",
            vec![binding("square", Keep::FnPointer("fn(f64) -> f64".into()))],
        );
        assert_eq!(square, "let square: fn(f64) -> f64 = |x: f64| x * x;");
        let add = rewrite_one(
            "let add = |x: f64| x + k;",
            vec![binding("add", Keep::BoxedFn("dyn Fn(f64) -> f64".into()))],
        );
        assert_eq!(
            add,
            "let add: ::std::boxed::Box<dyn Fn(f64) -> f64> = ::std::boxed::Box::new(move |x: f64| x + k);"
        );
        let evens = rewrite_one(
            "let evens = (1..=10).filter(|i| i % 2 == 0);",
            vec![binding("evens", Keep::BoxedIterator("i32".into()))],
        );
        assert!(evens.starts_with(
            "let evens: ::std::boxed::Box<dyn ::std::iter::Iterator<Item = i32>> = ::std::boxed::Box::new((1..=10)"
        ));
    }

    #[test]
    fn borrows_become_owned_copies_but_literals_stay_static() {
        let first = rewrite_one(
            "let first = &names[0];",
            vec![binding("first", Keep::Typed("&String".into()))],
        );
        assert_eq!(
            first,
            "let first: String = ::std::borrow::ToOwned::to_owned(&names[0]);"
        );
        let slice = rewrite_one(
            "let s = &text[0..3];",
            vec![binding("s", Keep::Typed("&str".into()))],
        );
        assert!(slice.starts_with("let s: String ="), "{slice}");
        let key = rewrite_one(
            "let key = \"abc\";",
            vec![binding("key", Keep::Typed("&str".into()))],
        );
        assert_eq!(key, "let key: &'static str = \"abc\";");
        // Nested references are kept `'static` (a borrow of the cell's data then fails to
        // compile and the cell runs through the rustc checks, which say what to write).
        let counts = rewrite_one(
            "let mut counts = HashMap::new();",
            vec![binding("counts", Keep::Typed("HashMap<&str, i32>".into()))],
        );
        assert_eq!(
            counts,
            "let mut counts: HashMap<&'static str, i32> = HashMap::new();"
        );
    }

    #[test]
    fn written_types_left_to_inference_are_completed() {
        let parsed = rewrite_one(
            "let parsed: Result<i32, _> = \"42\".parse::<i32>();",
            vec![binding(
                "parsed",
                Keep::Typed("Result<i32, ParseIntError>".into()),
            )],
        );
        assert_eq!(
            parsed,
            "let parsed: Result<i32, ParseIntError> = \"42\".parse::<i32>();"
        );
        let written = "let n: usize = 3;";
        let kept = rewrite_one(written, vec![binding("n", Keep::Typed("usize".into()))]);
        assert_eq!(kept, written);
        assert!(super::infer::has_lets_to_type(
            "let v: Vec<_> = Vec::new();"
        ));
        assert!(!super::infer::has_lets_to_type(
            "let v: Vec<i32> = Vec::new();"
        ));
    }

    #[test]
    fn borrowing_lets_get_an_owned_rewrite() {
        let help = owned_suggestion("let words: Vec<_> = text.split(' ').collect();", "words");
        assert!(
            help.contains("`let words: Vec<_> = text.split(' ').map(|x| x.to_owned()).collect();`"),
            "{help}"
        );
        let help = owned_suggestion("let w = &text[1..];", "w");
        assert!(
            help.contains("`let w = (&text[1..]).to_owned();`"),
            "{help}"
        );
    }

    #[test]
    fn annotated_lets_are_left_alone() {
        let code = "let x: f64 = 1.0;";
        assert_eq!(
            rewrite_one(code, vec![binding("x", Keep::Typed("f64".into()))]),
            code
        );
    }
}

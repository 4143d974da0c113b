//! Types of new variables that evcxr can't name by itself.
//!
//! evcxr 0.22 learns the type of each new top-level `let` from rust-analyzer, which does not see
//! the prebuilt library (see `library`): `let df = df!(...)?;` would fail with "Couldn't
//! automatically determine type of variable `df`". The kernel then asks rustc: it checks the cell
//! with `let df: () = ...`, reads the type from the "expected `()`, found `T`" error, and runs the
//! cell with `let df: T = ...`.

use super::cell_syntax::CellSyntax;
use ra_ap_syntax::ast::{self, HasName};
use ra_ap_syntax::AstNode;

/// The variable named in evcxr's "Couldn't automatically determine type" error, if that's it.
pub fn unknown_variable(message: &str) -> Option<String> {
    let rest = message
        .split("Couldn't automatically determine type of variable `")
        .nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// Byte offset in `code` just after the pattern of the last top-level `let name = …` without a
/// type annotation.
pub fn annotation_point(code: &str, name: &str) -> Option<usize> {
    let cell = CellSyntax::parse(code);
    let mut point = None;
    for let_stmt in cell.lets() {
        let (Some(ast::Pat::IdentPat(pattern)), None) = (let_stmt.pat(), let_stmt.ty()) else {
            continue;
        };
        if pattern.name().is_some_and(|n| n.text() == name) {
            point = cell.range_in_cell(&pattern).map(|(_, end)| end);
        }
    }
    point
}

/// Names of the top-level `let`s without a type that the kernel types itself, by a rustc check,
/// before evcxr sees the cell:
/// - values that may borrow (the initializer has a string literal or a `&`): evcxr would keep
///   `let key = "abc";` as a `&str` with no lifetime, which breaks every later cell;
/// - values produced with `?` (`let p = dataset("iris")?;`): evcxr can't type library values,
///   and its failed first attempt made the cell's last expression show as plain text.
pub fn lets_to_type(code: &str) -> Vec<String> {
    let cell = CellSyntax::parse(code);
    cell.lets()
        .iter()
        .filter_map(|let_stmt| {
            let (Some(ast::Pat::IdentPat(pattern)), None, Some(value)) =
                (let_stmt.pat(), let_stmt.ty(), let_stmt.initializer())
            else {
                return None;
            };
            let text = value.syntax().text().to_string();
            if text.contains('"') || text.contains('&') || text.contains('?') {
                pattern.name().map(|n| n.text().to_string())
            } else {
                None
            }
        })
        .collect()
}

/// Every name the cell's top-level `let`s bind, patterns included, in order.
pub fn bound_names(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for let_stmt in CellSyntax::parse(code).lets() {
        let Some(pattern) = let_stmt.pat() else {
            continue;
        };
        for node in pattern.syntax().descendants() {
            if let Some(name) = ast::IdentPat::cast(node).and_then(|i| i.name()) {
                names.push(name.text().to_string());
            }
        }
    }
    names
}

/// Whether the cell has a top-level `let` whose type is not written: a pattern, or a name
/// without a type.
pub fn has_lets_to_type(code: &str) -> bool {
    CellSyntax::parse(code).lets().iter().any(|let_stmt| {
        let_stmt.ty().is_none_or(|ty| is_partial_type(&ty))
            || !matches!(let_stmt.pat(), Some(ast::Pat::IdentPat(_)))
    })
}

/// Whether a written type leaves part of it to inference (`Vec<_>`, `Result<i32, _>`) or names
/// no type evcxr can keep (`impl Fn(f64) -> f64`).
pub fn is_partial_type(ty: &ast::Type) -> bool {
    // `descendants` starts with the node itself.
    ty.syntax().descendants().any(|node| {
        ast::InferType::can_cast(node.kind()) || ast::ImplTraitType::can_cast(node.kind())
    })
}

/// `code` with Rust's default types written on the top-level `let`s whose value is plain number
/// arithmetic (`let x = 2.5;` → `let x: f64 = 2.5;`, `let n = 5 * 2;` → `let n: i32 = …`).
/// Used only after rustc's E0689 (`let x = 2.5;\nx`: evcxr shows the last expression by calling
/// a trait method, which rustc refuses on a number whose type nothing settles); written up front,
/// these types would break code where a later use settles them (`let n = 3; v.len() == n`).
pub fn default_numeric_types(code: &str) -> String {
    let cell = CellSyntax::parse(code);
    let mut edits: Vec<(usize, &str)> = Vec::new();
    for let_stmt in cell.lets() {
        let (Some(ast::Pat::IdentPat(pattern)), None, Some(value)) =
            (let_stmt.pat(), let_stmt.ty(), let_stmt.initializer())
        else {
            continue;
        };
        let text = value.syntax().text().to_string();
        let plain = !text.trim().is_empty()
            && text.chars().any(|c| c.is_ascii_digit())
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " \t\n._+-*/%()eE".contains(c));
        let exponent_only_in_numbers = !text.contains("e(") && !text.contains("E(");
        if !plain || !exponent_only_in_numbers {
            continue;
        }
        let ty = if text.contains(['.', 'e', 'E']) {
            "f64"
        } else {
            "i32"
        };
        if let Some((_, end)) = cell.range_in_cell(&pattern) {
            edits.push((end, ty));
        }
    }
    let mut out = code.to_string();
    for (point, ty) in edits.into_iter().rev() {
        out.insert_str(point, &format!(": {ty}"));
    }
    out
}

/// `code` with the type of `name`'s last top-level `let` written out, if it has none yet.
pub fn with_type(code: &str, name: &str, ty: &str) -> Option<String> {
    annotation_point(code, name).map(|point| annotate(code, point, ty))
}

/// `code` with `: ty` inserted at `point` (references in `ty` made `'static`).
pub fn annotate(code: &str, point: usize, ty: &str) -> String {
    format!("{}: {}{}", &code[..point], static_refs(ty), &code[point..])
}

/// `ty` with every reference without a lifetime given `'static`: top-level variables outlive
/// the cell, and evcxr stores them with the type as written.
pub fn static_refs(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len() + 8);
    let mut chars = ty.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '&' && chars.peek() != Some(&'\'') && chars.peek() != Some(&'&') {
            out.push_str("'static ");
            while chars.peek() == Some(&' ') {
                chars.next();
            }
        }
    }
    out
}

/// `code` with the written types of top-level `let`s given `'static` references
/// (`let v: Vec<&str>` → `let v: Vec<&'static str>`); other code is left alone.
pub fn static_let_types(code: &str) -> String {
    let cell = CellSyntax::parse(code);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for let_stmt in cell.lets() {
        let Some(ty) = let_stmt.ty() else { continue };
        let text = ty.syntax().text().to_string();
        let fixed = static_refs(&text);
        if fixed != text {
            if let Some((start, end)) = cell.range_in_cell(&ty) {
                edits.push((start, end, fixed));
            }
        }
    }
    let mut out = code.to_string();
    for (start, end, fixed) in edits.into_iter().rev() {
        out.replace_range(start..end, &fixed);
    }
    out
}

/// The type rustc reports as found where `()` was expected, from a check of the probe.
pub fn found_type(errors: &[evcxr::CompilationError]) -> Option<String> {
    errors.iter().find_map(|error| {
        let texts = error
            .spanned_messages()
            .iter()
            .map(|m| m.label.clone())
            .chain(std::iter::once(error.rendered()));
        texts.into_iter().find_map(|text| type_in_label(&text))
    })
}

/// A variable evcxr stored with the wrong type (rust-analyzer guessed, e.g. `!` for a macro it
/// can't expand): the error in evcxr's generated `put_variable::<T>(stringify!(x), x)` names
/// the variable and the type rustc found. Returns (variable, type).
pub fn mistyped_variable(errors: &[evcxr::CompilationError]) -> Option<(String, String)> {
    errors
        .iter()
        .filter(|e| !e.is_from_user_code())
        .find_map(|error| {
            let rendered = error.rendered();
            let line = rendered.lines().find(|l| l.contains("put_variable::<"))?;
            let name = line
                .split("stringify!(")
                .nth(1)?
                .split(')')
                .next()?
                .trim()
                .to_string();
            let ty = error
                .spanned_messages()
                .iter()
                .map(|m| m.label.clone())
                .chain(std::iter::once(rendered.clone()))
                .find_map(|text| found_in(&text, ", found `"))?;
            Some((name, ty))
        })
}

fn type_in_label(text: &str) -> Option<String> {
    // rustc names a literal whose type nothing settles in words, not in backticks
    // (`let d: () = [1, 2][1];` → "expected `()`, found integer"): Rust's defaults.
    let literal = text.split("expected `()`, found ").nth(1).map(str::trim);
    match literal {
        Some("integer") => Some("i32".to_string()),
        Some("floating-point number") => Some("f64".to_string()),
        _ => found_in(text, "expected `()`, found `"),
    }
}

/// Names of the cell's top-level `let name = …` without a written type, in order.
pub fn untyped_names(code: &str) -> Vec<String> {
    let mut names: Vec<String> = bound_names(code)
        .into_iter()
        .filter(|name| annotation_point(code, name).is_some())
        .collect();
    names.dedup();
    names
}

fn found_in(text: &str, marker: &str) -> Option<String> {
    let rest = text.split(marker).nth(1)?;
    nameable(rest.split('`').next()?.trim())
}

/// Standard types outside Rust's prelude that cells use often, by the name rustc prints.
const STD_PATHS: &[(&str, &str)] = &[
    ("HashMap", "std::collections::HashMap"),
    ("HashSet", "std::collections::HashSet"),
    ("BTreeMap", "std::collections::BTreeMap"),
    ("BTreeSet", "std::collections::BTreeSet"),
    ("VecDeque", "std::collections::VecDeque"),
    ("BinaryHeap", "std::collections::BinaryHeap"),
    ("Rc", "std::rc::Rc"),
    ("Arc", "std::sync::Arc"),
    ("Mutex", "std::sync::Mutex"),
    ("RefCell", "std::cell::RefCell"),
    ("Duration", "std::time::Duration"),
    ("Instant", "std::time::Instant"),
    ("PathBuf", "std::path::PathBuf"),
];

/// A type as rustc prints it, made writable in a cell: literal types get Rust's defaults
/// (`{integer}` → `i32`, `{float}` → `f64`), common std types their full path. `None` for
/// what can't be written (closures, `impl Trait`, `_`).
pub fn nameable(ty: &str) -> Option<String> {
    let ty = ty.replace("{integer}", "i32").replace("{float}", "f64");
    if ty.is_empty() || ty.contains('{') || ty.contains("impl ") {
        return None;
    }
    let mut out = String::with_capacity(ty.len() + 32);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, next: Option<char>| -> bool {
        if word == "_" {
            return false;
        }
        let qualified = !out.ends_with("::") && next != Some(':');
        match STD_PATHS.iter().find(|(name, _)| *name == word.as_str()) {
            Some((_, path)) if qualified => out.push_str(path),
            _ => out.push_str(word),
        }
        word.clear();
        true
    };
    let chars: Vec<char> = ty.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_alphanumeric() || *c == '_' {
            word.push(*c);
        } else {
            if !word.is_empty() && !flush(&mut word, &mut out, Some(*c)) {
                return None;
            }
            out.push(*c);
        }
        if i + 1 == chars.len() && !word.is_empty() && !flush(&mut word, &mut out, None) {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_evcxr_message() {
        let m = "Couldn't automatically determine type of variable `df`.\nPlease give it an explicit type.";
        assert_eq!(unknown_variable(m).as_deref(), Some("df"));
        assert_eq!(unknown_variable("other error"), None);
    }

    #[test]
    fn finds_the_last_unannotated_let() {
        let code = "let df = 1;\nlet x: i32 = 2;\nlet mut df = df!(\"a\" => [1])?;\ndf";
        let point = annotation_point(code, "df").unwrap();
        assert_eq!(
            annotate(code, point, "DataFrame"),
            "let df = 1;\nlet x: i32 = 2;\nlet mut df: DataFrame = df!(\"a\" => [1])?;\ndf"
        );
        assert_eq!(annotation_point(code, "x"), None, "already annotated");
        assert_eq!(annotation_point(code, "nope"), None);
    }

    #[test]
    fn literal_types_in_words_get_rusts_defaults() {
        assert_eq!(
            type_in_label("expected `()`, found integer").as_deref(),
            Some("i32")
        );
        assert_eq!(
            type_in_label("expected `()`, found floating-point number").as_deref(),
            Some("f64")
        );
        assert_eq!(
            type_in_label("expected `()`, found `Vec<{integer}>`").as_deref(),
            Some("Vec<i32>")
        );
        assert_eq!(type_in_label("expected `()`, found closure"), None);
    }

    #[test]
    fn untyped_names_are_the_lets_without_a_type() {
        let code = "let v = vec![1, 2];\nlet n: usize = 2;\nlet (a, b) = (1, 2);\nlet x = v[1];\nx";
        assert_eq!(untyped_names(code), ["v", "x"]);
    }

    #[test]
    fn plain_numbers_get_rusts_default_types() {
        assert_eq!(
            default_numeric_types("let x = 2.5;\nlet n = (5 + 1) * 2;\nlet m = -3;\nx"),
            "let x: f64 = 2.5;\nlet n: i32 = (5 + 1) * 2;\nlet m: i32 = -3;\nx"
        );
        let untouched = "let a = b + 1;\nlet c: u8 = 2;\nlet d = f(2);\nlet e = 1e3_f32.max(2.0);";
        assert_eq!(default_numeric_types(untouched), untouched);
    }

    #[test]
    fn finds_lets_to_type() {
        let code = "let key = \"abc\";\nlet n = 1;\nlet r = &v;\nlet t: &str = \"x\";\nlet s = String::new();\nlet d = f()?;";
        assert_eq!(lets_to_type(code), ["key", "r", "d"]);
    }

    #[test]
    fn references_become_static() {
        assert_eq!(static_refs("Vec<&str>"), "Vec<&'static str>");
        assert_eq!(static_refs("&mut [u8]"), "&'static mut [u8]");
        assert_eq!(static_refs("&'a str"), "&'a str");
        assert_eq!(
            static_refs("HashMap<&str, &  i32>"),
            "HashMap<&'static str, &'static i32>"
        );
        assert_eq!(
            static_let_types("let v: Vec<&str> = vec![];\nfn f(x: &str) {}\nlet n: i32 = 1;"),
            "let v: Vec<&'static str> = vec![];\nfn f(x: &str) {}\nlet n: i32 = 1;"
        );
    }

    #[test]
    fn reads_rustc_labels() {
        assert_eq!(
            type_in_label("expected `()`, found `DataFrame`").as_deref(),
            Some("DataFrame")
        );
        assert_eq!(
            type_in_label("expected `()`, found `Result<DataFrame, PolarsError>`").as_deref(),
            Some("Result<DataFrame, PolarsError>")
        );
        assert_eq!(type_in_label("expected `()`, found `Vec<_>`"), None);
        assert_eq!(
            type_in_label("expected `()`, found `HashMap<&str, {integer}>`").as_deref(),
            Some("std::collections::HashMap<&str, i32>")
        );
        assert_eq!(
            nameable("Vec<my_type::Foo>").as_deref(),
            Some("Vec<my_type::Foo>")
        );
        assert_eq!(
            nameable("std::collections::HashMap<u8, u8>").as_deref(),
            Some("std::collections::HashMap<u8, u8>")
        );
        assert_eq!(
            found_in("expected `!`, found `DataFrame`", ", found `").as_deref(),
            Some("DataFrame")
        );
        assert_eq!(
            type_in_label("expected `()`, found closure `{closure@src/lib.rs:1:1}`"),
            None
        );
    }
}

//! Names the graders' tests rely on, which no cell may redefine.
//!
//! nbgrader's tests are `assert!`s in cells after the student's: a cell that defines its own
//! `assert_eq!` (`macro_rules! assert_eq { ($($t:tt)*) => { () }; }`), or a module or crate
//! renamed `std` or `core`, would make every later test pass, wrong answers included. Such a cell
//! is refused before it runs, with what to write instead; nothing else of the session changes.

use super::cell_syntax::CellSyntax;
use crate::interpreter::ErrorReport;
use ra_ap_syntax::ast::{self, HasName};
use ra_ap_syntax::AstNode;

/// std's macros that tests and answers use.
const MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "matches",
    "format",
    "vec",
];

/// The paths tests name std through.
const CRATES: &[&str] = &["std", "core", "alloc"];

/// The error for a cell that redefines one of those names, or None.
pub fn refusal(code: &str) -> Option<ErrorReport> {
    let cell = CellSyntax::parse(code);
    let (name, what) = cell.syntax().descendants().find_map(|node| {
        if let Some(rules) = ast::MacroRules::cast(node.clone()) {
            let name = rules.name()?.text().to_string();
            return MACROS
                .contains(&name.as_str())
                .then_some((name, Kind::Macro));
        }
        if let Some(def) = ast::MacroDef::cast(node.clone()) {
            let name = def.name()?.text().to_string();
            return MACROS
                .contains(&name.as_str())
                .then_some((name, Kind::Macro));
        }
        if let Some(module) = ast::Module::cast(node.clone()) {
            let name = module.name()?.text().to_string();
            return CRATES
                .contains(&name.as_str())
                .then_some((name, Kind::Module));
        }
        if let Some(rename) = ast::Rename::cast(node) {
            let name = rename.name()?.text().to_string();
            if MACROS.contains(&name.as_str()) {
                return Some((name, Kind::Macro));
            }
            return CRATES
                .contains(&name.as_str())
                .then_some((name, Kind::Module));
        }
        None
    })?;
    let (shown, instead) = match what {
        Kind::Macro => (format!("`{name}!`"), format!("`my_{name}!`")),
        Kind::Module => (format!("`{name}`"), format!("`my_{name}`")),
    };
    let evalue = format!(
        "this cell redefines {shown}, which the notebook's tests rely on: it was not run. \
         Give yours another name, e.g. {instead}."
    );
    Some(ErrorReport {
        ename: "RedefinedStdName".into(),
        traceback: vec![format!("RedefinedStdName: {evalue}")],
        evalue,
    })
}

enum Kind {
    Macro,
    Module,
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn redefining_the_graders_macros_is_refused() {
        for code in [
            "macro_rules! assert_eq { ($($t:tt)*) => { () }; }",
            "macro_rules! assert {\n  ($e:expr) => {};\n}\nfn f() {}",
            "fn f() { macro_rules! panic { () => {} } }",
            "use my_macros::quiet as assert_ne;",
            "mod std { pub fn f() {} }",
            "extern crate core as std;",
        ] {
            let report = refusal(code).unwrap_or_else(|| panic!("not refused: {code}"));
            assert!(report.evalue.contains("was not run"), "{}", report.evalue);
        }
        let report = refusal("macro_rules! assert_eq { () => {} }").unwrap();
        assert!(report.evalue.contains("`assert_eq!`"));
        assert!(report.evalue.contains("`my_assert_eq!`"));
    }

    #[test]
    fn ordinary_cells_and_own_macros_run() {
        for code in [
            "assert_eq!(1 + 1, 2);",
            "macro_rules! carre { ($x:expr) => { $x * $x }; }",
            "use std::collections::HashMap as Map;",
            "mod outils { pub fn f() {} }",
            "let assert = true;\nassert",
            "fn panic_button() {}",
        ] {
            assert!(refusal(code).is_none(), "refused: {code}");
        }
    }
}

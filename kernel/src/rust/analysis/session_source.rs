//! The session as one source file for the analysis: the prelude, the items of earlier cells
//! (functions, types, `use`s…), the session's variables declared with their types, then the cell
//! being edited, in a function body as evcxr runs it. Offsets map between the cell and the file.

use crate::rust::cell_syntax::CellSyntax;
use ra_ap_syntax::ast::{self, HasName};
use ra_ap_syntax::AstNode;
use std::collections::HashSet;

/// What earlier cells left: their items (by name, the last definition wins) and `use`s.
#[derive(Default, Clone)]
pub struct SessionItems {
    /// (name or None for impls and uses, source text), in definition order.
    items: Vec<(Option<String>, String)>,
}

impl SessionItems {
    /// Records the items of a cell that ran: a redefinition replaces the earlier one.
    pub fn record(&mut self, code: &str) {
        for item in CellSyntax::parse(code).items() {
            let name = item_name(&item);
            let text = item.syntax().text().to_string();
            if let Some(name) = &name {
                self.items
                    .retain(|(n, _)| n.as_deref() != Some(name.as_str()));
            } else if self.items.iter().any(|(n, t)| n.is_none() && *t == text) {
                continue;
            }
            self.items.push((name, text));
        }
    }

    /// The names the items define (an explicit import of one of them would clash).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter_map(|(name, _)| name.as_deref()?.split_once(':').map(|(_, n)| n))
    }

    /// The items' source, one after the other.
    pub fn source(&self) -> String {
        let mut out = String::new();
        for (_, text) in &self.items {
            out.push_str(text);
            out.push('\n');
        }
        out
    }
}

fn item_name(item: &ast::Item) -> Option<String> {
    let name = match item {
        ast::Item::Fn(i) => i.name(),
        ast::Item::Struct(i) => i.name(),
        ast::Item::Enum(i) => i.name(),
        ast::Item::Union(i) => i.name(),
        ast::Item::Trait(i) => i.name(),
        ast::Item::TypeAlias(i) => i.name(),
        ast::Item::Const(i) => i.name(),
        ast::Item::Static(i) => i.name(),
        ast::Item::Module(i) => i.name(),
        ast::Item::MacroRules(i) => i.name(),
        _ => None,
    };
    name.map(|n| format!("{}:{}", kind_of(item), n.text()))
}

/// Types and values live in different namespaces: `struct Point` and `fn Point` may coexist.
fn kind_of(item: &ast::Item) -> &'static str {
    match item {
        ast::Item::Fn(_) | ast::Item::Const(_) | ast::Item::Static(_) => "value",
        ast::Item::MacroRules(_) => "macro",
        _ => "type",
    }
}

/// How the file brings the library's names in.
const PRELUDE: &str = "use sdia::prelude::*;";

/// One analysis file: the session before the cell, then the cell.
#[derive(Clone)]
pub struct AnalysisSource {
    /// The whole file.
    pub text: String,
    /// Byte offset of the cell's first byte in `text`.
    pub cell_start: usize,
    /// The cell's length in bytes.
    pub cell_len: usize,
    /// Names of the items earlier cells defined.
    session_names: HashSet<String>,
}

impl AnalysisSource {
    /// The file for `cell`, after `items` and the variables `(name, type)` of the session.
    pub fn new(items: &SessionItems, variables: &[(String, String)], cell: &str) -> AnalysisSource {
        let mut text = format!("#![allow(unused, dead_code, unreachable_code)]\n{PRELUDE}\n");
        text.push_str(&items.source());
        // The session's variables are the parameters (`mut`: a cell may change any of them).
        text.push_str("fn __sdia_cell(\n");
        for (name, ty) in variables {
            text.push_str(&format!("    mut {name}: {ty},\n"));
        }
        text.push_str(
            ") -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {\n",
        );
        let cell_start = text.len();
        text.push_str(cell);
        text.push_str("\n;\nOk(())\n}\n");
        AnalysisSource {
            text,
            cell_start,
            cell_len: cell.len(),
            session_names: items.names().map(str::to_string).collect(),
        }
    }

    /// Names of the items the session and the cell define (the cell is parsed here, only for the
    /// queries that need them).
    pub fn defined(&self) -> HashSet<String> {
        let cell = &self.text[self.cell_start..self.cell_start + self.cell_len];
        let mut names = self.session_names.clone();
        names.extend(
            CellSyntax::parse(cell)
                .items()
                .iter()
                .filter_map(item_name)
                .filter_map(|name| name.split_once(':').map(|(_, n)| n.to_string())),
        );
        names
    }

    /// The same file with `import` in place of the prelude's glob import.
    pub fn with_prelude_import(&self, import: &str) -> AnalysisSource {
        let Some(at) = self.text.find(PRELUDE) else {
            return self.clone();
        };
        let mut text = String::with_capacity(self.text.len() + import.len());
        text.push_str(&self.text[..at]);
        text.push_str(import);
        text.push_str(&self.text[at + PRELUDE.len()..]);
        AnalysisSource {
            text,
            cell_start: self.cell_start + import.len() - PRELUDE.len(),
            cell_len: self.cell_len,
            session_names: self.session_names.clone(),
        }
    }

    /// The file offset of a byte offset in the cell.
    pub fn to_file(&self, cell_offset: usize) -> usize {
        self.cell_start + cell_offset.min(self.cell_len)
    }

    /// The cell offset of a file offset, if it lies in the cell.
    pub fn to_cell(&self, file_offset: usize) -> Option<usize> {
        let offset = file_offset.checked_sub(self.cell_start)?;
        (offset <= self.cell_len).then_some(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_definitions_replace_earlier_ones() {
        let mut items = SessionItems::default();
        items.record("fn double(x: i32) -> i32 { x * 3 }\nstruct Point { x: f64 }");
        items.record("fn double(x: i32) -> i32 { x * 2 }\nlet a = 1;");
        let source = items.source();
        assert!(source.contains("x * 2"), "{source}");
        assert!(!source.contains("x * 3"), "{source}");
        assert!(source.contains("struct Point"), "{source}");
        assert!(!source.contains("let a"), "{source}");
    }

    #[test]
    fn a_type_and_a_function_of_the_same_name_both_stay() {
        let mut items = SessionItems::default();
        items.record("struct Score(f64);");
        items.record("fn Score() {}");
        let source = items.source();
        assert!(source.contains("struct Score") && source.contains("fn Score"));
    }

    #[test]
    fn offsets_map_both_ways() {
        let vars = vec![("df".to_string(), "DataFrame".to_string())];
        let source = AnalysisSource::new(&SessionItems::default(), &vars, "df.hei");
        assert_eq!(&source.text[source.to_file(0)..source.to_file(6)], "df.hei");
        assert!(source.text.contains("mut df: DataFrame,"));
        assert_eq!(source.to_cell(source.to_file(3)), Some(3));
        assert_eq!(source.to_cell(0), None);
    }

    #[test]
    fn a_narrower_import_keeps_the_cell_where_offsets_say() {
        let mut items = SessionItems::default();
        items.record("fn first() -> i32 { 1 }");
        let source = AnalysisSource::new(&items, &[], "struct Point;\ndesc");
        let defined = source.defined();
        assert!(defined.contains("first") && defined.contains("Point"));
        let narrow = source.with_prelude_import("use sdia::prelude::{describe, FrameQuery};");
        assert!(!narrow.text.contains("prelude::*"));
        assert_eq!(&narrow.text[narrow.to_file(14)..narrow.to_file(18)], "desc");
    }
}

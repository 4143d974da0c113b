//! How each top-level binding of a cell can be kept in the session, from the analysis's types:
//! evcxr keeps a variable only under a type it can write, so the kernel writes it first.

use super::session_source::AnalysisSource;
use ra_ap_hir::{HirDisplay, Semantics};
use ra_ap_ide::{FileId, RootDatabase};
use ra_ap_syntax::ast::{self, HasModuleItem, HasName};
use ra_ap_syntax::AstNode;

/// What the analysis says of one name bound by a top-level `let`.
#[derive(Debug, Clone, PartialEq)]
pub enum Keep {
    /// A type to write as it is (`usize`, `DataFrame`, `HashMap<&str, i32>`).
    Typed(String),
    /// A closure that captures nothing, kept as a function pointer (`fn(f64) -> f64`).
    FnPointer(String),
    /// A closure that captures, kept boxed: the `dyn` type (`dyn Fn(f64) -> f64`).
    BoxedFn(String),
    /// An iterator whose type can't be written (adaptors over closures): the item type.
    BoxedIterator(String),
    /// Nothing the kernel can write.
    Unknown,
}

/// One binding: its name, whether it is `mut`, and how to keep it.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: String,
    pub mutable: bool,
    pub keep: Keep,
}

/// A top-level `let`: its byte range in the cell, and the names it binds.
pub type LetBindings = ((usize, usize), Vec<Binding>);

/// The bindings of every top-level `let` of the cell of `source`, in order: for each `let`, its
/// byte range in the cell and its names.
pub fn of_cell(db: &RootDatabase, file: FileId, source: &AnalysisSource) -> Vec<LetBindings> {
    let sema = Semantics::new(db);
    let tree = sema.parse_guess_edition(file);
    let Some(function) = tree.items().find_map(|item| match item {
        ast::Item::Fn(f) if f.name().is_some_and(|n| n.text() == "__sdia_cell") => Some(f),
        _ => None,
    }) else {
        return Vec::new();
    };
    let (Some(body), Some(scope)) = (function.body(), sema.scope(function.syntax())) else {
        return Vec::new();
    };
    let module = scope.module();
    let mut out = Vec::new();
    ra_ap_hir::attach_db(db, || {
        for statement in body.statements() {
            let ast::Stmt::LetStmt(let_stmt) = statement else {
                continue;
            };
            let range = let_stmt.syntax().text_range();
            let (Some(start), Some(end)) = (
                source.to_cell(usize::from(range.start())),
                source.to_cell(usize::from(range.end())),
            ) else {
                continue;
            };
            let Some(pattern) = let_stmt.pat() else {
                continue;
            };
            let bindings = pattern
                .syntax()
                .descendants_with_tokens()
                .filter_map(|node| node.into_node().and_then(ast::IdentPat::cast))
                .filter_map(|ident| {
                    let name = ident.name()?.text().to_string();
                    let keep = match sema.type_of_binding_in_pat(&ident) {
                        Some(ty) => keep_of(db, module, &ty),
                        None => Keep::Unknown,
                    };
                    let mutable = ident.mut_token().is_some();
                    Some(Binding {
                        name,
                        mutable,
                        keep,
                    })
                })
                .collect();
            out.push(((start, end), bindings));
        }
    });
    out
}

fn keep_of<'db>(
    db: &'db RootDatabase,
    module: ra_ap_hir::Module,
    ty: &ra_ap_hir::Type<'db>,
) -> Keep {
    let write = |t: &ra_ap_hir::Type<'db>| -> Option<String> {
        if t.contains_unknown() {
            return None;
        }
        t.display_source_code(db, module.into(), false).ok()
    };
    if let Some(closure) = ty.as_closure() {
        let Some(callable) = ty.as_callable(db) else {
            return Keep::Unknown;
        };
        let params: Option<Vec<String>> = callable.params().iter().map(|p| write(p.ty())).collect();
        let (Some(params), Some(ret)) = (params, write(&callable.return_type())) else {
            return Keep::Unknown;
        };
        let ret = if ret == "()" {
            String::new()
        } else {
            format!(" -> {ret}")
        };
        let args = params.join(", ");
        if closure.captured_items(db).is_empty() {
            return Keep::FnPointer(format!("fn({args}){ret}"));
        }
        let fn_trait = match closure.fn_trait(db) {
            ra_ap_hir::FnTrait::FnMut => "FnMut",
            ra_ap_hir::FnTrait::FnOnce => "FnOnce",
            _ => "Fn",
        };
        return Keep::BoxedFn(format!("dyn {fn_trait}({args}){ret}"));
    }
    if let Some(written) = write(ty) {
        return Keep::Typed(written);
    }
    if ty.clone().impls_iterator(db) {
        if let Some(item) = ty.clone().iterator_item(db).as_ref().and_then(write) {
            return Keep::BoxedIterator(item);
        }
    }
    Keep::Unknown
}

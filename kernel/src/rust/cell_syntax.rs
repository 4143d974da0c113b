//! A cell as rust-analyzer's parser sees it: statements and items, as evcxr takes them, parse
//! as the body of a function. Offsets are converted back to byte offsets in the cell.

use ra_ap_syntax::ast::{self, HasModuleItem};
use ra_ap_syntax::{AstNode, TextRange};

const PREFIX: &str = "fn __sdia_cell() {\n";

/// A parsed cell.
pub struct CellSyntax {
    parse: ra_ap_syntax::Parse<ast::SourceFile>,
    len: usize,
}

impl CellSyntax {
    /// Parses `code` wrapped in a function body.
    pub fn parse(code: &str) -> CellSyntax {
        let wrapped = format!("{PREFIX}{code}\n}}");
        CellSyntax {
            parse: ast::SourceFile::parse(&wrapped, ra_ap_syntax::Edition::CURRENT),
            len: code.len(),
        }
    }

    /// Whether the cell has syntax errors.
    pub fn has_errors(&self) -> bool {
        !self.parse.errors().is_empty()
    }

    fn statements(&self) -> Vec<ast::Stmt> {
        let body = self.parse.tree().items().find_map(|item| match item {
            ast::Item::Fn(f) => f.body(),
            _ => None,
        });
        body.map(|b| b.statements().collect()).unwrap_or_default()
    }

    /// The cell's top-level `let` statements, in order.
    pub fn lets(&self) -> Vec<ast::LetStmt> {
        self.statements()
            .into_iter()
            .filter_map(|s| match s {
                ast::Stmt::LetStmt(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    /// The whole parsed cell (wrapped in the function it is parsed as).
    pub fn syntax(&self) -> ra_ap_syntax::SyntaxNode {
        self.parse.syntax_node()
    }

    /// The cell's top-level items (functions, types, impls, `use`s…), in order.
    pub fn items(&self) -> Vec<ast::Item> {
        self.statements()
            .into_iter()
            .filter_map(|s| match s {
                ast::Stmt::Item(i) => Some(i),
                _ => None,
            })
            .collect()
    }

    /// Byte range in the cell of a node's range in the parsed text (None if outside the cell).
    pub fn range_in_cell(&self, node: &impl AstNode) -> Option<(usize, usize)> {
        let range: TextRange = node.syntax().text_range();
        let start = usize::from(range.start()).checked_sub(PREFIX.len())?;
        let end = usize::from(range.end()).checked_sub(PREFIX.len())?;
        (end <= self.len).then_some((start, end))
    }
}

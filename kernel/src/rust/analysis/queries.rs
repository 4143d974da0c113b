//! Completion and hover on the analysis database, with the settings a notebook wants (plain
//! names to insert, no snippets, no auto-imports), and their results in the kernel's terms.

use super::session_source::AnalysisSource;
use ra_ap_ide::{
    Analysis, CompletionConfig, CompletionFieldsToResolve, CompletionItemKind, FileId,
    FilePosition, FileRange, HoverConfig, HoverDocFormat, RaFixtureConfig, SubstTyLen, SymbolKind,
    TextRange, TextSize,
};
use ra_ap_ide_db::imports::insert_use::{ImportGranularity, InsertUseConfig};

/// One completion, in cell offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// Text to insert in place of `start..end`.
    pub text: String,
    /// What it is: function, method, field, struct, module, keyword…
    pub kind: &'static str,
    /// Signature or type, as rust-analyzer shows it.
    pub signature: String,
    /// Byte range in the cell that the text replaces.
    pub start: usize,
    pub end: usize,
}

fn completion_config() -> CompletionConfig<'static> {
    CompletionConfig {
        enable_postfix_completions: false,
        enable_imports_on_the_fly: false,
        enable_self_on_the_fly: false,
        enable_auto_iter: true,
        enable_auto_await: false,
        enable_private_editable: false,
        enable_term_search: false,
        term_search_fuel: 0,
        full_function_signatures: false,
        callable: None,
        add_colons_to_module: false,
        add_semicolon_to_unit: false,
        snippet_cap: None,
        insert_use: InsertUseConfig {
            granularity: ImportGranularity::Item,
            enforce_granularity: false,
            prefix_kind: ra_ap_hir::PrefixKind::Plain,
            group: false,
            skip_glob_imports: true,
        },
        prefer_no_std: false,
        prefer_prelude: true,
        prefer_absolute: false,
        snippets: Vec::new(),
        limit: None,
        fields_to_resolve: CompletionFieldsToResolve::empty(),
        exclude_flyimport: Vec::new(),
        exclude_traits: &[],
        ra_fixture: RaFixtureConfig::default(),
    }
}

fn hover_config() -> HoverConfig<'static> {
    HoverConfig {
        links_in_hover: false,
        memory_layout: None,
        documentation: true,
        keywords: true,
        format: HoverDocFormat::Markdown,
        max_trait_assoc_items_count: Some(20),
        max_fields_count: Some(20),
        max_enum_variants_count: Some(20),
        max_subst_ty_len: SubstTyLen::Unlimited,
        show_drop_glue: false,
        ra_fixture: RaFixtureConfig::default(),
    }
}

/// Completions at `cell_offset`, best first, filtered by the prefix already typed.
pub fn complete(
    analysis: &Analysis,
    file: FileId,
    source: &AnalysisSource,
    cell_offset: usize,
) -> Vec<Completion> {
    let position = FilePosition {
        file_id: file,
        offset: TextSize::from(source.to_file(cell_offset) as u32),
    };
    let Ok(Some(items)) = analysis.completions(&completion_config(), position, None) else {
        return Vec::new();
    };
    let mut ranked = Vec::new();
    for item in items {
        let Some(indel) = item.text_edit.iter().next() else {
            continue;
        };
        let (start, end) = (
            usize::from(indel.delete.start()),
            usize::from(indel.delete.end()),
        );
        let (Some(cell_start), Some(cell_end)) = (source.to_cell(start), source.to_cell(end))
        else {
            continue;
        };
        let typed = &source.text[start..end];
        // The kernel's own helpers (`__sdia_returned_at`, see `question_marks`) are not offered.
        if !item.lookup().starts_with(typed)
            || item.deprecated
            || item.lookup().starts_with("__sdia")
        {
            continue;
        }
        let signature = item
            .detail
            .clone()
            .or_else(|| item.label.detail_right.clone())
            .unwrap_or_default();
        ranked.push((
            item.relevance.score(),
            Completion {
                text: indel.insert.clone(),
                kind: kind_name(item.kind),
                signature,
                start: cell_start,
                end: cell_end,
            },
        ));
    }
    // Best first; among equals, alphabetical (rust-analyzer leaves the order to the editor).
    ranked.sort_by(|(a, x), (b, y)| b.cmp(a).then_with(|| x.text.cmp(&y.text)));
    // One entry per name; a module (`sdia::stats::describe`) gives way to the function or type
    // of the same name that the student means.
    let mut out: Vec<Completion> = Vec::new();
    for (_, completion) in ranked {
        match out.iter_mut().find(|c| c.text == completion.text) {
            Some(existing) if existing.kind == "module" => *existing = completion,
            Some(_) => {}
            None => out.push(completion),
        }
    }
    out
}

/// The documentation (Markdown: signature, then rustdoc) of what is at `cell_offset`.
pub fn hover(
    analysis: &Analysis,
    file: FileId,
    source: &AnalysisSource,
    cell_offset: usize,
) -> Option<String> {
    let offset = TextSize::from(source.to_file(cell_offset) as u32);
    let range = FileRange {
        file_id: file,
        range: TextRange::empty(offset),
    };
    let found = analysis.hover(&hover_config(), range).ok()??;
    let text = found.info.markup.as_str().trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn kind_name(kind: CompletionItemKind) -> &'static str {
    use CompletionItemKind as K;
    match kind {
        K::SymbolKind(symbol) => match symbol {
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Field => "field",
            SymbolKind::Struct | SymbolKind::Union => "struct",
            SymbolKind::Enum => "enum",
            SymbolKind::Variant => "variant",
            SymbolKind::Trait => "trait",
            SymbolKind::TypeAlias | SymbolKind::TypeParam | SymbolKind::SelfType => "type",
            SymbolKind::Module | SymbolKind::CrateRoot => "module",
            SymbolKind::Const | SymbolKind::ConstParam => "constant",
            SymbolKind::Static => "static",
            SymbolKind::Macro | SymbolKind::ProcMacro | SymbolKind::BuiltinAttr => "macro",
            SymbolKind::Local | SymbolKind::ValueParam | SymbolKind::SelfParam => "variable",
            _ => "name",
        },
        K::Keyword => "keyword",
        K::BuiltinType => "type",
        K::Binding => "variable",
        _ => "name",
    }
}

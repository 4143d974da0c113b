//! Parameters of a run, as papermill takes them on its command line (`-p NAME VALUE`,
//! `-r NAME VALUE`), turned into the typed `let`s of an injected cell.
//!
//! The rules are papermill's and this repository's translator's (`python/sdia_papermill`), so
//! that `sdia-kernel run` and `papermill -k sdia` inject the same cell:
//! - `-p` reads its value as papermill does: `True`/`False` a boolean, `None` nothing, then an
//!   integer, then a number, else text; `-r` keeps the value as text;
//! - a parameter declared in the cell tagged `parameters` (`let n: i64 = 10;`, or a plain
//!   literal whose type Rust infers, `let n = 10;` an `i32`) keeps that type, and a value that
//!   does not fit it is refused with the reason and the way out;
//! - an undeclared parameter gets the type of its value (`i64`, `f64`, `bool`, `String`).

use super::declared_type::{literal_type, DeclaredType};
use crate::rust::cell_syntax::CellSyntax;
use ra_ap_syntax::ast::{self, HasName};
use ra_ap_syntax::AstNode;
use serde_json::{json, Value as Json};
use std::collections::HashMap;

/// A parameter's value as papermill's command line reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum CliValue {
    Bool(bool),
    None,
    /// A whole number, in `i128` or, above its range, `u128`.
    Int(i128),
    BigUnsigned(u128),
    Float(f64),
    Text(String),
}

impl CliValue {
    /// papermill's reading of a `-p` value (its `_resolve_type`).
    pub fn from_p(text: &str) -> CliValue {
        match text {
            "True" => return CliValue::Bool(true),
            "False" => return CliValue::Bool(false),
            "None" => return CliValue::None,
            _ => {}
        }
        let trimmed = text.trim();
        if let Some(digits) = python_int_digits(trimmed) {
            if let Ok(i) = digits.parse::<i128>() {
                return CliValue::Int(i);
            }
            if let Ok(u) = digits.parse::<u128>() {
                return CliValue::BigUnsigned(u);
            }
        }
        if let Some(f) = python_float(trimmed) {
            return CliValue::Float(f);
        }
        CliValue::Text(text.to_string())
    }

    /// The value as papermill shows it (`7`, `3.0`, `iris`).
    pub(super) fn plain(&self) -> String {
        match self {
            CliValue::Bool(b) => if *b { "True" } else { "False" }.into(),
            CliValue::None => "None".into(),
            CliValue::Int(i) => i.to_string(),
            CliValue::BigUnsigned(u) => u.to_string(),
            CliValue::Float(f) => python_repr(*f),
            CliValue::Text(t) => t.clone(),
        }
    }

    /// How the value is described in an error message.
    pub(super) fn describe(&self) -> String {
        match self {
            CliValue::Bool(b) => format!("a boolean ({})", if *b { "True" } else { "False" }),
            CliValue::None => "None".into(),
            CliValue::Int(i) => format!("an integer ({i})"),
            CliValue::BigUnsigned(u) => format!("an integer ({u})"),
            CliValue::Float(f) => format!("a number ({})", python_repr(*f)),
            CliValue::Text(t) => {
                let shown: String = t.chars().take(37).collect();
                let dots = if t.chars().count() > 40 { "..." } else { "" };
                format!("a string ({shown:?}{dots})")
            }
        }
    }

    /// The value as JSON, for the executed notebook's metadata.
    pub fn to_json(&self) -> Json {
        match self {
            CliValue::Bool(b) => json!(b),
            CliValue::None => Json::Null,
            CliValue::Int(i) => i64::try_from(*i)
                .map(|i| json!(i))
                .or_else(|_| u64::try_from(*i).map(|u| json!(u)))
                .unwrap_or_else(|_| json!(i.to_string())),
            CliValue::BigUnsigned(u) => json!(u.to_string()),
            CliValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(Json::Number)
                .unwrap_or_else(|| json!(python_repr(*f))),
            CliValue::Text(t) => json!(t),
        }
    }
}

/// The digits of a Python `int()` literal (sign, digits, single underscores between digits).
fn python_int_digits(text: &str) -> Option<String> {
    let (sign, rest) = match text.strip_prefix(['+', '-']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text),
    };
    let valid = !rest.is_empty()
        && !rest.starts_with('_')
        && !rest.ends_with('_')
        && !rest.contains("__")
        && rest.chars().all(|c| c.is_ascii_digit() || c == '_');
    valid.then(|| format!("{}{}", sign.trim_start_matches('+'), rest.replace('_', "")))
}

/// A Python `float()` literal: decimal or exponent notation, `inf`, `infinity`, `nan`.
fn python_float(text: &str) -> Option<f64> {
    let unsigned = text.trim_start_matches(['+', '-']);
    let special = ["inf", "infinity", "nan"].contains(&unsigned.to_ascii_lowercase().as_str());
    let numeric = unsigned
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || "._eE+-".contains(c))
        && !unsigned.contains("__");
    if !(special || numeric) || text.len() - unsigned.len() > 1 {
        return None;
    }
    text.replace('_', "").parse::<f64>().ok()
}

/// Python's `repr` of a float, as papermill shows numbers (`1e+16`, `0.1`, `7.0`).
fn python_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let text = format!("{f:?}");
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// A parameter given on the command line.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub value: CliValue,
}

/// One `let` of the parameters cell: its name, whether it is `mut`, and its type.
struct Declaration {
    mutable: bool,
    ty: Option<DeclaredType>,
}

/// The `let`s of a parameters cell, by name (the last one wins, as in Rust).
fn declarations(source: &str) -> HashMap<String, Declaration> {
    let mut found = HashMap::new();
    for stmt in CellSyntax::parse(source).lets() {
        let Some(ast::Pat::IdentPat(pat)) = stmt.pat() else {
            continue;
        };
        let Some(name) = pat.name() else { continue };
        let ty = match stmt.ty() {
            Some(ty) => Some(DeclaredType::from_ast(&ty)),
            None => stmt.initializer().and_then(|e| literal_type(&e)),
        };
        let mutable = pat.mut_token().is_some();
        found.insert(
            name.syntax().text().to_string(),
            Declaration { mutable, ty },
        );
    }
    found
}

/// Strict and reserved keywords of Rust 2021 (a parameter cannot be named like one).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Refuses a parameter name that cannot be a Rust variable.
pub fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !identifier {
        return Err(format!(
            "parameter name {name:?} is not a Rust identifier: use letters, digits and _ (not \
             starting with a digit), e.g. nombre_de_lignes"
        ));
    }
    if KEYWORDS.contains(&name) || name == "_" {
        return Err(format!(
            "parameter name `{name}` is a Rust keyword and cannot name a variable; rename it \
             (e.g. {name}_) in the notebook and on the command line"
        ));
    }
    Ok(())
}

/// The type an undeclared parameter gets from its value.
fn inferred_type(parameter: &Parameter) -> Result<DeclaredType, String> {
    Ok(match &parameter.value {
        CliValue::Bool(_) => DeclaredType::Bool,
        CliValue::Int(_) | CliValue::BigUnsigned(_) => DeclaredType::Int("i64".into()),
        CliValue::Float(_) => DeclaredType::Float("f64".into()),
        CliValue::Text(_) => DeclaredType::String,
        CliValue::None => {
            return Err(format!(
                "parameter `{}` is None, whose Rust type cannot be told from the value; declare \
                 it in the parameters cell, e.g. `let {}: Option<f64> = None;`",
                parameter.name, parameter.name
            ))
        }
    })
}

/// The source of the injected cell: a comment, then one typed `let` per parameter, in the
/// order given; the types come from `parameters_cell` (the source of the cell tagged
/// `parameters`, if the notebook has one).
pub fn injected_cell(
    parameters: &[Parameter],
    parameters_cell: Option<&str>,
) -> Result<String, String> {
    let declared = parameters_cell.map(declarations).unwrap_or_default();
    let mut lines = vec!["// Parameters".to_string()];
    for parameter in parameters {
        check_name(&parameter.name)?;
        let declaration = declared.get(&parameter.name);
        let ty = match declaration.and_then(|d| d.ty.clone()) {
            Some(ty) => ty,
            None => inferred_type(parameter)?,
        };
        let where_ = format!("parameter `{}`", parameter.name);
        let code = ty.literal(&parameter.value, &where_)?;
        let mutable = if declaration.is_some_and(|d| d.mutable) {
            "mut "
        } else {
            ""
        };
        lines.push(format!(
            "let {mutable}{}: {} = {code};",
            parameter.name,
            ty.text()
        ));
    }
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, value: &str) -> Parameter {
        Parameter {
            name: name.into(),
            value: CliValue::from_p(value),
        }
    }

    #[test]
    fn values_are_read_as_papermill_reads_them() {
        assert_eq!(CliValue::from_p("True"), CliValue::Bool(true));
        assert_eq!(CliValue::from_p("true"), CliValue::Text("true".into()));
        assert_eq!(CliValue::from_p("None"), CliValue::None);
        assert_eq!(CliValue::from_p(" 007 "), CliValue::Int(7));
        assert_eq!(CliValue::from_p("-1_000"), CliValue::Int(-1000));
        assert_eq!(CliValue::from_p("1__0"), CliValue::Text("1__0".into()));
        assert_eq!(CliValue::from_p("2.5e3"), CliValue::Float(2500.0));
        assert_eq!(CliValue::from_p(".5"), CliValue::Float(0.5));
        assert!(
            matches!(CliValue::from_p("-Infinity"), CliValue::Float(f) if f == f64::NEG_INFINITY)
        );
        assert_eq!(CliValue::from_p("1e"), CliValue::Text("1e".into()));
        assert_eq!(CliValue::from_p("iris"), CliValue::Text("iris".into()));
        assert_eq!(
            CliValue::from_p("340282366920938463463374607431768211455"),
            CliValue::BigUnsigned(u128::MAX)
        );
    }

    #[test]
    fn declared_types_shape_the_values() {
        let cell = "let n: usize = 10; // rows\nlet mut rate = 0.5;\nlet name = \"iris\";\n\
                    let label: Option<String> = None;\nlet flag: bool = false;";
        let params = [
            p("n", "7"),
            p("rate", "2"),
            p("name", "wine"),
            p("label", "None"),
            p("flag", "true"),
        ];
        let cell = injected_cell(&params, Some(cell)).unwrap();
        assert_eq!(
            cell,
            "// Parameters\nlet n: usize = 7;\nlet mut rate: f64 = 2.0;\nlet name: &str = \"wine\";\n\
             let label: Option<String> = None;\nlet flag: bool = true;\n"
        );
    }

    #[test]
    fn undeclared_parameters_get_the_type_of_their_value() {
        let params = [
            p("k", "3"),
            p("x", "0.25"),
            p("ok", "False"),
            p("city", "Saint-Étienne \"42\"\n"),
        ];
        assert_eq!(
            injected_cell(&params, None).unwrap(),
            "// Parameters\nlet k: i64 = 3;\nlet x: f64 = 0.25;\nlet ok: bool = false;\n\
             let city: String = \"Saint-Étienne \\\"42\\\"\\n\".to_string();\n"
        );
    }

    #[test]
    fn values_that_do_not_fit_are_refused_with_the_way_out() {
        let cell = Some("let n: u8 = 1; let v: Vec<f64> = vec![]; let s: String = String::new();");
        let refused = |name: &str, value: &str| injected_cell(&[p(name, value)], cell).unwrap_err();
        assert!(refused("n", "300").contains("outside the range of u8"));
        assert!(refused("n", "3.0").contains("without"));
        assert!(refused("v", "1").contains("-y"));
        assert!(refused("s", "12").contains("-r"));
        assert!(refused("n", "None").contains("Option"));
        assert!(injected_cell(&[p("z", "None")], None)
            .unwrap_err()
            .contains("declare"));
        assert!(injected_cell(&[p("fn", "1")], None)
            .unwrap_err()
            .contains("keyword"));
        assert!(injected_cell(&[p("2x", "1")], None)
            .unwrap_err()
            .contains("identifier"));
    }
}

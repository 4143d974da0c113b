//! The Rust type of a parameter, as its `let` declares it (or as Rust infers it from a plain
//! literal), and the literal of that type that holds a command-line value.

use super::parameters::CliValue;
use ra_ap_syntax::ast::{self, HasArgList, HasGenericArgs};
use ra_ap_syntax::AstNode;

/// Ranges of the integer types.
const INTEGERS: &[(&str, i128, u128)] = &[
    ("i8", i8::MIN as i128, i8::MAX as u128),
    ("i16", i16::MIN as i128, i16::MAX as u128),
    ("i32", i32::MIN as i128, i32::MAX as u128),
    ("i64", i64::MIN as i128, i64::MAX as u128),
    ("i128", i128::MIN, i128::MAX as u128),
    ("isize", i64::MIN as i128, i64::MAX as u128),
    ("u8", 0, u8::MAX as u128),
    ("u16", 0, u16::MAX as u128),
    ("u32", 0, u32::MAX as u128),
    ("u64", 0, u64::MAX as u128),
    ("u128", 0, u128::MAX),
    ("usize", 0, u64::MAX as u128),
];

/// A parameter's type, as far as command-line values can fill it.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclaredType {
    /// An integer type (`i64`, `usize`…), by name.
    Int(String),
    /// `f64` or `f32`.
    Float(String),
    Bool,
    Char,
    String,
    /// `&str` (or `&'static str`), as written.
    Str(String),
    /// `Option<T>`, as written.
    Option(String, Box<DeclaredType>),
    /// A list or a mapping (`Vec<T>`, `[T; N]`, `&[T]`, `HashMap<K, V>`…), as written.
    Collection(String),
    /// Any other type, as written.
    Other(String),
}

fn written(node: &impl AstNode) -> String {
    node.syntax()
        .text()
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl DeclaredType {
    /// The type of a `let`'s annotation.
    pub fn from_ast(ty: &ast::Type) -> DeclaredType {
        let text = written(ty);
        match ty {
            ast::Type::PathType(path) => {
                let Some(segment) = path.path().and_then(|p| p.segment()) else {
                    return DeclaredType::Other(text);
                };
                let name = segment
                    .name_ref()
                    .map(|n| n.text().to_string())
                    .unwrap_or_default();
                let args: Vec<ast::Type> = segment
                    .generic_arg_list()
                    .map(|list| {
                        list.generic_args()
                            .filter_map(|arg| match arg {
                                ast::GenericArg::TypeArg(t) => t.ty(),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                match (name.as_str(), args.as_slice()) {
                    (n, []) if INTEGERS.iter().any(|(i, _, _)| *i == n) => {
                        DeclaredType::Int(n.into())
                    }
                    ("f64" | "f32", []) => DeclaredType::Float(name),
                    ("bool", []) => DeclaredType::Bool,
                    ("char", []) => DeclaredType::Char,
                    ("String", []) => DeclaredType::String,
                    ("Option", [inner]) => {
                        DeclaredType::Option(text, Box::new(DeclaredType::from_ast(inner)))
                    }
                    ("Vec" | "HashMap" | "BTreeMap", _) => DeclaredType::Collection(text),
                    _ => DeclaredType::Other(text),
                }
            }
            ast::Type::RefType(reference) => match reference.ty() {
                _ if reference.mut_token().is_some() => DeclaredType::Other(text),
                Some(ast::Type::PathType(p)) if written(&p) == "str" => DeclaredType::Str(text),
                Some(ast::Type::SliceType(_)) => DeclaredType::Collection(text),
                _ => DeclaredType::Other(text),
            },
            ast::Type::ArrayType(_) | ast::Type::SliceType(_) => DeclaredType::Collection(text),
            _ => DeclaredType::Other(text),
        }
    }

    /// The type as written in the injected `let`.
    pub fn text(&self) -> String {
        match self {
            DeclaredType::Int(name) | DeclaredType::Float(name) => name.clone(),
            DeclaredType::Bool => "bool".into(),
            DeclaredType::Char => "char".into(),
            DeclaredType::String => "String".into(),
            DeclaredType::Str(text)
            | DeclaredType::Option(text, _)
            | DeclaredType::Collection(text)
            | DeclaredType::Other(text) => text.clone(),
        }
    }

    /// A Rust expression of this type holding `value`; `where_` names the parameter in errors.
    pub fn literal(&self, value: &CliValue, where_: &str) -> Result<String, String> {
        if let DeclaredType::Option(_, inner) = self {
            return match value {
                CliValue::None => Ok("None".into()),
                _ => Ok(format!("Some({})", inner.literal(value, where_)?)),
            };
        }
        if *value == CliValue::None {
            return Err(format!(
                "{where_} is declared {} but got None; declare it as an Option (e.g. \
                 `Option<f64>`) to accept None, or pass a value",
                self.text()
            ));
        }
        let got = value.describe();
        match self {
            DeclaredType::Bool => match value {
                CliValue::Bool(b) => Ok(b.to_string()),
                CliValue::Text(t) if t == "true" || t == "false" => Ok(t.clone()),
                _ => Err(format!(
                    "{where_} is declared bool but got {got}; pass true or false"
                )),
            },
            DeclaredType::Int(name) => int_literal(name, value, where_),
            DeclaredType::Float(name) => float_literal(name, value, where_),
            DeclaredType::String | DeclaredType::Str(_) | DeclaredType::Char => {
                let CliValue::Text(text) = value else {
                    return Err(format!(
                        "{where_} is declared {} but papermill's -p read the value as {got}; \
                         pass it as text with -r (-r NAME VALUE)",
                        self.text()
                    ));
                };
                match self {
                    DeclaredType::Char => {
                        let mut chars = text.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) => Ok(format!("'{}'", escape(&c.to_string(), '\''))),
                            _ => Err(format!(
                                "{where_} is declared char but got {got}; pass exactly one \
                                 character"
                            )),
                        }
                    }
                    DeclaredType::Str(_) => Ok(format!("\"{}\"", escape(text, '"'))),
                    _ => Ok(format!("\"{}\".to_string()", escape(text, '"'))),
                }
            }
            DeclaredType::Collection(text) => Err(format!(
                "{where_} is declared {text} but got {got}; lists and mappings come from \
                 papermill's -y option, which `sdia-kernel run` does not take: run the notebook \
                 with papermill, or change the default in the parameters cell"
            )),
            DeclaredType::Other(text) => Err(format!(
                "{where_} is declared `{text}`, a type command-line values cannot fill; declare \
                 it with one of: integers (i32, i64, usize…), f64, f32, bool, char, String, \
                 &str, Option<T> — and convert it to `{text}` in a later cell"
            )),
            DeclaredType::Option(..) => unreachable!("handled above"),
        }
    }
}

fn int_literal(name: &str, value: &CliValue, where_: &str) -> Result<String, String> {
    let (low, high) = INTEGERS
        .iter()
        .find(|(i, _, _)| *i == name)
        .map(|(_, low, high)| (*low, *high))
        .unwrap_or((i64::MIN as i128, i64::MAX as u128));
    let in_range = match value {
        CliValue::Int(i) => (*i >= low && (*i < 0 || (*i as u128) <= high)).then(|| i.to_string()),
        CliValue::BigUnsigned(u) => (*u <= high).then(|| u.to_string()),
        _ => {
            let hint = match value {
                CliValue::Float(f) if f.fract() == 0.0 => format!(
                    " (papermill's -p read {} as a number with a decimal point; write it without)",
                    value.plain()
                ),
                _ => String::new(),
            };
            return Err(format!(
                "{where_} is declared {name} but got {}; pass a whole number{hint}",
                value.describe()
            ));
        }
    };
    in_range.ok_or_else(|| {
        format!(
            "{where_} = {} is outside the range of {name} ({low} to {high}); pass a value in \
             range or declare a wider type",
            value.plain()
        )
    })
}

fn float_literal(name: &str, value: &CliValue, where_: &str) -> Result<String, String> {
    let f = match value {
        CliValue::Float(f) => *f,
        CliValue::Int(i) => {
            let f = *i as f64;
            if name == "f64" && (f as i128 != *i || f.abs() >= 2f64.powi(127)) {
                return Err(format!(
                    "{where_} = {i} cannot be held exactly by an f64; declare it as an integer \
                     type (i64, u64, i128)"
                ));
            }
            f
        }
        CliValue::BigUnsigned(u) => {
            let f = *u as f64;
            if name == "f64" && f as u128 != *u {
                return Err(format!(
                    "{where_} = {u} cannot be held exactly by an f64; declare it as an integer \
                     type (u128)"
                ));
            }
            f
        }
        _ => {
            return Err(format!(
                "{where_} is declared {name} but got {}; pass a number",
                value.describe()
            ))
        }
    };
    if f.is_nan() {
        return Ok(format!("{name}::NAN"));
    }
    if f.is_infinite() {
        let which = if f > 0.0 { "INFINITY" } else { "NEG_INFINITY" };
        return Ok(format!("{name}::{which}"));
    }
    if name == "f32" && f.abs() > f32::MAX as f64 {
        return Err(format!(
            "{where_} = {} is beyond the range of an f32; declare it as f64",
            value.plain()
        ));
    }
    Ok(format!("{f:?}"))
}

/// The text of a Rust string (or char) literal with `quote` around it.
fn escape(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The type Rust gives a `let` without annotation whose value is a plain literal (`10` an
/// `i32`, `0.5` an `f64`, `"iris"` a `&str`, `"iris".to_string()` a `String`…).
pub fn literal_type(expr: &ast::Expr) -> Option<DeclaredType> {
    match expr {
        ast::Expr::Literal(literal) => match literal.kind() {
            ast::LiteralKind::IntNumber(n) => {
                let suffix = n.suffix().unwrap_or("i32");
                Some(if suffix.starts_with('f') {
                    DeclaredType::Float(suffix.into())
                } else {
                    DeclaredType::Int(suffix.into())
                })
            }
            ast::LiteralKind::FloatNumber(n) => {
                Some(DeclaredType::Float(n.suffix().unwrap_or("f64").into()))
            }
            ast::LiteralKind::Bool(_) => Some(DeclaredType::Bool),
            ast::LiteralKind::Char(_) => Some(DeclaredType::Char),
            ast::LiteralKind::String(_) => Some(DeclaredType::Str("&str".into())),
            _ => None,
        },
        ast::Expr::PrefixExpr(prefix) if prefix.op_kind() == Some(ast::UnaryOp::Neg) => {
            literal_type(&prefix.expr()?)
        }
        ast::Expr::ParenExpr(paren) => literal_type(&paren.expr()?),
        ast::Expr::MethodCallExpr(call) => {
            let method = call.name_ref()?.text().to_string();
            let on_string = matches!(call.receiver()?, ast::Expr::Literal(l)
                if matches!(l.kind(), ast::LiteralKind::String(_)));
            (on_string && (method == "to_string" || method == "to_owned"))
                .then_some(DeclaredType::String)
        }
        ast::Expr::CallExpr(call) => {
            let callee = written(&call.expr()?);
            let callee = callee.replace(' ', "");
            match callee.as_str() {
                "String::from" | "String::new" => Some(DeclaredType::String),
                "Some" => {
                    let inner = literal_type(&call.arg_list()?.args().next()?)?;
                    Some(DeclaredType::Option(
                        format!("Option<{}>", inner.text()),
                        Box::new(inner),
                    ))
                }
                _ => None,
            }
        }
        ast::Expr::MacroExpr(mac) => {
            let path = written(&mac.macro_call()?.path()?);
            (path == "vec").then(|| DeclaredType::Collection("Vec<_>".into()))
        }
        _ => None,
    }
}

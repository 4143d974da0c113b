//! Whether a cell is ready to run: `incomplete` while a bracket, string or block comment is
//! open (with an indent hint), `invalid` if it can't parse, `complete` otherwise.

use super::cell_syntax::CellSyntax;
use crate::interpreter::Completeness;

/// What the scanner found at the end of the code.
#[derive(Debug, PartialEq)]
enum Scan {
    Balanced,
    Open { depth: usize },
    Mismatched,
}

fn scan(code: &str) -> Scan {
    let chars: Vec<char> = code.chars().collect();
    let mut stack: Vec<char> = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while i < n && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                let mut depth = 1;
                i += 2;
                while i < n && depth > 0 {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 1;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 1;
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Scan::Open { depth: stack.len() };
                }
                continue;
            }
            'r' if matches!(next, Some('#') | Some('"'))
                && !is_ident_char(chars.get(i.wrapping_sub(1))) =>
            {
                // Raw string r#"..."#: count the hashes, find the matching close.
                let mut j = i + 1;
                let mut hashes = 0;
                while j < n && chars[j] == '#' {
                    hashes += 1;
                    j += 1;
                }
                if j < n && chars[j] == '"' {
                    j += 1;
                    loop {
                        if j >= n {
                            return Scan::Open { depth: stack.len() };
                        }
                        if chars[j] == '"'
                            && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#'))
                        {
                            i = j + 1 + hashes;
                            break;
                        }
                        j += 1;
                    }
                    continue;
                }
            }
            '"' => {
                i += 1;
                loop {
                    if i >= n {
                        return Scan::Open { depth: stack.len() };
                    }
                    match chars[i] {
                        '\\' => i += 2,
                        '"' => break,
                        _ => i += 1,
                    }
                }
            }
            '\'' => {
                // A char literal ('a', '\n', '\'') or a lifetime ('a): skip literals only.
                if next == Some('\\') {
                    i += 2;
                    while i < n && chars[i] != '\'' {
                        i += 1;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
            }
            '(' | '[' | '{' => stack.push(c),
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stack.pop() != Some(open) {
                    return Scan::Mismatched;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if stack.is_empty() {
        Scan::Balanced
    } else {
        Scan::Open { depth: stack.len() }
    }
}

fn is_ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Classifies a cell. Lines starting with `:` are evcxr commands and are left out.
pub fn is_complete(code: &str) -> Completeness {
    let rust: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with(':'))
        .collect::<Vec<_>>()
        .join("\n");
    match scan(&rust) {
        Scan::Mismatched => Completeness::Invalid,
        Scan::Open { depth } => Completeness::Incomplete("    ".repeat(depth.max(1))),
        Scan::Balanced if CellSyntax::parse(&rust).has_errors() => Completeness::Invalid,
        Scan::Balanced => Completeness::Complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_code() {
        assert_eq!(is_complete("let a = 1;\na + 1"), Completeness::Complete);
        assert_eq!(is_complete("fn f() -> i32 { 1 }"), Completeness::Complete);
        assert_eq!(
            is_complete("let s = \"(\"; let c = '{';"),
            Completeness::Complete
        );
        assert_eq!(
            is_complete("fn f<'a>(x: &'a str) -> &'a str { x }"),
            Completeness::Complete
        );
        assert_eq!(
            is_complete(":dep foo = \"1\"\n1 + 1"),
            Completeness::Complete
        );
        assert_eq!(
            is_complete("let r = r#\"a \" { b\"#;"),
            Completeness::Complete
        );
    }

    #[test]
    fn incomplete_code_gets_an_indent() {
        assert_eq!(
            is_complete("fn f() {"),
            Completeness::Incomplete("    ".into())
        );
        assert_eq!(
            is_complete("for i in 0..3 {\n if i > 0 {"),
            Completeness::Incomplete("        ".into())
        );
        assert_eq!(
            is_complete("let s = \"abc"),
            Completeness::Incomplete("    ".into())
        );
        assert_eq!(
            is_complete("/* comment"),
            Completeness::Incomplete("    ".into())
        );
    }

    #[test]
    fn invalid_code() {
        assert_eq!(is_complete("let x = (1];"), Completeness::Invalid);
        assert_eq!(is_complete("let = ;"), Completeness::Invalid);
        assert_eq!(is_complete("}"), Completeness::Invalid);
    }
}

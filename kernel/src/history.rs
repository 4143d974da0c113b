//! The session's input history, answering `history_request` (tail, range and search).

use serde_json::{json, Value};

/// Inputs of this session, numbered by execution count.
#[derive(Debug, Default)]
pub struct History {
    entries: Vec<(u64, String)>,
    /// `text/plain` of the execute_result of each execution that had one.
    outputs: std::collections::HashMap<u64, String>,
}

/// Session number reported for this kernel's entries (ipykernel counts sessions from 1).
const SESSION: u64 = 1;

impl History {
    /// Records the input run as execution `count`.
    pub fn record(&mut self, count: u64, code: &str) {
        self.entries.push((count, code.to_string()));
    }

    /// Records the `text/plain` result of execution `count`.
    pub fn record_output(&mut self, count: u64, text: &str) {
        self.outputs.insert(count, text.to_string());
    }

    fn row(&self, (count, code): &(u64, String), with_output: bool) -> Value {
        if with_output {
            json!([SESSION, count, [code, self.outputs.get(count)]])
        } else {
            json!([SESSION, count, code])
        }
    }

    /// The last `n` inputs.
    pub fn tail(&self, n: usize, with_output: bool) -> Vec<Value> {
        let skip = self.entries.len().saturating_sub(n);
        self.entries[skip..]
            .iter()
            .map(|e| self.row(e, with_output))
            .collect()
    }

    /// Inputs with `start <= count < stop` (`stop` of `None`: to the end).
    pub fn range(&self, start: u64, stop: Option<u64>, with_output: bool) -> Vec<Value> {
        self.entries
            .iter()
            .filter(|(c, _)| *c >= start && stop.is_none_or(|s| *c < s))
            .map(|e| self.row(e, with_output))
            .collect()
    }

    /// Inputs matching a glob `pattern` (`*` any text, `?` one character), the last `n`
    /// of them (all if `n` is `None`), without repeats if `unique`.
    pub fn search(
        &self,
        pattern: &str,
        n: Option<usize>,
        unique: bool,
        with_output: bool,
    ) -> Vec<Value> {
        let mut found: Vec<&(u64, String)> = Vec::new();
        for entry in self.entries.iter().rev() {
            if glob_match(pattern, &entry.1) && !(unique && found.iter().any(|f| f.1 == entry.1)) {
                found.push(entry);
            }
        }
        if let Some(n) = n {
            found.truncate(n);
        }
        found.reverse();
        found
            .into_iter()
            .map(|e| self.row(e, with_output))
            .collect()
    }

    /// Answers a `history_request` content.
    pub fn answer(&self, request: &Value) -> Vec<Value> {
        let n = request["n"].as_u64().map(|n| n as usize);
        let out = request["output"].as_bool().unwrap_or(false);
        match request["hist_access_type"].as_str().unwrap_or("tail") {
            "range" => {
                let start = request["start"].as_u64().unwrap_or(0);
                let stop = request["stop"].as_u64();
                self.range(start, stop, out)
            }
            "search" => self.search(
                request["pattern"].as_str().unwrap_or("*"),
                n,
                request["unique"].as_bool().unwrap_or(false),
                out,
            ),
            _ => self.tail(n.unwrap_or(10), out),
        }
    }
}

/// One element of a glob pattern: each but `Star` matches exactly one character.
#[derive(Debug, PartialEq)]
enum Glob {
    /// `*`: any text, possibly empty.
    Star,
    /// `?`: any one character.
    Any,
    /// `[...]` or `[^...]`: one character in (or, inverted, not in) the set.
    Class {
        chars: Vec<char>,
        ranges: Vec<(char, char)>,
        inverted: bool,
    },
    Literal(char),
}

impl Glob {
    /// Whether this single-character element accepts `c` (`Star` is handled by the matcher).
    fn accepts(&self, c: char) -> bool {
        match self {
            Glob::Star | Glob::Any => true,
            Glob::Literal(l) => *l == c,
            Glob::Class {
                chars,
                ranges,
                inverted,
            } => {
                let inside =
                    chars.contains(&c) || ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                inside != *inverted
            }
        }
    }
}

/// Splits a glob into its elements, as SQLite's GLOB reads it (IPython's history search is a
/// `GLOB` over the whole source): `*`, `?`, `[abc]`, `[a-z]`, `[^abc]`, where a `]` first in
/// the set is a member and a `-` first or last is literal. `None` for an unterminated `[`,
/// which SQLite never matches.
fn parse_glob(pattern: &str) -> Option<Vec<Glob>> {
    let p: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '*' => {
                // `**` is `*`.
                if out.last() != Some(&Glob::Star) {
                    out.push(Glob::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(Glob::Any);
                i += 1;
            }
            '[' => {
                i += 1;
                let inverted = p.get(i) == Some(&'^');
                if inverted {
                    i += 1;
                }
                let (mut chars, mut ranges) = (Vec::new(), Vec::new());
                if p.get(i) == Some(&']') {
                    chars.push(']');
                    i += 1;
                }
                // The previous member, when it can start a range (SQLite's `prior_c`).
                let mut prior: Option<char> = None;
                loop {
                    let c = *p.get(i)?;
                    if c == ']' {
                        i += 1;
                        break;
                    }
                    match (c, prior, p.get(i + 1)) {
                        ('-', Some(lo), Some(&hi)) if hi != ']' => {
                            chars.pop();
                            ranges.push((lo, hi));
                            prior = None;
                            i += 2;
                        }
                        _ => {
                            chars.push(c);
                            prior = Some(c);
                            i += 1;
                        }
                    }
                }
                out.push(Glob::Class {
                    chars,
                    ranges,
                    inverted,
                });
            }
            c => {
                out.push(Glob::Literal(c));
                i += 1;
            }
        }
    }
    Some(out)
}

/// Whether the whole of `text` matches the glob `pattern` (SQLite `GLOB` semantics:
/// case-sensitive, `?` is one character, not one byte).
fn glob_match(pattern: &str, text: &str) -> bool {
    let Some(p) = parse_glob(pattern) else {
        return false;
    };
    let t: Vec<char> = text.chars().collect();
    // Every element but `*` matches one character, so backtracking to the last `*` is
    // enough: O(pattern × text), no exponential blow-up on `*a*a*a*b`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(Glob::Star) => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(g) if g.accepts(t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((s, mark)) => {
                    pi = s + 1;
                    ti = mark + 1;
                    star = Some((s, mark + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|g| *g == Glob::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> History {
        let mut h = History::default();
        for (i, code) in ["let a = 1;", "a + 1", "println!(\"hi\")", "a + 1"]
            .iter()
            .enumerate()
        {
            h.record(i as u64 + 1, code);
        }
        h
    }

    #[test]
    fn tail_range_and_search() {
        let h = sample();
        assert_eq!(
            h.tail(2, false),
            vec![json!([1, 3, "println!(\"hi\")"]), json!([1, 4, "a + 1"])]
        );
        assert_eq!(h.range(2, Some(3), false), vec![json!([1, 2, "a + 1"])]);
        assert_eq!(h.search("a*", None, false, false).len(), 2);
        assert_eq!(h.search("a*", None, true, false).len(), 1);
        assert_eq!(h.search("*a*", None, false, false).len(), 3);
        assert_eq!(
            h.search("*hi*", Some(5), false, false),
            vec![json!([1, 3, "println!(\"hi\")"])]
        );
    }

    #[test]
    fn outputs_come_with_inputs_when_asked() {
        let mut h = sample();
        h.record_output(2, "2");
        assert_eq!(
            h.range(1, Some(3), true),
            vec![
                json!([1, 1, ["let a = 1;", null]]),
                json!([1, 2, ["a + 1", "2"]])
            ]
        );
    }

    #[test]
    fn search_finds_code_containing_the_wildcard_characters() {
        // jupyter_kernel_test's test_history pattern: `6 *` must find `6 * 7`.
        let mut h = History::default();
        h.record(1, "6 * 7");
        h.record(2, "let s = \"a?b\";");
        h.record(3, "6 + 7");
        // `*` stays a wildcard even where the code has a `*`: `6 *` is "6, space, anything".
        assert_eq!(
            h.search("6 *", None, false, false),
            vec![json!([1, 1, "6 * 7"]), json!([1, 3, "6 + 7"])]
        );
        assert_eq!(h.search("6 ?*", None, false, false).len(), 2);
        assert_eq!(
            h.search("*[*]*", None, false, false),
            vec![json!([1, 1, "6 * 7"])]
        );
        assert_eq!(
            h.search("*a[?]b*", None, false, false),
            vec![json!([1, 2, "let s = \"a?b\";"])]
        );
        // The whole source must match, as SQLite's GLOB: `6` alone finds nothing.
        assert!(h.search("6", None, false, false).is_empty());
    }

    /// Each case was checked against SQLite 3.40 (`SELECT text GLOB pattern`), the engine of
    /// IPython's history search.
    #[test]
    fn glob_follows_sqlite() {
        let cases: &[(&str, &str, bool)] = &[
            // Wildcards at the start, in the middle, at the end.
            ("*", "", true),
            ("*", "anything at all", true),
            ("*7", "6 * 7", true),
            ("*7", "6 * 8", false),
            ("6*7", "6 * 7", true),
            ("6 *", "6 * 7", true),
            ("6 *", "6", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("?bc", "abc", true),
            ("ab?", "abc", true),
            ("ab?", "ab", false),
            ("*x*y", "axbxy", true),
            ("a*z", "abc", false),
            ("a*", "a", true),
            // Consecutive wildcards.
            ("a**b", "ab", true),
            ("a***b", "a-b", true),
            ("*?*", "", false),
            ("*?*", "é", true),
            ("??", "é", false),
            ("?*?", "ab", true),
            ("?*?", "a", false),
            // `?` is one character, not one byte.
            ("?", "é", true),
            ("caf?", "café", true),
            ("?", "\n", true),
            ("x*", "x\ny", true),
            // Literal text containing the wildcard characters.
            ("6 * 7", "6 * 7", true),
            ("6 * 7", "6 + 7", true),
            ("6 * 7", "6 7", false),
            ("[*]", "*", true),
            ("[*]", "x", false),
            ("[?]", "?", true),
            ("[?]", "a", false),
            ("a\\*", "a\\b", true),
            // Case-sensitive.
            ("ABC", "abc", false),
            // Sets and ranges.
            ("[a-c]", "b", true),
            ("[a-c]", "d", false),
            ("[z-a]", "m", false),
            ("[a-]", "-", true),
            ("[-a]", "-", true),
            ("[a-c-e]", "d", false),
            ("[a-c-e]", "-", true),
            ("[a-c-e]", "e", true),
            ("[]]", "]", true),
            ("[]-a]", "^", false),
            ("[^]]", "a", true),
            ("[^]]", "]", false),
            ("[^a-c]", "é", true),
            ("[é]", "é", true),
            ("[!a]", "b", false),
            ("[!a]", "!", true),
            // An unterminated set never matches.
            ("[]", "]", false),
            ("a[", "a[", false),
            ("a[", "a", false),
            ("*[", "x[", false),
            ("[a", "a", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                glob_match(pattern, text),
                *expected,
                "{text:?} GLOB {pattern:?}"
            );
        }
    }

    #[test]
    fn many_stars_stay_fast() {
        // Exponential backtracking would take ages here.
        let text = "a".repeat(5_000);
        assert!(!glob_match("*a*a*a*a*a*a*a*a*b", &text));
        assert!(glob_match("*a*a*a*a*a*a*a*a*", &text));
    }
}

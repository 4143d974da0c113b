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

fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
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
    fn glob() {
        assert!(glob_match("*", ""));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("*x*y", "axbxy"));
        assert!(!glob_match("a*z", "abc"));
    }
}

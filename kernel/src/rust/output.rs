//! Demultiplexing a cell's output: plain text becomes `stream`, and the library's marker lines
//! (see `sdia::display`) become displays, clear_output, or news of a panic, of an error returned
//! with `?`, of a library loop starting or ending (standard output), or of the memory fault that
//! is ending the process (standard error, from `sdia::kernel_hooks`).

use serde_json::{Map, Value};

/// Prefix of marker lines; must match `sdia::display::MARKER`.
pub const MARKER: &str = "\u{1e}sdia:";

/// Where a panic happened, as the panic hook saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct PanicLocation {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One thing a line of the cell's standard output says.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Text(String),
    Display {
        data: Map<String, Value>,
        display_id: Option<String>,
        update: bool,
    },
    ClearOutput {
        wait: bool,
    },
    Panic {
        message: String,
        location: Option<PanicLocation>,
    },
    ErrorReturned,
    /// What the library says of an error returned with a `?` the kernel instrumented (see
    /// `question_marks`): its message and cell line. Comes on standard error, printed by the
    /// cell's wrapper in place of the message itself.
    ReturnedError {
        message: String,
        line: u32,
    },
    /// The cell entered (`true`) or left a library loop that stops at its next step when
    /// interrupted (`sdia::interrupt::Steps`).
    LibraryLoop {
        active: bool,
    },
    /// The process is ending by a memory fault.
    Fault(FaultKind),
}

/// Which memory fault the library's handler saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// The stack ran into its guard page: deep or infinite recursion.
    StackOverflow,
    /// Any other bad access: a null, dangling or wild pointer in unsafe code.
    BadAccess,
}

/// The events of one line (without its newline). Text before a marker is kept as text.
pub fn parse_line(line: &str) -> Vec<Event> {
    let Some(at) = line.find(MARKER) else {
        return vec![Event::Text(format!("{line}\n"))];
    };
    let mut events = Vec::new();
    if at > 0 {
        events.push(Event::Text(line[..at].to_string()));
    }
    let payload = &line[at + MARKER.len()..];
    match serde_json::from_str::<Value>(payload) {
        Ok(value) => {
            events.push(event_of(&value).unwrap_or_else(|| Event::Text(format!("{line}\n"))))
        }
        Err(_) => events.push(Event::Text(format!("{}\n", &line[at..]))),
    }
    events
}

fn event_of(value: &Value) -> Option<Event> {
    Some(match value["type"].as_str()? {
        "display" => Event::Display {
            data: value["data"].as_object()?.clone(),
            display_id: value["display_id"].as_str().map(str::to_string),
            update: value["update"].as_bool().unwrap_or(false),
        },
        "clear_output" => Event::ClearOutput {
            wait: value["wait"].as_bool().unwrap_or(false),
        },
        "panic" => Event::Panic {
            message: value["message"].as_str().unwrap_or("").to_string(),
            location: value["location"].as_object().map(|l| PanicLocation {
                file: l
                    .get("file")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                line: l.get("line").and_then(Value::as_u64).unwrap_or(0) as u32,
                column: l.get("column").and_then(Value::as_u64).unwrap_or(0) as u32,
            }),
        },
        "error_returned" => Event::ErrorReturned,
        "returned_error" => Event::ReturnedError {
            message: value["message"].as_str()?.to_string(),
            line: value["line"].as_u64().and_then(|l| u32::try_from(l).ok())?,
        },
        "library_loop" => Event::LibraryLoop {
            active: value["active"].as_bool()?,
        },
        "fault" => Event::Fault(match value["kind"].as_str()? {
            "stack_overflow" => FaultKind::StackOverflow,
            _ => FaultKind::BadAccess,
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_lines_are_text() {
        assert_eq!(parse_line("hello"), vec![Event::Text("hello\n".into())]);
    }

    #[test]
    fn display_marker_after_partial_text() {
        let line = format!(
            "abc{MARKER}{}",
            json!({"type": "display", "data": {"text/plain": "x"}, "display_id": "d1", "update": true})
        );
        let events = parse_line(&line);
        assert_eq!(events[0], Event::Text("abc".into()));
        match &events[1] {
            Event::Display {
                data,
                display_id,
                update,
            } => {
                assert_eq!(data["text/plain"], "x");
                assert_eq!(display_id.as_deref(), Some("d1"));
                assert!(*update);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn panic_marker_carries_location() {
        let line = format!(
            "{MARKER}{}",
            json!({"type": "panic", "message": "boom", "location": {"file": "src/lib.rs", "line": 7, "column": 3}})
        );
        assert_eq!(
            parse_line(&line),
            vec![Event::Panic {
                message: "boom".into(),
                location: Some(PanicLocation {
                    file: "src/lib.rs".into(),
                    line: 7,
                    column: 3
                })
            }]
        );
    }

    #[test]
    fn loop_and_fault_markers() {
        let line = format!(
            "{MARKER}{}",
            json!({"type": "library_loop", "active": true})
        );
        assert_eq!(parse_line(&line), vec![Event::LibraryLoop { active: true }]);
        let line = format!(
            "{MARKER}{}",
            json!({"type": "library_loop", "active": false})
        );
        assert_eq!(
            parse_line(&line),
            vec![Event::LibraryLoop { active: false }]
        );
        // What sdia::kernel_hooks writes from its signal handler, byte for byte.
        let line = "\u{1e}sdia:{\"type\":\"fault\",\"kind\":\"stack_overflow\"}";
        assert_eq!(
            parse_line(line),
            vec![Event::Fault(FaultKind::StackOverflow)]
        );
        let line = "partial text\u{1e}sdia:{\"type\":\"fault\",\"kind\":\"bad_access\"}";
        assert_eq!(
            parse_line(line),
            vec![
                Event::Text("partial text".into()),
                Event::Fault(FaultKind::BadAccess)
            ]
        );
    }

    #[test]
    fn broken_marker_is_shown_as_text() {
        let line = format!("{MARKER}{{not json");
        assert!(matches!(&parse_line(&line)[0], Event::Text(_)));
    }
}

//! Reading what the user types, like Python's `input()`.
//!
//! In the notebook, the kernel shows an input box under the cell and the cell waits for the
//! answer. Outside the kernel, a line is read from standard input.
//!
//! ```no_run
//! use sdia::prelude::*;
//!
//! let name = input("Votre nom ? ");
//! println!("Bonjour {name}");
//! ```

use std::io::{BufRead, Write};

/// The line evcxr's cell process prints to ask the kernel for input (`evcxr_input`'s protocol).
const REQUEST: &str = "EVCXR_INPUT_REQUEST";
const REQUEST_PASSWORD: &str = "EVCXR_INPUT_REQUEST_PASSWORD";

fn ask(prompt: &str, password: bool) -> String {
    // The protocol splits on ':' and keeps one piece: show colons as a look-alike instead.
    let prompt = prompt.replace(':', "\u{2236}").replace('\n', " ");
    let command = if password { REQUEST_PASSWORD } else { REQUEST };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{command}:{prompt}");
        let _ = out.flush();
    }
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(_) => line.trim_end_matches(['\r', '\n']).to_string(),
        Err(_) => String::new(),
    }
}

/// Asks the user for a line of text and returns it (without the line break). Returns an empty
/// string if the notebook does not accept input (e.g. when run headless).
pub fn input(prompt: &str) -> String {
    ask(prompt, false)
}

/// Like [`input`], but the notebook hides what is typed.
pub fn input_password(prompt: &str) -> String {
    ask(prompt, true)
}

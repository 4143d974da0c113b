//! A run's outputs as nbformat keeps them: the [`Frontend`] of `sdia-kernel run`, which turns
//! what a running cell sends into the `outputs` of its notebook cell, as nbclient does
//! (consecutive stream text merged, `clear_output(wait)` at the next output, a display updated
//! wherever its `display_id` was shown, in this cell or an earlier one).

use crate::interpreter::{ErrorReport, Frontend, MimeBundle};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
    /// Outputs of each executed cell, by index in the notebook.
    cells: HashMap<usize, Vec<Value>>,
    /// Where each display id was shown: (cell, output index).
    displays: HashMap<String, Vec<(usize, usize)>>,
    current: usize,
    clear_at_next_output: bool,
}

impl State {
    fn push(&mut self, output: Value) -> usize {
        if std::mem::take(&mut self.clear_at_next_output) {
            self.clear();
        }
        let outputs = self.cells.entry(self.current).or_default();
        outputs.push(output);
        outputs.len() - 1
    }

    fn clear(&mut self) {
        let current = self.current;
        self.cells.insert(current, Vec::new());
        for places in self.displays.values_mut() {
            places.retain(|(cell, _)| *cell != current);
        }
    }
}

/// Collects the outputs of every cell of one run; shared with the interpreter's threads.
#[derive(Clone, Default)]
pub struct RunOutputs {
    state: Arc<Mutex<State>>,
}

impl RunOutputs {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Outputs from now on belong to the cell at `index`.
    pub fn begin_cell(&self, index: usize) {
        let mut state = self.state();
        state.current = index;
        state.clear_at_next_output = false;
        state.cells.insert(index, Vec::new());
    }

    /// The value of the cell's last expression.
    pub fn execute_result(&self, data: MimeBundle, execution_count: u64) {
        self.state().push(json!({
            "output_type": "execute_result",
            "execution_count": execution_count,
            "data": data,
            "metadata": {},
        }));
    }

    /// The cell's error.
    pub fn error(&self, report: &ErrorReport) {
        self.state().push(json!({
            "output_type": "error",
            "ename": report.ename,
            "evalue": report.evalue,
            "traceback": report.traceback,
        }));
    }

    /// The outputs of every cell that ran, by index in the notebook.
    pub fn take(&self) -> HashMap<usize, Vec<Value>> {
        std::mem::take(&mut self.state().cells)
    }
}

impl Frontend for RunOutputs {
    fn stream(&self, name: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut state = self.state();
        if !state.clear_at_next_output {
            let current = state.current;
            if let Some(last) = state.cells.get_mut(&current).and_then(|o| o.last_mut()) {
                if last["output_type"] == "stream" && last["name"] == name {
                    let joined = format!("{}{text}", last["text"].as_str().unwrap_or(""));
                    last["text"] = Value::String(joined);
                    return;
                }
            }
        }
        state.push(json!({"output_type": "stream", "name": name, "text": text}));
    }

    fn display(&self, data: MimeBundle, metadata: Value, display_id: Option<String>, update: bool) {
        let mut state = self.state();
        let output = json!({"output_type": "display_data", "data": data, "metadata": metadata});
        if update {
            // nbclient: an update changes the outputs shown under that id, and adds none.
            let places = display_id
                .as_ref()
                .and_then(|id| state.displays.get(id))
                .cloned()
                .unwrap_or_default();
            for (cell, index) in places {
                if let Some(slot) = state.cells.get_mut(&cell).and_then(|o| o.get_mut(index)) {
                    slot["data"] = output["data"].clone();
                    slot["metadata"] = output["metadata"].clone();
                }
            }
            return;
        }
        let index = state.push(output);
        if let Some(id) = display_id {
            let place = (state.current, index);
            state.displays.entry(id).or_default().push(place);
        }
    }

    fn clear_output(&self, wait: bool) {
        let mut state = self.state();
        if wait {
            state.clear_at_next_output = true;
        } else {
            state.clear();
        }
    }

    fn input(&self, _prompt: &str, _password: bool) -> Option<String> {
        // A headless run has no one to ask (nbclient's allow_stdin is false too).
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(text: &str) -> MimeBundle {
        let mut data = MimeBundle::new();
        data.insert("text/plain".into(), json!(text));
        data
    }

    #[test]
    fn streams_merge_and_displays_update_across_cells() {
        let outputs = RunOutputs::default();
        outputs.begin_cell(1);
        outputs.stream("stdout", "a");
        outputs.stream("stdout", "b\n");
        outputs.stream("stderr", "warn\n");
        outputs.stream("stdout", "c\n");
        outputs.display(bundle("0 %"), json!({}), Some("p".into()), false);
        outputs.begin_cell(3);
        outputs.display(bundle("100 %"), json!({}), Some("p".into()), true);
        outputs.execute_result(bundle("42"), 2);
        let cells = outputs.take();
        let first = &cells[&1];
        assert_eq!(first.len(), 4);
        assert_eq!(first[0]["text"], "ab\n");
        assert_eq!(first[1]["name"], "stderr");
        assert_eq!(first[2]["text"], "c\n");
        assert_eq!(first[3]["data"]["text/plain"], "100 %");
        assert_eq!(cells[&3].len(), 1);
        assert_eq!(cells[&3][0]["execution_count"], 2);
    }

    #[test]
    fn clear_output_waits_for_the_next_output_when_asked() {
        let outputs = RunOutputs::default();
        outputs.begin_cell(0);
        outputs.stream("stdout", "1\n");
        outputs.clear_output(true);
        assert_eq!(outputs.state().cells[&0].len(), 1);
        outputs.stream("stdout", "2\n");
        outputs.clear_output(false);
        outputs.stream("stdout", "3\n");
        let cells = outputs.take();
        assert_eq!(
            cells[&0],
            vec![json!({"output_type": "stream", "name": "stdout", "text": "3\n"})]
        );
    }
}

//! A notebook file (nbformat 4) as `sdia-kernel run` reads and writes it: its code cells, the
//! cell tagged `parameters`, the injected parameters, outputs, and an atomic write (a temporary
//! file in the same folder, then a rename: the file is never half-written).

use serde_json::{json, Map, Value};
use std::path::Path;

/// A notebook held as JSON, so that every field a tool put there is kept.
#[derive(Debug)]
pub struct Notebook {
    json: Value,
}

/// A cell's source, which nbformat stores as a string or as a list of lines.
fn source_of(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

fn has_tag(cell: &Value, tag: &str) -> bool {
    cell["metadata"]["tags"]
        .as_array()
        .is_some_and(|tags| tags.iter().any(|t| t == tag))
}

/// Keys sorted at every level, as nbformat writes them (diffs stay small).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                out.insert(key.clone(), sorted(&map[key]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A code cell to run.
pub struct CodeCell {
    /// Index among all the notebook's cells.
    pub index: usize,
    pub source: String,
    /// Tagged `raises-exception`: its error is expected and the run goes on (as nbclient).
    pub raises_exception: bool,
    /// Tagged `skip-execution`: not run (as nbclient).
    pub skip: bool,
}

impl Notebook {
    /// Reads and checks a notebook file.
    pub fn read(path: &Path) -> Result<Notebook, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a notebook (invalid JSON: {e})", path.display()))?;
        if json["nbformat"].as_u64() != Some(4) || !json["cells"].is_array() {
            return Err(format!(
                "{} is not an nbformat 4 notebook (nbformat {}); open and save it in JupyterLab \
                 to upgrade it",
                path.display(),
                json["nbformat"]
            ));
        }
        Ok(Notebook { json })
    }

    /// The name of the kernel the notebook was saved with, if it says.
    pub fn kernel_name(&self) -> Option<&str> {
        self.json["metadata"]["kernelspec"]["name"].as_str()
    }

    fn cells(&self) -> &Vec<Value> {
        self.json["cells"].as_array().expect("checked by read")
    }

    fn cells_mut(&mut self) -> &mut Vec<Value> {
        self.json["cells"].as_array_mut().expect("checked by read")
    }

    /// The source of the first cell tagged `parameters`.
    pub fn parameters_source(&self) -> Option<String> {
        self.cells()
            .iter()
            .find(|c| has_tag(c, "parameters"))
            .map(source_of)
    }

    /// Puts a cell tagged `injected-parameters` with `source` where papermill puts it: in place
    /// of an earlier injected cell, else after the cell tagged `parameters`, else first.
    pub fn inject_parameters(&mut self, source: &str) {
        let with_ids = self.json["nbformat_minor"].as_u64().unwrap_or(0) >= 5;
        let mut cell = json!({
            "cell_type": "code",
            "execution_count": null,
            "metadata": {"tags": ["injected-parameters"]},
            "outputs": [],
            "source": source,
        });
        if with_ids {
            cell["id"] = json!(uuid::Uuid::new_v4().simple().to_string()[..8]);
        }
        let cells = self.cells_mut();
        if let Some(i) = cells.iter().position(|c| has_tag(c, "injected-parameters")) {
            cells[i] = cell;
        } else if let Some(i) = cells.iter().position(|c| has_tag(c, "parameters")) {
            cells.insert(i + 1, cell);
        } else {
            cells.insert(0, cell);
        }
    }

    /// The code cells, in order; every one's outputs and execution count are cleared (a run
    /// starts from a clean notebook, so nothing shown comes from an earlier run).
    pub fn clear_and_list_code_cells(&mut self) -> Vec<CodeCell> {
        let mut found = Vec::new();
        for (index, cell) in self.cells_mut().iter_mut().enumerate() {
            if cell["cell_type"] != "code" {
                continue;
            }
            cell["outputs"] = json!([]);
            cell["execution_count"] = Value::Null;
            found.push(CodeCell {
                index,
                source: source_of(cell),
                raises_exception: has_tag(cell, "raises-exception"),
                skip: has_tag(cell, "skip-execution"),
            });
        }
        found
    }

    /// Records a cell's outputs and execution count.
    pub fn set_outputs(&mut self, index: usize, outputs: Vec<Value>, execution_count: Option<u64>) {
        if let Some(cell) = self.cells_mut().get_mut(index) {
            cell["outputs"] = Value::Array(outputs);
            cell["execution_count"] = execution_count.map(Value::from).unwrap_or(Value::Null);
        }
    }

    /// The first line of a cell, to name it in messages.
    pub fn first_line(&self, index: usize) -> String {
        let source = self.cells().get(index).map(source_of).unwrap_or_default();
        let line = source
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        match line.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_string(),
        }
    }

    /// Sets `metadata.<key>` (e.g. `language_info`).
    pub fn set_metadata(&mut self, key: &str, value: Value) {
        if !self.json["metadata"].is_object() {
            self.json["metadata"] = json!({});
        }
        self.json["metadata"][key] = value;
    }

    /// Sets `metadata.sdia.<key>`, keeping the rest of `metadata.sdia` (competencies…).
    pub fn set_sdia_metadata(&mut self, key: &str, value: Value) {
        if !self.json["metadata"]["sdia"].is_object() {
            self.set_metadata("sdia", json!({}));
        }
        self.json["metadata"]["sdia"][key] = value;
    }

    /// The notebook as nbformat writes it: keys sorted, one space of indent, a final newline.
    pub fn to_text(&self) -> String {
        let mut bytes = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
        serde::Serialize::serialize(&sorted(&self.json), &mut serializer)
            .expect("JSON values always serialize");
        let mut text = String::from_utf8(bytes).expect("serde_json writes UTF-8");
        text.push('\n');
        text
    }

    /// Writes the notebook to `path` through a temporary file in the same folder and a rename,
    /// so the file holds either its old content or the whole new one.
    pub fn write_atomically(&self, path: &Path) -> Result<(), String> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = (|| {
            use std::io::Write;
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(self.to_text().as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temporary, path)
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            format!("cannot write {}: {e}", path.display())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notebook(cells: Value, minor: u64) -> Notebook {
        Notebook {
            json: json!({"nbformat": 4, "nbformat_minor": minor, "metadata": {}, "cells": cells}),
        }
    }

    fn code(source: &str, tags: &[&str]) -> Value {
        json!({"cell_type": "code", "source": source, "metadata": {"tags": tags},
               "outputs": [{"output_type": "stream", "name": "stdout", "text": "old"}],
               "execution_count": 4})
    }

    #[test]
    fn parameters_go_where_papermill_puts_them() {
        let mut nb = notebook(
            json!([
                code("a", &[]),
                code("let n = 1;", &["parameters"]),
                code("b", &[])
            ]),
            5,
        );
        assert_eq!(nb.parameters_source().as_deref(), Some("let n = 1;"));
        nb.inject_parameters("let n: i32 = 2;\n");
        assert_eq!(nb.cells()[2]["metadata"]["tags"][0], "injected-parameters");
        assert_eq!(nb.cells()[2]["id"].as_str().map(str::len), Some(8));
        // Running an executed notebook again replaces the injected cell.
        nb.inject_parameters("let n: i32 = 3;\n");
        assert_eq!(nb.cells().len(), 4);
        assert_eq!(source_of(&nb.cells()[2]), "let n: i32 = 3;\n");
        let mut plain = notebook(json!([code("a", &[])]), 4);
        plain.inject_parameters("x");
        assert_eq!(source_of(&plain.cells()[0]), "x");
        assert!(plain.cells()[0].get("id").is_none());
    }

    #[test]
    fn listing_clears_earlier_outputs_and_reads_tags() {
        let mut nb = notebook(
            json!([{"cell_type": "markdown", "source": ["# T"], "metadata": {}},
                   code("fail()", &["raises-exception"]), code("skip", &["skip-execution"])]),
            5,
        );
        let cells = nb.clear_and_list_code_cells();
        assert_eq!(cells.iter().map(|c| c.index).collect::<Vec<_>>(), [1, 2]);
        assert!(cells[0].raises_exception && !cells[0].skip && cells[1].skip);
        assert_eq!(nb.cells()[1]["outputs"], json!([]));
        assert_eq!(nb.cells()[1]["execution_count"], Value::Null);
    }

    #[test]
    fn written_as_nbformat_writes_and_atomically() {
        let dir = std::env::temp_dir().join(format!("sdia-nb-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("n.ipynb");
        let nb = notebook(json!([code("x", &[])]), 5);
        nb.write_atomically(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n \"cells\": [\n  {\n   \"cell_type\": \"code\""));
        assert!(text.ends_with("}\n"));
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        assert!(Notebook::read(&path).is_ok());
        std::fs::write(&path, "{\"nbformat\": 3}").unwrap();
        assert!(Notebook::read(&path).unwrap_err().contains("nbformat 4"));
        let missing = dir.join("missing").join("n.ipynb");
        assert!(nb.write_atomically(&missing).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

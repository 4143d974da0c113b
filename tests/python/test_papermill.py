"""papermill parameterises Rust notebooks and runs them through the sdia kernel.

The translator (python/sdia_papermill, installed into .venv by install.sh) is loaded by papermill
itself; these tests use papermill's command line and Python API only. Values go through a real
kernel and come back printed in forms that need no parsing of Rust syntax (code points of a
string, bit patterns of floats), and are compared with what the test passed in.
"""

import json
import math
import pathlib
import struct
import subprocess
import sys

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

PAPERMILL = pathlib.Path(sys.executable).parent / "papermill"

USES = "use std::collections::HashMap;"
PARAMETERS = """\
// Paramètres du rapport (papermill les remplace)
let lignes: usize = 3; // nombre de lignes du rapport
let ville: String = "Paris; // pas un commentaire".to_string(); // ville étudiée
// seuil d'alerte, en degrés
let seuil: f64 = 0.5;
let actif: bool = false;
let poids: Vec<f64> = vec![
    1.0, // un seul poids par défaut
];
let plafond: Option<u32> = Some(10); // plafond facultatif
let notes: HashMap<String, i64> = HashMap::new();
let mut compteur: i32 = 0;
"""
# These cells only compile if each parameter has its declared type (usize for a vec! length,
# a mutable i32, an Option<u32>...).
CHECKS = """\
let grille = vec![0u8; lignes];
compteur += 1;
let plafond_u64: Option<u64> = plafond.map(u64::from);
assert!(lignes > 0, "lignes doit être strictement positif");
assert_eq!(grille.len(), lignes);
"""
REPORT = """\
println!("lignes={lignes}");
println!("ville={:?}", ville.chars().map(|c| c as u32).collect::<Vec<u32>>());
println!("seuil={}", seuil.to_bits());
println!("actif={actif}");
println!("poids={:?}", poids.iter().map(|x| x.to_bits()).collect::<Vec<u64>>());
println!("plafond={:?}", plafond_u64);
let mut paires: Vec<(Vec<u32>, i64)> =
    notes.iter().map(|(k, v)| (k.chars().map(|c| c as u32).collect(), *v)).collect();
paires.sort();
println!("notes={:?}", paires);
println!("compteur={compteur}");
"""


def make_notebook(path, extra_cells=()):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "sdia", "display_name": "Rust (sdia)", "language": "rust"}
    nb.metadata["language_info"] = {"name": "rust", "file_extension": ".rs"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Rapport paramétré"),
        nbformat.v4.new_code_cell(USES),
        nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(CHECKS),
        nbformat.v4.new_code_cell(REPORT),
        *(nbformat.v4.new_code_cell(code) for code in extra_cells),
    ]
    nbformat.write(nb, path)
    return path


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(n):
    return struct.unpack("<d", struct.pack("<Q", n))[0]


def printed(nb):
    """The key=value lines the notebook printed, as a dict of strings."""
    text = "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def assert_injected_after_parameters(nb):
    tags = [cell.metadata.get("tags", []) for cell in nb.cells]
    parameters = next(i for i, t in enumerate(tags) if "parameters" in t)
    assert "injected-parameters" in tags[parameters + 1], tags
    return nb.cells[parameters + 1].source


@pytest.mark.parametrize("first_import", ["papermill", "sdia_papermill.translator",
                                          "sdia_papermill.plugin"])
def test_papermill_finds_the_translator_through_the_installed_entry_point(first_import):
    # A fresh interpreter: papermill's own plugin loading registers the translator, whichever
    # module is imported first (the plugin and papermill import each other).
    code = (
        f"import {first_import}\n"
        "from papermill.translators import papermill_translators as t\n"
        "print(t.find_translator('sdia', 'rust').__module__)\n"
        "print(t.find_translator('another-rust-kernel', 'rust').__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["sdia_papermill.translator"] * 2


def test_help_notebook_lists_types_defaults_and_help(tmp_path):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    result = subprocess.run([str(PAPERMILL), str(notebook), "--help-notebook"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "lignes: usize (default 3) nombre de lignes du rapport" in lines
    assert 'ville: String (default "Paris; // pas un commentaire".to_string())' in lines
    assert "ville étudiée" in lines
    assert "seuil: f64 (default 0.5) seuil d'alerte, en degrés" in lines
    assert "poids: Vec<f64> (default vec![ 1.0, ])" in lines
    assert "plafond: Option<u32> (default Some(10))" in lines
    assert "plafond facultatif" in lines
    assert "notes: HashMap<String, i64> (default HashMap::new())" in lines
    assert "compteur: i32 (default 0)" in lines
    assert "Unknown type" not in result.stdout


def test_inspect_notebook_reads_the_declarations(tmp_path):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    params = papermill.inspect_notebook(notebook)
    assert list(params) == ["lignes", "ville", "seuil", "actif", "poids", "plafond", "notes",
                            "compteur"]
    assert params["actif"] == {"name": "actif", "inferred_type_name": "bool", "default": "false",
                               "help": ""}
    assert params["seuil"]["help"] == "seuil d'alerte, en degrés"


def test_command_line_run_gives_typed_parameters_to_the_notebook(tmp_path):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    out = tmp_path / "rapport-lyon.ipynb"
    ville = 'Saint-Étienne "la verte" \\ C:\\dossier\nligne 2\t🦀 {accolades} ${dollar}'
    result = subprocess.run(
        [str(PAPERMILL), str(notebook), str(out), "-k", "sdia",
         "-p", "lignes", "7", "-p", "ville", ville, "-p", "seuil", "2", "-p", "actif", "true",
         "-p", "plafond", "None", "-y", "poids: [1, 2.5, -3.0e-5]", "-y", "notes: {a: 1, b: -2}"],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    injected = assert_injected_after_parameters(nb)
    assert injected.startswith("// Parameters\n")
    assert "let lignes: usize = 7;" in injected.splitlines()
    assert "let mut compteur" not in injected, "only the parameters passed are injected"
    values = printed(nb)
    assert values["lignes"] == "7"
    assert json.loads(values["ville"]) == [ord(c) for c in ville]
    assert from_bits(int(values["seuil"])) == 2.0
    assert values["actif"] == "true"
    assert [from_bits(b) for b in json.loads(values["poids"])] == [1.0, 2.5, -3e-5]
    assert values["plafond"] == "None"
    assert values["notes"] == "[([97], 1), ([98], -2)]"
    assert values["compteur"] == "1"
    assert nb.metadata.papermill.parameters["lignes"] == 7


def test_python_api_run_with_special_values(tmp_path):
    # A parameter the cell does not declare gets the type of its value (a list of numbers: Vec<f64>).
    notebook = make_notebook(tmp_path / "rapport.ipynb", extra_cells=[
        'println!("extra={:?}", extra.iter().map(|x| x.to_bits()).collect::<Vec<u64>>());',
    ])
    ville = "ligne\r\nnul\0 nbsp\u00a0 séparateur\u2028 e\u0301 \x7f fin\\"
    parameters = {
        "lignes": 1,
        "ville": ville,
        "seuil": math.nan,
        "poids": [math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308],
        "plafond": 4_000_000_000,
        "notes": {"é": 3, "z": -(2**63)},
        "extra": [1, 2.5],
    }
    nb = papermill.execute_notebook(notebook, tmp_path / "out.ipynb", parameters=parameters,
                                    kernel_name="sdia", progress_bar=False)
    assert_injected_after_parameters(nb)
    values = printed(nb)
    assert json.loads(values["ville"]) == [ord(c) for c in ville]
    assert math.isnan(from_bits(int(values["seuil"])))
    poids = json.loads(values["poids"])
    assert poids == [bits(x) for x in parameters["poids"]], "same bits, -0.0 and subnormal included"
    assert values["plafond"] == "Some(4000000000)"
    assert values["notes"] == f"[([122], {-(2**63)}), ([233], 3)]", "sorted by code points"
    assert [from_bits(b) for b in json.loads(values["extra"])] == [1.0, 2.5]


def test_a_failing_parameterised_run_raises_papermill_execution_error(tmp_path):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    out = tmp_path / "out.ipynb"
    with pytest.raises(PapermillExecutionError) as failure:
        papermill.execute_notebook(notebook, out, parameters={"lignes": 0}, kernel_name="sdia",
                                   progress_bar=False)
    assert "lignes doit être strictement positif" in failure.value.evalue
    assert "assert!(lignes > 0" in failure.value.source
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert len(errors) == 1, "the failing cell is marked and the notebook is saved"


@pytest.mark.parametrize("parameters, message", [
    ({"lignes": -1}, "parameter `lignes` = -1 is outside the range of usize"),
    ({"seuil": "haut"}, "parameter `seuil` is declared f64 but got a string ('haut')"),
    ({"ville": 75}, "-r NAME VALUE"),
    ({"poids": "1, 2"}, "-y 'NAME: [1, 2, 3]'"),
    ({"poids": [1.0, None]}, "item 1 of parameter `poids` is declared f64 but got None"),
    ({"notes": {"a": 1.5}}, "value 'a' of parameter `notes` is declared i64 but got a number"),
    ({"inconnu": [1, "deux"]}, "the list `inconnu` (item 1: a string ('deux')) mixes i64 and String"),
    ({"inconnu": None}, "declare it in the parameters cell, e.g. `let inconnu: Option<f64> = None;`"),
    ({"inconnu": []}, "declare it in the parameters cell, e.g. `let inconnu: Vec<f64> = vec![];`"),
    ({"inconnu": 2**64}, "does not fit an i64"),
    ({"type": 1}, "`type` is a Rust keyword"),
    ({"nom-compose": 1}, "is not a Rust identifier"),
])
def test_values_that_do_not_fit_stop_papermill_before_the_kernel_starts(tmp_path, parameters,
                                                                       message):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    out = tmp_path / "out.ipynb"
    with pytest.raises(ValueError) as failure:
        papermill.execute_notebook(notebook, out, parameters=parameters, kernel_name="sdia",
                                   progress_bar=False)
    assert message in str(failure.value)
    assert not out.exists()


def test_command_line_reports_a_bad_value_and_exits_non_zero(tmp_path):
    notebook = make_notebook(tmp_path / "rapport.ipynb")
    result = subprocess.run([str(PAPERMILL), str(notebook), str(tmp_path / "out.ipynb"),
                             "-p", "plafond", "-5"],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "parameter `plafond` = -5 is outside the range of u32" in result.stderr

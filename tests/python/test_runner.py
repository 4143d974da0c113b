"""`sdia-kernel run`: notebooks run headless without Python, as CI pipelines and teachers' batches
need, through the same interpreter as the kernel.

References used here: papermill (the same parameters must inject the same cell), nbclient (the
same notebook must give the same outputs, cell by cell) and nbformat (the executed notebook must
be a valid notebook).
"""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from nbclient import NotebookClient

from test_papermill import PAPERMILL, bits, make_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
SDIA_HOME = pathlib.Path(os.environ.get("SDIA_HOME", pathlib.Path.home() / ".local/share/sdia"))
KERNEL = SDIA_HOME / "bin" / "sdia-kernel"


def run(*args, cwd=None, timeout=600):
    return subprocess.run([str(KERNEL), "run", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, cwd=cwd)


def code_notebook(path, *cells, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "sdia", "display_name": "Rust (sdia)", "language": "rust"}
    nb.cells = [nbformat.v4.new_code_cell(code, metadata={"tags": (tags or {}).get(i, [])})
                for i, code in enumerate(cells)]
    nbformat.write(nb, path)
    return path


def injected(path):
    nb = nbformat.read(path, as_version=4)
    found = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(found) == 1, f"{path.name}: {len(found)} injected cells"
    return found[0].source


# Parameters as a teacher writes them on both command lines: declared types to fill (usize,
# String, f64 from an integer, bool, Option<u32>, a mutable i32) and undeclared ones.
PARAMETERS = [("-p", "lignes", "4"), ("-r", "ville", "Saint-Étienne \"centre\""),
              ("-p", "seuil", "2"), ("-p", "actif", "True"), ("-p", "plafond", "None"),
              ("-p", "compteur", "-3"), ("-p", "graine", "42"), ("-p", "titre", "Bilan"),
              ("-p", "taux", "0.125")]


def test_parameters_inject_the_cell_papermill_injects_and_reach_the_cells(tmp_path):
    source = make_notebook(tmp_path / "rapport.ipynb",
                           extra_cells=['println!("graine={graine} titre={titre} taux={taux}");'])
    flags = [part for parameter in PARAMETERS for part in parameter]
    prepared = tmp_path / "papermill.ipynb"
    result = subprocess.run([str(PAPERMILL), str(source), str(prepared), "-k", "sdia",
                             "--prepare-only", *flags],
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    executed = tmp_path / "run.ipynb"
    result = run(source, "-o", executed, *flags)
    assert result.returncode == 0, result.stderr
    assert injected(executed) == injected(prepared)
    nb = nbformat.read(executed, as_version=4)
    nbformat.validate(nb)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "lignes=4\n" in printed and "actif=true\n" in printed and "compteur=-2\n" in printed
    assert "plafond=None\n" in printed
    assert f"seuil={bits(2.0)}\n" in printed
    city = 'Saint-Étienne "centre"'
    assert f"ville={[ord(c) for c in city]}\n" in printed
    assert "graine=42 titre=Bilan taux=0.125\n" in printed
    assert nb.metadata["sdia"]["parameters"]["lignes"] == 4


@pytest.mark.parametrize("flag, name, value", [("-p", "lignes", "2.5"), ("-p", "lignes", "-1"),
                                               ("-p", "ville", "12"), ("-p", "seuil", "None"),
                                               ("-p", "fn", "1")])
def test_values_papermill_refuses_are_refused_before_anything_runs(tmp_path, flag, name, value):
    source = make_notebook(tmp_path / "rapport.ipynb")
    refused = subprocess.run([str(PAPERMILL), str(source), str(tmp_path / "pm.ipynb"), "-k", "sdia",
                              "--prepare-only", flag, name, value],
                             capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert refused.returncode != 0, f"papermill accepted {name}={value}"
    out = tmp_path / "out.ipynb"
    result = run(source, "-o", out, flag, name, value)
    assert result.returncode == 2, result.stderr
    assert f"`{name}`" in result.stderr, result.stderr
    assert not out.exists(), "nothing is written when the parameters are refused"


def test_a_failing_cell_stops_the_run_names_the_cell_and_keeps_what_ran(tmp_path):
    source = code_notebook(tmp_path / "echec.ipynb",
                           'println!("avant");',
                           'let x: i32 = "pas un nombre";',
                           'println!("après");')
    before = source.read_text()
    out = tmp_path / "out.ipynb"
    result = run(source, "-o", out)
    assert result.returncode == 1, result.stderr
    assert "In [2]" in result.stderr and "E0308" in result.stderr, result.stderr
    assert 'let x: i32 = "pas un nombre";' in result.stderr
    assert source.read_text() == before, "-o leaves the source notebook alone"
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    first, failed, after = nb.cells
    assert first.outputs[0]["text"] == "avant\n" and first.execution_count == 1
    assert failed.outputs[-1]["output_type"] == "error" and failed.execution_count == 2
    assert after.execution_count is None and after.outputs == []
    assert nb.metadata["sdia"]["run"]["status"] == "failed"


def test_the_timeout_stops_a_cell_that_cannot_obey_and_fails_the_run(tmp_path):
    source = code_notebook(tmp_path / "boucle.ipynb", "let n = 1;", "loop {}", "n")
    result = run(source, "-o", tmp_path / "out.ipynb", "--timeout", "2")
    assert result.returncode == 1, result.stderr
    assert "--timeout 2 s" in result.stderr and "In [2]" in result.stderr, result.stderr
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert nb.cells[1].outputs[-1]["ename"] == "CellTimeout"
    assert nb.cells[2].execution_count is None


def test_cells_run_in_the_notebooks_folder_and_write_in_place_by_default(tmp_path):
    folder = tmp_path / "devoir"
    folder.mkdir()
    (folder / "consigne.txt").write_text("lire ce fichier")
    source = code_notebook(folder / "lecture.ipynb",
                           'std::fs::read_to_string("consigne.txt").unwrap()',
                           "sdia_fails_on_purpose()", tags={1: ["raises-exception"]})
    result = run("devoir/lecture.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(source, as_version=4)
    assert "lire ce fichier" in nb.cells[0].outputs[0]["data"]["text/plain"]
    assert nb.cells[1].outputs[-1]["output_type"] == "error", "raises-exception cells may fail"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")], "temporary file left"


def test_ctrl_c_stops_the_run_and_what_ran_is_written(tmp_path):
    source = code_notebook(tmp_path / "long.ipynb", 'println!("fait");',
                           "std::thread::sleep(std::time::Duration::from_secs(120));", "1 + 1")
    out = tmp_path / "out.ipynb"
    runner = subprocess.Popen([str(KERNEL), "run", str(source), "-o", str(out)],
                              stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in runner.stderr:
        lines.append(line)
        if line.startswith("[  1/3] ok"):
            break
    time.sleep(2)  # the second cell is compiling or sleeping: either way it must stop
    runner.send_signal(signal.SIGINT)
    rest = runner.communicate(timeout=120)[1]
    assert runner.returncode == 130, "".join(lines) + rest
    nb = nbformat.read(out, as_version=4)
    assert nb.cells[0].outputs[0]["text"] == "fait\n"
    assert nb.cells[2].execution_count is None
    assert nb.metadata["sdia"]["run"]["status"] == "interrupted"


def test_a_notebook_being_run_is_never_half_written(tmp_path):
    source = code_notebook(tmp_path / "tue.ipynb", 'println!("début");',
                           "std::thread::sleep(std::time::Duration::from_secs(120));")
    before = source.read_bytes()
    runner = subprocess.Popen([str(KERNEL), "run", str(source)], stdin=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    for line in runner.stderr:
        if line.startswith("[  1/2] ok"):
            break
    runner.kill()
    runner.wait(timeout=60)
    assert source.read_bytes() == before, "a killed run leaves the notebook as it was"


def shape(nb):
    """Per code cell: the output types and MIME types (values may differ: times, ids)."""
    return [[(o["output_type"], o.get("name"), sorted(o.get("data", {}))) for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


def test_the_welcome_notebook_gives_the_outputs_nbclient_gets(tmp_path):
    shutil.copy(ROOT / "notebooks" / "00-bienvenue.ipynb", tmp_path)
    shutil.copytree(ROOT / "notebooks" / "data", tmp_path / "data")
    source = tmp_path / "00-bienvenue.ipynb"
    reference = nbformat.read(source, as_version=4)
    NotebookClient(reference, kernel_name="sdia", timeout=600,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    result = run(source, "-o", tmp_path / "run.ipynb")
    assert result.returncode == 0, result.stderr
    executed = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    nbformat.validate(executed)
    assert shape(executed) == shape(reference)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert executed.metadata["language_info"]["name"] == "rust"

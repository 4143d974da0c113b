"""`pytest --nbmake` runs notebooks through the sdia kernel, and a failing cell fails the test.

One run of nbmake (a pytest inside this one) on a course notebook and on a notebook whose cell
panics; every course notebook is already executed by test_notebooks.py and test_nbgrader.py.
"""

import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[2]
WELCOME = ROOT / "notebooks" / "00-bienvenue.ipynb"


def failing_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "sdia", "display_name": "Rust (sdia)", "language": "rust"}
    nb.cells = [
        nbformat.v4.new_code_cell("let total = 1 + 1;"),
        nbformat.v4.new_code_cell('assert_eq!(total, 3, "le total est faux");'),
        nbformat.v4.new_code_cell('println!("jamais exécutée");'),
    ]
    nbformat.write(nb, path)
    return path


def test_nbmake_passes_a_course_notebook_and_fails_a_failing_cell(tmp_path):
    failing = failing_notebook(tmp_path / "echec.ipynb")
    welcome_before = WELCOME.read_bytes()
    report = tmp_path / "nbmake.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=600", "-p",
         "no:cacheprovider", f"--rootdir={tmp_path}", f"--junitxml={report}", "-q",
         str(WELCOME), str(failing)],
        cwd=tmp_path, capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, f"pytest exit {result.returncode}\n{result.stdout[-3000:]}"

    cases = {case.get("name"): case for case in ET.parse(report).getroot().iter("testcase")}
    by_notebook = {next(n for n in (WELCOME.name, failing.name) if n in name): case
                   for name, case in cases.items()}
    assert set(by_notebook) == {WELCOME.name, failing.name}, list(cases)

    welcome = by_notebook[WELCOME.name]
    assert welcome.find("failure") is None and welcome.find("error") is None, (
        "notebook 00 runs under nbmake (its cells tagged raises-exception fail as intended)")
    assert welcome.find("skipped") is None

    failure = by_notebook[failing.name].find("failure")
    assert failure is not None, "a panicking cell fails the notebook's test"
    text = (failure.get("message") or "") + (failure.text or "")
    assert "le total est faux" in text
    assert "jamais exécutée" not in text, "cells after the failing one do not run"

    assert WELCOME.read_bytes() == welcome_before, "nbmake must not write outputs into notebooks/"

"""Teachers' workflow with the real nbgrader: release an assignment, then autograde submissions.

- `nbgrader generate_assignment` turns each course notebook into the students' copy: solution
  regions replaced by `todo!()`, hidden tests gone;
- `nbgrader autograde` run through the sdia kernel gives full marks to a submission with the
  reference solutions (so hidden tests agree with the solutions), and zero — without crashing —
  to an untouched students' copy;
- the autograded solution copies show no error outside the cells that demonstrate one: this is
  where the graded notebooks are checked to run (test_notebooks.py runs the others).
"""

import csv
import json
import pathlib
import shutil

import nbformat
import pytest

from nbgrader_cli import nbgrader
from notebook_checks import assert_no_unexpected_errors

ROOT = pathlib.Path(__file__).resolve().parents[2]


def graded_notebooks():
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = json.loads(path.read_text())
        if any("nbgrader" in c.get("metadata", {}) for c in nb["cells"]):
            found.append(path)
    return found


GRADED = graded_notebooks()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("cours")
    shutil.copy(ROOT / "notebooks" / "nbgrader_config.py", course)
    for path in GRADED:
        source = course / "source" / path.stem
        source.mkdir(parents=True)
        shutil.copy(path, source)
        data = ROOT / "notebooks" / "data"
        if data.exists():
            shutil.copytree(data, source / "data")
        nbgrader(course, "generate_assignment", path.stem, "--force")
    return course


def test_every_graded_notebook_has_three_exercises():
    assert GRADED, "no notebook has nbgrader exercises"
    for path in GRADED:
        nb = nbformat.read(path, as_version=4)
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert len(tests) >= 3 and len(solutions) >= 3, f"{path.name}: {len(tests)} graded cells"
        for cell in tests:
            assert "BEGIN HIDDEN TESTS" in cell.source, f"{path.name}: {cell.metadata.nbgrader.grade_id} has no hidden tests"
            assert "assert" in cell.source


def test_released_copies_have_no_solutions_nor_hidden_tests(course):
    for path in GRADED:
        released = course / "release" / path.stem / path.name
        text = released.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
        assert "todo!()" in text, path.name


def scores(course):
    nbgrader(course, "export", "--to", "grades.csv")
    with open(course / "grades.csv") as f:
        return {(row["assignment"], row["student_id"]): (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(f)}


def submit(course, student, assignment, notebook):
    target = course / "submitted" / student / assignment
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(notebook, target)
    data = course / "source" / assignment / "data"
    if data.exists() and not (target / "data").exists():
        shutil.copytree(data, target / "data")


def test_autograde_gives_full_marks_to_the_solutions_and_zero_to_the_blank_copy(course):
    for path in GRADED:
        submit(course, "solutions", path.stem, path)
        nbgrader(course, "autograde", path.stem, "--create", "--force", "--student", "solutions")
    blank = GRADED[0]
    submit(course, "vierge", blank.stem, course / "release" / blank.stem / blank.name)
    nbgrader(course, "autograde", blank.stem, "--create", "--force", "--student", "vierge")
    graded = scores(course)
    for path in GRADED:
        score, maximum = graded[(path.stem, "solutions")]
        assert maximum > 0 and score == maximum, f"{path.name}: {score}/{maximum} with the reference solutions"
    score, maximum = graded[(blank.stem, "vierge")]
    assert score == 0 and maximum > 0, f"untouched copy of {blank.name} scored {score}/{maximum}"
    for path in GRADED:
        executed = nbformat.read(course / "autograded" / "solutions" / path.stem / path.name, as_version=4)
        assert_no_unexpected_errors(executed, path.name)

"""The exercises fixed after the teacher's review (issue 15) tell a wrong answer from a right one.

For each notebook of wrong_answers.py, with the real nbgrader (as test_nbgrader.py does): release the
assignment, submit the reference notebook with the listed solution cells replaced by the wrong
answers (all the wrong answers of a notebook in one submission), autograde it through the sdia
kernel, and read each graded cell's score from the gradebook:

- the test cell of each wrong-answered exercise scores 0, and it is an assert of that test cell that
  fails (a panic): the wrong answer itself runs without error;
- every other graded cell keeps full marks (a wrong answer does not break the next exercises);
- the written answers (Markdown cells graded by hand) score no automatic points either way: nbgrader
  leaves them to the teacher, flagged as needing a manual grade, so they count as neither a lost nor a
  kept full mark.

The notebooks are graded in separate course folders, two at a time (SDIA_WRONG_ANSWER_WORKERS).
"""

import concurrent.futures
import os
import pathlib
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from nbgrader_cli import nbgrader
from wrong_answers import WRONG_ANSWERS

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUDENT = "fautif"
WORKERS = int(os.environ.get("SDIA_WRONG_ANSWER_WORKERS", "2"))


def notebook_path(stem):
    return ROOT / "notebooks" / f"{stem}.ipynb"


def graded_cell_of(solution_id):
    """The grade_id of an exercise's test cell, from its solution cell's ("07-ex3-solution" → "07-ex3-tests")."""
    assert solution_id.endswith("-solution"), solution_id
    return solution_id.removesuffix("-solution") + "-tests"


def with_wrong_answers(nb, wrong):
    """A copy of `nb` whose solution cells listed in `wrong` (grade_id → source) hold the wrong answers."""
    nb = nbformat.from_dict(nb)
    replaced = set()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in wrong:
            assert cell.metadata.nbgrader.get("solution"), f"{grade_id} is not a solution cell"
            cell.source = wrong[grade_id]
            replaced.add(grade_id)
    assert replaced == set(wrong), f"no solution cell {sorted(set(wrong) - replaced)}"
    return nb


def grade(course_root, stem):
    """Releases, submits with the wrong answers and autogrades one notebook in its own course folder.
    Returns {grade_id: (score, max_score)} of the cells graded automatically, {grade_id: Grade fields} of the
    written answers left to the teacher, and the executed submission."""
    course = course_root / stem
    source = course / "source" / stem
    source.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "nbgrader_config.py", course)
    shutil.copy(notebook_path(stem), source)
    data = ROOT / "notebooks" / "data"
    shutil.copytree(data, source / "data")
    nbgrader(course, "generate_assignment", stem, "--force")

    submitted = course / "submitted" / STUDENT / stem
    submitted.mkdir(parents=True)
    reference = nbformat.read(notebook_path(stem), as_version=4)
    nbformat.write(with_wrong_answers(reference, WRONG_ANSWERS[stem]), submitted / f"{stem}.ipynb")
    shutil.copytree(data, submitted / "data")
    nbgrader(course, "autograde", stem, "--create", "--force", "--student", STUDENT)

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(stem, stem, STUDENT)
        scores = {g.name: (g.score, g.max_score) for g in notebook.grades if g.cell_type == "code"}
        manual = {g.name: {"auto_score": g.auto_score, "score": g.score, "max_score": g.max_score,
                           "needs_manual_grade": g.needs_manual_grade}
                  for g in notebook.grades if g.cell_type == "markdown"}
    executed = nbformat.read(course / "autograded" / STUDENT / stem / f"{stem}.ipynb", as_version=4)
    return scores, manual, executed


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("cours-fautif")
    stems = sorted(WRONG_ANSWERS)
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = pool.map(lambda stem: grade(root, stem), stems)
        return dict(zip(stems, results))


def test_the_wrong_answers_are_for_existing_exercises():
    for stem, wrong in WRONG_ANSWERS.items():
        assert notebook_path(stem).exists(), stem
        ids = {c.metadata.get("nbgrader", {}).get("grade_id")
               for c in nbformat.read(notebook_path(stem), as_version=4).cells}
        for solution_id in wrong:
            assert solution_id in ids and graded_cell_of(solution_id) in ids, f"{stem}: no exercise {solution_id}"


def errors_of(executed, grade_id):
    cell = next(c for c in executed.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return [o for o in cell.outputs if o.output_type == "error"]


@pytest.mark.parametrize("stem", sorted(WRONG_ANSWERS))
def test_a_wrong_answer_scores_zero_and_the_other_exercises_keep_full_marks(graded, stem):
    scores, manual, executed = graded[stem]
    failing = {graded_cell_of(solution_id) for solution_id in WRONG_ANSWERS[stem]}
    assert failing <= set(scores), f"{stem}: graded cells {sorted(scores)}"
    for solution_id in WRONG_ANSWERS[stem]:
        assert errors_of(executed, solution_id) == [], f"{stem}: the wrong answer {solution_id} itself fails to run"
        errors = errors_of(executed, graded_cell_of(solution_id))
        # A failed assert is reported as a panic (a compile error or an error returned with `?` is not).
        assert errors and errors[0].ename == "Panic", (
            f"{stem}: {graded_cell_of(solution_id)} should fail on an assert, got {[(e.ename, e.evalue) for e in errors]}")
    for grade_id, (score, maximum) in scores.items():
        if grade_id in failing:
            assert maximum > 0 and score == 0, f"{stem}: the wrong answer to {grade_id} scored {score}/{maximum}"
        else:
            assert score == maximum, f"{stem}: {grade_id} scored {score}/{maximum} next to the wrong answers"
    written = {c.metadata.nbgrader.grade_id for c in nbformat.read(notebook_path(stem), as_version=4).cells
               if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")}
    assert set(manual) == written, f"{stem}: written answers in the gradebook {sorted(manual)}, in the notebook {sorted(written)}"
    for grade_id, g in manual.items():
        # The submission keeps the model answer: a teacher grades it, the autograder gives nothing.
        assert g["needs_manual_grade"] and g["auto_score"] is None and g["score"] == 0 and g["max_score"] > 0, (
            f"{stem}: written answer {grade_id}: {g}")

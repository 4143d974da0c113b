"""Teachers' workflow with the real nbgrader: release an assignment, then autograde submissions.

- `nbgrader generate_assignment` turns each course notebook into the students' copy: solution
  regions replaced by `todo!()`, hidden tests gone;
- `nbgrader autograde` run through the sdia kernel gives full marks on every test cell to a submission
  with the reference solutions (so hidden tests agree with the solutions), and zero — without
  crashing — to an untouched students' copy;
- the written answers (Markdown cells graded by hand: nbgrader's "manual" grading) are released as
  the text stub, and autograde leaves them to the teacher: flagged as needing a manual grade, with
  their points, when answered; 0 without review when left as the stub;
- the autograded solution copies show no error outside the cells that demonstrate one: this is
  where the graded notebooks are checked to run (test_notebooks.py runs the others).
"""

import csv
import json
import pathlib
import re
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

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

# What the students' copy holds in place of a written answer (notebooks/nbgrader_config.py).
TEXT_STUB = re.search(r'^c\.ClearSolutions\.text_stub = "(.*)"$',
                      (ROOT / "notebooks" / "nbgrader_config.py").read_text(encoding="utf-8"), re.M).group(1)


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def is_test_cell(cell):
    """A cell graded automatically: code, graded, not a solution."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def is_written_answer(cell):
    """A written answer graded by hand: a Markdown cell that is both graded and a solution."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution")


def written_answers(path):
    return [c for c in nbformat.read(path, as_version=4).cells if is_written_answer(c)]


WRITTEN = [path for path in GRADED if written_answers(path)]


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
        tests = [c for c in nb.cells if is_test_cell(c)]
        solutions = [c for c in nb.cells if nbgrader_meta(c).get("solution") and c.cell_type == "code"]
        assert len(tests) >= 3 and len(solutions) >= 3, f"{path.name}: {len(tests)} graded test cells"
        graded = [c for c in nb.cells if nbgrader_meta(c).get("grade")]
        assert all(is_test_cell(c) or is_written_answer(c) for c in graded), \
            f"{path.name}: a graded cell is neither a code test cell nor a Markdown written answer"
        for cell in tests:
            assert "BEGIN HIDDEN TESTS" in cell.source, f"{path.name}: {cell.metadata.nbgrader.grade_id} has no hidden tests"
            assert "assert" in cell.source


def solution_size(cell):
    """Lines of code of a reference solution, comments and blank lines left out."""
    match = re.search(r"BEGIN SOLUTION(.*?)END SOLUTION", cell.source, re.S)
    body = match.group(1) if match else cell.source
    return len([line for line in body.splitlines() if line.strip() and not line.strip().startswith("//")])


def test_points_follow_the_size_of_the_work_and_headings_state_them():
    """Points are weighted by difficulty, measured by the reference solution's size (the rule of the
    teacher guide, section 7): up to 3 lines, 1 point; up to 10, 2 points; more, 3 points. Each
    exercise's heading states the points of its test cells, as the written answers' do."""
    weights, wrong = set(), []
    for path in GRADED:
        nb = nbformat.read(path, as_version=4)
        heading, stated, carried, size = None, {}, {}, None
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.source.startswith("### Exercice"):
                heading = cell.source.splitlines()[0]
                found = re.search(r", (\d+) points?\)$", heading)
                stated[heading] = int(found.group(1)) if found else None
                carried[heading] = 0
            meta = nbgrader_meta(cell)
            if cell.cell_type == "code" and meta.get("solution"):
                size = solution_size(cell)
            if is_test_cell(cell):
                expected = 1 if size <= 3 else 2 if size <= 10 else 3
                weights.add(meta["points"])
                if meta["points"] != expected:
                    wrong.append(f"{path.name} {meta['grade_id']}: {meta['points']} points for a {size}-line "
                                 f"solution, the rule gives {expected}")
                if heading is not None:
                    carried[heading] += meta["points"]
        for heading, points in carried.items():
            if points and stated[heading] != points:
                unit = "point" if points == 1 else "points"
                wrong.append(f"{path.name}: '{heading}' should end with ', {points} {unit})'")
    assert not wrong, "\n".join(wrong)
    assert weights == {1, 2, 3}, weights


def test_released_copies_have_no_solutions_nor_hidden_tests(course):
    for path in GRADED:
        released = course / "release" / path.stem / path.name
        text = released.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path.name
        assert "todo!()" in text, path.name


def test_written_answers_are_hand_graded_markdown_cells_after_their_question():
    """Each written answer: nbgrader's manual-grading metadata, an id `<nn>-q<k>-reponse`, points, a
    competency of its notebook, a model answer with its marking scheme in one solution region, right after
    the question (a Markdown cell naming the competency and the points)."""
    assert WRITTEN, "no notebook has a hand-graded written answer"
    for path in WRITTEN:
        nb = nbformat.read(path, as_version=4)
        declared = nb.metadata["sdia"]["competencies"]
        for index, cell in enumerate(nb.cells):
            if not is_written_answer(cell):
                continue
            meta = nbgrader_meta(cell)
            grade_id = meta["grade_id"]
            assert re.fullmatch(rf"{path.name[:2]}-q\d+-reponse", grade_id), f"{path.name}: {grade_id}"
            assert meta["locked"] is False and meta["schema_version"] == 3 and meta["points"] > 0, grade_id
            (competency,) = cell.metadata["sdia"]["competencies"]
            assert competency in declared, f"{grade_id}: {competency} is not declared by {path.name}"
            lines = cell.source.splitlines()
            assert lines[0] == "### BEGIN SOLUTION" and lines[-1] == "### END SOLUTION", grade_id
            assert "Barème" in cell.source and f"({meta['points']} points)" in cell.source, \
                f"{grade_id}: the model answer should give its marking scheme on {meta['points']} points"
            question = nb.cells[index - 1]
            assert question.cell_type == "markdown" and not nbgrader_meta(question), grade_id
            assert f"({competency}, réponse rédigée, {meta['points']} points)" in question.source, \
                f"{grade_id}: its question should name the competency and the points"
            computed = nb.cells[index - 2]
            assert computed.cell_type == "code" and not nbgrader_meta(computed), \
                f"{grade_id}: the numbers to interpret should be computed just above the question"


def test_released_written_answers_hold_the_stub_and_not_the_model_answer(course):
    for path in WRITTEN:
        released = nbformat.read(course / "release" / path.stem / path.name, as_version=4)
        by_id = {nbgrader_meta(c).get("grade_id"): c for c in released.cells}
        everything = "\n".join(c.source for c in released.cells)
        for reference in written_answers(path):
            grade_id = nbgrader_meta(reference)["grade_id"]
            cell = by_id[grade_id]
            assert cell.cell_type == "markdown" and cell.source == TEXT_STUB, f"{grade_id}: released as {cell.source!r}"
            assert nbgrader_meta(cell).get("checksum"), f"{grade_id}: no checksum, an unanswered cell could not score 0"
            model = [line.strip() for line in reference.source.splitlines()[1:-1] if len(line.strip()) > 20]
            shown = [line for line in model if line in everything]
            assert model and not shown, f"{grade_id}: the released copy shows the model answer: {shown[:1]}"
        assert "Barème" not in everything and "Réponse type" not in everything, path.name


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


def cell_grades(course, assignment, student):
    """grade_id → the gradebook's Grade of each graded cell of a submission (read inside the session)."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(assignment, assignment, student)
        return {g.name: {"cell_type": g.cell_type, "auto_score": g.auto_score, "manual_score": g.manual_score,
                         "score": g.score, "max_score": g.max_score, "needs_manual_grade": g.needs_manual_grade}
                for g in notebook.grades}


def written_points(path):
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"]) for c in written_answers(path)}


def test_autograde_gives_full_marks_to_the_solutions_and_zero_to_the_blank_copy(course):
    for path in GRADED:
        submit(course, "solutions", path.stem, path)
        nbgrader(course, "autograde", path.stem, "--create", "--force", "--student", "solutions")
    # Two untouched copies: the first graded notebook, and one with written answers.
    blanks = list(dict.fromkeys([GRADED[0], WRITTEN[0]]))
    for blank in blanks:
        submit(course, "vierge", blank.stem, course / "release" / blank.stem / blank.name)
        nbgrader(course, "autograde", blank.stem, "--create", "--force", "--student", "vierge")
    graded = scores(course)
    for path in GRADED:
        manual = written_points(path)
        cells = cell_grades(course, path.stem, "solutions")
        for grade_id, g in cells.items():
            if grade_id in manual:
                # The model answer is there, but only a teacher can grade it: no automatic score.
                assert g["cell_type"] == "markdown" and g["needs_manual_grade"], f"{grade_id}: {g}"
                assert g["auto_score"] is None and g["score"] == 0 and g["max_score"] == manual[grade_id], f"{grade_id}: {g}"
            else:
                assert g["cell_type"] == "code" and not g["needs_manual_grade"], f"{grade_id}: {g}"
                assert g["max_score"] > 0 and g["auto_score"] == g["max_score"], \
                    f"{path.name}: {grade_id} scored {g['auto_score']}/{g['max_score']} with the reference solutions"
        assert set(manual) <= set(cells), f"{path.name}: written answers missing from the gradebook"
        score, maximum = graded[(path.stem, "solutions")]
        automatic = sum(g["max_score"] for name, g in cells.items() if name not in manual)
        assert maximum == automatic + sum(manual.values()) and score == automatic, \
            f"{path.name}: {score}/{maximum} with the reference solutions, {automatic} automatic points expected"
    for blank in blanks:
        score, maximum = graded[(blank.stem, "vierge")]
        assert score == 0 and maximum > 0, f"untouched copy of {blank.name} scored {score}/{maximum}"
        manual = written_points(blank)
        for grade_id, g in cell_grades(course, blank.stem, "vierge").items():
            assert g["score"] == 0, f"untouched copy of {blank.name}: {grade_id} scored {g['score']}"
            if grade_id in manual:
                # Left as the stub: nbgrader recognises the released text (checksum) and gives 0 without review.
                assert g["auto_score"] == 0 and not g["needs_manual_grade"], f"{grade_id}: {g}"
    for path in GRADED:
        executed = nbformat.read(course / "autograded" / "solutions" / path.stem / path.name, as_version=4)
        assert_no_unexpected_errors(executed, path.name)

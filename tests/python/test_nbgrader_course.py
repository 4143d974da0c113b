"""A whole course round trip with the real nbgrader, as notebooks/GUIDE-ENSEIGNANT.md describes it.

The teacher sets up a course directory and releases one graded notebook into an exchange directory
(both in a tmp folder) by running the guide's marked blocks verbatim; two students, each with their own
HOME configured by the guide's student block, fetch it: alice answers every exercise in her fetched
copy, bob hands the copy back untouched; both submit. The teacher then runs the guide's grading block
(collect, autograde through the sdia kernel, export, generate_feedback, release_feedback) and the
students fetch their feedback. The tests check what each side then sees.

One notebook only, the cheapest graded one (measured alone through the kernel: about 22 s, against
26-40 s for the others), because autograding compiles every cell of every submission.
"""

import csv
import os
import pathlib
import re
import subprocess
import sys
import time

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
GUIDE = ROOT / "notebooks" / "GUIDE-ENSEIGNANT.md"
VENV_BIN = pathlib.Path(sys.executable).parent
ASSIGNMENT = "14-architecture-et-flux"
SOURCE = ROOT / "notebooks" / f"{ASSIGNMENT}.ipynb"
ANSWERING, BLANK = "alice", "bob"

# What the students' copy holds in place of each solution region (notebooks/nbgrader_config.py, and
# section 6 of the guide).
STUB = re.compile(r"^(?P<indent>[ \t]*)// VOTRE CODE ICI\n(?P=indent)todo!\(\)[ \t]*$", re.M)
SOLUTION = re.compile(r"^[ \t]*// BEGIN SOLUTION[ \t]*\n(?P<body>.*?)^[ \t]*// END SOLUTION[ \t]*(\n|$)", re.M | re.S)


def guide_block(name):
    """The fenced code block between `<!-- name:begin -->` and `<!-- name:end -->` in the guide."""
    text = GUIDE.read_text()
    found = re.findall(rf"<!-- {name}:begin -->\s*```[a-z]*\n(.*?)```\s*<!-- {name}:end -->", text, re.S)
    assert len(found) == 1, f"{GUIDE.name}: expected one fenced block marked {name}:begin/{name}:end, found {len(found)}"
    return found[0]


def commands(block):
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def start(script, cwd, env, log):
    handle = open(log, "w")
    process = subprocess.Popen(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        stdout=handle, stderr=subprocess.STDOUT,
    )
    return process, handle, script, log


def finish(job, timeout):
    process, handle, script, log = job
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = f"killed after {timeout} s"
    finally:
        handle.close()
    output = log.read_text()
    assert code == 0, f"`{script}` failed ({code}):\n{output}"
    return output


DURATIONS = []


def run_together(jobs, timeout=300):
    """Runs shell scripts at once (one per student, as in a classroom); returns their outputs."""
    began = time.monotonic()
    started = [start(*job) for job in jobs]
    outputs = [finish(job, timeout) for job in started]
    DURATIONS.append((time.monotonic() - began, jobs[0][0].splitlines()[0]))
    return outputs


def run(script, cwd, env, log, timeout=300):
    return run_together([(script, cwd, env, log)], timeout)[0]


def answer(fetched, source):
    """What a student who knows the answers does: replaces each stub of the fetched copy by their code."""
    nb = nbformat.read(fetched, as_version=4)
    reference = {c.metadata.nbgrader.grade_id: c.source
                 for c in nbformat.read(source, as_version=4).cells if c.metadata.get("nbgrader", {}).get("solution")}
    answered = 0
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        bodies = [m.group("body").rstrip("\n") for m in SOLUTION.finditer(reference[grade_id])]
        stubs = STUB.findall(cell.source)
        assert stubs and len(stubs) == len(bodies), f"{grade_id}: {len(stubs)} stubs for {len(bodies)} solution regions"
        pieces = iter(bodies)
        cell.source = STUB.sub(lambda m: next(pieces), cell.source)
        answered += 1
    assert answered >= 3, f"only {answered} solution cells in {fetched}"
    nbformat.write(nb, fetched)


def grade_cells(path):
    nb = nbformat.read(path, as_version=4)
    return {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    base = tmp_path_factory.mktemp("parcours")
    course, exchange, logs = base / "cours", base / "echange", base / "logs"
    logs.mkdir()
    path = f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    teacher = dict(os.environ, PATH=path, DEPOT=str(ROOT), COURS=str(course), ECHANGE=str(exchange),
                   DEVOIR=ASSIGNMENT, JUPYTER_CONFIG_DIR=str(base / "jupyter-enseignant"))
    homes = {s: base / "etudiants" / s for s in (ANSWERING, BLANK)}

    def student(name):
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
        env.update(PATH=path, HOME=str(homes[name]), USER=name, LOGNAME=name, ECHANGE=str(exchange))
        return env

    # Teacher: set up the course directory, then release in the guide's three commands.
    run(guide_block("installer"), base, teacher, logs / "installer.log")
    for i, command in enumerate(commands(guide_block("publier"))):
        run(command, course, teacher, logs / f"publier-{i}.log")

    # Students: configured by the guide's block, they fetch, then submit (nbgrader 0.9 takes the Unix
    # account's name as student id, so `--student` names them on this single-account machine).
    for home in homes.values():
        home.mkdir(parents=True)
    run_together([(guide_block("config-etudiant"), homes[s], student(s), logs / f"config-{s}.log") for s in homes])
    run_together([(f"nbgrader fetch_assignment {ASSIGNMENT}", homes[s], student(s), logs / f"fetch-{s}.log") for s in homes])
    fetched = {s: homes[s] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb" for s in homes}
    released_copy = fetched[BLANK].read_text()
    answer(fetched[ANSWERING], SOURCE)
    run_together([(f"nbgrader submit {ASSIGNMENT} --student {s}", homes[s], student(s), logs / f"submit-{s}.log") for s in homes])

    # Teacher: collect, autograde, export, feedback, as the guide says.
    outputs = {}
    for i, command in enumerate(commands(guide_block("corriger"))):
        outputs[command] = run(command, course, teacher, logs / f"corriger-{i}.log", timeout=900)

    run_together([(f"nbgrader fetch_feedback {ASSIGNMENT} --student {s}", homes[s], student(s), logs / f"feedback-{s}.log") for s in homes])
    print("\n".join(f"{seconds:6.1f} s  {what}" for seconds, what in DURATIONS))
    return {"course": course, "exchange": exchange, "homes": homes, "fetched": fetched,
            "released_copy": released_copy, "outputs": outputs}


def test_the_guide_publishes_in_three_commands():
    publish = commands(guide_block("publier"))
    assert len(publish) == 3, f"the guide promises three commands to release an assignment, its block has {len(publish)}"
    assert "generate_assignment" in publish[1] and "release_assignment" in publish[2]


def test_the_guide_installs_the_tested_nbgrader():
    locked = re.search(r"^nbgrader==(\S+)", (ROOT / "requirements" / "test.lock").read_text(), re.M).group(1)
    assert f"nbgrader=={locked}" in GUIDE.read_text(), f"the guide should install nbgrader=={locked}, the tested version"


def test_the_release_reaches_the_exchange_without_solutions(trip):
    outbound = trip["exchange"] / "sdia" / "outbound" / ASSIGNMENT
    released = (outbound / f"{ASSIGNMENT}.ipynb").read_text()
    assert "BEGIN SOLUTION" not in released and "BEGIN HIDDEN TESTS" not in released
    assert "todo!()" in released
    assert (outbound / "data" / "velo_flux.csv").is_file(), "the notebook's data/ must travel with it"
    # what a student fetched is exactly what was released, data included
    assert trip["released_copy"] == released
    for home in trip["homes"].values():
        assert (home / ASSIGNMENT / "data" / "velo_flux.csv").is_file()


def test_the_teacher_collects_each_students_submission(trip):
    inbound = sorted(p.name.split("+")[0] for p in (trip["exchange"] / "sdia" / "inbound").iterdir())
    assert inbound == sorted(trip["homes"]), inbound
    for name in trip["homes"]:
        submitted = trip["course"] / "submitted" / name / ASSIGNMENT
        assert (submitted / f"{ASSIGNMENT}.ipynb").read_text() == trip["fetched"][name].read_text(), name
        assert (submitted / "data" / "velo_flux.csv").is_file()
    answered = (trip["course"] / "submitted" / ANSWERING / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "todo!()" not in answered and "VOTRE CODE ICI" not in answered


def grades(trip):
    with open(trip["course"] / "grades.csv") as f:
        return {row["student_id"]: (float(row["score"]), float(row["max_score"]))
                for row in csv.DictReader(f) if row["assignment"] == ASSIGNMENT}


def test_autograde_gives_full_marks_to_the_answers_and_zero_to_the_untouched_copy(trip):
    expected_max = float(sum(grade_cells(SOURCE).values()))
    assert expected_max > 0
    graded = grades(trip)
    assert set(graded) == set(trip["homes"]), graded
    assert graded[ANSWERING] == (expected_max, expected_max), f"{ANSWERING}'s answers scored {graded[ANSWERING]}"
    assert graded[BLANK] == (0.0, expected_max), f"the untouched copy scored {graded[BLANK]}"


def test_feedback_shows_each_student_their_score_and_the_test_cells(trip):
    graded = grades(trip)
    tests = grade_cells(SOURCE)
    for name, home in trip["homes"].items():
        html = (trip["course"] / "feedback" / name / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        score, maximum = graded[name]
        header = re.search(rf"<h4>{re.escape(ASSIGNMENT)} \(Score: ([\d.]+) / ([\d.]+)\)</h4>", html)
        assert header, f"{name}: no overall score in the feedback"
        assert (float(header.group(1)), float(header.group(2))) == (score, maximum), header.group(0)
        for grade_id in tests:
            assert grade_id in html, f"{name}'s feedback does not name the test cell {grade_id}"
        # the student fetched the very file the teacher generated
        received = list((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(received) == 1 and received[0].read_text() == html, f"{name} received {received}"
    blank = (trip["course"] / "feedback" / BLANK / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "not yet implemented" in blank, "the untouched copy's feedback should show the todo!() panics"
    answered = nbformat.read(trip["course"] / "autograded" / ANSWERING / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in answered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in tests:
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            assert not errors, f"{cell.metadata.nbgrader.grade_id} failed for {ANSWERING}: {errors[0].evalue}"

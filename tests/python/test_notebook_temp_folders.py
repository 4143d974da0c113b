"""Notebooks write their working files in a temporary folder of their own session.

On a class server (docs/jupyterhub.md) every student shares /tmp: a folder with a fixed name,
created by the first student who runs the notebook, belongs to that student, and every other
student's run then fails with "Permission denied" (or, worse, reads the first student's files).
Each `temp_dir().join(...)` in a notebook's code therefore names its folder with the process id.
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
JOIN = re.compile(r"temp_dir\(\)\s*\.join\(")


def shared_folders(code):
    """The `temp_dir().join(...)` calls of `code` whose argument does not use the process id."""
    found = []
    for match in JOIN.finditer(code):
        # The argument: up to the matching closing parenthesis.
        depth, end = 1, match.end()
        while end < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[end], 0)
            end += 1
        argument = code[match.end():end - 1]
        if "process::id()" not in argument:
            found.append(argument.strip())
    return found


def test_the_check_tells_a_shared_folder_from_a_session_one():
    assert shared_folders('let d = std::env::temp_dir().join("sdia-09");') == ['"sdia-09"']
    assert shared_folders(
        'let d = std::env::temp_dir().join(format!("sdia-09-{}", std::process::id()));') == []


def test_every_temporary_folder_of_a_notebook_is_per_session():
    offenders = []
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            for argument in shared_folders("".join(cell["source"])):
                offenders.append(f"{path.name}, cell {index}: temp_dir().join({argument})")
    assert NOTEBOOKS, "no notebook found"
    assert not offenders, (
        "folders shared by every session of the machine (add std::process::id() to the name, "
        "as notebook 01 does):\n" + "\n".join(offenders))

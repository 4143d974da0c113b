"""Every lesson notebook (one with exercises) closes with a recap, "## À retenir", of at least three
points, as notebooks 01-05 and 09-16 do: a student revising reads it before the exercises' corrections."""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def markdown_of(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "markdown"]


def recap_points(path):
    """The bullet points of the notebook's "## À retenir" section, or None if it has none."""
    for text in markdown_of(path):
        lines = text.splitlines()
        if "## À retenir" in lines:
            after = lines[lines.index("## À retenir") + 1:]
            return [line for line in after if line.startswith("- ")]
    return None


def lessons(folder=ROOT / "notebooks"):
    return [p for p in sorted(folder.glob("*.ipynb")) if any("## Exercices" in t for t in markdown_of(p))]


def test_every_lesson_has_a_recap_of_at_least_three_points():
    found = lessons()
    assert len(found) >= 16, [p.name for p in found]
    recaps = {p.name: recap_points(p) for p in found}
    short = {name: points for name, points in recaps.items() if points is None or len(points) < 3}
    assert not short, f"lessons without a recap ('## À retenir' and three '- ' points): {short}"


def test_the_check_reports_a_lesson_without_recap(tmp_path):
    def write(name, texts):
        cells = [{"cell_type": "markdown", "metadata": {}, "source": [t]} for t in texts]
        (tmp_path / name).write_text(json.dumps({"cells": cells, "metadata": {}}), encoding="utf-8")

    write("01-a.ipynb", ["## Exercices", "## À retenir\n\n- un\n- deux\n- trois"])
    write("02-b.ipynb", ["## Exercices", "## En bref\n\n- un"])
    write("03-c.ipynb", ["# Sans exercices"])
    assert [p.name for p in lessons(tmp_path)] == ["01-a.ipynb", "02-b.ipynb"]
    assert recap_points(tmp_path / "01-a.ipynb") == ["- un", "- deux", "- trois"]
    assert recap_points(tmp_path / "02-b.ipynb") is None

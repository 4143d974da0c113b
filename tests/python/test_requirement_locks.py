"""The Python tools are pinned: requirements/*.lock hold exact versions of everything installed.

install.sh installs requirements/lab.lock and tests/run.sh requirements/test.lock; both are
written by requirements/refresh.sh from the .txt files. These checks catch a .txt edited without
refreshing its lock, locks that disagree, and a test environment that is not the locked one.
"""

import importlib.metadata
import pathlib
import re

import pytest

REQUIREMENTS = pathlib.Path(__file__).resolve().parents[2] / "requirements"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)$")


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lock(name):
    pins = {}
    for line in (REQUIREMENTS / name).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"{name}: not an exact pin: {line!r}"
        pins[normalized(match["name"])] = match["version"]
    return pins


def top_level(name):
    """Package names a requirements .txt asks for, following its -r includes."""
    names = set()
    for line in (REQUIREMENTS / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            names |= top_level(line[3:].strip())
            continue
        names.add(normalized(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]))
    return names


@pytest.mark.parametrize("source, locked", [("lab.txt", "lab.lock"), ("test.txt", "test.lock")])
def test_every_requirement_is_pinned_in_its_lock(source, locked):
    missing = top_level(source) - set(lock(locked))
    assert not missing, f"{missing} are in {source} but not in {locked}: run requirements/refresh.sh"


def test_the_test_lock_keeps_the_lab_versions():
    lab, test = lock("lab.lock"), lock("test.lock")
    differ = {name: (version, test.get(name)) for name, version in lab.items()
              if test.get(name) != version}
    assert not differ, f"lab.lock and test.lock disagree: {differ}"


def test_the_tools_running_these_tests_are_the_locked_versions():
    wrong = {}
    for name, version in lock("test.lock").items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"(locked, installed) differ: {wrong}; tests/run.sh installs test.lock"

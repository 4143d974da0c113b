"""Runs the real nbgrader command line of the test venv, failing the test with its output."""

import os
import pathlib
import subprocess
import sys

NBGRADER = pathlib.Path(sys.executable).parent / "nbgrader"


def nbgrader(course, *args):
    """`nbgrader ARGS…` in the course folder `course`; returns the finished process, asserts it succeeded."""
    # nbgrader runs `alembic` (its database migrations) from PATH: the venv's bin must be on it.
    env = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(
        [str(NBGRADER), *args], cwd=course, capture_output=True, text=True, timeout=1800,
        stdin=subprocess.DEVNULL, env=env,
    )
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result

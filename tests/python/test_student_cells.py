"""The cells students write (student_cells.py), run in order through the real kernel."""

import time

import pytest
from jupyter_client.manager import start_new_kernel

from student_cells import CELLS

# Tab, Shift-Tab and the typing of `let` patterns need the kernel's analysis (see conftest.py).
USES_ANALYSIS = True


def wait_for_analysis(kc, timeout=300):
    """Waits until the kernel's analysis (loaded in the background) answers: library names
    complete. Cells run before that are typed by rustc checks alone."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        reply = kc.complete("describ", 7, reply=True, timeout=60)["content"]
        if "describe" in reply["matches"]:
            return
        time.sleep(1)
    raise AssertionError(f"the analysis did not load within {timeout} s")


def run(kc, code):
    stdout = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        if msg["msg_type"] == "execute_result":
            result.append(msg["content"]["data"].get("text/plain", ""))

    result = []
    # stop_on_error=False: an expected failure must not abort the next cell.
    reply = kc.execute_interactive(
        code, timeout=300, output_hook=hook, stop_on_error=False
    )["content"]
    return reply, (result[0] if result else "".join(stdout))


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=180)
    wait_for_analysis(kc)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_the_cells_students_write(kernel):
    failures = []
    for code, (kind, expected) in CELLS:
        reply, shown = run(kernel, code)
        error = " ".join(
            [reply.get("ename", ""), reply.get("evalue", "")] + reply.get("traceback", [])
        )
        if kind == "error":
            ok = reply["status"] == "error" and expected in error
        elif reply["status"] != "ok":
            ok = False
        elif kind == "ok":
            ok = expected is None or shown.strip() == expected
        else:
            ok = expected in shown
        if not ok:
            failures.append(f"{code!r}: expected {kind} {expected!r}, got {reply['status']} "
                            f"{shown.strip()!r} {error[:300]!r}")
    assert len(CELLS) >= 60
    assert not failures, f"{len(failures)} of {len(CELLS)} cells:\n" + "\n".join(failures)

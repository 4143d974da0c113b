"""Benchmark of the kernel's analysis (completion, inspection, typing of bindings).

One invocation runs two fresh sessions of the installed `sdia` kernel: with the analysis (the
default) and, as the anchor, with `SDIA_ANALYSIS=off`. For each it measures:
  - seconds from launch until library names complete (the analysis loaded and warmed up);
  - completion reply time, p50 / p95, over the Tab cases of tests/python/test_completion.py;
  - the kernel's process tree memory (RSS of the kernel and its children) once loaded;
  - cell time p50 / p95 over the typical course cells of bench/kernel_bench.py.
Prints a table with the ratio analysis / anchor. Usage:
  .venv/bin/python bench/analysis_bench.py [--rounds N] [--kernel KERNELSPEC]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "python"))

from kernel_bench import COURSE_CELLS  # noqa: E402
from test_completion import COMPLETIONS, SETUP  # noqa: E402


def tree_rss_mb(pid):
    """RSS of `pid` and all its descendants, in MB (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def quiet(_msg):
    """Output hook that drops the cells' output."""


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def session(analysis, rounds, kernel_name="sdia"):
    env = dict(os.environ)
    if not analysis:
        env["SDIA_ANALYSIS"] = "off"
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel(env=env)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=300)
    pid = km.provisioner.process.pid
    for code in SETUP:
        reply = kc.execute_interactive(code, timeout=300, output_hook=quiet)
        assert reply["content"]["status"] == "ok", code
    loaded = None
    deadline = time.perf_counter() + 300
    while analysis and time.perf_counter() < deadline:
        reply = kc.complete("describ", 7, reply=True, timeout=60)["content"]
        if "describe" in reply["matches"]:
            loaded = time.perf_counter() - started
            break
        time.sleep(0.5)
    completion_times, found = [], 0
    for _ in range(rounds):
        for code, expected, _, _ in COMPLETIONS:
            t = time.perf_counter()
            reply = kc.complete(code, len(code), reply=True, timeout=60)["content"]
            completion_times.append(time.perf_counter() - t)
            found += expected in reply["matches"]
    cell_times = []
    for code in COURSE_CELLS:
        t = time.perf_counter()
        kc.execute_interactive(code, timeout=300, output_hook=quiet)
        cell_times.append(time.perf_counter() - t)
    memory = tree_rss_mb(pid)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {
        "loaded (s)": loaded,
        "completion p50 (s)": statistics.median(completion_times),
        "completion p95 (s)": percentile(completion_times, 0.95),
        "completions found": found / rounds,
        "process tree (MB)": memory,
        "cell p50 (s)": statistics.median(cell_times),
        "cell p95 (s)": percentile(cell_times, 0.95),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the Tab cases")
    parser.add_argument("--kernel", default="sdia", help="kernelspec to measure (e.g. one for a branch's build)")
    args = parser.parse_args()
    with_analysis = session(True, args.rounds, args.kernel)
    anchor = session(False, args.rounds, args.kernel)
    print(f"{len(COMPLETIONS)} Tab cases x {args.rounds}, {len(COURSE_CELLS)} course cells, "
          f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, kernelspec {args.kernel}")
    print(f"{'measure':<22} {'analysis':>10} {'off (anchor)':>13} {'ratio':>7}")
    for key in with_analysis:
        a, b = with_analysis[key], anchor[key]
        fmt = lambda v: "-" if v is None else f"{v:.3f}" if v < 100 else f"{v:.0f}"
        ratio = f"{a / b:.2f}" if a is not None and b else "-"
        print(f"{key:<22} {fmt(a):>10} {fmt(b):>13} {ratio:>7}")
    if with_analysis["loaded (s)"] is None:
        sys.exit("the analysis never completed library names within 300 s: the figures above "
                 "are of a kernel without it (see the kernel's log)")


if __name__ == "__main__":
    main()

"""Kernel speed benchmark: sdia-kernel against stock evcxr_jupyter 0.22 in one invocation.

Measures, per kernel, over fresh sessions started by jupyter_client:
  - time from launch to the kernel_info reply;
  - time from launch to the first result of a cell that uses the library;
  - p50 / p95 / max of a fixed list of typical course cells (arithmetic, let bindings, a
    small DataFrame, a group-by, a chart).
Stock evcxr gets `:cache 20000` then the same library with `:dep sdia = { path = "stdlib" }` (so
its later sessions reuse compiled crates, as a user would configure it); its first-ever
session is reported separately since it compiles polars.

Prints a table with the ratios stock / sdia. Usage:
  .venv/bin/python bench/kernel_bench.py [--sessions N] [--no-stock]
The stock kernel must be installed as kernelspec "rust" (bench/install_stock_evcxr.sh).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]

FIRST_CELL = 'df!("x" => [1, 2, 3]).unwrap().height()'

COURSE_CELLS = [
    "1 + 2",
    "let a = 10;",
    "let b = a * 3 + 1;",
    "b",
    "(1..=100).sum::<i32>()",
    "let notes = vec![12.0, 14.5, 9.0, 17.25];",
    "notes.iter().sum::<f64>() / notes.len() as f64",
    'let nom = String::from("Ada");',
    'format!("Bonjour {nom}")',
    'println!("{:.3}", std::f64::consts::PI);',
    'let df = df!("ville" => ["Paris", "Lyon", "Nice", "Lille"], "région" => ["N", "S", "S", "N"], "t" => [14.2, 16.1, 20.1, 12.3]).unwrap();',
    "df",
    "df.height()",
    'df.column("t").unwrap().f64().unwrap().mean()',
    'df.clone().lazy().filter(col("t").gt(lit(15.0))).collect().unwrap()',
    'df.clone().lazy().group_by([col("région")]).agg([col("t").mean()]).sort(["région"], Default::default()).collect().unwrap()',
    'let x: Vec<f64> = (0..50).map(|i| i as f64 / 5.0).collect();',
    'let y: Vec<f64> = x.iter().map(|v| v.sin()).collect();',
    'Chart::new("sin").line("sin", &x, &y)',
    'Chart::new("barres").bars(&["a", "b", "c"], &[3.0, 1.0, 2.0])',
    "let m = std::collections::HashMap::from([(\"a\", 1), (\"b\", 2)]);",
    "m.len()",
]


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_cell(kc, code, timeout):
    start = time.monotonic()
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
    elapsed = time.monotonic() - start
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {code!r}: {reply['content'].get('evalue')}")
    return elapsed


def session(kernel_name, setup_cells, timeout):
    """One fresh session: returns (kernel_info s, first library cell s, [cell s])."""
    km = KernelManager(kernel_name=kernel_name)
    launched = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        info_s = time.monotonic() - launched
        for cell in setup_cells:
            run_cell(kc, cell, timeout)
        run_cell(kc, FIRST_CELL, timeout)
        first_s = time.monotonic() - launched
        cells = [run_cell(kc, c, timeout) for c in COURSE_CELLS]
        return info_s, first_s, cells
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def measure(kernel_name, setup_cells, sessions, timeout):
    infos, firsts, cells = [], [], []
    for _ in range(sessions):
        i, f, c = session(kernel_name, setup_cells, timeout)
        infos.append(i)
        firsts.append(f)
        cells.extend(c)
    return {
        "kernel_info (s)": statistics.median(infos),
        "first library cell (s)": statistics.median(firsts),
        "cell p50 (s)": pct(cells, 0.50),
        "cell p95 (s)": pct(cells, 0.95),
        "cell max (s)": max(cells),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=3, help="fresh sessions per kernel (default 3)")
    parser.add_argument("--no-stock", action="store_true", help="measure sdia-kernel only")
    args = parser.parse_args()

    print(f"{len(COURSE_CELLS)} course cells per session, {args.sessions} sessions per kernel", flush=True)
    results = {"sdia-kernel": measure("sdia", [], args.sessions, timeout=600)}
    first_stock = None
    if not args.no_stock:
        if "rust" not in KernelSpecManager().find_kernel_specs():
            sys.exit("stock evcxr_jupyter is not installed as kernelspec 'rust': run bench/install_stock_evcxr.sh")
        dep = [":cache 20000", f':dep sdia = {{ path = "{ROOT / "stdlib"}" }}', "use sdia::prelude::*;"]
        # The first session compiles polars & co unless evcxr's cache has them (later ones reuse it).
        t0 = time.monotonic()
        session("rust", dep, timeout=3600)
        first_stock = time.monotonic() - t0
        results["evcxr_jupyter 0.22 + :dep"] = measure("rust", dep, args.sessions, timeout=3600)

    names = list(results)
    rows = list(results[names[0]])
    header = f"| {'measure':<24} | " + " | ".join(f"{n:>26}" for n in names)
    if len(names) == 2:
        header += " | ratio stock/sdia |"
    print()
    print(header)
    print("|" + "-" * (len(header) - 2) + "|")
    for row in rows:
        line = f"| {row:<24} | " + " | ".join(f"{results[n][row]:>26.3f}" for n in names)
        if len(names) == 2:
            line += f" | {results[names[1]][row] / results[names[0]][row]:>16.1f} |"
        print(line)
    if first_stock is not None:
        print(f"\nstock evcxr, first session of this run: {first_stock:.0f} s "
              "(it compiles the library's dependencies unless ~/.cache/evcxr already holds them)")


if __name__ == "__main__":
    main()

"""Kernel speed benchmark: sdia-kernel against stock evcxr_jupyter 0.22 in one invocation.

Measures, per kernel, over fresh sessions started by jupyter_client:
  - time from launch to the kernel_info reply;
  - time from launch to the first result of a cell that uses the library;
  - p50 / p95 / max of a fixed list of typical course cells (arithmetic, let bindings, a
    small DataFrame, a group-by, a chart).
Stock evcxr gets `:cache 20000` then the same library with `:dep sdia = { path = "stdlib" }` (so
its later sessions reuse compiled crates, as a user would configure it); its first-ever
session is reported separately since it compiles polars.

Also, per kernel, in a fresh session of its own:
  - storm: --storm-messages bad messages (random bytes, unsigned and wrongly signed
    execute requests, truncated frames, well-signed garbage, unknown types) sent on shell and
    control as fast as ZeroMQ takes them; the time until the kernel answers kernel_info after
    the last one, whether a real cell then runs, and the kernel process's RSS before and after.
And, for sdia-kernel only: interrupt latency (■, an interrupt_request on control, to the cell's
reply) of `loop {}` and of a library loop (a cross-validation, which stops at its next step),
median of --interrupts trials each; with --soak N: N typical cells (frames, charts, a model, prints),
the memory of the kernel's process tree after 25 and after N cells, and the failed cells.

Prints a table with the ratios stock / sdia. Usage:
  .venv/bin/python bench/kernel_bench.py [--sessions N] [--no-stock] [--storm-messages N]
                                         [--interrupts N] [--soak N]
The stock kernel must be installed as kernelspec "rust" (bench/install_stock_evcxr.sh).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import zmq

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


SOAK_CELLS = [
    'let ventes = df!("mois" => ["jan", "fév", "mar", "avr", "mai", "jun"], "région" => ["N", "S", "N", "S", "N", "S"], "montant" => [120.0, 98.5, 143.2, 110.0, 155.8, 101.3]).unwrap();',
    "ventes",
    'ventes.clone().lazy().group_by([col("région")]).agg([col("montant").sum()]).sort(["région"], Default::default()).collect().unwrap()',
    'let pingouins = dataset("penguins").unwrap();',
    "pingouins.head(Some(5))",
    'histogram(&pingouins, "body_mass_g").unwrap()',
    'scatter(&pingouins, "flipper_length_mm", "body_mass_g").unwrap()',
    'let pts = df!("x" => [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "y" => [2.1, 3.9, 6.2, 7.8, 10.1, 12.2]).unwrap();',
    'let modele = LinearRegression::new().fit(&pts, &["x"], "y").unwrap();',
    "modele.r2()",
    'modele.predict(&pts).unwrap()',
    'let xs: Vec<f64> = (0..100).map(|i| i as f64 / 10.0).collect();',
    'Chart::new("cos").line("cos", &xs, &xs.iter().map(|v| v.cos()).collect::<Vec<_>>())',
    'for i in 0..3 { println!("ligne {i}: {:.2}", (i as f64).sqrt()); }',
    'let total: f64 = ventes.column("montant").unwrap().f64().unwrap().sum().unwrap_or(0.0);\ntotal',
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


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    pid = getattr(provisioner, "pid", None) or getattr(getattr(provisioner, "process", None), "pid", None)
    return pid or km.kernel.pid


def rss_mb(pid):
    """Resident memory of one process, in MB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(root):
    """Resident memory of `root` and all its descendants (cell process, compilers), in MB."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += rss_mb(pid)
        todo.extend(children.get(pid, []))
    return total


def storm_frames(rng, key, session):
    """One bad message: a list of frames the kernel must drop without running anything."""
    import hmac
    import hashlib

    def sign(parts, k=key):
        mac = hmac.new(k.encode(), digestmod=hashlib.sha256)
        for p in parts:
            mac.update(p)
        return mac.hexdigest().encode()

    def header(msg_type):
        return json.dumps({"msg_id": uuid.uuid4().hex, "session": session, "username": "storm",
                           "date": "2026-01-01T00:00:00.000000Z", "msg_type": msg_type,
                           "version": "5.3"}).encode()

    execute = [header("execute_request"), b"{}", b"{}",
               json.dumps({"code": 'std::fs::write("/tmp/sdia-storm-ran", "ran").unwrap();',
                           "silent": False}).encode()]
    kind = rng.randrange(7)
    if kind == 0:
        return [rng.randbytes(rng.randrange(64)) for _ in range(1 + rng.randrange(8))]
    if kind == 1:
        return [b"<IDS|MSG>", b""] + execute
    if kind == 2:
        return [b"<IDS|MSG>", sign(execute, "not the key")] + execute
    if kind == 3:
        return ([b"<IDS|MSG>", sign(execute)] + execute)[:1 + rng.randrange(5)]
    if kind == 4:
        parts = [rng.randbytes(32) for _ in range(4)]
        return [b"<IDS|MSG>", sign(parts)] + parts
    if kind == 5:
        parts = [header(f"storm_{rng.randrange(10)}_request"), b"{}", b"{}", b"{}"]
        return [b"<IDS|MSG>", sign(parts)] + parts
    return [b"<IDS|MSG", sign(execute)] + execute


def storm(kernel_name, messages, timeout):
    """Bad messages on shell and control: seconds to absorb them, RSS before/after (MB)."""
    marker = Path("/tmp/sdia-storm-ran")
    marker.unlink(missing_ok=True)
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    context = zmq.Context()
    try:
        kc.wait_for_ready(timeout=timeout)
        # A first cell, so the interpreter is loaded when the storm starts.
        run_cell(kc, "1 + 1", timeout)
        pid = kernel_pid(km)
        before = rss_mb(pid)
        info = km.get_connection_info()
        sockets = []
        for port in (info["shell_port"], info["control_port"]):
            s = context.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 0)
            # A kernel that stops reading must not hang the benchmark.
            s.setsockopt(zmq.SNDTIMEO, timeout * 1000)
            s.setsockopt(zmq.RCVTIMEO, timeout * 1000)
            s.connect(f"tcp://{info['ip']}:{port}")
            sockets.append(s)
        key = info["key"].decode() if isinstance(info["key"], bytes) else info["key"]
        rng = random.Random(2026)
        start = time.monotonic()
        for n in range(messages):
            sockets[n % 3 == 0].send_multipart(storm_frames(rng, key, kc.session.session))
        # Each socket's messages are read in order: the reply to a kernel_info sent on the
        # storm's own sockets comes after the kernel has read every bad message before it.
        answered = True
        for s in sockets:
            kc.session.send(s, "kernel_info_request", {})
            _, reply = kc.session.recv(s, mode=0)
            answered &= reply["content"]["status"] == "ok"
        absorbed = time.monotonic() - start
        run_cell(kc, "6 * 7", timeout)
        after = rss_mb(pid)
        if marker.exists():
            raise RuntimeError(f"{kernel_name}: a forged execute_request ran during the storm")
        for s in sockets:
            s.close()
        return {
            f"storm {messages:,} msgs (s)": absorbed,
            "storm: answers after (1=yes)": 1.0 if answered else 0.0,
            "storm: RSS before (MB)": before,
            "storm: RSS after (MB)": after,
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        context.term()


INTERRUPTED = {
    "interrupt: loop {} (s)": 'println!("running");\nloop {}',
    "interrupt: library loop (s)": (
        'println!("running");\n'
        'cross_val_score(&RandomForestClassifier::new().n_trees(300), &vins, '
        '&["alcohol", "proline", "hue"], "cultivar", &KFold::new(170), Scoring::Accuracy)?'),
}


def interrupts(kernel_name, trials, timeout):
    """Time from ■ (interrupt_request) to the execute_reply, once the cell prints `running`
    (and, for the library loop, once its progress bar shows it is inside the loop)."""
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    results = {}
    try:
        kc.wait_for_ready(timeout=timeout)
        for row, code in INTERRUPTED.items():
            library = "cross_val_score" in code
            took = []
            for _ in range(trials):
                # Interrupting `loop {}` restarts the cell process: its variables are gone.
                run_cell(kc, 'let vins = dataset("wine").unwrap();', timeout)
                msg_id = kc.execute(code, stop_on_error=False)
                deadline = time.monotonic() + timeout
                while True:
                    msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    kind = msg["msg_type"]
                    if kind == "error" or (kind == "status" and msg["content"]["execution_state"] == "idle"):
                        raise RuntimeError(f"{row}: the cell ended before it could be interrupted: "
                                           f"{msg['content'].get('evalue', '')}")
                    if (kind == "display_data" if library else
                            kind == "stream" and "running" in msg["content"].get("text", "")):
                        break
                asked = time.monotonic()
                km.interrupt_kernel()
                while True:
                    reply = kc.get_shell_msg(timeout=timeout)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                took.append(time.monotonic() - asked)
                if reply["content"]["status"] != "error":
                    raise RuntimeError(f"{row}: the interrupted cell replied {reply['content']['status']}")
                run_cell(kc, "1 + 1", timeout)  # the kernel serves again
            results[row] = statistics.median(took)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return results


def soak(kernel_name, cells, timeout):
    """`cells` typical cells in one session: process-tree memory after 25 and at the end."""
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    failures, after_25 = [], None
    try:
        kc.wait_for_ready(timeout=timeout)
        pid = kernel_pid(km)
        started = time.monotonic()
        for i in range(cells):
            code = SOAK_CELLS[i % len(SOAK_CELLS)]
            try:
                reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
            except TimeoutError:
                failures.append((i, code, f"no reply in {timeout} s"))
                continue
            if reply["content"]["status"] != "ok":
                failures.append((i, code, reply["content"].get("evalue")))
            if i + 1 == 25:
                after_25 = tree_rss_mb(pid)
        at_end = tree_rss_mb(pid)
        elapsed = time.monotonic() - started
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    for i, code, evalue in failures[:5]:
        print(f"soak: cell {i} failed: {code!r}: {evalue}", flush=True)
    return {
        "soak: tree RSS @25 (MB)": after_25 if after_25 is not None else float("nan"),
        f"soak: tree RSS @{cells} (MB)": at_end,
        "soak: growth (MB)": at_end - after_25 if after_25 is not None else float("nan"),
        "soak: failed cells": float(len(failures)),
        "soak: s per cell": elapsed / cells,
    }


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
    parser.add_argument("--storm-messages", type=int, default=100_000,
                        help="bad messages in the storm (default 100,000; 0: no storm)")
    parser.add_argument("--interrupts", type=int, default=3, metavar="N",
                        help="trials per interrupt latency (default 3; 0: none)")
    parser.add_argument("--soak", type=int, default=0, metavar="N",
                        help="also run N typical cells in one sdia session (the target is 2,000)")
    args = parser.parse_args()

    print(f"{len(COURSE_CELLS)} course cells per session, {args.sessions} sessions per kernel", flush=True)
    results = {"sdia-kernel": measure("sdia", [], args.sessions, timeout=600)}
    if args.storm_messages:
        results["sdia-kernel"].update(storm("sdia", args.storm_messages, timeout=600))
    if args.interrupts:
        results["sdia-kernel"].update(interrupts("sdia", args.interrupts, timeout=600))
    if args.soak:
        results["sdia-kernel"].update(soak("sdia", args.soak, timeout=600))
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
        if args.storm_messages:
            try:
                results["evcxr_jupyter 0.22 + :dep"].update(storm("rust", args.storm_messages, timeout=600))
            except Exception as e:  # the anchor failing the storm is a result, not a crash
                print(f"stock evcxr did not survive the storm: {e}", flush=True)

    names = list(results)
    rows = list(results[names[0]])
    width = max([24] + [len(r) for r in rows])
    header = f"| {'measure':<{width}} | " + " | ".join(f"{n:>26}" for n in names)
    if len(names) == 2:
        header += " | ratio stock/sdia |"
    print()
    print(header)
    print("|" + "-" * (len(header) - 2) + "|")
    for row in rows:
        values = [results[n].get(row) for n in names]
        line = f"| {row:<{width}} | " + " | ".join(
            f"{v:>26.3f}" if v is not None else f"{'n/a':>26}" for v in values)
        if len(names) == 2:
            if None in values or values[0] == 0:
                line += f" | {'':>16} |"
            else:
                line += f" | {values[1] / values[0]:>16.1f} |"
        print(line)
    if first_stock is not None:
        print(f"\nstock evcxr, first session of this run: {first_stock:.0f} s "
              "(it compiles the library's dependencies unless ~/.cache/evcxr already holds them)")


if __name__ == "__main__":
    main()

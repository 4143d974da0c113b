"""A live sdia kernel for tests that compare the library with pandas/scipy on the same data.

`run(code)` executes Rust in the session and returns its standard output; a failing cell fails
the test with the kernel's error report.
"""

import pathlib
import shutil
import tempfile

from jupyter_client.manager import start_new_kernel

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "notebooks" / "data"


class Session:
    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="sdia", startup_timeout=180)
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="sdia-test-"))

    def run(self, code, timeout=600):
        stdout = []

        def hook(msg):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook)
        content = reply["content"]
        if content["status"] != "ok":
            raise AssertionError(
                f"cell failed: {content.get('ename')}: {content.get('evalue')}\n--- code ---\n{code}"
            )
        return "".join(stdout)

    def frame(self, expression, name):
        """Evaluates a Rust expression returning a DataFrame; reads it back with pandas (CSV)."""
        import pandas as pd

        path = self.scratch / f"{name}.csv"
        self.run(f'write_csv(&{expression}, r"{path}")?;')
        return pd.read_csv(path)

    def numbers(self, code):
        """Runs code that prints `key=value` lines; returns them as a dict of floats."""
        out = self.run(code)
        pairs = (line.split("=", 1) for line in out.strip().splitlines() if "=" in line)
        return {k.strip(): float(v) for k, v in pairs}

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

"""A live sdia kernel for tests that compare the library with pandas/scipy on the same data.

`run(code)` executes Rust in the session and returns its standard output; a failing cell fails
the test with the kernel's error report.
"""

import pathlib

from jupyter_client.manager import start_new_kernel

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "notebooks" / "data"


class Session:
    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="sdia", startup_timeout=180)

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

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

"""A real JupyterLab (from .venv) driven by Debian's Chromium through Playwright, for
test_browser.py: what a student sees, read from JupyterLab's DOM.

`JupyterLab` starts `jupyter lab` on a free port of 127.0.0.1 with a random token, in a copy of
notebooks/, and stops it with its whole process group (kernels included). `NotebookPage` opens one
notebook in its own JupyterLab workspace and acts as a student does: command palette, keyboard,
toolbar buttons. Each step can save a screenshot under tests/output/browser/ (gitignored).
"""

import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
NOTEBOOKS = ROOT / "notebooks"
OUTPUT = ROOT / "tests" / "output" / "browser"
CHROMIUM = "/usr/bin/chromium"
# The machine's network is closed: nothing in Chromium may try to reach the outside.
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root here
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """`jupyter lab` from .venv, serving a scratch copy of notebooks/ (root_dir)."""

    def __init__(self, workdir: pathlib.Path, startup_timeout=120):
        self.root = workdir / "notebooks"
        shutil.copytree(NOTEBOOKS, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        # Own settings and workspaces: a user's JupyterLab settings don't leak into the tests.
        settings = workdir / "lab-settings"
        # JupyterLab asks "Would you like to get notified about official Jupyter news?" in a
        # toast over the notebook; the answer "no" as a student would click it, written beforehand.
        notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        notification.parent.mkdir(parents=True)
        notification.write_text('{"fetchNews": "false"}')
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(workdir / "lab-workspaces"))
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.log_path = OUTPUT / "jupyterlab.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(VENV / "bin" / "jupyter"), "lab", "--no-browser",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
             f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
             "--allow-root"],
            cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            self._wait_until_it_answers(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_it_answers(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"jupyter lab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        raise AssertionError(f"jupyter lab did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def api(self, method, path, timeout=30):
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        """Shuts down every kernel the server runs (2 cores: one kernel at a time)."""
        for kernel in self.api("GET", "/api/kernels"):
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=60)
            except urllib.error.HTTPError:
                pass

    def page_url(self, workspace, notebook):
        # A workspace per notebook, reset: only that notebook is open, whatever ran before.
        return f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def stop(self):
        if self.process.poll() is None:
            try:
                self.shut_down_kernels()
            except Exception:
                pass
            # The whole process group: the server, and any kernel it still has.
            for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # leftovers of the group, if any
        except ProcessLookupError:
            pass
        self._log.close()


class NotebookPage:
    """One notebook open in JupyterLab, in a browser page of its own."""

    def __init__(self, lab: JupyterLab, context, notebook: str, workspace: str, shots: "Screenshots"):
        self.lab, self.notebook, self.shots = lab, notebook, shots
        self.source = json.loads((lab.root / notebook).read_text())
        self.page = context.new_page()
        self.page.goto(lab.page_url(workspace, notebook))
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=90_000)
        self.opened_at = time.monotonic()  # JupyterLab starts the kernel as it opens it
        self.notebook_locator = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")

    # --- reading the page -------------------------------------------------------------------
    def code_sources(self):
        return ["".join(c["source"]) for c in self.source["cells"] if c["cell_type"] == "code"]

    def code_cells(self):
        return self.notebook_locator.locator(".jp-CodeCell")

    def kernel_name_locator(self):
        """The toolbar's kernel indicator (a click opens the kernel picker)."""
        return self.page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName")

    def kernel_name(self):
        """The kernel's name as the notebook toolbar shows it ("No Kernel" before a session has one)."""
        return self.kernel_name_locator().inner_text().strip()

    def status(self):
        """The kernel's status, as the notebook toolbar's indicator shows it (data-status)."""
        return self.page.locator(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator").get_attribute(
            "data-status"
        )

    def prompts(self):
        """Input prompts of the code cells: '[3]:', '[*]:' (running or queued), '[ ]:'."""
        return [p.strip() for p in self.code_cells().locator(".jp-InputPrompt").all_text_contents()]

    def wait_for(self, what, predicate, timeout, shot):
        """Polls `predicate` (returns a truthy value when done) until `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                path = self.shots.take(self.page, shot)
                raise AssertionError(f"{what}: not within {timeout} s (screenshot: {path})")
            time.sleep(0.25)

    def wait_until_rendered(self, timeout=60):
        """Every cell of the file is in the DOM (JupyterLab adds them in batches), a kernel is
        attached (the toolbar names one: it says "No Kernel" while the session starts, with an
        execution indicator that may already read idle) and it answers (idle)."""
        expected = len(self.source["cells"])
        self.wait_for(
            f"{self.notebook}: {expected} cells rendered, a kernel attached and idle",
            lambda: self.notebook_locator.locator(".jp-Cell").count() >= expected
            and self.kernel_name() not in ("", "No Kernel")
            and self.status() == "idle",
            timeout, f"{self.shots.prefix(self.notebook)}-not-ready",
        )

    # --- acting -------------------------------------------------------------------------------
    def command(self, label):
        """Runs a command through the command palette (Ctrl+Shift+C), by its exact label."""
        self.page.keyboard.press("Control+Shift+C")
        palette = self.page.locator(".lm-CommandPalette")
        palette.locator(".lm-CommandPalette-input").fill(label)
        item = palette.locator(".lm-CommandPalette-item", has=self.page.locator(
            ".lm-CommandPalette-itemLabel", has_text=re.compile(rf"^{re.escape(label)}$")))
        item.first.click()

    def focus_notebook(self):
        self.notebook_locator.locator(".jp-Cell").first.click(position={"x": 5, "y": 5})
        self.page.keyboard.press("Escape")  # command mode

    def append_code_cell(self):
        """A new code cell after the last one, in edit mode (Esc, B as a student types them)."""
        last = self.notebook_locator.locator(".jp-Cell").last
        last.scroll_into_view_if_needed()
        last.click(position={"x": 5, "y": 5})
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        self.page.keyboard.press("Enter")
        # By position, not `.last`: a locator is resolved at each use, and running the cell with
        # Shift+Enter adds another one below it.
        cells = self.notebook_locator.locator(".jp-Cell")
        self.wait_for("a new cell added", lambda: cells.count() > 0, 10,
                      f"{self.shots.prefix(self.notebook)}-no-cell")
        cell = cells.nth(cells.count() - 1)
        self.wait_for("a new cell in edit mode",
                      lambda: cell.locator(".cm-content").evaluate("e => e === document.activeElement"),
                      10, f"{self.shots.prefix(self.notebook)}-new-cell")
        return cell

    def set_text(self, text):
        """Replaces the text of the cell being edited, typed key by key."""
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def close(self):
        self.page.close()


class Screenshots:
    """Numbered PNGs in tests/output/browser/, one a step."""

    def __init__(self, folder=OUTPUT):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        self.count = 0

    @staticmethod
    def prefix(notebook):
        return notebook.split("-", 1)[0]

    def take(self, page, name):
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        try:
            page.screenshot(path=str(path))
        except Exception as error:  # a screenshot must never hide the failure it documents
            return f"{path} (not saved: {error})"
        return path.relative_to(ROOT)

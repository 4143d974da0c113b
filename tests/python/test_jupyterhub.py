"""A class on one server: a real JupyterHub on 127.0.0.1 serves two students at once.

The hub (PyPI's jupyterhub, with npm's configurable-http-proxy installed by tests/hub/setup.sh)
starts each student's Jupyter server under the student's own Unix account, as a class server
does. Both servers use the one shared install: the library built once in `$SDIA_HOME`, the
kernelspec of the virtual environment, the toolchain. Through the hub only (its REST API and the
proxy, with a service token), each student's server gets a notebook, runs it cell by cell in an
sdia kernel, both at the same time, and the checks are those a teacher cares about: every cell
answers as in a one-person install, Tab works, each kernel runs as its student, a student's
session directory is out of the other's reach, and the shared install is not written to. The
memory each student costs is written to tests/output/jupyterhub-memory.txt.
"""

import json
import os
import pathlib
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid

import psutil
import pytest
import requests
import websocket

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
PROXY = ROOT / "tests/hub/node_modules/.bin/configurable-http-proxy"
OUTPUT = ROOT / "tests/output"
USERS = ("sdia-hub-a", "sdia-hub-b")
NOTEBOOK = "00-bienvenue.ipynb"
SDIA_HOME = pathlib.Path(os.environ.get("SDIA_HOME", pathlib.Path.home() / ".local/share/sdia"))
USES_ANALYSIS = True  # a student's kernel as JupyterLab starts it: Tab is part of the check


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready_for_the_hub():
    """Why this machine cannot run the test, or None."""
    if os.geteuid() != 0:
        return "the hub must run as root to start servers as the students' accounts"
    if not PROXY.exists():
        return f"{PROXY} is missing"
    missing = [user for user in USERS if not _exists(user)]
    if missing:
        return f"class accounts {missing} do not exist"
    return None


def _exists(user):
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


def toolchain_homes():
    """RUSTUP_HOME and CARGO_HOME of the install: the students' kernels use the same ones
    (read-only), as a class server's spawner environment says."""
    home = pathlib.Path.home()
    return {
        "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", str(home / ".rustup")),
        "CARGO_HOME": os.environ.get("CARGO_HOME", str(home / ".cargo")),
    }


class Hub:
    """A JupyterHub process and the admin service token that drives it."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        config = workdir / "jupyterhub_config.py"
        config.write_text(self._config())
        self.log = open(workdir / "hub.log", "w")
        self.process = subprocess.Popen(
            [str(VENV / "bin/jupyterhub"), "-f", str(config)],
            cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PATH": f"{VENV / 'bin'}:{os.environ['PATH']}"},
        )
        self._wait_until_up()

    def _config(self):
        environment = {**toolchain_homes(), "SDIA_HOME": str(SDIA_HOME)}
        return f"""
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.db_url = "sqlite:///{self.workdir}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{self.workdir}/cookie_secret"
c.JupyterHub.authenticator_class = "null"
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.cleanup_servers = True
c.Spawner.cmd = [{str(VENV / "bin/jupyterhub-singleuser")!r}]
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.services = [{{"name": "class-driver", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "class-driver",
    "scopes": ["admin:users", "admin:servers", "access:servers"],
    "services": ["class-driver"],
}}]
"""

    def _wait_until_up(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the hub exited:\n{self.log_text()}"
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not answer within 90 s:\n{self.log_text()}")

    def log_text(self):
        self.log.flush()
        return (self.workdir / "hub.log").read_text()[-4000:]

    def api(self, method, path, **kwargs):
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=60, **kwargs)

    def start_server(self, user):
        self.api("POST", f"/hub/api/users/{user}").raise_for_status()
        started = self.api("POST", f"/hub/api/users/{user}/server")
        assert started.status_code in (201, 202), started.text
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            model = self.api("GET", f"/hub/api/users/{user}").json()
            if model.get("servers", {}).get("", {}).get("ready"):
                return
            time.sleep(1)
        raise AssertionError(f"{user}'s server was not ready in 180 s:\n{self.log_text()}")

    def server(self, user, method, path, **kwargs):
        """A request to `user`'s Jupyter server, through the proxy."""
        return self.api(method, f"/user/{user}{path}", **kwargs)

    def stop(self):
        """Stops the students' servers through the hub, then the hub and its proxy by pid."""
        for user in USERS:
            try:
                self.api("DELETE", f"/hub/api/users/{user}/server")
            except requests.RequestException:
                pass
        proxy_pid = self.workdir / "jupyterhub-proxy.pid"
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if proxy_pid.exists():
            try:
                os.kill(int(proxy_pid.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        for process in students_processes():
            process.kill()
        self.log.close()


def students_processes():
    found = []
    for process in psutil.process_iter(["username"]):
        if process.info["username"] in USERS:
            found.append(process)
    return found


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    reason = ready_for_the_hub()
    if reason:
        message = f"{reason}: run tests/hub/setup.sh as root (tests/run.sh does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    for process in students_processes():  # left by an earlier, interrupted run
        process.kill()
    hub = Hub(tmp_path_factory.mktemp("jupyterhub"))
    try:
        for user in USERS:
            hub.start_server(user)
        yield hub
    finally:
        hub.stop()


class KernelChannel:
    """An sdia kernel of a student's server, spoken to over the server's websocket."""

    def __init__(self, hub, user, notebook):
        session = hub.server(user, "POST", "/api/sessions", json={
            "path": notebook, "type": "notebook", "kernel": {"name": "sdia"}})
        assert session.status_code == 201, session.text
        self.kernel_id = session.json()["kernel"]["id"]
        url = f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{self.kernel_id}/channels"
        self.socket = websocket.create_connection(
            url, header=[f"Authorization: token {hub.token}"], timeout=600)
        self.session = uuid.uuid4().hex
        self.user = user

    def request(self, msg_type, content):
        """Sends one shell request; returns its reply and the iopub messages it caused."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                       "username": self.user, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": [],
        }))
        reply, iopub, idle = None, [], False
        while reply is None or not idle:
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if message["channel"] == "shell":
                reply = message
            elif message["channel"] == "iopub":
                kind = message["header"]["msg_type"]
                if kind == "status":
                    idle = message["content"]["execution_state"] == "idle"
                else:
                    iopub.append(message)
        return reply, iopub

    def execute(self, code):
        return self.request("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False})

    def text_of(self, iopub):
        parts = []
        for message in iopub:
            content = message["content"]
            if message["header"]["msg_type"] == "stream":
                parts.append(content["text"])
            elif "data" in content:
                parts.append(content["data"].get("text/plain", ""))
            elif message["header"]["msg_type"] == "error":
                parts.append("\n".join(content["traceback"]))
        return "".join(parts)

    def close(self):
        self.socket.close()


def run_notebook(hub, user, notebook, results):
    """Runs every code cell of `notebook` in `user`'s server; records what each cell did."""
    started = time.monotonic()
    channel = KernelChannel(hub, user, notebook)
    model = hub.server(user, "GET", f"/api/contents/{notebook}").json()["content"]
    cells = []
    for cell in model["cells"]:
        if cell["cell_type"] != "code":
            continue
        reply, iopub = channel.execute(cell["source"])
        expected = "error" if "raises-exception" in cell["metadata"].get("tags", []) else "ok"
        cells.append((cell["source"].splitlines()[0], expected, reply["content"]["status"],
                      channel.text_of(iopub)))
    results[user] = {"cells": cells, "started": started, "ended": time.monotonic(),
                     "channel": channel}


@pytest.fixture(scope="module")
def class_run(hub):
    """Both students' notebooks, uploaded through their servers and run at the same time."""
    notebook = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text())
    for user in USERS:
        saved = hub.server(user, "PUT", f"/api/contents/{NOTEBOOK}",
                           json={"type": "notebook", "format": "json", "content": notebook})
        assert saved.status_code in (200, 201), saved.text
    results = {}
    threads = [threading.Thread(target=run_notebook, args=(hub, user, NOTEBOOK, results))
               for user in USERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    assert set(results) == set(USERS), f"runs that did not finish: {set(USERS) - set(results)}"
    yield results
    for result in results.values():
        result["channel"].close()


def test_both_students_run_the_notebook_at_the_same_time(class_run):
    for user, result in class_run.items():
        wrong = [(first, expected, status, text[-600:])
                 for first, expected, status, text in result["cells"] if status != expected]
        assert not wrong, f"{user}: cells that did not answer as expected: {wrong}"
        assert len(result["cells"]) >= 5, f"{user}: only {len(result['cells'])} code cells ran"
    a, b = (class_run[user] for user in USERS)
    assert a["started"] < b["ended"] and b["started"] < a["ended"], "the two runs did not overlap"
    # The first cell's value, computed independently: 12.5 + 8 + 15.25 + 9.75.
    for user, result in class_run.items():
        first = result["cells"][0]
        assert first[3].strip() == str(12.5 + 8.0 + 15.25 + 9.75), (user, first)


def test_tab_completes_library_names_for_a_student(class_run):
    """The kernel's analysis reads the shared install (library sources, cargo's registry)
    read-only and still answers: `describ` completes to the library's `describe`."""
    channel = class_run[USERS[0]]["channel"]
    deadline = time.monotonic() + 240
    matches = []
    while time.monotonic() < deadline:
        reply, _ = channel.request("complete_request", {"code": "describ", "cursor_pos": 7})
        matches = reply["content"]["matches"]
        if "describe" in matches:
            return
        time.sleep(3)
    raise AssertionError(f"no `describe` among {matches[:20]} after 240 s")


def kernel_processes(user):
    return [p for p in students_processes()
            if p.info["username"] == user and p.name() == "sdia-kernel"
            and not parent_is_a_kernel(p)]


def session_dirs(user):
    home = pathlib.Path(pwd.getpwnam(user).pw_dir)
    root = home / ".cache/sdia/sessions"
    return sorted(root.iterdir()) if root.is_dir() else []


def test_each_kernel_runs_as_its_student_in_a_private_session_directory(class_run):
    for user in USERS:
        assert kernel_processes(user), f"no sdia-kernel process runs as {user}"
        dirs = session_dirs(user)
        assert dirs, f"{user} has no session directory in ~/.cache/sdia/sessions"
        for path in dirs:
            info = path.stat()
            assert info.st_uid == pwd.getpwnam(user).pw_uid, path
            assert info.st_mode & 0o077 == 0, f"{path} is open to others: {info.st_mode:o}"
    # Nothing of the students' sessions went into the shared install.
    shared = SDIA_HOME / "sessions"
    theirs = [p for p in (shared.iterdir() if shared.is_dir() else [])
              if p.stat().st_uid in {pwd.getpwnam(u).pw_uid for u in USERS}]
    assert not theirs, f"students' sessions written into the shared {shared}: {theirs}"


def test_a_student_cannot_read_the_other_students_session_or_notebook(class_run):
    a, b = USERS
    channel = class_run[a]["channel"]
    other_session = session_dirs(b)[0]
    other_notebook = pathlib.Path(pwd.getpwnam(b).pw_dir) / NOTEBOOK
    code = (
        f'for path in [{json.dumps(str(other_session))}, {json.dumps(str(other_session / "analysis"))}] {{\n'
        f'    println!("{{path}}: {{:?}}", std::fs::read_dir(path).map(|_| "listed").map_err(|e| e.kind()));\n'
        f'}}\n'
        f'println!("notebook: {{:?}}", std::fs::read({json.dumps(str(other_notebook))}).map(|_| "read").map_err(|e| e.kind()));'
    )
    reply, iopub = channel.execute(code)
    text = channel.text_of(iopub)
    assert reply["content"]["status"] == "ok", text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 3, text
    for line in lines:
        assert line.endswith("Err(PermissionDenied)"), f"{a} reached {b}'s files: {line}"
    # And the other way round the files exist: the refusal is about the owner, not a wrong path.
    assert other_session.is_dir() and other_notebook.is_file()


def parent_is_a_kernel(process):
    try:
        parent = process.parent()
        return parent is not None and parent.name() == "sdia-kernel"
    except psutil.NoSuchProcess:
        return False


def pss_mb(process):
    try:
        return process.memory_full_info().pss / 1e6
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


def test_memory_per_student_is_reported(class_run):
    rows = []
    for user in USERS:
        by_role = {"jupyter server": 0.0, "sdia-kernel": 0.0, "cell process and cargo": 0.0}
        for process in students_processes():
            if process.info["username"] != user:
                continue
            command = " ".join(process.cmdline())
            if "jupyterhub-singleuser" in command:
                role = "jupyter server"
            elif process.name() == "sdia-kernel" and not parent_is_a_kernel(process):
                role = "sdia-kernel"
            else:  # evcxr's cell process is the kernel's binary, started by the kernel
                role = "cell process and cargo"
            by_role[role] += pss_mb(process)
        rows.append((user, by_role))
    OUTPUT.mkdir(exist_ok=True)
    lines = ["memory per student (PSS, MB), after the notebook and the first Tab",
             "user         jupyter server  sdia-kernel  cell process+cargo  total"]
    for user, by_role in rows:
        values = list(by_role.values())
        lines.append(f"{user:<12} {values[0]:>14.0f} {values[1]:>12.0f} {values[2]:>19.0f}"
                     f" {sum(values):>6.0f}")
    (OUTPUT / "jupyterhub-memory.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    for user, by_role in rows:
        assert by_role["sdia-kernel"] > 10, f"{user}'s kernel was not measured: {by_role}"
        assert by_role["jupyter server"] > 10, f"{user}'s server was not measured: {by_role}"

"""A real Spark Connect server on 127.0.0.1, from the pyspark package of the test venv.

pyspark (pinned in requirements/test.lock) bundles Spark's jars, among them the Spark Connect
server's. `SparkServer` starts it with spark-submit on Debian's OpenJDK, in `local-cluster` mode
(a master, a driver and two executor JVMs of 1 GB, so that jobs really cross processes), on a
free port, waits until it says it listens, and stops it by its process group id.
"""

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

STARTED = "Spark Connect server started at"


def pyspark_home():
    import pyspark

    return pathlib.Path(pyspark.__file__).resolve().parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SparkServer:
    def __init__(self, executors=2, timeout=240):
        home = pyspark_home()
        jars = sorted((home / "jars").glob("spark-connect_*.jar"))
        if not jars:
            raise RuntimeError(f"no spark-connect jar in {home / 'jars'}: is pyspark 4.x installed?")
        if shutil.which("java") is None:
            raise RuntimeError("no java on PATH: tests/spark/setup.sh installs OpenJDK")
        self.port = free_port()
        self.remote = f"sc://127.0.0.1:{self.port}"
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="sdia-spark-"))
        self.log_path = self.work / "server.log"
        env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1",
                   PYSPARK_PYTHON=sys.executable)
        command = [
            str(home / "bin" / "spark-submit"),
            "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
            "--master", f"local-cluster[{executors},1,1024]",
            "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
            "--conf", f"spark.connect.grpc.binding.port={self.port}",
            "--conf", "spark.ui.enabled=false",
            "--conf", f"spark.local.dir={self.work}",
            "--conf", f"spark.sql.warehouse.dir={self.work / 'warehouse'}",
            "--jars", str(jars[0]),
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=self.work, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        started = time.monotonic()
        self.start_seconds = None
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Spark Connect server exited:\n{self.log()[-3000:]}")
            if STARTED in self.log():
                self.start_seconds = time.monotonic() - started
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the Spark Connect server did not start in {timeout} s:\n"
                           f"{self.log()[-3000:]}")

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.work, ignore_errors=True)

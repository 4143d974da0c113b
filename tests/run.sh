#!/usr/bin/env bash
# Runs every test of sdia: sets up what it needs (install.sh --no-lab, test tools in .venv),
# then formatting, kernel unit and protocol tests over ZeroMQ, library unit tests and
# doctests, jupyter_kernel_test, and the notebooks executed headless.
set -euo pipefail
cd "$(dirname "$0")/.."
export SDIA_HOME="${SDIA_HOME:-$HOME/.local/share/sdia}"

./install.sh --no-lab
# Test tools at the versions pinned in requirements/test.lock (refresh: requirements/refresh.sh).
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements/test.lock
# Browser tests (tests/python/test_browser.py) drive Debian's chromium: Playwright downloads none.
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium </dev/null
fi

# Spark from a cell (tests/python/test_spark.py): a Spark Connect server from the pinned pyspark,
# on Debian's OpenJDK.
if ! command -v java >/dev/null; then
  echo "==> installing Debian's OpenJDK 17 for the Spark tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless </dev/null
fi

# A class on one server (tests/python/test_jupyterhub.py): JupyterHub's proxy, two class accounts.
if [ "$(id -u)" -eq 0 ]; then
  tests/hub/setup.sh
else
  echo "==> not root: the JupyterHub test will be skipped (it creates class accounts)"
fi

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> kernel: unit tests and protocol tests (real binary over ZeroMQ)"
cargo test --release --locked -p sdia-kernel -- --test-threads=1

echo "==> library: unit tests and doctests (same build as the kernel's library)"
LD_LIBRARY_PATH="$(rustc --print target-libdir)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
CARGO_TARGET_DIR="$SDIA_HOME/target" RUSTFLAGS="-Cprefer-dynamic" RUSTDOCFLAGS="-Cprefer-dynamic" \
  cargo test --release --locked -p sdia

echo "==> Jupyter clients: jupyter_kernel_test, nbclient, nbconvert"
.venv/bin/python -m pytest -q tests/python

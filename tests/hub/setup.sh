#!/usr/bin/env bash
# Prepares this machine for tests/python/test_jupyterhub.py: JupyterHub's proxy (npm, pinned in
# tests/hub/package-lock.json), two class accounts, and read access for them to the one install
# (toolchain, library, virtual environment) that every user of a class server shares.
#
#   tests/hub/setup.sh        (as root; tests/run.sh calls it; a second run changes nothing)
#
# The accounts are real Unix users, as on a class server: JupyterHub's local spawner starts each
# student's server under the student's own uid, which is what keeps one student's session out of
# another's reach. On this machine the toolchain and the library live under /root (mode 0700):
# each class account gets the right to traverse (x, not list) the folders on the way, by ACL, and
# nothing else. A class server installs them under /opt instead (docs/jupyterhub.md).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
USERS=(sdia-hub-a sdia-hub-b)
export SDIA_HOME="${SDIA_HOME:-$HOME/.local/share/sdia}"

if [ "$(id -u)" -ne 0 ]; then
  echo "tests/hub/setup.sh: needs root (it creates the class accounts); the JupyterHub test will not run" >&2
  exit 1
fi

echo "==> JupyterHub's proxy (configurable-http-proxy, npm ci)"
if [ ! -x node_modules/.bin/configurable-http-proxy ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error </dev/null
fi

command -v setfacl >/dev/null || {
  apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends acl </dev/null
}

echo "==> class accounts: ${USERS[*]}"
for user in "${USERS[@]}"; do
  if ! id "$user" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$user"
  fi
  chmod 0700 "/home/$user"
done

# Folders every class account must reach: the shared install and the one it was built with.
python_bin="$(readlink -f "$ROOT/.venv/bin/python")"
rustc_bin="$(readlink -f "$(command -v rustc)")"
shared=("$SDIA_HOME" "$ROOT" "$(dirname "$python_bin")" "$(dirname "$rustc_bin")"
        "${RUSTUP_HOME:-$HOME/.rustup}" "${CARGO_HOME:-$HOME/.cargo}")
for path in "${shared[@]}"; do
  [ -e "$path" ] || continue
  dir="$(readlink -f "$path")"
  while [ "$dir" != "/" ]; do
    # A folder that others can't traverse gets x for the class accounts only.
    if [ "$(( $(stat -c '%#a' "$dir") & 1 ))" -eq 0 ]; then
      for user in "${USERS[@]}"; do setfacl -m "u:$user:x" "$dir"; done
    fi
    dir="$(dirname "$dir")"
  done
done
echo "ready"

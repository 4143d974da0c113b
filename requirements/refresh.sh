#!/usr/bin/env bash
# Re-resolves the pinned Python tools: lab.txt -> lab.lock, test.txt -> test.lock.
#
#   requirements/refresh.sh          resolve both, check them, then replace the locks
#   PYTHON=python3.12 requirements/refresh.sh   resolve for another interpreter
#
# Each lock is the `pip freeze` of a throwaway venv into which pip installed the .txt file's
# requirements (newest versions allowed by the .txt). test.lock is resolved with lab.lock as
# constraints, so the tools both share keep one version. Both locks are then installed into
# fresh venvs, with `pip check`, before they replace the old ones: a lock that does not install
# is never written. Run it after editing a .txt file, or to take newer releases; review the
# diff, then run ./tests/run.sh.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
pip_quiet=(-q --disable-pip-version-check)

venv() { "$PYTHON" -m venv "$WORK/$1"; } # with the venv's own pip, as install.sh uses it

freeze() { # venv name, lock name, source description
  {
    echo "# Pinned from $3 by requirements/refresh.sh on $(date -u +%Y-%m-%d)"
    echo "# ($("$WORK/$1/bin/python" -c 'import platform; print(platform.python_implementation(), platform.python_version(), platform.machine())')). Do not edit: edit $3 and run refresh.sh."
    "$WORK/$1/bin/python" -m pip freeze --all --exclude pip
  } >"$WORK/$2"
}

echo "==> resolving lab.txt"
venv lab
"$WORK/lab/bin/python" -m pip install "${pip_quiet[@]}" -r lab.txt
freeze lab lab.lock lab.txt

echo "==> resolving test.txt (with lab.lock as constraints)"
venv test
"$WORK/test/bin/python" -m pip install "${pip_quiet[@]}" -r test.txt -c "$WORK/lab.lock"
freeze test test.lock test.txt

for lock in lab.lock test.lock; do
  echo "==> checking $lock in a fresh venv"
  venv "check-$lock"
  "$WORK/check-$lock/bin/python" -m pip install "${pip_quiet[@]}" -r "$WORK/$lock"
  "$WORK/check-$lock/bin/python" -m pip check
done

for lock in lab.lock test.lock; do
  if [ -f "$lock" ] && diff -q <(grep -v '^#' "$lock") <(grep -v '^#' "$WORK/$lock") >/dev/null; then
    echo "$lock: unchanged"
  else
    cp "$WORK/$lock" "$lock.new" && mv "$lock.new" "$lock"
    echo "$lock: updated ($(grep -vc '^#' "$lock") packages)"
  fi
done

#!/usr/bin/env bash
# Sets up sdia on a Debian machine that has the Rust toolchain, then opens JupyterLab on
# notebooks/. A second run only redoes what changed.
#
#   ./install.sh            set up, then open JupyterLab
#   ./install.sh --no-lab   set up only (CI=true implies it)
#
# What it does: Debian packages (libzmq, lld, pkg-config, protoc for the Spark client), the kernel (release build), the
# course library built once as a shared library in $SDIA_HOME (default ~/.local/share/sdia),
# the Jupyter kernelspec "sdia", JupyterLab and papermill in .venv/ (versions pinned in
# requirements/lab.lock) with sdia's papermill translator, and a warm-up run of one cell.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export SDIA_HOME="${SDIA_HOME:-$HOME/.local/share/sdia}"
LAB=1
for arg in "$@"; do
  case "$arg" in
    --no-lab) LAB=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
[ "${CI:-}" = "true" ] && LAB=0
step() { printf '\n==> %s\n' "$*"; }

step "System packages"
need=()
for pkg in libzmq3-dev pkg-config lld protobuf-compiler; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" </dev/null
else
  echo "already installed"
fi
# std's sources, for completion and documentation of std items in cells: rustup's rust-src
# component when installed, else Debian's package (the newest Rust it has).
if command -v rustc >/dev/null && [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/core" ] \
   && ! ls -d /usr/src/rustc-*/library/core >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  apt-cache show rust-web-src >/dev/null 2>&1 || $SUDO apt-get update -qq </dev/null
  for src_pkg in rust-web-src rust-src; do
    if apt-cache show "$src_pkg" >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$src_pkg" </dev/null && break
    fi
  done
  ls -d /usr/src/rustc-*/library/core >/dev/null 2>&1 \
    || echo "install.sh: no Rust sources found: completion of std items will be limited" >&2
fi
command -v cargo >/dev/null || { echo "install.sh: cargo not found: install the Rust toolchain (rustup) first" >&2; exit 1; }
# The analysis reads std's sources as a cargo workspace (their Cargo.lock): the crates std depends
# on must be in cargo's cache, since kernels run cargo offline. Without them std is not analysed:
# no Tab on String or Vec, and cells with closures or `Vec::new()` lose their inferred types.
rust_lib_src="$(rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library"
[ -f "$rust_lib_src/Cargo.toml" ] \
  || rust_lib_src="$(ls -d /usr/src/rustc-*/library 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$rust_lib_src" ] && [ -f "$rust_lib_src/Cargo.lock" ]; then
  # std's manifest uses nightly cargo features: RUSTC_BOOTSTRAP lets stable cargo read it.
  RUSTC_BOOTSTRAP=1 cargo fetch --locked --manifest-path "$rust_lib_src/Cargo.toml" -q </dev/null \
    || echo "install.sh: cannot fetch the crates std's sources depend on: completion of std items will be limited" >&2
fi

step "Kernel (release build)"
cargo build --release --locked -p sdia-kernel
mkdir -p "$SDIA_HOME/bin"
install -m 755 target/release/sdia-kernel "$SDIA_HOME/bin/sdia-kernel.new"
mv "$SDIA_HOME/bin/sdia-kernel.new" "$SDIA_HOME/bin/sdia-kernel"

step "Course library (built once, shared by every session)"
# One dylib with polars & co inside; cells link against it and never rebuild it.
CARGO_TARGET_DIR="$SDIA_HOME/target" RUSTFLAGS="-Cprefer-dynamic" \
  cargo build --release --locked -p sdia

step "Library sources for completion and documentation ($SDIA_HOME/source)"
# The kernel's analysis reads them: a copy, so the kernel does not depend on this checkout.
rm -rf "$SDIA_HOME/source.new" && mkdir -p "$SDIA_HOME/source.new"
tar -C "$ROOT" --exclude=target -cf - stdlib Cargo.lock | tar -C "$SDIA_HOME/source.new" -xf -
sed 's/^members = .*/members = ["stdlib"]/' Cargo.toml >"$SDIA_HOME/source.new/Cargo.toml"
rm -rf "$SDIA_HOME/source" && mv "$SDIA_HOME/source.new" "$SDIA_HOME/source"

step "JupyterLab and papermill (.venv, pinned in requirements/lab.lock)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements/lab.lock
# papermill's translator for Rust (built with the pinned setuptools of the lock).
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation \
  --force-reinstall ./python/sdia_papermill

step "Kernelspec"
"$SDIA_HOME/bin/sdia-kernel" install --user
"$SDIA_HOME/bin/sdia-kernel" install --prefix "$ROOT/.venv" >/dev/null

step "Warm-up: one cell through Jupyter"
.venv/bin/python tests/python/warmup.py

if [ "$LAB" = 1 ]; then
  step "Opening JupyterLab on notebooks/"
  exec .venv/bin/jupyter lab --notebook-dir="$ROOT/notebooks"
fi
echo
echo "sdia is ready. Open JupyterLab with: .venv/bin/jupyter lab notebooks/"

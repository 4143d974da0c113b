#!/usr/bin/env bash
# Installs stock evcxr_jupyter 0.22 (kernelspec "rust") for the comparison in kernel_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v evcxr_jupyter >/dev/null || cargo install --locked evcxr_jupyter --version 0.22.0
evcxr_jupyter --install

#!/usr/bin/env bash
# Install runlytics in .venv (created if missing) and run the main job on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/runlytics demo "$@"

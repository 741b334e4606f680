#!/usr/bin/env bash
# Lint, type-check and run the test suite in a virtual environment of its own (.venv), created
# if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
.venv/bin/ruff check runlytics tests benchmarks
.venv/bin/mypy runlytics
.venv/bin/python -m pytest "$@"

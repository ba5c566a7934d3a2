#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: ruff, import-linter contracts, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== PySide6 自检"
.venv/bin/python ../shared/checks/pyside_none_refcount.py 2>/dev/null \
  || .venv/bin/python tests/checks/pyside_none_refcount.py
echo "== ruff"
.venv/bin/ruff check qjtasks tests bench
echo "== import-linter"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest -q "$@"

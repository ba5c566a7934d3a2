#!/usr/bin/env bash
# The window's tests on the newest Python this machine has (pyenv, or python3.13/3.12 on PATH),
# with what pip picks there (PySide6 6.12 on 3.13): a crash when the last window closes — the
# "shared QObject was deleted directly" segfault seen on 3.13 — fails this script, as it would
# fail a user's start-up. Skipped (exit 0, with a line saying so) when only 3.11 is present.
set -euo pipefail
cd "$(dirname "$0")/.."
newest=""
for v in 3.14 3.13 3.12; do
  for candidate in "$HOME/.pyenv/versions/$v"*/bin/python "$(command -v "python$v" || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then newest="$candidate"; break 2; fi
  done
done
if [ -z "$newest" ]; then
  echo "== 最新版 Python：本机只有 $(python3 --version 2>&1)，跳过"
  exit 0
fi
echo "== 窗口测试在 $("$newest" --version 2>&1) 上运行（.venv-newest）"
if [ ! -x .venv-newest/bin/python ] || ! .venv-newest/bin/python -c "import qjtasks, PySide6" 2>/dev/null; then
  rm -rf .venv-newest
  "$newest" -m venv .venv-newest
  .venv-newest/bin/python -m pip install -q --upgrade pip
  .venv-newest/bin/python -m pip install -q -e ".[test]"
fi
.venv-newest/bin/python -c "import PySide6; print('PySide6', PySide6.__version__)"
QT_QPA_PLATFORM=offscreen .venv-newest/bin/python -m pytest -q -p no:cacheprovider tests/gui "$@"

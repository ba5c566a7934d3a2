#!/usr/bin/env bash
# Set up (if needed) and start qjtasks on its default database (seeded with the reply-024
# case on first start). With arguments, runs the command line instead: scripts/run.sh list
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ $# -gt 0 ]; then
  exec .venv/bin/qjtasks "$@"
fi
if [ -x .venv/bin/qjtasks-gui ] && .venv/bin/python -c 'import qjtasks.gui.app' 2>/dev/null; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    echo "未检测到图形界面，在虚拟屏幕 (Xvfb) 上启动" >&2
    exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/qjtasks-gui
  fi
  exec .venv/bin/qjtasks-gui
fi
exec .venv/bin/qjtasks list

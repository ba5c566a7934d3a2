#!/bin/sh
# Build the standalone one-folder program into dist/qjtasks/ with PyInstaller.
# Usage (from anywhere): build/build.sh [PYTHON]   (default: /tmp/venv/bin/python, else python3)
# Needs the `build` extra: pip install -e '.[build]'  (or: pip install pyinstaller).
# Install on a Linux desktop: copy dist/qjtasks to /opt/qjtasks, build/qjtasks.desktop to
# /usr/share/applications/ and resources/icons/qjtasks.png to
# /usr/share/icons/hicolor/256x256/apps/ (or run build/install-desktop.sh as root).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${1:-/tmp/venv/bin/python}
[ -x "$PY" ] || PY=python3
cd "$ROOT"
"$PY" -c "import PyInstaller" 2>/dev/null || { echo "请先安装 PyInstaller：$PY -m pip install pyinstaller" >&2; exit 1; }
mkdir -p build/work/fonts
for f in /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; do
  [ -f "$f" ] && [ ! -f resources/fonts/$(basename "$f") ] && cp "$f" build/work/fonts/
done
[ -f resources/icons/qjtasks.png ] || QT_QPA_PLATFORM=offscreen "$PY" build/make_icon.py
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build/work/pyinstaller build/qjtasks.spec
du -sh dist/qjtasks

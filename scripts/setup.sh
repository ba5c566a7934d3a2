#!/usr/bin/env bash
# Set up everything qjtasks needs on a Debian machine: system packages (fonts, Qt's X/EGL
# libraries, poppler for PDF checks, Xvfb), a virtualenv in .venv, and the package with its
# test extras. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei poppler-utils xvfb faketime
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0)

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== 安装系统软件包：${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=""
for cand in python3.11 python3.12 python3.13 python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PY="$cand"; break
  fi
done
[ -n "$PY" ] || { echo "需要 Python 3.11 或更新版本" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "== 创建虚拟环境 .venv（$($PY --version)）"
  "$PY" -m venv .venv
fi
stamp=.venv/.qjtasks-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "== 安装 Python 依赖"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,ocr]"
  touch "$stamp"
fi

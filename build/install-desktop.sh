#!/bin/sh
# Install the built folder and the desktop entry system-wide (run as root after build.sh).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-/opt/qjtasks}
mkdir -p "$PREFIX" /usr/share/applications /usr/share/icons/hicolor/256x256/apps \
  /usr/share/icons/hicolor/scalable/apps
cp -a "$ROOT/dist/qjtasks/." "$PREFIX/"
sed "s#/opt/qjtasks#$PREFIX#g" "$ROOT/build/qjtasks.desktop" > /usr/share/applications/qjtasks.desktop
cp "$ROOT/resources/icons/qjtasks.png" /usr/share/icons/hicolor/256x256/apps/qjtasks.png
cp "$ROOT/resources/icons/qjtasks.svg" /usr/share/icons/hicolor/scalable/apps/qjtasks.svg
ln -sf "$PREFIX/qjtasks" /usr/local/bin/qjtasks

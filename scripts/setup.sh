#!/usr/bin/env bash
# Create .venv and install LightTrack into it (editable). `--test` adds what the test suite needs.
# Installs no system packages: .ci/run (as root) or your package manager does that (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
extras=""
[ "${1:-}" = "--test" ] && extras="test"
# GTK webview + tray need the gobject-introspection headers; use them when the machine has them.
if [ "$(uname -s)" = Linux ] && pkg-config --exists gobject-introspection-1.0 cairo 2>/dev/null; then
    extras="${extras:+$extras,}gtk"
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.lighttrack-installed
want="$(cat pyproject.toml | cksum) $extras"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -U pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras:+[$extras]}"
    echo "$want" > "$stamp"
fi

"""`lighttrack doctor`: one line per component, each saying what works and what doesn't."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import LightTrackError


def _display() -> str:
    if not sys.platform.startswith("linux"):
        return f"ok ({sys.platform} desktop)"
    if os.environ.get("WAYLAND_DISPLAY"):
        return f"ok (Wayland {os.environ['WAYLAND_DISPLAY']})"
    if os.environ.get("DISPLAY"):
        return f"ok (X11 {os.environ['DISPLAY']})"
    return "none: `lighttrack` runs as `lighttrack serve` (dashboard in a browser)"


def _tray() -> str:
    from .ui import shell
    return shell.tray().note


def _webview() -> str:
    from .ui import shell
    return shell.webview().note


def _notifications() -> str:
    if not sys.platform.startswith("linux"):
        return "plyer"
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "freedesktop Notify over D-Bus (with Resume / Stay paused actions)"
    if shutil.which("notify-send"):
        return "notify-send (no D-Bus session: no action buttons)"
    return "none: no D-Bus session bus and no notify-send"


def _keyring(data_dir: Path) -> str:
    from .runtime import open_vault
    try:
        return open_vault(data_dir).backend_label
    except LightTrackError as exc:
        return f"unavailable: {exc}"


def _store(data_dir: Path) -> str:
    from .runtime import store_size
    from .store.health import storage_problems
    if not (data_dir / "lighttrack.db").exists():
        problems = storage_problems(data_dir, None)
        return " ".join(problems) if problems else f"{data_dir} (empty: created on first start, encrypted)"
    problems = storage_problems(data_dir, _cipher(data_dir))
    if problems:
        return "PROBLEM: " + " ".join(problems)
    return f"{data_dir}, {store_size(data_dir) / 1024:.0f} KiB, encrypted (AES-256-GCM)"


def _cipher(data_dir: Path):
    """The folder's cipher, or None when its key can't be had (the keyring line says why)."""
    from .runtime import open_vault
    from .store.crypto import Cipher
    from .store.keys import store_key
    try:
        return Cipher(store_key(open_vault(data_dir), data_dir))
    except LightTrackError:
        return None


def _api(data_dir: Path, port: int) -> str:
    from .instance import running_port
    try:
        running = running_port(data_dir)
    except LightTrackError as exc:
        return str(exc)
    return f"{running} (running)" if running else f"{port} (not running)"


def _tracking() -> Iterator[tuple[str, str]]:
    try:
        from .tracker.doctor import lines
    except ImportError:
        return
    yield from lines()


def _autostart() -> str:
    from .autostart import doctor_line
    return doctor_line()


def report(data_dir: Path, port: int) -> Iterator[tuple[str, str]]:
    """Yield (component, verdict) pairs."""
    yield "display", _display()
    yield "tray backend", _tray()
    yield "webview backend", _webview()
    yield from _tracking()
    yield "notifications", _notifications()
    yield "keyring backend", _keyring(data_dir)
    yield "store", _store(data_dir)
    yield "API port", _api(data_dir, port)
    yield "autostart", _autostart()

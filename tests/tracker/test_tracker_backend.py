"""Backend choice, doctor lines and the layering of the tracker's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import lighttrack
from lighttrack.tracker.backend import choose_desktop
from lighttrack.tracker.doctor import lines

PACKAGE = Path(lighttrack.__file__).parent


def test_the_dummy_backend_can_be_forced():
    desktop = choose_desktop({"LIGHTTRACK_TRACKER_BACKEND": "dummy"})
    assert desktop.can_track_windows and desktop.can_detect_idle
    assert desktop.window.active() is None and desktop.idle.read().seconds == 0


def test_doctor_says_when_wayland_cannot_be_tracked():
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
           "LIGHTTRACK_TRACKER_BACKEND": "x11"}
    verdicts = dict(lines(env))
    assert verdicts["window tracking"].startswith("unavailable: Wayland (gnome)")
    assert "Focused Window D-Bus" in verdicts["window tracking"]
    assert verdicts["idle source"].startswith("unavailable")


def test_doctor_without_any_display():
    verdicts = dict(lines({"LIGHTTRACK_TRACKER_BACKEND": "x11"}))
    assert verdicts["window tracking"] == "unavailable: x11 window: no X display (DISPLAY is not set)"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_core_and_channels_never_import_the_tracker_or_native_modules():
    forbidden = ("tracker", "Xlib", "jeepney", "psutil", "pywinctl", "plyer", "ctypes", "flask", "webview", "pystray")
    for name in ("core/tracking/timeline.py", "core/tracking/privacy.py", "core/tracking/classify.py", "core/records/rules.py", "core/tracking/window.py",
                 "store/spans.py", "channels/tracker.py"):
        for imported in _imports(PACKAGE / name):
            assert not any(part in forbidden for part in imported.strip(".").split(".")), (name, imported)

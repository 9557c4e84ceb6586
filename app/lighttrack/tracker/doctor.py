"""`lighttrack doctor` lines for the tracker: which window source and idle source work in this session."""

from __future__ import annotations

import os
from collections.abc import Iterator

from .backend import Desktop, choose_desktop

WAYLAND_HINT = {
    "gnome": "enable LightTrack's GNOME Shell extension (lighttrack@lighttrack.app, shipped in assets/gnome-shell) "
             "or \"Focused Window D-Bus\" to track windows",
    "kde": "LightTrack loads its KWin script over KWin's scripting D-Bus interface; KWin did not answer",
}


def _wayland_desktop(env) -> str | None:
    if env.get("XDG_SESSION_TYPE", "").lower() != "wayland" and not env.get("WAYLAND_DISPLAY"):
        return None
    current = env.get("XDG_CURRENT_DESKTOP", "").lower()
    return next((name for name in WAYLAND_HINT if name in current), current or "unknown compositor")


def window_line(desktop: Desktop, env) -> str:
    if desktop.window is not None:
        return f"ok ({desktop.window.name})"
    wayland = _wayland_desktop(env)
    if wayland is not None:
        hint = WAYLAND_HINT.get(wayland, "this compositor offers no way to read the focused window")
        return f"unavailable: Wayland ({wayland}) without a supported interface; {hint}"
    reasons = "; ".join(n for n in desktop.notes if " window:" in n) or "no backend for this platform"
    return f"unavailable: {reasons}"


def idle_line(desktop: Desktop) -> str:
    if desktop.idle is not None:
        return f"ok ({desktop.idle.name})"
    reasons = "; ".join(n for n in desktop.notes if " idle:" in n) or "no backend for this platform"
    return f"unavailable (away time is not detected): {reasons}"


def lines(env=None) -> Iterator[tuple[str, str]]:
    """Yield ('window tracking', verdict) and ('idle source', verdict)."""
    env = os.environ if env is None else env
    desktop = choose_desktop(env)
    yield "window tracking", window_line(desktop, env)
    yield "idle source", idle_line(desktop)

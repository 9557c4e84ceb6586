"""macOS: idle time from IOKit's HIDIdleTime (via `ioreg`), the focused window via pywinctl and psutil."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

if sys.platform != "darwin":
    raise ImportError("not macOS")

from ..core.tracking.window import Window
from ._procinfo import ProcessCache
from .backend import IdleReading, Unavailable

_HID_IDLE = re.compile(rb'"HIDIdleTime" = (\d+)')


def idle_source(env) -> IoregIdle:
    if shutil.which("ioreg") is None:
        raise Unavailable("the ioreg program is missing")
    return IoregIdle()


def window_source(env) -> DarwinWindows:
    try:
        import pywinctl
    except Exception as exc:  # pywinctl needs the pyobjc frameworks
        raise Unavailable(f"pywinctl is not usable: {exc}") from None
    if not pywinctl.checkPermissions(activate=False):
        raise Unavailable("LightTrack lacks the Accessibility permission (System Settings → Privacy)")
    return DarwinWindows(pywinctl)


class IoregIdle:
    name = "macOS IOHIDSystem HIDIdleTime"

    def read(self) -> IdleReading | None:
        try:
            out = subprocess.run(["ioreg", "-c", "IOHIDSystem", "-d", "4"], capture_output=True, timeout=2).stdout
        except (OSError, subprocess.TimeoutExpired):
            return None
        match = _HID_IDLE.search(out)
        return IdleReading(int(match[1]) / 1e9) if match else None


class DarwinWindows:
    name = "macOS (pywinctl + psutil)"

    def __init__(self, pywinctl) -> None:
        self._pwc = pywinctl
        self._procs = ProcessCache()

    def active(self) -> Window | None:
        try:
            win = self._pwc.getActiveWindow()
            if win is None:
                return None
            return self._procs.window(win.getPID(), win.title or "")
        except Exception:  # the window vanished or permissions changed
            return None

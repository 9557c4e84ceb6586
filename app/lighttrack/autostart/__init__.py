"""Start LightTrack when the user logs in: one login entry per platform, kept in step with the `autostart` setting.

The platform's entry (an XDG autostart file, the HKCU Run key, a LaunchAgent) lives in a private backend
module chosen once by `choose_entry`. `Autostart` writes or removes it when the setting changes.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from pathlib import Path
from typing import Protocol

from ..errors import ConflictError, LightTrackError
from ..resources import default_data_dir

log = logging.getLogger(__name__)

BACKENDS = {"win32": "_win32", "darwin": "_darwin"}  # every other platform: freedesktop's XDG autostart


class LoginEntry(Protocol):
    """The login item of one platform. `location` names where it lives (a file or a registry value)."""

    location: str

    def command_line(self, command: list[str]) -> str:
        """`command` as the entry stores it, so an installed entry can be compared with a wanted one."""

    def installed(self) -> str | None:
        """The command line the entry runs at login, or None when there is no (enabled) entry."""

    def install(self, command: list[str]) -> None: ...

    def remove(self) -> None: ...


def choose_entry(platform: str = sys.platform) -> LoginEntry | None:
    """The login entry of this platform, or None where none can be written."""
    name = BACKENDS.get(platform, "_xdg")
    try:
        module = importlib.import_module(f".{name}", __package__)
    except ImportError:
        return None
    return module.entry()


def launch_command(data_dir: Path | None = None) -> list[str]:
    """How to start this copy of LightTrack: the frozen executable, or this Python running the package."""
    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "lighttrack"]
    if data_dir is not None and Path(data_dir) != default_data_dir():
        command += ["--data-dir", str(data_dir)]
    return command


def doctor_line(entry: LoginEntry | None = None) -> str:
    """One line for `lighttrack doctor`: is LightTrack started at login, and from where."""
    entry = entry if entry is not None else choose_entry()
    if entry is None:
        return "not supported on this platform"
    try:
        installed = entry.installed()
    except OSError as exc:
        return f"unknown: cannot read {entry.location} ({exc.strerror or exc})"
    return f"on: {entry.location} runs {installed}" if installed else f"off ({entry.location} not present)"


class Autostart:
    """The `autostart` setting made real. Threading contract: any method may be called from any thread."""

    def __init__(self, entry: LoginEntry | None, command: list[str]) -> None:
        self.entry = entry
        self.command = command
        self.error: str | None = None
        self._lock = threading.Lock()

    def status(self, enabled: bool) -> dict:
        """What the settings view shows: the setting, whether the login entry is really there, and where."""
        installed = self._installed()
        return {"supported": self.entry is not None, "enabled": enabled, "installed": installed is not None,
                "location": self.entry.location if self.entry else None, "command": installed, "error": self.error}

    def apply(self, enabled: bool) -> None:
        """Write or remove the login entry; raise LightTrackError with a sentence when the system refuses."""
        if self.entry is None:
            if enabled:
                raise ConflictError("Starting at login is not supported on this platform.")
            return
        with self._lock:
            try:
                self._write(self.entry, enabled)
                self.error = None
            except OSError as exc:
                verb = "write" if enabled else "remove"
                self.error = f"Could not {verb} {self.entry.location}: {exc.strerror or exc}."
                raise LightTrackError(self.error) from None

    def _write(self, entry: LoginEntry, enabled: bool) -> None:
        wanted = entry.command_line(self.command)
        installed = entry.installed()
        if enabled and installed != wanted:
            entry.install(self.command)
            log.info("autostart: wrote %s", entry.location)
        elif not enabled and installed is not None:
            entry.remove()
            log.info("autostart: removed %s", entry.location)

    def _installed(self) -> str | None:
        try:
            return self.entry.installed() if self.entry else None
        except OSError:
            return None

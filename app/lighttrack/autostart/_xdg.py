"""Linux and other freedesktop systems: $XDG_CONFIG_HOME/autostart/lighttrack.desktop (XDG Autostart spec)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..store.files import atomic_write

FILE_NAME = "lighttrack.desktop"
PLAIN_ARG = re.compile(r"[A-Za-z0-9_./:@+=,-]+")
TEMPLATE = """[Desktop Entry]
Type=Application
Name=LightTrack
Comment=Privacy-first time tracker
Exec={exec}
Icon=lighttrack
Terminal=false
Categories=Utility;
X-GNOME-Autostart-enabled=true
X-GNOME-Autostart-Delay=5
X-KDE-autostart-after=panel
"""


def entry() -> XdgEntry:
    return XdgEntry(config_home())


def config_home() -> Path:
    """$XDG_CONFIG_HOME when it is an absolute path (as the spec says), else ~/.config."""
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".config"


def _quote(arg: str) -> str:
    """One Exec argument: quoted with the spec's escapes when it holds anything beyond plain characters."""
    if PLAIN_ARG.fullmatch(arg):
        return arg.replace("%", "%%")
    escaped = re.sub(r'(["`$\\])', r"\\\1", arg).replace("%", "%%")
    return f'"{escaped}"'


def exec_value(command: list[str]) -> str:
    """The Exec key's value: quoted arguments, then the string escape of backslashes the spec also asks for."""
    return " ".join(_quote(arg) for arg in command).replace("\\", "\\\\")


class XdgEntry:
    def __init__(self, config: Path) -> None:
        self.path = config / "autostart" / FILE_NAME
        self.location = str(self.path)

    def command_line(self, command: list[str]) -> str:
        return exec_value(command)

    def installed(self) -> str | None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        keys = dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
        if keys.get("Hidden") == "true" or keys.get("X-GNOME-Autostart-enabled") == "false":
            return None  # the user switched it off in the desktop's own startup settings
        return keys.get("Exec")

    def install(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, TEMPLATE.format(exec=exec_value(command)).encode(), mode=0o644)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

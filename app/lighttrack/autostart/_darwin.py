"""macOS: a LaunchAgent in ~/Library/LaunchAgents that launchd runs at the next login."""

from __future__ import annotations

import plistlib
import shlex
from pathlib import Path

from ..store.files import atomic_write

LABEL = "app.lighttrack.LightTrack"


def entry() -> LaunchAgentEntry:
    return LaunchAgentEntry(Path.home())


class LaunchAgentEntry:
    def __init__(self, home: Path) -> None:
        self.path = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        self.location = str(self.path)

    def command_line(self, command: list[str]) -> str:
        return shlex.join(command)

    def installed(self) -> str | None:
        try:
            with open(self.path, "rb") as handle:
                plist = plistlib.load(handle)
        except FileNotFoundError:
            return None
        except plistlib.InvalidFileException:
            return None  # not ours to read: rewritten on the next change
        if plist.get("Disabled"):
            return None
        return shlex.join(plist.get("ProgramArguments", []))

    def install(self, command: list[str]) -> None:
        # Interactive + Aqua: a GUI agent of the logged-in user; no KeepAlive, so Quit in the tray menu means quit.
        plist = {"Label": LABEL, "ProgramArguments": command, "RunAtLoad": True, "ProcessType": "Interactive",
                 "LimitLoadToSessionType": "Aqua"}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, plistlib.dumps(plist), mode=0o644)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)

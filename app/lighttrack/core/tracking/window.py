"""What a platform backend reports about the focused window."""

from __future__ import annotations

from dataclasses import dataclass

OWN_APP = "LightTrack"  # the app name LightTrack's own windows are recorded under


@dataclass(frozen=True)
class Window:
    """The focused window: its application (process name), title and, where cheap, paths."""

    app: str
    title: str
    exe: str | None = None
    cwd: str | None = None
    private: bool = False  # the backend saw a private-browsing flag on the process

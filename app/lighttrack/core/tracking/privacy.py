"""Privacy filters applied to every window sample before anything is stored or logged."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any

from .window import Window

PRIVATE_TITLE = re.compile(r"(?i)\b(incognito|private browsing|inprivate|private window)\b")
PRIVATE_FLAGS = frozenset({"--incognito", "-incognito", "-private", "-private-window", "--private-window", "-inprivate"})


def is_private_command(args: list[str]) -> bool:
    """True when a browser was started for private browsing."""
    return any(arg.split("=", 1)[0] in PRIVATE_FLAGS for arg in args)


@dataclass(frozen=True)
class PrivacyRules:
    """The privacy settings, compiled once per settings change."""

    paused: bool = False
    excluded_apps: frozenset[str] = frozenset()
    excluded_titles: tuple[re.Pattern[str], ...] = ()
    redact: bool = False

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> PrivacyRules:
        return cls(
            paused=bool(settings.get("trackingPaused")) or not settings.get("trackWindows", True),
            excluded_apps=frozenset(a.casefold() for a in settings.get("excludedApps", [])),
            excluded_titles=tuple(re.compile(p) for p in settings.get("excludedTitlePatterns", [])),
            redact=bool(settings.get("redactTitles")),
        )

    def admit(self, window: Window | None) -> Window | None:
        """Return the window as it may be classified, or None when it must not be recorded at all.

        A private-browsing window keeps its app but loses its title and paths.
        """
        if window is None or self.paused or self._excluded(window):
            return None
        if window.private or PRIVATE_TITLE.search(window.title):
            return replace(window, title=window.app, cwd=None, private=True)
        return window

    def recorded_title(self, window: Window) -> str:
        """The title that may be stored: the app name when titles are redacted."""
        return window.app if self.redact or window.private else window.title

    def _excluded(self, window: Window) -> bool:
        names = {window.app.casefold()}
        if window.exe:
            names.add(PurePath(window.exe).name.casefold())
        if names & self.excluded_apps:
            return True
        return any(pattern.search(window.title) for pattern in self.excluded_titles)

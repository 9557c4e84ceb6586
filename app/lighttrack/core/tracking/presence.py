"""Whether the person is at the computer: the tracker's idle flow marks when they leave and come back; reminders
(and anything else that should not talk to an empty chair) read it."""

from __future__ import annotations


class Presence:
    """Threading contract: one writer (the idle flow, under its own lock); readers on any thread (a bool is read
    whole)."""

    def __init__(self) -> None:
        self._away = False

    @property
    def away(self) -> bool:
        return self._away

    def mark(self, away: bool) -> None:
        self._away = away

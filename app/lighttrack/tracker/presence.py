"""Presence without input: asked only once input has stopped for the idle threshold, and then at most every
`recheck` seconds, so a user who types costs no D-Bus call at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

RECHECK_SECONDS = 10


class PresenceSource(Protocol):
    name: str

    def reason(self) -> str | None: ...


class PresenceWatch:
    """Remembers the last answer and when presence was last confirmed.

    Threading contract: the sampler thread only.
    """

    def __init__(self, source: PresenceSource | None, recheck_seconds: float = RECHECK_SECONDS) -> None:
        self._source = source
        self._recheck = timedelta(seconds=recheck_seconds)
        self._asked_at: datetime | None = None
        self.reason: str | None = None
        self.present_at: datetime | None = None  # the last instant presence was confirmed
        self.asked = 0  # how many times the source was asked (the benchmark reports it)

    def effective_idle(self, now: datetime, idle_seconds: float, threshold: float) -> float:
        """Idle seconds counted from the last input or the last confirmed presence, whichever is later."""
        if self._source is None:
            return idle_seconds
        if idle_seconds < threshold:
            self._asked_at = self.reason = self.present_at = None
            return idle_seconds
        recheck = min(self._recheck, timedelta(seconds=threshold / 2))  # asked again before presence could lapse
        if self._asked_at is None or now - self._asked_at >= recheck:
            self._asked_at, self.reason = now, self._source.reason()
            self.asked += 1
            if self.reason is not None:
                self.present_at = now
        if self.present_at is None:
            return idle_seconds
        return min(idle_seconds, max(0.0, (now - self.present_at).total_seconds()))

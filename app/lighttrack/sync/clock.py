"""Hybrid logical clock stamps `[wall_ms, counter, actor]`, corrected by the server's time."""

from __future__ import annotations

import time
from collections.abc import Callable

MAX_AHEAD_MS = 60_000  # a received stamp moves the local clock at most this far past the corrected wall time


class HybridClock:
    """Stamps that grow on every call and stay close to the server's time.

    `offset_ms` is the server's clock minus this machine's, measured at each sync, so a device
    whose wall clock is hours or a year off still stamps its edits near the real time.
    Not thread-safe: the sync state's owner (the store transaction) serialises it.
    """

    def __init__(self, wall_ms: Callable[[], int], state: list, actor: str, offset_ms: int = 0) -> None:
        self._wall_ms = wall_ms
        self.last = list(state) if state else [0, 0]
        self.actor = actor
        self.offset_ms = offset_ms

    def now_ms(self) -> int:
        return self._wall_ms() + self.offset_ms

    def tick(self) -> list:
        """Return a new stamp greater than every stamp this clock has made or received."""
        wall = self.now_ms()
        if wall > self.last[0]:
            self.last = [wall, 0]
        else:
            self.last = [self.last[0], self.last[1] + 1]
        return [*self.last, self.actor]

    def receive(self, stamp: list) -> None:
        """Advance past a received stamp, but never further than a minute past the corrected time."""
        limit = self.now_ms() + MAX_AHEAD_MS
        wall, counter = min(stamp[0], limit), stamp[1] if stamp[0] <= limit else 0
        if [wall, counter] > self.last:
            self.last = [wall, counter]


def system_wall_ms() -> int:
    return time.time_ns() // 1_000_000

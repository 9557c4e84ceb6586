"""The analytics cache: summaries of finished local days, dropped when an activity in them changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta

from .summary import ID

DEFAULT_TTL = timedelta(hours=24)


class SummaryCache:
    """Day summaries by local date plus, per activity id, the days that hold it.

    Threading contract: every method may be called from any thread. A reader takes
    `generation` before it reads the store and hands it back to `put`; an invalidation in
    between bumps the generation and the stale summary is not kept.
    """

    def __init__(self, ttl: timedelta = DEFAULT_TTL, max_days: int = 4000) -> None:
        self._ttl = ttl
        self._max_days = max_days
        self._lock = threading.Lock()
        self._days: OrderedDict[date, tuple[dict, datetime]] = OrderedDict()
        self._days_of: dict[str, set[date]] = {}
        self.generation = 0

    def get(self, day: date, now: datetime) -> dict | None:
        with self._lock:
            entry = self._days.get(day)
            if entry is None or entry[1] <= now:
                return None
            self._days.move_to_end(day)
            return entry[0]

    def put(self, day: date, summary: dict, generation: int, now: datetime) -> None:
        with self._lock:
            if generation != self.generation:
                return
            self._drop(day)
            self._days[day] = (summary, now + self._ttl)
            for item in summary["items"]:
                self._days_of.setdefault(item[ID], set()).add(day)
            while len(self._days) > self._max_days:
                self._drop(next(iter(self._days)))

    def invalidate_ids(self, activity_ids: list[str]) -> None:
        """Forget every day that holds one of the activities."""
        with self._lock:
            self.generation += 1
            for activity_id in activity_ids:
                for day in list(self._days_of.get(activity_id, ())):
                    self._drop(day)

    def invalidate_days(self, first: date, last: date | None) -> None:
        """Forget the days from `first` to `last` (None: every later day)."""
        with self._lock:
            self.generation += 1
            for day in [d for d in self._days if d >= first and (last is None or d <= last)]:
                self._drop(day)

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._days.clear()
            self._days_of.clear()

    def __len__(self) -> int:
        return len(self._days)

    def _drop(self, day: date) -> None:
        entry = self._days.pop(day, None)
        if entry is None:
            return
        for item in entry[0]["items"]:
            held = self._days_of.get(item[ID])
            if held is not None:
                held.discard(day)
                if not held:
                    del self._days_of[item[ID]]

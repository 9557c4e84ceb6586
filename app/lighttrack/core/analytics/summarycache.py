"""The analytics cache: summaries of finished local days, dropped when an activity in them changes.

Each day is kept as one orjson blob plus the ids of its activities in one string: a year of days is a few
hundred large allocations instead of hundreds of thousands of small objects, which would pin the heap
of the (long-lived) app process after the start-up priming.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from .daysummary import ID, MS

DEFAULT_TTL = timedelta(hours=24)
MAX_CACHED_DAYS = 800  # two years of a heavy user's days: ~3 MB, and a year view warm in ~0.3 s instead of ~1.4 s


class SummaryCache:
    """Day summaries by local date.

    Threading contract: every method may be called from any thread. A reader takes
    `generation` before it reads the store and hands it back to `put`; an invalidation in
    between bumps the generation and the stale summary is not kept.
    """

    def __init__(self, ttl: timedelta = DEFAULT_TTL, max_days: int = MAX_CACHED_DAYS) -> None:
        self._ttl = ttl
        self._max_days = max_days
        self._lock = threading.Lock()
        self._days: OrderedDict[date, tuple[bytes, str, datetime, int]] = OrderedDict()
        self.generation = 0

    def get(self, day: date, now: datetime) -> dict[str, Any] | None:
        with self._lock:
            entry = self._days.get(day)
            if entry is None or entry[2] <= now:
                return None
            self._days.move_to_end(day)
        summary: dict[str, Any] = orjson.loads(entry[0])
        return summary

    def total(self, day: date, now: datetime) -> int | None:
        """The worked time of a cached day, without reading its summary back."""
        with self._lock:
            entry = self._days.get(day)
            return None if entry is None or entry[2] <= now else entry[3]

    def put(self, day: date, summary: dict[str, Any], generation: int, now: datetime) -> None:
        blob = orjson.dumps(summary)
        ids = "\n" + "\n".join(item[ID] for item in summary["items"]) + "\n"
        with self._lock:
            if generation != self.generation:
                return
            self._days[day] = (blob, ids, now + self._ttl, sum(item[MS] for item in summary["items"]))
            self._days.move_to_end(day)
            while len(self._days) > self._max_days:
                self._days.popitem(last=False)

    def invalidate_ids(self, activity_ids: list[str]) -> None:
        """Forget every day that holds one of the activities."""
        wanted = [f"\n{activity_id}\n" for activity_id in activity_ids]
        with self._lock:
            self.generation += 1
            for day in [d for d, (_, ids, _, _) in self._days.items() if any(w in ids for w in wanted)]:
                del self._days[day]

    def invalidate_days(self, first: date, last: date | None) -> None:
        """Forget the days from `first` to `last` (None: every later day)."""
        with self._lock:
            self.generation += 1
            for day in [d for d in self._days if d >= first and (last is None or d <= last)]:
                del self._days[day]

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._days.clear()

    def __len__(self) -> int:
        return len(self._days)

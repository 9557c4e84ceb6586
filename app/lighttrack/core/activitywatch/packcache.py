"""Packed days of ActivityWatch events kept between queries, bounded in size and dropped when idle.

A year of 1,000 events a day is 365,000 events: keeping them costs about 28 bytes an event (10 MB for
that year) plus the table of distinct data. The cache holds at most `budget` events (least recently used
days go first: about a quarter of such a year, 3 MB, enough for the day, week and month views) and empties
itself after `idle_seconds` without a query, so the tray process carries it only while someone is looking
at reports; the table of distinct data starts again when it outgrows `max_distinct`.

A sealed day's pack is also kept on disk in its binary form, beside the day's journal: after a start a year
loads 730 small files (a day of 1,000 events in about 0.8 ms, measured on a loaded machine) instead of parsing
365,000 events again (a first query over such a year takes 3.3 s instead of 1 s). The event store makes sure a
file is used only while its day is unchanged.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from .query import EventPack, SharedData
from .query.packs import PACK_FORMAT

BUDGET_EVENTS = 100_000
MAX_DISTINCT = 100_000
IDLE_SECONDS = 300.0
SUFFIX = ".pack"


class DaySource(Protocol):
    """The stored events of one bucket's UTC day, and a version that changes with them."""

    def day(self, bucket_id: str, day: str) -> dict[int, dict[str, Any]]: ...

    def version(self, bucket_id: str, day: str) -> tuple[int, int]: ...

    def sealed(self, day: str) -> bool: ...

    def derived(self, bucket_id: str, day: str, suffix: str, fmt: int) -> memoryview | None: ...

    def save_derived(self, bucket_id: str, day: str, suffix: str, fmt: int, payload: bytes) -> None: ...


class PackCache:
    """Packs by (bucket, day), rebuilt when the day's version changed.

    Threading contract: not thread-safe; the ActivityWatch service calls it with its lock held.
    """

    def __init__(self, days: DaySource, budget: int = BUDGET_EVENTS, idle_seconds: float = IDLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic, max_distinct: int = MAX_DISTINCT) -> None:
        self._days = days
        self._budget = budget
        self._max_distinct = max_distinct
        self.handed = 0  # events handed out, for the caller to tell a large query (it may reset it)
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._packs: OrderedDict[tuple[str, str], tuple[tuple[int, int], EventPack]] = OrderedDict()
        self._events = 0
        self._shared = SharedData()  # one dict per distinct data across all packs
        self._used = clock()

    def pack(self, bucket_id: str, day: str) -> EventPack:
        """The day's events packed, from the cache while the day is unchanged."""
        key, version = (bucket_id, day), self._days.version(bucket_id, day)
        self._used = self._clock()
        found = self._packs.get(key)
        if found is not None and found[0] == version:
            self._packs.move_to_end(key)
            self.handed += len(found[1])
            return found[1]
        if len(self._shared.table) > self._max_distinct:
            self._clear()  # the packs in memory refer to the table: they go with it
        pack = self._load(bucket_id, day)
        self.handed += len(pack)
        self._drop(key)
        self._packs[key] = (version, pack)
        self._events += len(pack)
        while self._events > self._budget and len(self._packs) > 1:
            self._drop(next(iter(self._packs)))
        return pack

    def _load(self, bucket_id: str, day: str) -> EventPack:
        """The day's pack from its file on disk when the day is unchanged since it was saved, else from its events."""
        if not self._days.sealed(day):
            return EventPack(list(self._days.day(bucket_id, day).values()), self._shared)
        payload = self._days.derived(bucket_id, day, SUFFIX, PACK_FORMAT)
        if payload is not None:
            try:
                return EventPack.from_bytes(payload, self._shared)
            except ValueError:
                pass  # sealed and authenticated, yet not a pack (written by a faulty version): made again below
        pack = EventPack(list(self._days.day(bucket_id, day).values()), self._shared)
        self._days.save_derived(bucket_id, day, SUFFIX, PACK_FORMAT, pack.to_bytes())
        return pack

    def trim_if_idle(self) -> bool:
        """Empty the cache when no query used it for `idle_seconds`; whether it did."""
        if not self._packs or self._clock() - self._used < self._idle_seconds:
            return False
        self._clear()
        return True

    def _clear(self) -> None:
        self._packs.clear()
        self._events = 0
        self._shared = SharedData()

    def forget(self, bucket_id: str) -> None:
        """Drop a bucket's packs (the bucket was deleted)."""
        for key in [k for k in self._packs if k[0] == bucket_id]:
            self._drop(key)

    def size(self) -> tuple[int, int]:
        """(events held, bytes of their columns)."""
        return self._events, sum(pack.nbytes() for _version, pack in self._packs.values())

    def _drop(self, key: tuple[str, str]) -> None:
        found = self._packs.pop(key, None)
        if found is not None:
            self._events -= len(found[1])

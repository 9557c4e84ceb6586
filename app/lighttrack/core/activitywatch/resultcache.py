"""Answers of recent query2 calls, given again while nothing they read has changed.

aw-webui sends the same queries each time a view opens or refreshes. An answer is kept with what its
query read — for each bucket, the days it looked at and each day's version, and the version of the
bucket list (find_bucket) — and given back only while all of that is still the same, so any write to
those buckets (an insert, a heartbeat, a deletion, the bucket deleted or changed) makes it be worked
out again. A query that read something without a version (the tracker's live bucket) is never kept.
Bounded: at most `entries` answers of at most `max_values` JSON values each, emptied when idle.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

ENTRIES = 16
MAX_VALUES = 20_000
IDLE_SECONDS = 300.0
Read = tuple[Any, ...]  # what one read looked at, as the service describes it (hashable, comparable)


class QueryResults:
    """Threading contract: not thread-safe; the ActivityWatch service calls it while it runs one query at a time."""

    def __init__(self, entries: int = ENTRIES, max_values: int = MAX_VALUES, idle_seconds: float = IDLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._entries = entries
        self._max_values = max_values
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._answers: OrderedDict[bytes, tuple[list[tuple[Read, object]], list[Any]]] = OrderedDict()
        self._used = clock()

    def get(self, key: bytes, state_now: Callable[[Read], object]) -> list[Any] | None:
        """The kept answer for `key` if every read it made would see the same state now, else None."""
        self._used = self._clock()
        found = self._answers.get(key)
        if found is None:
            return None
        reads, answer = found
        if any(state_now(read) != state for read, state in reads):
            del self._answers[key]
            return None
        self._answers.move_to_end(key)
        return answer

    def put(self, key: bytes, answer: list[Any], reads: list[tuple[Read, object]] | None) -> None:
        """Keep `answer` with the state of each read (None: the query read something that can't be kept)."""
        if reads is None or not _at_most(answer, self._max_values):
            return
        self._answers[key] = (reads, answer)
        self._answers.move_to_end(key)
        while len(self._answers) > self._entries:
            self._answers.popitem(last=False)

    def trim_if_idle(self) -> bool:
        """Drop every answer when none was asked for in `idle_seconds`; whether it did."""
        if not self._answers or self._clock() - self._used < self._idle_seconds:
            return False
        self._answers.clear()
        return True

    def __len__(self) -> int:
        return len(self._answers)


def _at_most(value: object, budget: int) -> bool:
    """Whether `value` holds at most `budget` lists, dicts and scalars (counted without recursion, stopping early)."""
    stack = [value]
    while stack:
        budget -= 1
        if budget < 0:
            return False
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True

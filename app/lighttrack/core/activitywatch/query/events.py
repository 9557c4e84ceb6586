"""The event value query2 works on: start and duration as float seconds (UTC epoch), and its JSON form."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from itertools import repeat
from operator import itemgetter
from typing import Any

UTC = timezone.utc


class Event(tuple[float, float, dict[str, Any], int | None]):
    """One ActivityWatch event inside a query: (start, duration, data, id), never changed once made.

    A tuple so that a year of events is built and taken apart at C speed (`packed` below, unpacking in
    the transforms); the names read the same fields.
    """

    __slots__ = ()

    def __new__(cls, start: float, duration: float, data: dict[str, Any], id: int | None = None) -> Event:
        return tuple.__new__(cls, (start, duration, data, id))

    start = property(itemgetter(0))
    duration = property(itemgetter(1))
    data = property(itemgetter(2))
    id = property(itemgetter(3))

    @property
    def end(self) -> float:
        return self[0] + self[1]

    def moved(self, start: float, end: float) -> Event:
        """A copy covering [start, end)."""
        return Event(start, max(0.0, end - start), self[2], self[3])

    def with_data(self, data: dict[str, Any]) -> Event:
        return Event(self[0], self[1], data, self[3])

    def __repr__(self) -> str:
        return f"Event({self[0]!r}, {self[1]!r}, {self[2]!r}, id={self[3]!r})"


def packed(starts: Iterable[float], durations: Iterable[float], datas: Iterable[dict[str, Any]],
           ids: Iterable[int | None]) -> list[Event]:
    """Events from parallel columns, made without running Python code per event."""
    return list(map(tuple.__new__, repeat(Event), zip(starts, durations, datas, ids)))


def timestamp(seconds: float) -> str:
    """aw-server's timestamp form: UTC with offset, microseconds only when there are some."""
    return datetime.fromtimestamp(round(seconds, 6), UTC).isoformat()


def to_json(value: object) -> object:
    """A query result as JSON values: events as `{id, timestamp, duration, data}`."""
    if isinstance(value, Event):
        data = to_json(value.data) if "subevents" in value.data else value.data  # only chunks nest events
        found = {"timestamp": timestamp(value.start), "duration": value.duration, "data": data}
        return found if value.id is None else {"id": value.id, **found}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value

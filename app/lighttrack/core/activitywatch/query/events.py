"""The event value query2 works on: start and duration as float seconds (UTC epoch), and its JSON form."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

UTC = timezone.utc


class Event:
    """One ActivityWatch event inside a query. Transforms never change an event they were given."""

    __slots__ = ("data", "duration", "id", "start")

    def __init__(self, start: float, duration: float, data: dict[str, Any], id: int | None = None) -> None:
        self.id = id
        self.start = start
        self.duration = duration
        self.data = data

    @property
    def end(self) -> float:
        return self.start + self.duration

    def moved(self, start: float, end: float) -> Event:
        """A copy covering [start, end)."""
        return Event(start, max(0.0, end - start), self.data, self.id)

    def with_data(self, data: dict[str, Any]) -> Event:
        return Event(self.start, self.duration, data, self.id)

    def __repr__(self) -> str:
        return f"Event({self.start!r}, {self.duration!r}, {self.data!r}, id={self.id!r})"


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

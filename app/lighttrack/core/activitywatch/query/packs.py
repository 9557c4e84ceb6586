"""A bucket's stored events packed for queries: decoded once, newest first, in compact columns.

Reading a day of stored events costs parsing every timestamp; a pack keeps the result as arrays of
floats (start, duration) and ids plus one shared data dict per distinct data, about 32 bytes an event,
so a repeated query of the same days builds its events without parsing anything again.
"""

from __future__ import annotations

from array import array
from datetime import datetime
from typing import Any

from .events import Event, packed

FIXED_WIDTH = len("2026-03-10T09:00:00.000000+00:00")
MICROS = 1_000_000
NO_ID = -1  # stored events always have ids; an event without one is packed with this and given back as None


class EventPack:
    """Events newest first (equal starts in the order given), never changed once packed.

    `oldest` is the earliest start and `latest` the latest end, so a query period that covers both
    takes the whole pack without looking at each event.
    """

    __slots__ = ("_datas", "_durations", "_ids", "_starts", "latest", "oldest")

    def __init__(self, stored: list[dict[str, Any]], shared: SharedData | None = None) -> None:
        """Pack `stored` events (ISO `timestamp`, `duration`, `data`, `id`); `shared` keeps one dict per distinct data."""
        seconds, shared = _EpochSeconds(), SharedData() if shared is None else shared
        decoded = sorted(((seconds(e["timestamp"]), e) for e in stored), key=_first, reverse=True)
        self._starts = array("d", [start for start, _ in decoded])
        self._durations = array("d", [e["duration"] for _, e in decoded])
        self._ids = array("q", [_packed_id(e.get("id")) for _, e in decoded])
        self._datas = tuple([shared(e["data"]) for _, e in decoded])
        self.oldest = min(self._starts, default=0.0)
        self.latest = max(map(float.__add__, self._starts, self._durations), default=0.0)

    def __len__(self) -> int:
        return len(self._starts)

    def nbytes(self) -> int:
        """The memory the columns take (the shared data dicts not counted)."""
        return sum(column.itemsize * len(column) for column in (self._starts, self._durations, self._ids)) \
            + 8 * len(self._datas)

    def events(self) -> list[Event]:
        """Every event, newest first."""
        ids = [None if i == NO_ID else i for i in self._ids] if NO_ID in self._ids else self._ids
        return packed(self._starts, self._durations, self._datas, ids)

    def events_within(self, low: float, high: float) -> list[Event]:
        """The events touching [low, high], cut to it; an event wholly inside keeps its stored duration."""
        if low <= self.oldest and self.latest <= high:
            return self.events()
        found = []
        for event in self.events():
            start, duration, data, event_id = event
            end = start + duration
            if start > high or end < low:
                continue
            if start < low or end > high:
                start, end = max(start, low), min(end, high)
                event = Event(start, max(0.0, end - start), data, event_id)
            found.append(event)
        return found


def _first(pair: tuple[float, Any]) -> float:
    return pair[0]


def _packed_id(event_id: object) -> int:
    return NO_ID if event_id is None else int(event_id)  # type: ignore[call-overload]


class SharedData:
    """One dict object for equal data, so transforms can remember work by the dict's identity.

    Equal means equal keys in the same order with values of the same types (1, 1.0 and true stay apart);
    data holding lists or objects is kept as it is.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[Any, ...], dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._known)

    def __call__(self, data: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._known.setdefault((tuple(data.items()), tuple(map(type, data.values()))), data)
        except TypeError:
            return data


class _EpochSeconds:
    """ISO timestamps to epoch seconds, equal to `datetime.fromisoformat(text).timestamp()`.

    The store writes one fixed-width form (`YYYY-MM-DDTHH:MM:SS.ffffff+00:00`); events of a day share
    their minutes, so each minute is parsed once and the seconds added in whole microseconds.
    """

    def __init__(self) -> None:
        self._minutes: dict[str, int] = {}

    def __call__(self, text: str) -> float:
        if len(text) != FIXED_WIDTH or text[19] != "." or not text.endswith("+00:00"):
            return datetime.fromisoformat(text).timestamp()
        minute = self._minutes.get(text[:16])
        if minute is None:
            minute = self._minutes[text[:16]] = int(datetime.fromisoformat(text[:16] + "+00:00").timestamp()) * MICROS
        return (minute + int(text[17:19] + text[20:26])) / MICROS

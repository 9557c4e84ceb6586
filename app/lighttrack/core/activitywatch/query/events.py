"""The event value query2 works on: start and duration as float seconds (UTC epoch), and its JSON form; a long list
of events as columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import compress, repeat
from operator import add, itemgetter
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


class Columns:
    """A list of events as parallel lists — starts, durations, data codes, ids — and the table the codes index.

    The functions that a year of events goes through in aw-webui's queries (query_bucket, flood,
    filter_period_intersect, categorize, merge_events_by_keys, sum_durations) work on columns at C speed,
    and on each distinct data once through its code; the events themselves (a tuple each) are made only
    for a function that wants them or for the answer. Never changed once handed out; a table may be shared
    by many columns and only grows.
    """

    __slots__ = ("_totals", "codes", "durations", "ids", "starts", "table")

    def __init__(self, starts: list[float], durations: list[float], codes: list[int], table: list[dict[str, Any]],
                 ids: list[int | None]) -> None:
        self.starts, self.durations, self.codes, self.table, self.ids = starts, durations, codes, table, ids
        self._totals: tuple[list[float], dict[int, int]] | None = None

    @classmethod
    def of(cls, events: list[Event] | Columns) -> Columns:
        """`events` as columns (one code per distinct data dict object)."""
        if isinstance(events, Columns):
            return events
        datas = list(map(itemgetter(2), events))
        distinct = dict(zip(map(id, datas), datas))
        number = dict(zip(distinct, range(len(distinct))))
        return cls(list(map(itemgetter(0), events)), list(map(itemgetter(1), events)),
                   list(map(number.__getitem__, map(id, datas))), list(distinct.values()), list(map(itemgetter(3), events)))

    @classmethod
    def joined(cls, parts: list[Columns]) -> Columns:
        """The events of `parts` one after the other (codes of different tables renumbered into one)."""
        tables = list({id(part.table): part.table for part in parts}.values())
        found = cls([], [], [], tables[0] if len(tables) == 1 else [], [])
        offsets: dict[int, int] = {}
        for part in parts:
            found.starts += part.starts
            found.durations += part.durations
            found.ids += part.ids
            if len(tables) == 1:
                found.codes += part.codes
                continue
            if id(part.table) not in offsets:
                offsets[id(part.table)] = len(found.table)
                found.table += part.table
            found.codes += map(add, part.codes, repeat(offsets[id(part.table)]))
        return found

    def events(self) -> list[Event]:
        return packed(self.starts, self.durations, map(self.table.__getitem__, self.codes), self.ids)

    def select(self, keep: list[Any]) -> Columns:
        """The events whose `keep` is true, in order."""
        return Columns(list(compress(self.starts, keep)), list(compress(self.durations, keep)),
                       list(compress(self.codes, keep)), self.table, list(compress(self.ids, keep)))

    def reordered(self, order: list[int]) -> Columns:
        """The events in the order of their positions in `order`."""
        def pick(column: list[Any]) -> list[Any]:
            return list(map(column.__getitem__, order))
        return Columns(pick(self.starts), pick(self.durations), pick(self.codes), self.table, pick(self.ids))

    def with_table(self, table: list[dict[str, Any]]) -> Columns:
        """The same events with each code's data taken from `table`."""
        return Columns(self.starts, self.durations, self.codes, table, self.ids)

    def totals(self) -> tuple[list[float], dict[int, int]]:
        """Each code's total duration (summed in event order) and first position, codes in order of appearance."""
        if self._totals is None:
            sums = [0.0] * len(self.table)
            for code, duration in zip(self.codes, self.durations):
                sums[code] += duration
            firsts, at = {}, 0
            for code in dict.fromkeys(self.codes):  # in order of appearance: each search starts where the last ended
                firsts[code] = at = self.codes.index(code, at)
            self._totals = sums, firsts
        return self._totals

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events())

    def __getitem__(self, index: int) -> Event:
        return Event(self.starts[index], self.durations[index], self.table[self.codes[index]], self.ids[index])


def timestamp(seconds: float) -> str:
    """aw-server's timestamp form: UTC with offset, microseconds only when there are some."""
    return datetime.fromtimestamp(round(seconds, 6), UTC).isoformat()


def to_json(value: object) -> object:
    """A query result as JSON values: events as `{id, timestamp, duration, data}`."""
    if isinstance(value, Columns):
        return to_json(value.events())
    if isinstance(value, Event):
        data = to_json(value.data) if "subevents" in value.data else value.data  # only chunks nest events
        found = {"timestamp": timestamp(value.start), "duration": value.duration, "data": data}
        return found if value.id is None else {"id": value.id, **found}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value

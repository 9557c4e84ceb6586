"""A bucket's stored events packed for queries: decoded once, newest first, in compact columns.

Reading a day of stored events costs parsing every timestamp; a pack keeps the result as arrays of
floats (start, duration) and ids plus one shared data dict per distinct data, about 32 bytes an event,
so a repeated query of the same days builds its events without parsing anything again. `to_bytes` and
`from_bytes` give a pack's binary form (the columns as they lie in memory plus a JSON table of the distinct
data), which loads about as fast as the file is read: a sealed day is kept on disk in this form.
"""

from __future__ import annotations

import struct
import sys
from array import array
from datetime import datetime
import operator
from itertools import compress, repeat
from operator import itemgetter, lt, methodcaller
from typing import Any

import orjson

from .events import Columns, Event, packed

TIMESTAMP, DURATION, DATA, ID = itemgetter("timestamp"), itemgetter("duration"), itemgetter("data"), methodcaller("get", "id")
NO_ID = -1  # stored events always have ids; an event without one is packed with this and given back as None
PACK_FORMAT = 1  # the binary form of `to_bytes`: change it with the layout, and packs on disk are made again
# events, distinct data, oldest, latest; then the columns starts, durations, ids and data numbers, then the
# distinct data as lines of JSON
_HEADER = struct.Struct("<IIdd")


class EventPack:
    """Events newest first (equal starts in the order given), never changed once packed.

    `oldest` is the earliest start and `latest` the latest end, so a query period that covers both
    takes the whole pack without looking at each event.
    """

    __slots__ = ("_datas", "_durations", "_ids", "_starts", "latest", "oldest")

    def __init__(self, stored: list[dict[str, Any]], shared: SharedData | None = None) -> None:
        """Pack `stored` events (ISO `timestamp`, `duration`, `data`, `id`); `shared` keeps one dict per distinct data."""
        starts = list(map(datetime.timestamp, map(datetime.fromisoformat, map(TIMESTAMP, stored))))
        if all(map(lt, starts, starts[1:])):  # stored oldest first, as a day's journal usually is
            newest_first, starts = stored[::-1], starts[::-1]
        else:
            order = sorted(range(len(stored)), key=starts.__getitem__, reverse=True)
            newest_first, starts = list(map(stored.__getitem__, order)), list(map(starts.__getitem__, order))
        ids = list(map(ID, newest_first))
        self._starts = array("d", starts)
        self._durations = array("d", map(DURATION, newest_first))
        self._ids = array("q", [NO_ID if i is None else i for i in ids] if None in ids else ids)
        self._datas = tuple((SharedData() if shared is None else shared).share(list(map(DATA, newest_first))))
        self.oldest = min(self._starts, default=0.0)
        self.latest = max(map(float.__add__, self._starts, self._durations), default=0.0)

    def to_bytes(self) -> bytes:
        """The pack's binary form (format `PACK_FORMAT`), for `from_bytes`."""
        distinct = {id(data): data for data in self._datas}  # one table entry per shared dict
        number = dict(zip(distinct, range(len(distinct))))
        table = b"\n".join(map(orjson.dumps, distinct.values()))  # compact JSON has no line breaks
        columns = (self._starts, self._durations, self._ids, array("I", map(number.__getitem__, map(id, self._datas))))
        return b"".join([_HEADER.pack(len(self), len(distinct), self.oldest, self.latest),
                         *map(_little_endian, columns), table])

    @classmethod
    def from_bytes(cls, payload: bytes | memoryview, shared: SharedData | None = None) -> EventPack:
        """A pack from `to_bytes`; ValueError when `payload` isn't one."""
        try:
            count, distinct, oldest, latest = _HEADER.unpack_from(payload)
        except struct.error:
            raise ValueError("not a packed day: too short") from None
        columns, offset = [], _HEADER.size
        for code in "ddqI":
            column = array(code)
            column.frombytes(payload[offset:offset + count * column.itemsize])
            columns.append(_little_endian(column))
            offset += count * column.itemsize
        entries = bytes(payload[offset:]).split(b"\n") if distinct else []
        if len(columns[3]) != count or len(entries) != distinct or (count and max(columns[3]) >= distinct):
            raise ValueError("not a packed day: its parts don't add up")
        table = (SharedData() if shared is None else shared).share_json(entries)
        pack = cls.__new__(cls)
        pack._starts, pack._durations, pack._ids = columns[0], columns[1], columns[2]
        pack._datas = tuple(map(table.__getitem__, columns[3]))
        pack.oldest, pack.latest = oldest, latest
        return pack

    def __len__(self) -> int:
        return len(self._starts)

    def nbytes(self) -> int:
        """The memory the columns take (the shared data dicts not counted)."""
        return sum(column.itemsize * len(column) for column in (self._starts, self._durations, self._ids)) \
            + 8 * len(self._datas)

    def events(self) -> list[Event]:
        """Every event, newest first."""
        return packed(self._starts, self._durations, self._datas, self._id_list())

    def columns_within(self, low: float, high: float) -> Columns:
        """`events_within` as columns, made without an event tuple when the whole pack lies within [low, high]."""
        if low <= self.oldest and self.latest <= high:
            return Columns(self._starts.tolist(), self._durations.tolist(), list(self._datas), self._id_list())
        return Columns.of(self.events_within(low, high))

    def _id_list(self) -> list[int | None]:
        ids = self._ids.tolist()
        return [None if i == NO_ID else i for i in ids] if NO_ID in self._ids else ids

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


def _little_endian(column: array[Any]) -> array[Any]:
    """`column` in little-endian byte order (the one written to disk): swapped on big-endian machines."""
    if sys.byteorder == "little":
        return column
    swapped = array(column.typecode, column)
    swapped.byteswap()
    return swapped


class SharedData:
    """One dict object for equal data, so transforms can remember work by the dict's identity.

    Equal means equal keys in the same order with values of the same types (1, 1.0 and true stay apart);
    data holding lists or objects is kept as it is.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._by_json: dict[bytes, dict[str, Any]] = {}  # data read from packs on disk, by its JSON text

    def share(self, datas: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`datas` with each dict replaced by the first one equal to it (keys built and looked up at C speed)."""
        try:
            keys = zip(map(tuple, map(dict.items, datas)), map(tuple, map(map, repeat(type), map(dict.values, datas))))
            return list(map(self._known.setdefault, keys, datas))
        except TypeError:  # a list or object among the values: share the others one by one
            return list(map(self._one, datas))

    def share_json(self, entries: list[bytes]) -> list[dict[str, Any]]:
        """The data of JSON `entries`, each parsed and shared the first time it is seen (equal text, equal data).

        ValueError when an entry is not a JSON object."""
        found = list(map(self._by_json.get, entries))
        for i in compress(range(len(found)), map(operator.not_, found)):
            try:
                data = orjson.loads(entries[i])
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"not JSON data ({exc})") from None
            if not isinstance(data, dict):
                raise ValueError("data that is not an object")
            found[i] = self._by_json[entries[i]] = self._one(data)
        return found

    def _one(self, data: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._known.setdefault((tuple(data.items()), tuple(map(type, data.values()))), data)
        except TypeError:
            return data

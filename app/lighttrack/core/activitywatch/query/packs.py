"""A bucket's stored events packed for queries: decoded once, newest first, in compact columns.

Reading a day of stored events costs parsing every timestamp; a pack keeps the result as arrays of
floats (start, duration), ids and a code per event into one shared table of distinct data, about 28 bytes an event,
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
from operator import add, and_, ge, itemgetter, le, lt, methodcaller
from typing import Any, cast

import orjson

from .events import Columns, Event

TIMESTAMP, DURATION, DATA, ID = itemgetter("timestamp"), itemgetter("duration"), itemgetter("data"), methodcaller("get", "id")
NO_ID = -1  # stored events always have ids; an event without one is packed with this and given back as None
PACK_FORMAT = 1  # the binary form of `to_bytes`: change it with the layout, and packs on disk are made again
# events, distinct data, oldest, latest; then the columns starts, durations, ids and data numbers, then the
# distinct data as lines of JSON
_HEADER = struct.Struct("<IIdd")


class EventPack:
    """Events newest first (equal starts in the order given), never changed once packed.

    `oldest` is the earliest start and `latest` the latest end, so a query period that covers both
    takes the whole pack without looking at each event. Each event's data is a code into the table of its
    `SharedData`, so packs sharing one have one code (and one dict) for equal data.
    """

    __slots__ = ("_codes", "_durations", "_ids", "_starts", "_table", "latest", "oldest")

    def __init__(self, stored: list[dict[str, Any]], shared: SharedData | None = None) -> None:
        """Pack `stored` events (ISO `timestamp`, `duration`, `data`, `id`); `shared` keeps one dict per distinct data."""
        shared = SharedData() if shared is None else shared
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
        self._codes = array("I", shared.codes(list(map(DATA, newest_first))))
        self._table = shared.table
        self.oldest = min(self._starts, default=0.0)
        self.latest = max(map(float.__add__, self._starts, self._durations), default=0.0)

    def to_bytes(self) -> bytes:
        """The pack's binary form (format `PACK_FORMAT`), for `from_bytes`."""
        distinct = dict.fromkeys(self._codes)  # the pack's own table: its distinct data in order of appearance
        local = dict(zip(distinct, range(len(distinct))))
        table = b"\n".join(map(orjson.dumps, map(self._table.__getitem__, distinct)))  # compact JSON has no line breaks
        columns = (self._starts, self._durations, self._ids, array("I", map(local.__getitem__, self._codes)))
        return b"".join([_HEADER.pack(len(self), len(distinct), self.oldest, self.latest),
                         *map(_little_endian, columns), table])

    @classmethod
    def from_bytes(cls, payload: bytes | memoryview, shared: SharedData | None = None) -> EventPack:
        """A pack from `to_bytes`; ValueError when `payload` isn't one."""
        shared = SharedData() if shared is None else shared
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
        if len(columns[3]) != count or len(entries) != distinct:
            raise ValueError("not a packed day: its parts don't add up")
        codes = shared.codes_of_json(entries)
        pack = cls.__new__(cls)
        pack._starts, pack._durations, pack._ids = columns[0], columns[1], columns[2]
        try:
            pack._codes, pack._table = array("I", map(codes.__getitem__, columns[3])), shared.table
        except IndexError:
            raise ValueError("not a packed day: a data number beyond its table") from None
        pack.oldest, pack.latest = oldest, latest
        return pack

    def __len__(self) -> int:
        return len(self._starts)

    def nbytes(self) -> int:
        """The memory the columns take (the shared data dicts not counted)."""
        return sum(column.itemsize * len(column) for column in (self._starts, self._durations, self._ids, self._codes))

    def events(self) -> list[Event]:
        """Every event, newest first."""
        return self.columns_within(self.oldest, self.latest).events()

    def covered_by(self, low: float, high: float) -> bool:
        return low <= self.oldest and self.latest <= high

    def columns_within(self, low: float, high: float) -> Columns:
        """The events touching [low, high], cut to it, as columns; an event wholly inside keeps its stored duration."""
        whole = Columns(self._starts.tolist(), self._durations.tolist(), self._codes.tolist(), self._table,
                        _id_list(self._ids))
        if self.covered_by(low, high):
            return whole
        ends = list(map(add, whole.starts, whole.durations))
        found = whole.select(list(map(and_, map(le, whole.starts, repeat(high)), map(ge, ends, repeat(low)))))
        for i, (start, duration) in enumerate(zip(found.starts, found.durations)):
            end = start + duration
            if start < low or end > high:
                start, end = max(start, low), min(end, high)
                found.starts[i], found.durations[i] = start, max(0.0, end - start)
        return found


def columns_within(packs: list[EventPack], low: float, high: float) -> Columns:
    """The events of `packs` touching [low, high], cut to it, as columns, pack after pack.

    Packs of one `SharedData` are joined as arrays, then made into lists once."""
    if len({id(pack._table) for pack in packs}) != 1:
        return Columns.joined([pack.columns_within(low, high) for pack in packs])
    starts, durations, codes, ids = array("d"), array("d"), array("I"), array("q")
    for pack in packs:
        if pack.covered_by(low, high):
            starts += pack._starts
            durations += pack._durations
            codes += pack._codes
            ids += pack._ids
            continue
        cut = pack.columns_within(low, high)
        starts.extend(cut.starts)
        durations.extend(cut.durations)
        codes.extend(cut.codes)
        ids.extend(NO_ID if i is None else i for i in cut.ids)
    return Columns(starts.tolist(), durations.tolist(), codes.tolist(), packs[0]._table, _id_list(ids))


def _id_list(ids: array[int]) -> list[int | None]:
    found: list[int | None] = list(ids.tolist())
    return [None if i == NO_ID else i for i in found] if NO_ID in ids else found


def _little_endian(column: array[Any]) -> array[Any]:
    """`column` in little-endian byte order (the one written to disk): swapped on big-endian machines."""
    if sys.byteorder == "little":
        return column
    swapped = array(column.typecode, column)
    swapped.byteswap()
    return swapped


class SharedData:
    """One code and one dict object for equal data, so transforms can work on each distinct data once.

    Equal means equal keys in the same order with values of the same types (1, 1.0 and true stay apart);
    data holding lists or objects gets a code of its own. `table[code]` is the data; it only grows.
    """

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self._known: dict[tuple[Any, ...], int] = {}
        self._by_json: dict[bytes, int] = {}  # data read from packs on disk, by its JSON text

    def codes(self, datas: list[dict[str, Any]]) -> list[int]:
        """The code of each of `datas` (keys built and looked up at C speed; new data added to the table)."""
        keys = list(zip(map(tuple, map(dict.items, datas)), map(tuple, map(map, repeat(type), map(dict.values, datas)))))
        try:
            found = list(map(self._known.get, keys))
        except TypeError:  # a list or object among the values: one by one
            return list(map(self._code, datas))
        for i in compress(range(len(found)), map(operator.is_, found, repeat(None))):
            found[i] = self._code(datas[i])
        return cast(list[int], found)  # every None was replaced by a code

    def codes_of_json(self, entries: list[bytes]) -> list[int]:
        """The code of the data in each JSON entry (equal text, equal data: each text is parsed once).

        ValueError when an entry is not a JSON object."""
        found = list(map(self._by_json.get, entries))
        for i in compress(range(len(found)), map(operator.is_, found, repeat(None))):
            try:
                data = orjson.loads(entries[i])
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"not JSON data ({exc})") from None
            if not isinstance(data, dict):
                raise ValueError("data that is not an object")
            found[i] = self._by_json[entries[i]] = self._code(data)
        return cast(list[int], found)  # every None was replaced by a code

    def _code(self, data: dict[str, Any]) -> int:
        try:
            key: tuple[Any, ...] | None = (tuple(data.items()), tuple(map(type, data.values())))
            code = self._known.get(key)  # type: ignore[arg-type]
        except TypeError:
            key, code = None, None
        if code is None:
            code = len(self.table)
            self.table.append(data)
            if key is not None:
                self._known[key] = code
        return code

"""The event-list functions of query2 (aw-core's aw_transform semantics), pure: inputs are never changed."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress
from operator import add, gt, itemgetter, le, sub
from typing import Any
from urllib.parse import urlparse

from .events import Columns, Event

FLOOD_PULSETIME = 5.0
NEGATIVE_GAP_TOLERANCE = 0.1
UNCATEGORIZED = ["Uncategorized"]
START, DURATION = itemgetter(0), itemgetter(1)
MISSING = object()  # a key an event's data lacks
Events = list[Event] | Columns  # the functions that a year of events goes through take columns too


def flood(events: Events, pulsetime: float = FLOOD_PULSETIME) -> Columns:
    """Fill gaps up to `pulsetime` between consecutive events: the longer neighbour takes the gap;
    neighbours with the same data become one event. Events left with no duration are dropped."""
    given = Columns.of(events)
    ordered = by_start(given)
    starts, durations, codes, table = ordered.starts, ordered.durations, ordered.codes, ordered.table
    if ordered is given:  # changed in place below: never the lists of a value the query holds
        starts, durations = list(starts), list(durations)
    _flood_gaps(starts, durations, codes, table, pulsetime)
    flooded = Columns(starts, durations, codes, table, ordered.ids)
    if min(durations, default=1.0) > 0:
        return flooded
    return flooded.select(list(map(0.0 .__lt__, durations)))  # a trimmed overlap can leave one below 0


def by_start(events: Columns) -> Columns:
    """`events` sorted by start, equal starts in their order (newest-first columns are reversed, not sorted)."""
    starts = events.starts
    if all(map(le, starts, starts[1:])):
        return events
    if all(map(gt, starts, starts[1:])):
        return Columns(starts[::-1], events.durations[::-1], events.codes[::-1], events.table, events.ids[::-1])
    return events.reordered(sorted(range(len(starts)), key=starts.__getitem__))


def _flood_gaps(starts: list[float], durations: list[float], codes: list[int], table: list[dict[str, Any]],
                pulsetime: float) -> None:
    """Flood's pass over the pairs of neighbours (i, i + 1) that don't touch exactly, in order, changing `starts`
    and `durations` in place. The pairs that touch to begin with are skipped at C speed; after a pair is handled
    the next one is looked at with the values as they are then (handling a pair can move the end of its second)."""
    last_pair = len(starts) - 2
    done = -1
    for i in list(compress(range(last_pair + 1), map(sub, starts[1:], map(add, starts, durations)))):
        if i <= done:
            continue
        while True:
            gap = starts[i + 1] - (starts[i] + durations[i])
            same = codes[i] == codes[i + 1] or table[codes[i]] == table[codes[i + 1]]
            if gap < 0 and same:
                _merge_overlapping(starts, durations, i)
            elif -NEGATIVE_GAP_TOLERANCE < gap <= pulsetime:
                _fill_gap(starts, durations, i, same)
            if i == last_pair or starts[i + 2] == starts[i + 1] + durations[i + 1]:
                break
            i += 1
        done = i + 1


def _merge_overlapping(starts: list[float], durations: list[float], i: int) -> None:
    """Events i and i + 1 overlap with the same data: the first covers both, the second is left empty."""
    start = min(starts[i], starts[i + 1])
    end = max(starts[i] + durations[i], starts[i + 1] + durations[i + 1])
    starts[i], durations[i] = start, end - start
    starts[i + 1], durations[i + 1] = end, 0.0


def _fill_gap(starts: list[float], durations: list[float], i: int, same: bool) -> None:
    """The gap between events i and i + 1 goes to the longer one (or both become one when `same`)."""
    first_start, first_duration, second_start = starts[i], durations[i], starts[i + 1]
    second_end = second_start + durations[i + 1]
    if first_duration >= durations[i + 1]:
        if same:
            durations[i] = second_end - first_start
            starts[i + 1], durations[i + 1] = second_end, 0.0
        else:
            durations[i] = second_start - first_start
    elif same:
        starts[i + 1], durations[i + 1] = first_start, second_end - first_start
        durations[i] = 0.0
    else:
        first_end = first_start + first_duration
        starts[i + 1], durations[i + 1] = first_end, second_end - first_end


def filter_keyvals(events: list[Event], key: str, values: list[Any], exclude: bool = False) -> list[Event]:
    """The events whose data[key] is one of `values` (or, with `exclude`, all the others)."""
    wanted = _Lookup(values)
    return [e for e in events if (key in e.data and wanted.has(e.data[key])) is not exclude]


class _Lookup:
    """Membership by ActivityWatch's equality (1 == 1.0, True is not 1), fast for hashable values."""

    def __init__(self, values: list[Any]) -> None:
        self._values = values
        self._keys = {_key(v) for v in values if _hashable(v)}

    def has(self, value: object) -> bool:
        if _hashable(value):
            return _key(value) in self._keys
        return any(value == v for v in self._values)


def _hashable(value: object) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _key(value: object) -> tuple[Any, ...]:
    return (type(value) is bool, value)


def filter_keyvals_regex(events: list[Event], key: str, pattern: re.Pattern[str]) -> list[Event]:
    """The events whose data[key] is a string the regex matches somewhere."""
    return [e for e in events if isinstance(e.data.get(key), str) and pattern.search(e.data[key])]


def filter_period_intersect(events: Events, filters: Events) -> Columns:
    """The parts of `events` that lie within some event of `filters` (e.g. window time while not AFK)."""
    mine, theirs = by_start(_positive(Columns.of(events))), by_start(Columns.of(filters))
    stretches, cut = _intersections(mine.starts, list(map(add, mine.starts, mine.durations)),
                                    list(zip(theirs.starts, theirs.durations)))
    found = Columns([], [], [], mine.table, [])
    for first, stop in stretches:  # copied a stretch at a time: no work per event
        found.starts += mine.starts[first:stop]
        found.durations += mine.durations[first:stop]
        found.codes += mine.codes[first:stop]
        found.ids += mine.ids[first:stop]
    for place, (start, duration) in cut.items():
        found.starts[place], found.durations[place] = start, duration
    return found


def _intersections(starts: list[float], ends: list[float], windows: list[tuple[float, float]]
                   ) -> tuple[list[list[int]], dict[int, tuple[float, float]]]:
    """aw-core's sweep over events and windows sorted by start (after each pair, step past whichever of the two
    ends first): the stretches [first, stop) of events kept, in order, and the new (start, duration) of each
    event kept in part, by its place among those kept."""
    stretches: list[list[int]] = []
    cut: dict[int, tuple[float, float]] = {}
    i, count, kept = 0, len(starts), 0
    for window_start, window_duration in windows:
        window_end = window_start + window_duration
        while i < count:
            start, end = starts[i], ends[i]
            stop = i + 1
            if start >= window_start:  # a run of events wholly inside the window: kept as they are
                stop = bisect_right(ends, window_end, i, bisect_left(starts, window_end, i))
                if stop <= i or max(ends[i:stop]) > window_end:  # (ends are in order unless events overlap)
                    stop = i + 1
            low = start if start > window_start else window_start
            high = end if end < window_end else window_end
            if stop > i + 1 or low < high:
                if stop == i + 1 and (low != start or high != end):
                    cut[kept] = (low, high - low)
                if stretches and stretches[-1][1] == i:
                    stretches[-1][1] = stop
                else:
                    stretches.append([i, stop])
                kept += stop - i
            if stop == i + 1 and end > window_end:
                break
            i = stop
    return stretches, cut


def _positive(events: Columns) -> Columns:
    """The events that last longer than nothing (the others can't overlap anything)."""
    if min(events.durations, default=1.0) > 0:
        return events
    return events.select(list(map(0.0 .__lt__, events.durations)))


def period_union(first: list[Event], second: list[Event]) -> list[Event]:
    """The time covered by either list, as events without data, none overlapping or touching."""
    merged: list[Event] = []
    for event in sorted(first + second, key=lambda e: (e.start, e.duration)):
        if merged and event.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Event(last.start, max(last.end, event.end) - last.start, {}, last.id)
        else:
            merged.append(Event(event.start, event.duration, {}, event.id))
    return merged


def union_no_overlap(first: list[Event], second: list[Event]) -> list[Event]:
    """Both lists in time order; where they overlap, `first` wins and `second` keeps only what's left."""
    result: list[Event] = []
    pending = sorted(second, key=START)
    j = 0
    for event in sorted(first, key=START):
        while j < len(pending) and pending[j].start < event.end:
            other = pending[j]
            if other.start < event.start:
                result.append(other.moved(other.start, min(other.end, event.start)))
            if other.end > event.end:
                pending[j] = other.moved(event.end, other.end)
                break
            j += 1
        result.append(event)
    return result + pending[j:]


def merge_events_by_keys(events: Events, keys: list[str]) -> list[Event]:
    """One event per combination of the `keys` values, its duration the sum; timestamp of the first one.

    Durations are summed per distinct data first, then per group."""
    if not keys:
        return list(events)
    columns = Columns.of(events)
    totals, firsts = columns.totals()
    groups: dict[tuple[Any, ...], list[Any]] = {}  # group → [its first position, its total], in order of appearance
    for code, at in firsts.items():
        group = groups.setdefault(_group(columns.table[code], keys), [at, 0.0])
        group[1] += totals[code]
    result = []
    for at, total in groups.values():
        data = columns.table[columns.codes[at]]
        result.append(Event(columns.starts[at], total, {k: data[k] for k in keys if k in data}))
    return result


def _group(data: dict[str, Any], keys: list[str]) -> tuple[Any, ...]:
    """The values of `keys` as a dict key; a list or dict value is compared by content."""
    group = tuple([data.get(k, MISSING) for k in keys])
    try:
        hash(group)
    except TypeError:
        return tuple([_frozen(data.get(k, MISSING)) for k in keys])
    return group


def _frozen(value: object) -> object:
    """A hashable stand-in for a JSON value, equal for equal values (a category path is a list of names)."""
    if isinstance(value, list):
        flat = tuple(value)
        try:
            hash(flat)
            return flat
        except TypeError:
            return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def chunk_events_by_key(events: list[Event], key: str, pulsetime: float = FLOOD_PULSETIME) -> list[Event]:
    """Adjacent events with the same data[key] (less than `pulsetime` apart) as one event, the originals
    in its data's `subevents`. Stops at the first event without the key, as aw-core does."""
    chunks: list[list[Any]] = []  # [start, duration, value, subevents]
    previous_end = 0.0
    for event in events:
        start, duration, data, _ = event
        if key not in data:
            break
        if chunks and chunks[-1][2] == data[key] and start - previous_end < pulsetime:
            chunks[-1][1] += duration
            chunks[-1][3].append(event)
        else:
            chunks.append([start, duration, data[key], [event]])
        previous_end = start + duration
    return [Event(start, duration, {key: value, "subevents": subevents}) for start, duration, value, subevents in chunks]


def sort_by_timestamp(events: list[Event]) -> list[Event]:
    return sorted(events, key=START)


def sort_by_duration(events: list[Event]) -> list[Event]:
    """Longest first; equal durations keep their order."""
    return sorted(events, key=DURATION, reverse=True)


def limit_events(events: list[Event], count: int) -> list[Event]:
    return events[:count]


def sum_durations(events: Events) -> float:
    """The total duration in seconds."""
    return float(sum(Columns.of(events).durations))


def concat(first: list[Any], second: list[Any]) -> list[Any]:
    return first + second


def split_url_events(events: list[Event]) -> list[Event]:
    """Browser events with `$protocol`, `$domain` (without www.), `$path`, `$params`, `$options`, `$identifier`."""
    return [e.with_data({**e.data, **_url_parts(e.data["url"])}) if "url" in e.data else e for e in events]


def _url_parts(url: object) -> dict[str, Any]:
    parts = urlparse(url if isinstance(url, str) else "")
    domain = parts.netloc.removeprefix("www.") if parts.netloc else parts.scheme
    return {"$protocol": parts.scheme, "$domain": domain, "$path": parts.path, "$params": parts.params,
            "$options": parts.query, "$identifier": parts.fragment}


COUNTER_PREFIX = re.compile(r"^\([0-9]+\)\s*")
MODIFIED_MARK = re.compile(r"^(●|\*)\s*")
FPS = re.compile(r"FPS:\s+[0-9.]+")


def simplify_window_titles(events: list[Event], key: str) -> list[Event]:
    """Titles without a leading "(3) " counter; window titles also without "● "/"* " and FPS figures."""
    return [e.with_data({**e.data, key: _simplified(e.data, key)}) if isinstance(e.data.get(key), str) else e
            for e in events]


def _simplified(data: dict[str, Any], key: str) -> str:
    text = COUNTER_PREFIX.sub("", data[key])
    if key == "title" and "app" in data:
        text = MODIFIED_MARK.sub("", FPS.sub("FPS: ...", text))
    return text


class Rule:
    """A category or tag rule: `{"type": "regex", "regex": ..., "ignore_case": bool, "select_keys": [...]}`.
    A rule without a regex (type "none") matches nothing."""

    def __init__(self, spec: dict[str, Any]) -> None:
        pattern = spec.get("regex") if spec.get("type", "regex") == "regex" else None
        flags = re.IGNORECASE if spec.get("ignore_case") else 0
        self.regex = re.compile(pattern, flags) if pattern else None
        self.keys = spec.get("select_keys") or None

    def matches(self, data: dict[str, Any]) -> bool:
        if self.regex is None:
            return False
        values = [data.get(k) for k in self.keys] if self.keys else data.values()
        return any(isinstance(v, str) and self.regex.search(v) for v in values)


def categorize(events: Events, classes: list[tuple[list[str], Rule]]) -> Columns:
    """Each event's `$category`: the deepest matching category (the later one on a tie), else Uncategorized."""
    columns = Columns.of(events)
    known: dict[tuple[Any, ...], list[str]] = {}  # events with equal data get the same category: match each once
    table = list(columns.table)
    for code in set(columns.codes):
        table[code] = {**table[code], "$category": _known_category(table[code], classes, known)}
    return columns.with_table(table)


def _known_category(data: dict[str, Any], classes: list[tuple[list[str], Rule]],
                    known: dict[tuple[Any, ...], list[str]]) -> list[str]:
    try:
        key: tuple[Any, ...] | None = tuple(data.items())
        category = known.get(key)  # type: ignore[arg-type]
    except TypeError:
        key, category = None, None
    if category is None:
        category = _category(data, classes)
        if key is not None:
            known[key] = category
    return category


def _category(data: dict[str, Any], classes: list[tuple[list[str], Rule]]) -> list[str]:
    best = UNCATEGORIZED
    for name, rule in classes:
        if len(name) >= len(best) and rule.matches(data):
            best = name
    return best


def tag(events: list[Event], classes: list[tuple[str, Rule]]) -> list[Event]:
    """Each event's `$tags`: every matching tag, in rule order."""
    return [e.with_data({**e.data, "$tags": [name for name, rule in classes if rule.matches(e.data)]}) for e in events]

"""The event-list functions of query2 (aw-core's aw_transform semantics), pure: inputs are never changed."""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Any
from urllib.parse import urlparse

from .events import Event

FLOOD_PULSETIME = 5.0
NEGATIVE_GAP_TOLERANCE = 0.1
UNCATEGORIZED = ["Uncategorized"]
START, DURATION = attrgetter("start"), attrgetter("duration")
MISSING = object()  # a key an event's data lacks


def flood(events: list[Event], pulsetime: float = FLOOD_PULSETIME) -> list[Event]:
    """Fill gaps up to `pulsetime` between consecutive events: the longer neighbour takes the gap;
    neighbours with the same data become one event. Events left with no duration are dropped."""
    ordered = sorted(events, key=START)
    copied = [False] * len(ordered)
    for i in range(len(ordered) - 1):
        first, second = ordered[i], ordered[i + 1]
        gap = second.start - (first.start + first.duration)
        if gap == 0 or not ((gap < 0 and first.data == second.data) or -NEGATIVE_GAP_TOLERANCE < gap <= pulsetime):
            continue
        for j in (i, i + 1):  # events are shared with the caller's list: change copies only
            if not copied[j]:
                ordered[j], copied[j] = Event(ordered[j].start, ordered[j].duration, ordered[j].data, ordered[j].id), True
        if gap < 0:
            _merge_overlapping(ordered[i], ordered[i + 1])
        else:
            _fill_gap(ordered[i], ordered[i + 1])
    return [e for e in ordered if e.duration > 0]


def _merge_overlapping(first: Event, second: Event) -> None:
    start, end = min(first.start, second.start), max(first.end, second.end)
    first.start, first.duration = start, end - start
    second.start, second.duration = end, 0.0


def _fill_gap(first: Event, second: Event) -> None:
    second_end = second.end
    same = first.data == second.data
    if first.duration >= second.duration:
        if same:
            first.duration = second_end - first.start
            second.start, second.duration = second_end, 0.0
        else:
            first.duration = second.start - first.start
    elif same:
        second.start, second.duration = first.start, second_end - first.start
        first.duration = 0.0
    else:
        second.start, second.duration = first.end, second_end - first.end


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


def filter_period_intersect(events: list[Event], filters: list[Event]) -> list[Event]:
    """The parts of `events` that lie within some event of `filters` (e.g. window time while not AFK)."""
    mine, theirs = sorted(events, key=START), sorted(filters, key=START)
    result: list[Event] = []
    append = result.append
    i, count = 0, len(mine)
    for window in theirs:  # aw-core's sweep: after each pair, step past whichever of the two ends first
        window_start = window.start
        window_end = window_start + window.duration
        while i < count:
            event = mine[i]
            start = event.start
            end = start + event.duration
            low = start if start > window_start else window_start
            high = end if end < window_end else window_end
            if low < high:
                append(event if low == start and high == end else event.moved(low, high))
            if end > window_end:
                break
            i += 1
    return result


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


def merge_events_by_keys(events: list[Event], keys: list[str]) -> list[Event]:
    """One event per combination of the `keys` values, its duration the sum; timestamp of the first one."""
    if not keys:
        return list(events)
    groups: dict[int, tuple[Any, ...]] = {}  # by id(data): events sharing a data dict share its group
    merged: dict[tuple[Any, ...], Event] = {}
    for event in events:
        data = event.data
        group = groups.get(id(data))
        if group is None:
            group = groups[id(data)] = _group(data, keys)
        found = merged.get(group)
        if found is None:
            merged[group] = Event(event.start, event.duration, {k: data[k] for k in keys if k in data})
        else:
            found.duration += event.duration
    return list(merged.values())


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
    chunks: list[Event] = []
    previous: Event | None = None
    for event in events:
        if key not in event.data:
            break
        last = chunks[-1] if chunks else None
        if last is not None and previous is not None and last.data[key] == event.data[key] \
                and event.start - previous.end < pulsetime:
            last.duration += event.duration
            last.data["subevents"].append(event)
        else:
            chunks.append(Event(event.start, event.duration, {key: event.data[key], "subevents": [event]}))
        previous = event
    return chunks


def sort_by_timestamp(events: list[Event]) -> list[Event]:
    return sorted(events, key=START)


def sort_by_duration(events: list[Event]) -> list[Event]:
    """Longest first; equal durations keep their order."""
    return sorted(events, key=DURATION, reverse=True)


def limit_events(events: list[Event], count: int) -> list[Event]:
    return events[:count]


def sum_durations(events: list[Event]) -> float:
    """The total duration in seconds."""
    return float(sum(e.duration for e in events))


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


def categorize(events: list[Event], classes: list[tuple[list[str], Rule]]) -> list[Event]:
    """Each event's `$category`: the deepest matching category (the later one on a tie), else Uncategorized."""
    known: dict[tuple[Any, ...], list[str]] = {}  # events with equal data get the same category: match each once
    labelled: dict[int, dict[str, Any]] = {}  # by id(data): events sharing a data dict share the labelled copy
    result: list[Event] = []
    append = result.append
    for event in events:
        data = event.data
        found = labelled.get(id(data))
        if found is None:
            found = labelled[id(data)] = {**data, "$category": _known_category(data, classes, known)}
        append(Event(event.start, event.duration, found, event.id))
    return result


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

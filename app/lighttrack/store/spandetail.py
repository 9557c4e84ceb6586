"""Where the sealed days' time went, per app: titles, domains, files, categories, projects.

Two encrypted files per month: `spans/YYYY-MM.detail` holds each sealed day's detail, `YYYY-MM.total`
their sum, so a year is read as twelve month sums, whatever the number of titles in a day. The files are
rewritten (atomically) when a day is sealed or a sealed day changes (privacy deletion, rules re-applied).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from bisect import bisect_left, insort
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from .crypto import Cipher
from .files import atomic_write

DETAIL, TOTAL = ".detail", ".total"
DETAIL_KEYS = (("titles", "title"), ("domains", "domain"), ("files", "file"), ("categories", "category"),
               ("projects", "projectId"))
SPARSE = ("domains", "files")  # only spans that have one count there; titles carry every app's time
SEP = "\x1f"  # between the app and the value in a detail key: privacy rules filter by app
FILES_CACHED = 26  # a year of month sums and the edge months' days


def flatten(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut overlapping spans so each instant counts once: a browser tab or an editor file wins over the window
    around it (ActivityWatch's watchers and the tracker report the same moment), then the earlier span."""
    ordered = sorted(spans, key=lambda s: s["start"])
    if all(a["end"] <= b["start"] for a, b in itertools.pairwise(ordered)):
        return ordered
    claimed: list[tuple[str, str]] = []  # sorted, disjoint
    kept = []
    for span in sorted(ordered, key=lambda s: not (s.get("domain") or s.get("file"))):
        for lo, hi in _unclaimed(span["start"], span["end"], claimed):
            insort(claimed, (lo, hi))
            kept.append(span if (lo, hi) == (span["start"], span["end"]) else {**span, "start": lo, "end": hi})
    return sorted(kept, key=lambda s: s["start"])


def _unclaimed(lo: str, hi: str, claimed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    parts, cursor = [], lo
    index = max(0, bisect_left(claimed, (lo, lo)) - 1)
    while index < len(claimed) and claimed[index][0] < hi:
        c0, c1 = claimed[index]
        if c1 > cursor:
            if c0 > cursor:
                parts.append((cursor, c0))
            cursor = max(cursor, c1)
        index += 1
    return parts + ([(cursor, hi)] if cursor < hi else [])


def detail(spans: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Milliseconds per app and title, domain, file, category and project ('app\\x1fvalue' keys; '' for none)."""
    found: dict[str, dict[str, int]] = {name: {} for name, _ in DETAIL_KEYS}
    for span in flatten(spans):
        _count(found, span)
    return found


def streamed_detail(read: Callable[[], Iterable[dict[str, Any]]]) -> dict[str, dict[str, int]]:
    """`detail` of the spans `read()` yields, counted as they come, so they are never all in memory (a day of
    spans decoded at each look made the heap grow with the day). Spans that each start where or after the
    last one ended need no flattening; the first that doesn't sends a second `read()` through `detail`."""
    found: dict[str, dict[str, int]] = {name: {} for name, _ in DETAIL_KEYS}
    reached = ""
    for span in read():
        if span["start"] < reached:
            return detail(list(read()))
        reached = span["end"]
        _count(found, span)
    return found


def _count(found: dict[str, dict[str, int]], span: dict[str, Any]) -> None:
    ms = round((datetime.fromisoformat(span["end"]) - datetime.fromisoformat(span["start"])).total_seconds() * 1000)
    app = span.get("app") or ""
    for name, field in DETAIL_KEYS:
        if name in SPARSE and not span.get(field):
            continue
        key = f"{app}{SEP}{span.get(field) or ''}"
        totals = found[name]
        totals[key] = totals.get(key, 0) + ms


def add_detail(into: dict[str, dict[str, int]], other: dict[str, dict[str, int]]) -> None:
    for name, totals in other.items():
        target = into.setdefault(name, {})
        for key, ms in totals.items():
            target[key] = target.get(key, 0) + ms


class DetailFiles:
    """The month files of one span folder: `YYYY-MM.detail` (each day) and `YYYY-MM.total` (their sum).

    Threading contract: callers hold the store's lock.
    """

    def __init__(self, folder: Path, cipher: Cipher) -> None:
        self._folder = folder
        self._cipher = cipher
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.version = 0  # counts the changes, so readers can keep what they merged until the next one

    def put(self, day: str, found: dict[str, Any] | None) -> None:
        """Store (or with None remove) the detail of a sealed day and refresh its month's sum."""
        month = day[:7]
        days = dict(self._read(month + DETAIL))
        if found is None:
            days.pop(day, None)
        else:
            days[day] = found
        total: dict[str, Any] = {}
        for one in days.values():
            add_detail(total, one)
        self._write(month + DETAIL, days)
        self._write(month + TOTAL, {"days": sorted(days), "sum": total})
        self.version += 1

    def sealed(self, first_day: str, last_day: str) -> tuple[list[dict[str, Any]], set[str]]:
        """The details of the sealed days in [first_day, last_day] (a whole month as its sum) and those days."""
        parts, covered = [], set()
        for month in _months_between(first_day, last_day):
            total = self._read(month + TOTAL)
            inside = [d for d in total.get("days", ()) if first_day <= d <= last_day]
            if inside and len(inside) == len(total["days"]):
                parts.append(total["sum"])
            elif inside:
                days = self._read(month + DETAIL)
                parts += [days[d] for d in inside if d in days]
            covered.update(inside)
        return parts, covered

    def _write(self, name: str, value: dict[str, Any]) -> None:
        atomic_write(self._folder / name, self._cipher.seal(orjson.dumps(value)))
        self._cache.pop(name, None)

    def _read(self, name: str) -> dict[str, Any]:
        """A month file, parsed once and kept for the next reads (callers must not change it)."""
        if name not in self._cache:
            try:
                self._cache[name] = orjson.loads(self._cipher.open((self._folder / name).read_bytes(), name))
            except FileNotFoundError:
                self._cache[name] = {}
            while len(self._cache) > FILES_CACHED:
                self._cache.popitem(last=False)
        self._cache.move_to_end(name)
        return self._cache[name]


def _months_between(first_day: str, last_day: str) -> list[str]:
    year, month = int(first_day[:4]), int(first_day[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last_day[:7]:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found

"""The window timeline: heartbeats extend the open span in memory; finished spans go to the span store.

The heartbeat model of ActivityWatch: a sample identical to the open span's, arriving within
the pulse time of the last one, only moves the open span's end. A different sample (or None:
no window, excluded, idle) finishes the open span at that instant. The open span is written on
change, cut and written on `checkpoint` (the sampler's auto-save timer) and at `close`.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from ...store.spans import DEVICE, SpanStore
from ..records.shapes import Span
from ..timing.isotime import from_iso, ms_between, to_iso

FIELDS = ("app", "title", "projectId", "category", "domain", "source", "file")  # domain/source/file: ActivityWatch tabs, editors
PASSIVE = "passive"  # present without input (a video, a call): kept only when true


@dataclass
class _OpenSpan:
    data: dict[str, Any]
    start: datetime
    last: datetime


class Timeline:
    """Window spans of one data folder.

    Threading contract: the sampler thread feeds heartbeats; API threads read and forget;
    one lock guards the open span, and the span store takes the store's lock for files.
    """

    def __init__(self, spans: SpanStore, pulse_seconds: float = 2.0) -> None:
        self.spans = spans
        self.pulse = timedelta(seconds=pulse_seconds)
        self._open: _OpenSpan | None = None
        self._lock = threading.Lock()

    def heartbeat(self, data: dict[str, Any] | None, at: datetime) -> None:
        """Record that `data` ({app, title, projectId, category}, or None for nothing) was seen at `at`."""
        with self._lock:
            current = self._open
            if current is not None and (at < current.last or at - current.last > self.pulse):
                self._finish(current.last)  # a gap (or the clock moved back): the span ended when last seen
                current = None
            if current is not None and current.data == data:
                current.last = at
                return
            if current is not None:
                self._finish(at)
            self._open = _OpenSpan(dict(data), at, at) if data is not None else None

    def close(self, at: datetime | None = None) -> None:
        """Finish the open span at `at` (default: when it was last seen), e.g. at the start of idle time."""
        with self._lock:
            if self._open is not None:
                self._finish(self._open.last if at is None else max(self._open.start, min(at, self._open.last)))

    def checkpoint(self, upto: datetime) -> None:
        """Write the open span up to `upto` and keep it open from there (bounds what a crash can lose)."""
        with self._lock:
            current = self._open
            if current is None:
                return
            cut = min(upto, current.last)
            if cut > current.start:
                self.spans.append([_span(current.data, current.start, cut)], today=to_iso(cut)[:10])
                current.start = cut

    def get(self, start: datetime, end: datetime) -> list[Span]:
        """Spans overlapping [start, end), clipped to it, consecutive identical ones merged."""
        return cast(list[Span], merge(self.pieces(start, end), self.pulse))

    def pieces(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Spans overlapping [start, end), clipped to it, as stored (unmerged, oldest first): for bulk readers."""
        stored = self.spans.read(to_iso(start), to_iso(end))
        with self._lock:
            if self._open is not None and self._open.last > self._open.start:
                stored.append(_span(self._open.data, self._open.start, self._open.last))
        lo, hi = to_iso(start), to_iso(end)
        return [_clipped(s, lo, hi) for s in stored if s["end"] > lo and s["start"] < hi]

    def stream(self, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
        """The spans of `pieces` as they are read, in the order they were stored (see SpanStore.stream), the
        open span last: for totals that need not hold a day of spans."""
        lo, hi = to_iso(start), to_iso(end)
        stored = self.spans.stream(lo, hi)  # the files as they are now, then the open span as it is now (as `pieces`)
        with self._lock:
            current = self._open
            open_span = [_span(current.data, current.start, current.last)] if current and current.last > current.start else []
        both = itertools.chain(stored, open_span)
        return (_clipped(s, lo, hi) for s in both if s["end"] > lo and s["start"] < hi)

    def forget_app(self, app: str) -> int:
        """Delete every span of `app`, the open one included; return how many stored spans went."""
        with self._lock:
            if self._open is not None and self._open.data["app"].casefold() == app.casefold():
                self._open = None
        return self.spans.forget_app(app)

    def forget_range(self, start: datetime, end: datetime) -> int:
        """Delete the tracked time in [start, end), the open span's part included."""
        with self._lock:
            if self._open is not None and self._open.start < end:
                self._open = None  # the sampler opens a new span at its next tick
        return self.spans.forget_range(to_iso(start), to_iso(end))

    def shutdown(self) -> None:
        """Write the open span and flush the journal to disk."""
        self.close()
        self.spans.sync()

    def _finish(self, end: datetime) -> None:
        current, self._open = self._open, None
        if current is not None and end > current.start:
            self.spans.append([_span(current.data, current.start, end)], today=to_iso(end)[:10])


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: data.get(k) for k in FIELDS}
    if data.get(PASSIVE):
        fields[PASSIVE] = True
    if data.get(DEVICE):
        fields[DEVICE] = data[DEVICE]  # tracked by another device (sync), whose id it names
    return fields


def _span(data: dict[str, Any], start: datetime, end: datetime) -> dict[str, Any]:
    return {"start": to_iso(start), "end": to_iso(end), **_fields(data)}


def _clipped(span: dict[str, Any], lo: str, hi: str) -> dict[str, Any]:
    """`span` inside [lo, hi) (UTC ISO strings of one format compare as times)."""
    if span["start"] >= lo and span["end"] <= hi:
        return span
    return {**span, "start": max(span["start"], lo), "end": min(span["end"], hi)}


def merge(spans: list[dict[str, Any]], gap: timedelta) -> list[dict[str, Any]]:
    """Join consecutive spans with identical fields that touch or are at most `gap` apart; add durations."""
    merged: list[dict[str, Any]] = []
    for span in sorted(spans, key=lambda s: s["start"]):
        last = merged[-1] if merged else None
        if last and _fields(last) == _fields(span) and from_iso(span["start"]) - from_iso(last["end"]) <= gap:
            last["end"] = max(last["end"], span["end"])
        else:
            merged.append({"start": span["start"], "end": span["end"], **_fields(span)})
    for span in merged:
        span["duration"] = ms_between(from_iso(span["start"]), from_iso(span["end"]))
    return merged

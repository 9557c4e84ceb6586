"""Window spans: today's encrypted append-only journal, past days sealed into one file each.

Days are UTC days (`spans/YYYY-MM-DD.journal`, then `spans/YYYY-MM-DD.db`): a file's content never
depends on the time zone setting, travel or DST. The daily summary counts hours in UTC too, so a
local day is rebuilt exactly from whole hours in the usual whole-hour zones.

A journal (store/journal.py) holds one frame per batch of finished spans. A sealed day is never
rewritten, except by `forget_app` (a privacy request).

A span is a dict with ISO `start`/`end` (UTC, milliseconds) and `app`, `title`, `projectId`, `category`.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

from .database import Store
from .files import atomic_write
from .journal import JournalFiles
from .spandetail import DetailFiles, streamed_detail

log = logging.getLogger(__name__)

SpanFilter = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
SPAN_DIR = "spans"
JOURNAL = ".journal"
SEALED = ".db"
SUMMARY = ".summary"
DEVICE = "device"  # a span another device tracked carries that device's sync id
UNDO = "relabel.undo"
_UTC = timezone.utc
CACHED_SPANS = 20_000  # sealed days kept decoded, about 7 MB: the last days of ordinary use, not one day of thousands
SHORT_RANGE_DAYS = 62  # up to this many days a range looks for its files by name instead of listing the folder
SEAL_PIECE = 64 * 1024  # bytes of JSON encrypted and written at a time when a day is sealed


def _day_of(iso: str) -> str:
    return iso[:10]


def _midnight_of(day: str) -> str:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), _UTC).isoformat(timespec="milliseconds")


def _next_midnight(day: str) -> str:
    return _midnight_of(str(date.fromisoformat(day) + timedelta(days=1)))


def split_by_day(span: dict[str, Any]) -> list[dict[str, Any]]:
    """Cut `span` at UTC midnights so each part belongs to one day file."""
    parts, rest = [], span
    while _day_of(rest["start"]) != _day_of(rest["end"]) and rest["end"] > _next_midnight(_day_of(rest["start"])):
        midnight = _next_midnight(_day_of(rest["start"]))
        parts.append({**rest, "end": midnight})
        rest = {**rest, "start": midnight}
    return [*parts, rest] if rest["end"] > rest["start"] else parts


def span_ms(span: dict[str, Any]) -> int:
    return round((datetime.fromisoformat(span["end"]) - datetime.fromisoformat(span["start"])).total_seconds() * 1000)


def summarize(spans: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Totals in milliseconds per app, project, category and UTC hour of one day's spans."""
    apps: dict[str, int] = {}
    projects: dict[str, int] = {}
    categories: dict[str, int] = {}
    hours = [0] * 24
    count = 0
    for span in spans:
        count += 1
        ms = span_ms(span)
        apps[span["app"]] = apps.get(span["app"], 0) + ms
        for key, totals in (("projectId", projects), ("category", categories)):
            if span.get(key):
                totals[span[key]] = totals.get(span[key], 0) + ms
        _add_hours(hours, span)
    return {"spans": count, "totalMs": sum(apps.values()), "apps": apps, "projects": projects,
            "categories": categories, "hours": hours}


def _add_hours(hours: list[int], span: dict[str, Any]) -> None:
    cursor, end = datetime.fromisoformat(span["start"]), datetime.fromisoformat(span["end"])
    while cursor < end:
        following = min(end, cursor.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
        hours[cursor.hour] += round((following - cursor).total_seconds() * 1000)
        cursor = following


class SpanStore:
    """Appends, reads, seals and forgets window spans.

    Threading contract: every method takes the Store's lock, so the sampler thread and API threads
    may call concurrently. Appended frames reach the OS at once and the disk at most
    `sync_seconds` later (or at `sync()`).
    """

    def __init__(self, store: Store, sync_seconds: float = 30, cache_days: int = 9,
                 cached_spans: int = CACHED_SPANS) -> None:
        self._store = store
        self._dir = store.data_dir / SPAN_DIR
        self._dir.mkdir(parents=True, exist_ok=True)
        self._journal = JournalFiles(store.cipher, sync_seconds)
        self._cache: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._cache_days = cache_days
        self._cached_spans = cached_spans
        self._sealed_before: str | None = None  # the day whose predecessors are known sealed
        self._details = DetailFiles(self._dir, store.cipher)

    @property
    def sync_seconds(self) -> float:
        return self._journal.sync_seconds

    @sync_seconds.setter
    def sync_seconds(self, seconds: float) -> None:
        self._journal.sync_seconds = seconds

    # -- writing ------------------------------------------------------------------
    def append(self, spans: list[dict[str, Any]], today: str | None = None) -> None:
        """Append finished spans (one frame per day touched); seal the days before `today` (UTC)."""
        by_day: dict[str, list[dict[str, Any]]] = {}
        for span in spans:
            for part in split_by_day(span):
                by_day.setdefault(_day_of(part["start"]), []).append(part)
        with self._store.lock:
            for day, parts in sorted(by_day.items()):
                self._append_frame(day, parts)
            if today is not None and today != self._sealed_before:
                self.seal_before(today)

    def _append_frame(self, day: str, spans: list[dict[str, Any]]) -> None:
        if self._path(day, SEALED).exists():
            log.debug("dropped %d spans for the sealed day %s (clock moved back?)", len(spans), day)
            return
        self._journal.append(self._path(day, JOURNAL), spans)

    def add_past(self, spans: list[dict[str, Any]], write: bool = True) -> tuple[int, int]:
        """Add imported spans to their days, sealed ones included, skipping spans already there (same start, end,
        app, title and source); return (added, skipped). On the disk when it returns; `write=False` only counts."""
        by_day: dict[str, list[dict[str, Any]]] = {}
        for span in spans:
            for part in split_by_day(span):
                by_day.setdefault(_day_of(part["start"]), []).append(part)
        added = skipped = 0
        with self._store.lock:
            for day, parts in sorted(by_day.items()):
                known, fresh = {_identity(s) for s in self._day_spans(day)}, []
                for part in parts:
                    if _identity(part) not in known:
                        known.add(_identity(part))
                        fresh.append(part)
                added, skipped = added + len(fresh), skipped + len(parts) - len(fresh)
                if fresh and write:
                    self._add_to_day(day, fresh)
            self._journal.sync()
        return added, skipped

    def _add_to_day(self, day: str, fresh: list[dict[str, Any]]) -> None:
        sealed = self._path(day, SEALED)
        if not sealed.exists():
            self._journal.append(self._path(day, JOURNAL), fresh)
            return
        spans = sorted(self._day_spans(day) + fresh, key=lambda s: s["start"])
        self._write_sealed(day, lambda: spans)
        self._cache.pop(day, None)

    def sync(self) -> None:
        """Flush every appended frame to the disk."""
        with self._store.lock:
            self._journal.sync()

    # -- sealing ---------------------------------------------------------------------
    def seal_before(self, today: str) -> list[str]:
        """Seal every journal of a day before `today` ('YYYY-MM-DD', UTC); return the days sealed."""
        with self._store.lock:
            days = [p.name[:10] for p in self._dir.glob("*" + JOURNAL) if p.name[:10] < today]
            for day in sorted(days):
                self._seal(day)
            self._sealed_before = today
            return sorted(days)

    def _seal(self, day: str) -> None:
        """The day's journal becomes its sealed file. Its spans are read as they come, a few times over, rather than
        held: a day of spans at once (tens of megabytes on a busy day) left the heap larger at every midnight."""
        journal = self._path(day, JOURNAL)
        if not self._path(day, SEALED).exists():
            def read() -> Iterable[dict[str, Any]]:
                return itertools.chain.from_iterable(self._journal.frames(journal))

            if _in_order(read()):
                self._write_sealed(day, read)
            else:  # spans imported into the open day, or the clock moved back
                spans = sorted(read(), key=lambda s: s["start"])
                self._write_sealed(day, lambda: spans)
        self._journal.remove(journal)

    def _write_sealed(self, day: str, read: Callable[[], Iterable[dict[str, Any]]]) -> None:
        """Write the sealed file of `day` with the spans `read()` yields (in order), and its summary and detail."""
        self._write_summary(day, summarize(read()))
        self._details.put(day, streamed_detail(read))
        atomic_write(self._path(day, SEALED), self._store.cipher.seal_stream(_json_list(read())))

    def _write_summary(self, day: str, summary: dict[str, Any] | None) -> None:
        path = self._path(day[:4], SUMMARY)
        days = self._read_blob(path) or {}
        if summary is None:
            days.pop(day, None)
        else:
            days[day] = summary
        atomic_write(path, self._store.cipher.seal(orjson.dumps(days)))

    # -- reading -------------------------------------------------------------------------
    def read(self, start_iso: str, end_iso: str) -> list[dict[str, Any]]:
        """Spans overlapping [start, end), oldest first, unclipped."""
        found = []
        with self._store.lock:
            for day in self._days_overlapping(start_iso, end_iso):
                found += [s for s in self._day_spans(day) if s["start"] < end_iso and s["end"] > start_iso]
        return sorted(found, key=lambda s: s["start"])

    def stream(self, start_iso: str, end_iso: str) -> Iterator[dict[str, Any]]:
        """Spans overlapping [start, end) in the order they were stored, day after day: the order of time as long
        as nothing was added out of order (callers that need it sorted check). An open day's journal is decoded
        as the spans are taken, so a day of spans is never in memory at once; its file is opened now."""
        with self._store.lock:
            days = [self._cache_or_frames(day) for day in self._days_overlapping(start_iso, end_iso)]
        return (s for s in itertools.chain.from_iterable(days) if s["start"] < end_iso and s["end"] > start_iso)

    def _cache_or_frames(self, day: str) -> Iterable[dict[str, Any]]:
        if self._path(day, SEALED).exists():
            return self._day_spans(day)
        return itertools.chain.from_iterable(self._journal.frames(self._path(day, JOURNAL)))

    def summaries(self, first_day: str, last_day: str) -> dict[str, dict[str, Any]]:
        """Daily summaries of the sealed days in [first_day, last_day]."""
        result: dict[str, dict[str, Any]] = {}
        with self._store.lock:
            for year in range(int(first_day[:4]), int(last_day[:4]) + 1):
                days = self._read_blob(self._path(str(year), SUMMARY)) or {}
                result.update({d: s for d, s in days.items() if first_day <= d <= last_day})
        return dict(sorted(result.items()))

    def sealed_details(self, first_day: str, last_day: str) -> tuple[list[dict[str, Any]], set[str], int]:
        """Where the time of the sealed days in [first_day, last_day] went (see store/spandetail.py), those days,
        and the version of the details (it changes whenever a sealed day does)."""
        with self._store.lock:
            return (*self._details.sealed(first_day, last_day), self._details.version)

    def is_sealed(self, day: str) -> bool:
        """Whether the UTC day 'YYYY-MM-DD' is sealed (its spans no longer change but by privacy or import)."""
        return self._path(day, SEALED).exists()

    @property
    def details_version(self) -> int:
        return self._details.version

    def days(self) -> list[str]:
        """Every day that has spans (sealed or in a journal)."""
        with self._store.lock:
            names = {p.name[:10] for p in self._dir.iterdir() if p.name.endswith((JOURNAL, SEALED))}
        return sorted(names)

    def _days_overlapping(self, start_iso: str, end_iso: str) -> list[str]:
        """The days whose spans may overlap [start, end): a range that ends at a midnight leaves that day out."""
        first, last = _day_of(start_iso), _day_of(end_iso)
        if end_iso == _midnight_of(last) and last > first:
            last = str(date.fromisoformat(last) - timedelta(days=1))
        return self._days_between(first, last)

    def _days_between(self, first: str, last: str) -> list[str]:
        start, end = date.fromisoformat(first), date.fromisoformat(last)
        if (end - start).days > SHORT_RANGE_DAYS:
            return [d for d in self.days() if first <= d <= last]
        wanted = (str(start + timedelta(days=n)) for n in range((end - start).days + 1))
        return [d for d in wanted if self._path(d, SEALED).exists() or self._path(d, JOURNAL).exists()]

    def _day_spans(self, day: str) -> list[dict[str, Any]]:
        sealed = self._path(day, SEALED)
        if not sealed.exists():
            return self._journal_spans(self._path(day, JOURNAL))
        if day in self._cache:
            self._cache.move_to_end(day)
            return self._cache[day]
        spans: list[dict[str, Any]] = self._read_blob(sealed) or []
        if len(spans) > self._cached_spans:
            return spans  # a day larger than the whole cache is not kept, nor does it push the others out
        self._cache[day] = spans
        while len(self._cache) > self._cache_days or sum(map(len, self._cache.values())) > self._cached_spans:
            self._cache.popitem(last=False)  # the oldest read first
        return spans

    def _journal_spans(self, path: Path) -> list[dict[str, Any]]:
        return [span for frame in self._journal.read(path) for span in frame]

    def _read_blob(self, path: Path) -> Any:
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            return None
        return orjson.loads(self._store.cipher.open(blob, path.name))

    def _path(self, stem: str, suffix: str) -> Path:
        return self._dir / f"{stem}{suffix}"

    # -- other devices' windows (sync) -------------------------------------------------------
    def sealed_days(self) -> dict[str, int]:
        """{'YYYY-MM-DD': when its file last changed (ns)} of every sealed day."""
        with self._store.lock:
            return {p.name[:10]: p.stat().st_mtime_ns for p in self._dir.glob("*" + SEALED)}

    def changed_at(self, day: str) -> int | None:
        """When the sealed day's file last changed (ns), as `sealed_days` gives it; None while the day is open."""
        try:
            return self._path(day, SEALED).stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def own_day(self, day: str) -> list[dict[str, Any]]:
        """The spans this device tracked on `day`, without those another device sent."""
        with self._store.lock:
            return [s for s in self._day_spans(day) if DEVICE not in s]

    def put_device_day(self, day: str, device: str, spans: list[dict[str, Any]]) -> None:
        """Another device's windows of `day`, tagged with `device`, in place of what it sent before."""
        tagged = [{**s, DEVICE: device} for s in spans]
        self._rewrite_days([day], lambda kept: sorted([s for s in kept if s.get(DEVICE) != device] + tagged,
                                                      key=lambda s: s["start"]))

    # -- privacy ---------------------------------------------------------------------------
    def forget_app(self, app: str) -> int:
        """Delete every span of `app` (case-insensitive) from every day; return how many were removed."""
        wanted = app.casefold()
        return self._rewrite_days(self.days(), lambda spans: [s for s in spans if s["app"].casefold() != wanted])

    def forget_range(self, start_iso: str, end_iso: str) -> int:
        """Delete the tracked time in [start, end) (spans crossing an edge keep their outside part);
        return how many stored spans changed or went."""
        days = self._days_between(_day_of(start_iso), _day_of(end_iso))
        return self._rewrite_days(days, lambda spans: [part for s in spans for part in _outside(s, start_iso, end_iso)])

    def relabel(self, start_iso: str, end_iso: str, label: Callable[[dict[str, Any]], Iterable[Any]],
                write: bool = True) -> list[dict[str, Any]]:
        """Give the spans overlapping [start, end) the (projectId, category) `label(span)` returns; return the
        changes `{start, end, app, title, before, after}` (with `write=False` only return them)."""
        changes: list[dict[str, Any]] = []

        def relabeled(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
            result = []
            for span in spans:
                if span["end"] > start_iso and span["start"] < end_iso:
                    after, before = list(label(span)), [span.get("projectId"), span.get("category")]
                    if after != before:
                        where = {k: span.get(k) for k in ("start", "end", "app", "title")}
                        changes.append(where | {"before": before, "after": after})
                        span = {**span, "projectId": after[0], "category": after[1]}
                result.append(span)
            return result

        days = self._days_between(_day_of(start_iso), _day_of(end_iso))
        if write:
            self._rewrite_days(days, relabeled)
        else:
            with self._store.lock:
                for day in days:
                    relabeled(self._day_spans(day))
        return changes

    def save_undo(self, value: dict[str, Any] | None) -> None:
        """Keep (or with None drop) what undoes the last relabelling."""
        path = self._dir / UNDO
        with self._store.lock:
            if value is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, self._store.cipher.seal(orjson.dumps(value)))

    def load_undo(self) -> dict[str, Any] | None:
        with self._store.lock:
            undo: dict[str, Any] | None = self._read_blob(self._dir / UNDO)
            return undo

    def _rewrite_days(self, days: list[str], keep: SpanFilter) -> int:
        changed = 0
        with self._store.lock:
            self.sync()
            for day in days:
                changed += self._rewrite_day(day, keep)
            self._cache.clear()
        return changed

    def _rewrite_day(self, day: str, keep: SpanFilter) -> int:
        sealed = self._path(day, SEALED)
        path = sealed if sealed.exists() else self._path(day, JOURNAL)
        spans = self._day_spans(day)
        kept = keep(spans)
        if kept == spans:
            return 0
        if path == sealed:
            self._write_sealed(day, lambda: kept)
        elif kept:
            self._journal.rewrite(path, kept)
        else:
            self._journal.remove(path)
        return len([s for s in spans if s not in kept])


def _in_order(spans: Iterable[dict[str, Any]]) -> bool:
    """Whether each span starts where or after the one before it started."""
    reached = ""
    for span in spans:
        if span["start"] < reached:
            return False
        reached = span["start"]
    return True


def _json_list(spans: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """`orjson.dumps(list(spans))` in pieces of about SEAL_PIECE bytes."""
    piece, separator = bytearray(b"["), b""
    for span in spans:
        piece += separator + orjson.dumps(span)
        separator = b","
        if len(piece) >= SEAL_PIECE:
            yield bytes(piece)
            piece = bytearray()
    yield bytes(piece + b"]")


def _identity(span: dict[str, Any]) -> tuple[Any, ...]:
    return span["start"], span["end"], span.get("app"), span.get("title"), span.get("source")


def _outside(span: dict[str, Any], start_iso: str, end_iso: str) -> list[dict[str, Any]]:
    """The parts of `span` outside [start, end)."""
    if span["end"] <= start_iso or span["start"] >= end_iso:
        return [span]
    parts = []
    if span["start"] < start_iso:
        parts.append({**span, "end": start_iso})
    if span["end"] > end_iso:
        parts.append({**span, "start": end_iso})
    return parts

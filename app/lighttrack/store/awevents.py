"""ActivityWatch buckets: metadata in the main store, events in per-bucket, per-day encrypted journals.

A journal (`activitywatch/<bucket dir>/YYYY-MM-DD.journal`, the UTC day of each event's timestamp)
is a sequence of frames: a 4-byte big-endian length and one `Cipher.seal` of a JSON list of records.
A record `{"id", "timestamp", "duration", "data"}` puts (inserts or replaces) the event `id`;
`{"id", "deleted": true}` removes it. Replaying a day's frames in order gives its events. A crash can
only tear the last frame, which reading drops. Past days are compacted to one frame when first read.
A sealed day (two days past: no watcher writes into it any more, though an import or a deletion still may)
can also have derived files beside its journal (`derived.py`), e.g. its events packed for queries.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import time
from collections import OrderedDict
from datetime import date, timedelta
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

from .database import Store
from .derived import DerivedFiles
from .files import fsync_dir
from .journal import JournalFiles, decode_frames, keep_aside

AW_DIR = "activitywatch"
BUCKETS = "aw_buckets"
JOURNAL = ".journal"
ID, DELETED = itemgetter("id"), methodcaller("get", "deleted")
COMPACT_FRAMES = 2000  # a heartbeat a second makes a frame a second: rewrite the day as one frame now and then
SEALED_AFTER = timedelta(days=2)  # an event is filed under the day it starts; it may grow past midnight


def bucket_dir_name(bucket_id: str) -> str:
    """A file-system safe, fixed-length folder name for any bucket id."""
    return hashlib.sha256(bucket_id.encode()).hexdigest()[:24]


class AwEventStore:
    """Bucket documents and their event journals.

    Threading contract: every method but `durable` takes the Store's lock. Frames reach the OS when
    written and the disk at `durable(ticket)` (group commit), else at most `sync_seconds` later.
    A journal of many frames (a day of heartbeats) is compacted into one frame as it grows.
    """

    def __init__(self, store: Store, sync_seconds: float = 30, cache_days: int = 16) -> None:
        self._store = store
        self._root = store.data_dir / AW_DIR
        self._root_name = str(self._root)
        self._journal = JournalFiles(store.cipher, sync_seconds)
        self._derived = DerivedFiles(store.cipher)
        self._cache: OrderedDict[tuple[str, str], dict[int, dict[str, Any]]] = OrderedDict()
        self._cache_days = cache_days
        self._frames: dict[Path, int] = {}
        self._changes = itertools.count(1)
        self._day_changed: dict[tuple[str, str], int] = {}
        self._bucket_deleted: dict[str, int] = {}

    # -- buckets ----------------------------------------------------------------------
    def buckets(self) -> dict[str, dict[str, Any]]:
        with self._store.transaction():
            return self._store.table(BUCKETS).by_id()

    def save_bucket(self, bucket: dict[str, Any]) -> None:
        with self._store.transaction():
            self._store.table(BUCKETS).put(bucket["id"], bucket)

    def delete_bucket(self, bucket_id: str) -> None:
        """Remove a bucket's document and every event file."""
        with self._store.transaction():
            self._store.table(BUCKETS).remove(doc_ids=[bucket_id])
            folder = self._folder(bucket_id)
            for path in folder.glob("*" + JOURNAL):
                self._journal.forget(path)
            self._cache = OrderedDict((k, v) for k, v in self._cache.items() if k[0] != bucket_id)
            self._bucket_deleted[bucket_id] = next(self._changes)
            shutil.rmtree(folder, ignore_errors=True)
            fsync_dir(self._root)

    # -- events ------------------------------------------------------------------------
    def write(self, bucket_id: str, records: list[dict[str, Any]]) -> int:
        """Append put/delete records, one frame per UTC day touched; return the ticket for `durable`."""
        by_day: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            by_day.setdefault(record["day"], []).append({k: v for k, v in record.items() if k != "day"})
        ticket = 0
        with self._store.lock:
            for day, group in by_day.items():
                path = self._folder(bucket_id) / f"{day}{JOURNAL}"
                ticket = self._journal.append(path, group)
                self._day_changed[(bucket_id, day)] = next(self._changes)
                cached = self._cache.get((bucket_id, day))
                if cached is not None:
                    _replay(cached, group)
                self._frames[path] = self._frames.get(path, 0) + 1
                if self._frames[path] >= COMPACT_FRAMES:
                    self._compact(path, self.day(bucket_id, day))
        return ticket

    def durable(self, ticket: int) -> None:
        """Return once the write of `ticket` is on the disk; call it without holding the Store's lock."""
        if ticket:
            self._journal.durable(ticket)

    def day(self, bucket_id: str, day: str) -> dict[int, dict[str, Any]]:
        """The events of one UTC day by id (a cached dict: callers must not change it)."""
        key = (bucket_id, day)
        with self._store.lock:
            if key not in self._cache:
                self._cache[key] = self._load(bucket_id, day)
                while len(self._cache) > self._cache_days:
                    self._cache.popitem(last=False)
            self._cache.move_to_end(key)
            return self._cache[key]

    def version(self, bucket_id: str, day: str) -> tuple[int, int]:
        """Changes whenever the day's events may have changed in this process (a write, the bucket deleted)."""
        with self._store.lock:
            return self._bucket_deleted.get(bucket_id, 0), self._day_changed.get((bucket_id, day), 0)

    def days(self, bucket_id: str) -> list[str]:
        """The days that have an event file, oldest first."""
        folder = self._folder(bucket_id)
        with self._store.lock:
            if not folder.is_dir():
                return []
            return sorted(p.name[:10] for p in folder.iterdir() if p.name.endswith(JOURNAL))

    def derived(self, bucket_id: str, day: str, suffix: str, fmt: int) -> memoryview | None:
        """The payload derived from the day's journal as it is now, in format `fmt`; None: none, stale or damaged."""
        with self._store.lock:
            return self._derived.read(self._journal_name(bucket_id, day), suffix, fmt)

    def save_derived(self, bucket_id: str, day: str, suffix: str, fmt: int, payload: bytes) -> None:
        """Keep `payload` as derived from the day's journal as it is now (the caller made it from `day()`)."""
        with self._store.lock:
            self._derived.write(self._journal_name(bucket_id, day), suffix, fmt, payload)

    @staticmethod
    def sealed(day: str, today: date | None = None) -> bool:
        """Whether watchers are done writing into `day` (its derived files will rarely go stale)."""
        return date.fromisoformat(day) <= (today or utc_today()) - SEALED_AFTER

    def sync(self) -> None:
        """Flush every appended frame to the disk."""
        with self._store.lock:
            self._journal.sync()

    # -- files ---------------------------------------------------------------------------
    def _folder(self, bucket_id: str) -> Path:
        return self._root / bucket_dir_name(bucket_id)

    def _journal_name(self, bucket_id: str, day: str) -> str:
        return os.path.join(self._root_name, bucket_dir_name(bucket_id), day + JOURNAL)

    def _load(self, bucket_id: str, day: str) -> dict[int, dict[str, Any]]:
        path = self._folder(bucket_id) / f"{day}{JOURNAL}"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return {}
        events: dict[int, dict[str, Any]] = {}
        decoded = decode_frames(data, self._store.cipher, path.name)
        for frame in decoded.frames:
            _replay(events, frame)
        if decoded.damaged:
            keep_aside(path)
        past = day < time.strftime("%Y-%m-%d", time.gmtime())
        if decoded.end < len(data) or decoded.legacy or (len(decoded.frames) > 1 and past):
            self._compact(path, events)
        return events

    def _compact(self, path: Path, events: dict[int, dict[str, Any]]) -> None:
        """Rewrite a journal as one frame (drops a torn tail and superseded records)."""
        self._journal.rewrite(path, list(events.values()))
        self._frames[path] = 1


def utc_today() -> date:
    """Today's UTC date (events are filed by UTC day)."""
    return date(*time.gmtime()[:3])


def _replay(events: dict[int, dict[str, Any]], records: list[dict[str, Any]]) -> None:
    if not any(map(DELETED, records)):  # a frame of puts only (a compacted day): one update at C speed
        events.update(zip(map(ID, records), records))
        return
    for record in records:
        if record.get("deleted"):
            events.pop(record["id"], None)
        else:
            events[record["id"]] = record

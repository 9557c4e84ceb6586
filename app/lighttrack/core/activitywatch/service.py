"""ActivityWatch's server API without HTTP: buckets, events, heartbeats with the pulsetime merge, export, import.

Heartbeats stay cheap the way aw-server's do: the last event of each bucket lives in memory and a
merge changes it there. Every acknowledged write (heartbeat, event, deletion, import) is in the
journal and on the disk before the method returns; concurrent writers share one fsync (group commit).
A write the disk refused is forgotten in memory too, so what was not acknowledged never appears later.
Events of the `currentwindow`, `web.tab.current` and `app.editor.activity` buckets also go to the timeline through
`sink` once they are older than `settle_seconds` (the AFK watcher reports away time late), with the `afkstatus`
bucket's away time cut out.
"""

from __future__ import annotations

import gc
import logging
import secrets
import socket
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import orjson

from ... import __version__
from ...errors import LightTrackError, NotFoundError, ValidationError
from ...store.awevents import AwEventStore
from . import feed
from .model import MAX_ID_LEN, bucket_fields, data_key, event_end, iso, merge_heartbeat, parse_event, public, trimmed
from .packcache import PackCache
from . import query as query2
from .query import EventPack
from .resultcache import QueryResults, Read
from .ownbucket import OwnWindowBucket
from .webuisettings import AwSettings
from ..tracking.privacy import PrivacyRules
from ..services import Services

log = logging.getLogger(__name__)

UTC = timezone.utc
FAR = datetime.max.replace(tzinfo=UTC)
NEAR = datetime.min.replace(tzinfo=UTC)
ID_BLOCK = 1000
LOOKBACK = timedelta(days=2)  # events are filed under the day they start; a query looks this far back
RELEASE_AFTER_EVENTS = 50_000  # a query that read more gives its freed heap back to the system (about 3 ms)


class SpanSink(Protocol):
    """Where settled spans go: the window timeline's span store."""

    def append(self, spans: list[dict[str, Any]]) -> None: ...

    def sync(self) -> None: ...


class ActivityWatchService:
    """The ActivityWatch buckets of one data folder.

    Threading contract: any thread may call any method; one lock guards the in-memory state
    (buckets, last events, unwritten events); the event store takes the store's lock for files;
    `sink` is called without the lock held. `start` runs the flush thread, `stop` ends it and writes all.
    """

    def __init__(self, services: Services, events: AwEventStore, sink: SpanSink | None = None,
                 flush_seconds: float = 5.0, settle_seconds: float = 200.0, *,
                 own_windows: OwnWindowBucket | None = None, tracking_windows: Callable[[], bool] = lambda: False,
                 testing: bool = False, log_file: Path | None = None, webui_dir: Path | None = None,
                 release_memory: Callable[[], None] = lambda: None) -> None:
        self._services = services
        self._events = events
        self._sink = sink
        self.flush_seconds = flush_seconds
        self.settle = timedelta(seconds=settle_seconds)
        self._lock = threading.RLock()
        self._buckets: dict[str, dict[str, Any]] | None = None
        self._last: dict[str, dict[str, Any] | None] = {}
        self._dirty: dict[str, dict[int, dict[str, Any]]] = {}
        self._next: dict[str, int] = {}
        self._feed: dict[str, dict[int, dict[str, Any]]] = {}
        self._fed: dict[tuple[str, int], datetime] = {}
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._privacy: PrivacyRules | None = None
        self._packs = PackCache(events)  # decoded days for queries, bounded and emptied when idle
        self._querying = threading.Lock()  # one query at a time (CPU-bound: no loss) while the cycle collector waits
        self._results = QueryResults()  # answers given again while what they read is unchanged
        self._reads: list[tuple[Read, object]] | None = None  # what the running query read, with its state
        self._bucket_list = 0  # changes with every bucket created, changed or deleted (find_bucket reads the list)
        self._release_memory = release_memory  # hands freed heap back to the system once the query caches went
        services.ctx.bus.subscribe(self._settings_changed)
        # True while LightTrack's own tracker records windows: aw-watcher-window's spans would count them twice
        self.tracking_windows = tracking_windows
        # ActivityWatch's testing mode (`serve --aw-testing`): info says so, buckets delete without ?force=1
        self.testing = testing
        self.log_file = log_file  # LightTrack's log, served as aw-server's `/api/0/log`
        self.settings = AwSettings(services.ctx.records)
        self.own_windows = own_windows  # the tracker's spans, offered as a read-only bucket
        self.webui_dir = webui_dir  # `serve --aw-webui DIR`, else the awWebuiFolder setting

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lighttrack-activitywatch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the flush thread; write every event and feed the timeline up to now."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush(final=True)
        self._events.sync()
        if self._sink is not None:
            self._sink.sync()

    def _run(self) -> None:
        while not self._stopping.wait(self.flush_seconds):
            try:
                self.flush()
            except Exception:
                log.exception("writing ActivityWatch events failed")
            self._drop_idle_caches()

    def _drop_idle_caches(self) -> None:
        """Let the query caches go after minutes without a query, and their memory back to the system."""
        if not self._querying.acquire(blocking=False):
            return  # a query is running: nothing is idle
        try:
            with self._lock:
                dropped = self._packs.trim_if_idle()
            dropped = self._results.trim_if_idle() or dropped
        finally:
            self._querying.release()
        if dropped:
            self._release_memory()

    def extension_origins(self) -> set[str]:
        """The browser extensions the user allows to report here (the setting activityWatchExtensionOrigins)."""
        return set(self._services.settings.get("activityWatchExtensionOrigins"))

    def _settings_changed(self, channel: str, _data: object) -> None:
        if channel == "settings:changed":
            self._privacy = None

    def _rules(self) -> PrivacyRules:
        """The privacy rules, compiled again only after a settings change."""
        rules = self._privacy
        if rules is None:
            rules = self._privacy = PrivacyRules.from_settings(self._services.settings.get_all())
        return rules

    def _admitted(self, bucket_id: str, event: dict[str, Any]) -> dict[str, Any] | None:
        """`event` as the privacy rules let it be stored, or None when it must not be stored at all."""
        data = feed.admitted_data(self._all()[bucket_id], event["data"], self._rules())
        return None if data is None else {**event, "data": data}

    # -- info and buckets -----------------------------------------------------------
    def info(self) -> dict[str, Any]:
        return {"hostname": socket.gethostname(), "version": f"v0.12.2 (LightTrack {__version__})",
                "testing": self.testing, "device_id": self._device_id()}

    def webui_folder(self) -> Path | None:
        """The aw-webui build to serve at /aw/: `--aw-webui DIR`, else the awWebuiFolder setting, else None."""
        chosen = self.webui_dir or self._services.settings.get("awWebuiFolder")
        return Path(chosen) if chosen else None

    def buckets(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            result = {}
            for bucket_id in self._all():
                meta = self.bucket(bucket_id)
                last = self._last_event(bucket_id)
                if last is not None:
                    meta["last_updated"] = iso(event_end(last))
                result[bucket_id] = meta
            if self.own_windows is not None and self.own_windows.id not in result:
                result[self.own_windows.id] = self.own_windows.meta()
            return result

    def bucket(self, bucket_id: str) -> dict[str, Any]:
        if (own := self._own(bucket_id)) is not None:
            return own.meta()
        with self._lock:
            meta = self._require(bucket_id)
            return {k: meta[k] for k in ("id", "name", "type", "client", "hostname", "created", "data")}

    def create_bucket(self, bucket_id: str, body: object) -> bool:
        """Create a bucket; False when one with this id exists already (ActivityWatch answers 304)."""
        fields = bucket_fields(bucket_id, body)
        with self._lock:
            if bucket_id in self._all():
                return False
            meta = {**fields, "created": fields.get("created") or iso(self._services.ctx.now()), "nextId": 1}
            self._events.save_bucket(meta)
            self._all()[bucket_id] = meta
            self._last[bucket_id] = None
            self._bucket_list += 1
        return True

    def update_bucket(self, bucket_id: str, body: object) -> None:
        """Replace a bucket's type, client, hostname, name and data (aw-server's PUT); its events stay."""
        fields = bucket_fields(bucket_id, body)
        with self._lock:
            meta = {**self._require(bucket_id), **fields}
            self._events.save_bucket(meta)
            self._all()[bucket_id] = meta
            self._bucket_list += 1

    def delete_bucket(self, bucket_id: str) -> None:
        with self._lock:
            self._require(bucket_id)
            self._events.delete_bucket(bucket_id)
            del self._all()[bucket_id]
            self._bucket_list += 1
            for state in (self._last, self._dirty, self._next, self._feed):
                state.pop(bucket_id, None)
            self._fed = {k: v for k, v in self._fed.items() if k[0] != bucket_id}
            self._packs.forget(bucket_id)

    # -- events -----------------------------------------------------------------------
    def events(self, bucket_id: str, limit: int = -1, start: datetime | None = None,
               end: datetime | None = None) -> list[dict[str, Any]]:
        """Events overlapping [start, end], cut to it as aw-server cuts them, newest first, at most `limit` (-1: all)."""
        if (own := self._own(bucket_id)) is not None:
            newest = sorted(own.stored_events(start, end), key=lambda e: e["timestamp"], reverse=True)
            return [trimmed(e, start, end) for e in (newest if limit < 0 else newest[:limit])]
        with self._lock:
            self._require(bucket_id)
            self._write(bucket_id)
            found: list[dict[str, Any]] = []
            for day in self._days(bucket_id, start, end):
                found += sorted(self._matching(bucket_id, day, start, end), key=lambda e: e["timestamp"], reverse=True)
                if 0 <= limit <= len(found):
                    break
            return [trimmed(public(e), start, end) for e in (found if limit < 0 else found[:limit])]

    def count(self, bucket_id: str, start: datetime | None = None, end: datetime | None = None) -> int:
        return len(self.events(bucket_id, -1, start, end))

    def event(self, bucket_id: str, event_id: int) -> dict[str, Any]:
        with self._lock:
            self._require(bucket_id)
            self._write(bucket_id)
            for day in reversed(self._events.days(bucket_id)):
                found = self._events.day(bucket_id, day).get(event_id)
                if found is not None:
                    return public(found)
        raise NotFoundError(f"There's no event {event_id} in bucket {bucket_id[:MAX_ID_LEN]!r}.")

    def delete_event(self, bucket_id: str, event_id: int) -> bool:
        with self._lock:
            found = self.event(bucket_id, event_id)
            ticket = self._events.write(bucket_id, [{"id": event_id, "deleted": True, "day": found["timestamp"][:10]}])
            if (self._last.get(bucket_id) or {}).get("id") == event_id:
                self._last.pop(bucket_id)
            self._feed.get(bucket_id, {}).pop(event_id, None)
        self._events.durable(ticket)
        return True

    def insert(self, bucket_id: str, raw: object) -> list[dict[str, Any]]:
        """Insert one event or a list of them; written at once."""
        now = self._services.ctx.now()
        items = raw if isinstance(raw, list) else [raw]
        parsed = [parse_event(item, now, f"events[{i}]") for i, item in enumerate(items)]
        with self._lock:
            self._require(bucket_id)
            admitted = [self._admitted(bucket_id, event) for event in parsed]
            inserted = [self._add(bucket_id, event) if event else {**raw_event, "id": None}
                        for event, raw_event in zip(admitted, parsed)]
            ticket = self._write(bucket_id)
        self._events.durable(ticket)
        return [public(e) for e in inserted]

    def heartbeat(self, bucket_id: str, raw: object, pulsetime: float) -> dict[str, Any]:
        """Extend the last event when `raw` has its data and falls within its end + pulsetime; else insert."""
        beat = parse_event(raw, self._services.ctx.now(), "heartbeat")
        with self._lock:
            self._require(bucket_id)
            admitted = self._admitted(bucket_id, beat)
            if admitted is None:
                return public({**beat, "id": None})  # an excluded app or title: answered, never stored
            beat = admitted
            last = self._last_event(bucket_id)
            merged = merge_heartbeat(last, beat, pulsetime) if last is not None else None
            event = self._keep(bucket_id, merged) if merged is not None else self._add(bucket_id, beat)
            ticket = self._write(bucket_id)
        self._events.durable(ticket)
        return public(event)

    # -- query2 ---------------------------------------------------------------------------
    def query(self, query: object, timeperiods: object, name: str = "") -> list[Any]:
        """aw-server's `POST /api/0/query/`: the query's RETURN for each "start/end" period.

        The same query over the same periods is answered from memory while nothing it read has changed."""
        key = _query_key(query, timeperiods, name)
        with self._querying:
            kept = self._results.get(key, self._state) if key is not None else None
            if kept is not None:
                return kept
            self._reads = [(("buckets",), self._state(("buckets",)))]
            self._packs.handed = 0
            try:
                with _cycle_collection_paused():
                    answer = query2.run_query(self, query, timeperiods, name)
            finally:
                reads, self._reads = self._reads, None
                if self._packs.handed > RELEASE_AFTER_EVENTS:
                    self._release_memory()  # the query's columns of that many events are gone: their heap too
            if key is not None:
                self._results.put(key, answer, reads)
            return answer

    def bucket_ids(self) -> list[str]:
        with self._lock:
            return list(self._all()) + ([self.own_windows.id] if self.own_windows is not None else [])

    def bucket_hostname(self, bucket_id: str) -> str | None:
        if (own := self._own(bucket_id)) is not None:
            return own.hostname
        with self._lock:
            return (self._all().get(bucket_id) or {}).get("hostname")

    def event_packs(self, bucket_id: str, start: datetime, end: datetime) -> list[EventPack] | None:
        """The packed days that may hold events overlapping [start, end], newest first; None: no bucket."""
        if (own := self._own(bucket_id)) is not None:
            self._reads = None  # live spans without a version: this query's answer can't be kept
            return [EventPack(own.stored_events(start, end))]
        with self._lock:
            if bucket_id not in self._all():
                return None
            self._write(bucket_id)
            read = ("events", bucket_id, start, end)
            if self._reads is not None:
                self._reads.append((read, self._state(read)))
            return [self._packs.pack(bucket_id, day) for day in self._days(bucket_id, start, end)]

    def _state(self, read: Read) -> object:
        """What a query's read would see now: the bucket list's version, or the bucket's days and their versions."""
        if read[0] == "buckets":
            return self._bucket_list
        _, bucket_id, start, end = read
        with self._lock:
            if bucket_id not in self._all():
                return None
            self._write(bucket_id)
            return tuple((day, self._events.version(bucket_id, day)) for day in self._days(bucket_id, start, end))

    # -- export and import ---------------------------------------------------------------
    def export_bucket(self, bucket_id: str) -> dict[str, Any]:
        """A bucket in ActivityWatch's export form (events without ids, newest first)."""
        meta = self.bucket(bucket_id)
        meta["events"] = [{k: e[k] for k in ("timestamp", "duration", "data")} for e in self.events(bucket_id)]
        return meta

    def export_all(self) -> dict[str, Any]:
        with self._lock:
            return {bucket_id: self.export_bucket(bucket_id) for bucket_id in list(self._all())}

    def import_buckets(self, payload: object) -> dict[str, Any]:
        """Import `{"buckets": {id: bucket}}`; idempotent: events already present are skipped."""
        buckets = payload.get("buckets") if isinstance(payload, dict) else None
        if not isinstance(buckets, dict):
            raise ValidationError('The import must be an object like {"buckets": {...}}.')
        added, ticket = {}, 0
        with self._lock:
            for bucket_id, bucket in buckets.items():
                added[bucket_id], ticket = self._import_bucket(str(bucket_id), bucket)
        self._events.durable(ticket)
        return {"imported": added}

    def _import_bucket(self, bucket_id: str, bucket: object) -> tuple[int, int]:
        """Import one bucket's new events; return how many and the durability ticket of the last write."""
        if not isinstance(bucket, dict) or not isinstance(bucket.get("events", []), list):
            raise ValidationError(f"buckets.{bucket_id[:64]} must be a bucket with a list of events.")
        self.create_bucket(bucket_id, bucket)
        now = self._services.ctx.now()
        events = [parse_event(e, now, f"buckets.{bucket_id[:64]}.events[{i}]") for i, e in enumerate(bucket.get("events", []))]
        events = [e for e in (self._admitted(bucket_id, e) for e in events) if e is not None]
        self._write(bucket_id)
        known = {(e["timestamp"], e["duration"], data_key(e["data"])) for day in {e["timestamp"][:10] for e in events}
                 for e in self._events.day(bucket_id, day).values()}
        fresh = [e for e in events if (e["timestamp"], e["duration"], data_key(e["data"])) not in known]
        for event in sorted(fresh, key=lambda e: e["timestamp"]):
            self._add(bucket_id, event)
        return len(fresh), self._write(bucket_id)

    # -- writing and feeding -----------------------------------------------------------------
    def flush(self, final: bool = False) -> None:
        """Write the changed events; feed the timeline with what has settled (everything when `final`)."""
        with self._lock:
            for bucket_id in list(self._dirty):
                self._write(bucket_id)
            sink = self._sink
            spans = self._settled_spans(final) if sink is not None else []
        if sink is not None and spans:
            sink.append(spans)

    def _write(self, bucket_id: str) -> int:
        """Append the bucket's changed events; return the durability ticket (0: nothing to write)."""
        dirty = self._dirty.pop(bucket_id, None)
        if not dirty:
            return 0
        try:
            self._reserve_ids(bucket_id)
            ticket = self._events.write(bucket_id, [{**e, "day": e["timestamp"][:10]} for e in dirty.values()])
        except LightTrackError:
            self._forget_unsaved(bucket_id, dirty)
            raise
        return ticket

    def _reserve_ids(self, bucket_id: str) -> None:
        """Keep the bucket's stored nextId ahead of the ids in use, a block at a time (not a save per event)."""
        meta = self._all()[bucket_id]
        if self._next.get(bucket_id, 0) > meta.get("nextId", 1):
            self._events.save_bucket({**meta, "nextId": self._next[bucket_id] + ID_BLOCK})
            meta["nextId"] = self._next[bucket_id] + ID_BLOCK

    def _forget_unsaved(self, bucket_id: str, dirty: dict[int, dict[str, Any]]) -> None:
        """After a refused write: what memory holds beyond the disk goes, so it can't be stored later unasked."""
        self._last.pop(bucket_id, None)
        for event_id in dirty:
            self._feed.get(bucket_id, {}).pop(event_id, None)

    def _add(self, bucket_id: str, event: dict[str, Any]) -> dict[str, Any]:
        event = {"id": self._new_id(bucket_id), **event}
        last = self._last_event(bucket_id)
        if last is None or event["timestamp"] >= last["timestamp"]:
            self._last[bucket_id] = event
        return self._keep(bucket_id, event)

    def _keep(self, bucket_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Remember a new or changed event for the next write (and the timeline)."""
        self._dirty.setdefault(bucket_id, {})[event["id"]] = event
        if (self._last.get(bucket_id) or {}).get("id") == event["id"]:
            self._last[bucket_id] = event
        if self._sink is not None and self._all()[bucket_id].get("type") in feed.FEED_TYPES:
            self._feed.setdefault(bucket_id, {})[event["id"]] = event
        return event

    def _settled_spans(self, final: bool) -> list[dict[str, Any]]:
        if not self._services.settings.consented():  # before the user said yes nothing reaches the timeline
            for pending in self._feed.values():
                pending.clear()
            self._fed.clear()
            return []
        horizon = FAR if final else self._services.ctx.now() - self.settle
        settings = self._services.settings.get_all()
        privacy = PrivacyRules.from_settings(settings)
        projects = {p["name"].casefold(): p["id"] for p in self._services.projects.all()}
        spans: list[dict[str, Any]] = []
        for bucket_id, pending in self._feed.items():
            meta = self._all()[bucket_id]
            for event in list(pending.values()):
                spans += self._settled(bucket_id, meta, event, horizon, privacy, projects)
        return feed.subtract(spans, self._away(spans)) if spans else []

    def _settled(self, bucket_id: str, meta: dict[str, Any], event: dict[str, Any], horizon: datetime,
                 privacy: PrivacyRules, projects: dict[str, str]) -> list[dict[str, Any]]:
        key = (bucket_id, event["id"])
        begin = max(datetime.fromisoformat(event["timestamp"]), self._fed.get(key, NEAR))
        finish = event_end(event)
        upto = min(finish, horizon)
        duplicate = meta.get("type") == "currentwindow" and self.tracking_windows()
        span = feed.to_span(meta, event["data"], begin, upto, privacy, projects) if upto > begin and not duplicate else None
        if upto > begin:
            self._fed[key] = upto
        if finish <= horizon and (self._last.get(bucket_id) or {}).get("id") != event["id"]:
            self._feed[bucket_id].pop(event["id"], None)
            self._fed.pop(key, None)
        return [span] if span else []

    def _away(self, spans: list[dict[str, Any]]) -> list[tuple[datetime, datetime]]:
        lo = datetime.fromisoformat(min(s["start"] for s in spans))
        hi = datetime.fromisoformat(max(s["end"] for s in spans))
        away = []
        for bucket_id, meta in self._all().items():
            if meta.get("type") == feed.AFK:
                away += feed.away_intervals(self.events(bucket_id, -1, lo, hi))
        return away

    # -- helpers ---------------------------------------------------------------------------------
    def _all(self) -> dict[str, dict[str, Any]]:
        if self._buckets is None:
            self._buckets = self._events.buckets()
        return self._buckets

    def _own(self, bucket_id: str) -> OwnWindowBucket | None:
        """The tracker's own bucket when `bucket_id` names it (and no stored bucket has its id)."""
        own = self.own_windows
        return own if own is not None and bucket_id == own.id and bucket_id not in self._all() else None

    def _require(self, bucket_id: str) -> dict[str, Any]:
        meta = self._all().get(bucket_id)
        if meta is None:
            raise NotFoundError(f"There's no bucket named {bucket_id[:MAX_ID_LEN]!r}.")
        return meta

    def _last_event(self, bucket_id: str) -> dict[str, Any] | None:
        if bucket_id not in self._last:
            newest = None
            for day in reversed(self._events.days(bucket_id)):
                events = self._events.day(bucket_id, day).values()
                if events:
                    newest = max(events, key=lambda e: (e["timestamp"], e["id"]))
                    break
            self._last[bucket_id] = newest
        return self._last[bucket_id]

    def _new_id(self, bucket_id: str) -> int:
        if bucket_id not in self._next:
            recent = [i for day in self._events.days(bucket_id)[-2:] for i in self._events.day(bucket_id, day)]
            self._next[bucket_id] = max([self._all()[bucket_id].get("nextId", 1), *(i + 1 for i in recent)])
        self._next[bucket_id] += 1
        return self._next[bucket_id] - 1

    def _days(self, bucket_id: str, start: datetime | None, end: datetime | None) -> list[str]:
        first = iso(start - LOOKBACK)[:10] if start else ""
        last = iso(end)[:10] if end else "9999"
        return [d for d in reversed(self._events.days(bucket_id)) if first <= d <= last]

    def _matching(self, bucket_id: str, day: str, start: datetime | None, end: datetime | None) -> list[dict[str, Any]]:
        events = self._events.day(bucket_id, day).values()
        if start is None and end is None:
            return list(events)
        low, high = iso(start) if start else "", iso(end) if end else "9999"
        return [e for e in events if e["timestamp"] <= high and (start is None or iso(event_end(e)) >= low)]

    def _device_id(self) -> str:
        records = self._services.ctx.records
        with records.transaction():
            found = records.meta.get("aw-device")
            doc: dict[str, Any] = found if found is not None else {"id": secrets.token_hex(16)}
            if found is None:
                records.meta.put("aw-device", doc)
        device_id: str = doc["id"]
        return device_id


def _query_key(query: object, timeperiods: object, name: str) -> bytes | None:
    """The request as bytes, to find a kept answer by; None for values JSON can't hold (never kept)."""
    try:
        return orjson.dumps([query, timeperiods, name])
    except (TypeError, orjson.JSONEncodeError):
        return None


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Hold off Python's cycle collector: a year's query makes a million short-lived tuples, none in a cycle,
    and the collector would walk the growing heap again and again (a third of the query's time, measured).
    Reference counting still frees everything; pending cycles are collected once it's enabled again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

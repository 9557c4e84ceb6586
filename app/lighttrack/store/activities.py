"""Activities sharded by month: a write rewrites one month, a query opens only the months it touches."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator
from typing import Any

from .database import Store

OPEN_END = "9999-12-31T23:59:59.999+00:00"
_ID = re.compile(r"^(\d{4})(\d{2})-[0-9a-f]{16}$")


def shard_month(activity_id: object) -> str | None:
    """Return the shard month ('YYYY-MM') an activity id lives in, or None for a malformed id."""
    match = _ID.match(activity_id) if isinstance(activity_id, str) else None
    return f"{match[1]}-{match[2]}" if match else None


def new_activity_id(start_iso: str, seed: str | None = None) -> str:
    """Return a fresh id in the shard of `start_iso`; a `seed` makes it deterministic (imports)."""
    suffix = secrets.token_hex(8) if seed is None else _digest(seed)
    return f"{start_iso[:4]}{start_iso[5:7]}-{suffix}"


def _digest(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


class ActivityRepository:
    """Reads and writes activity documents; callers hold a store transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, activity_id: object) -> dict[str, Any] | None:
        month = shard_month(activity_id)
        if month is None or month not in self._known_months():
            return None
        doc = self._store.shard(month).table("activities").get(doc_id=str(activity_id))
        return dict(doc) if doc is not None else None

    def put(self, doc: dict[str, Any]) -> None:
        """Insert or replace `doc` (its id names its shard) and widen the shard's time range."""
        self._store.require_transaction("activities")
        month = _month_of(doc["id"])
        table = self._store.shard(month).table("activities")
        before = table.get(doc_id=doc["id"])
        table.put(doc["id"], doc)
        self._update_range(month, before, doc)

    def put_many(self, docs: list[dict[str, Any]]) -> None:
        self._store.require_transaction("activities")
        by_month: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            by_month.setdefault(_month_of(doc["id"]), []).append(doc)
        for month, group in by_month.items():
            self._store.shard(month).table("activities").put_many({doc["id"]: dict(doc) for doc in group})
            self._refresh_range(month)

    def remove(self, activity_ids: list[str]) -> None:
        """Delete documents for good (purge)."""
        self._store.require_transaction("activities")
        for month in {_month_of(i) for i in activity_ids}:
            table = self._store.shard(month).table("activities")
            table.remove(doc_ids=[i for i in activity_ids if shard_month(i) == month])
            self._refresh_range(month)

    def overlapping(self, start_iso: str, end_iso: str) -> Iterator[dict[str, Any]]:
        """Yield the documents (deleted ones too) whose time overlaps [start, end)."""
        for month, bounds in self._ranges().items():
            if bounds["minStart"] < end_iso and bounds["maxEnd"] >= start_iso:
                for doc in self._store.shard(month).table("activities").raw():
                    if _overlaps(doc, start_iso, end_iso):
                        yield doc

    def every(self) -> Iterator[dict[str, Any]]:
        """Yield every document of every shard, oldest month first."""
        for month in sorted(self._ranges()):
            yield from self._store.shard(month).table("activities").raw()

    def in_month(self, month: str) -> Iterator[dict[str, Any]]:
        """Yield the stored documents of one month's shard (deleted ones too): callers must not mutate them."""
        yield from self._store.shard(month).table("activities").raw()

    def months_with_deletions(self) -> list[str]:
        return [m for m, b in self._ranges().items() if b.get("hasDeleted")]

    def running_id(self) -> str | None:
        doc = self._store.table("meta").get(doc_id="running")
        return doc["activityId"] if doc else None

    def set_running(self, activity_id: str | None) -> None:
        self._store.require_transaction("activities")
        if activity_id != self.running_id():
            self._store.table("meta").put("running", {"activityId": activity_id})

    def range_of(self, month: str) -> dict[str, Any] | None:
        """The time range the month's shard covers, as recorded (None: no shard known)."""
        bounds = self._store.table("shards").get(doc_id=month)
        return dict(bounds) if bounds is not None else None

    def adopt_months(self, ranges: dict[str, dict[str, Any] | None]) -> None:
        """Make shards written whole (a sync snapshot) known: record each month's given range, or
        recompute it from the shard when none is given."""
        shards = self._store.table("shards")
        for month, bounds in ranges.items():
            if bounds is None:
                self._refresh_range(month)
            elif shards.get(doc_id=month) != bounds:
                shards.put(month, bounds)

    def adopt_unknown_months(self) -> None:
        """Record the range of every shard file the index does not know (one written whole, then a crash)."""
        known = self._known_months()
        self.adopt_months({month: None for month in self._store.shard_months() if month not in known})

    def _ranges(self) -> dict[str, dict[str, Any]]:
        return self._store.table("shards").by_id()

    def _known_months(self) -> set[str]:
        return set(self._ranges())

    def _update_range(self, month: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
        """Keep the shard's range right after one document changed: widen it, or recompute it when
        the old document may have been what held an edge."""
        bounds = self._store.table("shards").get(doc_id=month)
        at_edge = before is not None and bounds is not None and (
            before["startTime"] == bounds["minStart"] or _end(before) == bounds["maxEnd"]
            or (before.get("isDeleted") and not after.get("isDeleted")))
        if bounds is None or at_edge:
            self._refresh_range(month)
            return
        wanted = {"minStart": min(bounds["minStart"], after["startTime"]), "maxEnd": max(bounds["maxEnd"], _end(after)),
                  "hasDeleted": bool(bounds.get("hasDeleted") or after.get("isDeleted"))}
        if wanted != dict(bounds):
            self._store.table("shards").put(month, wanted)

    def _refresh_range(self, month: str) -> None:
        """Record the time range a shard's documents cover, so queries open only the shards they need.

        Recomputed from the shard (a few hundred documents) rather than only widened: a running
        activity makes the range open-ended, and stopping it must close it again.
        """
        docs = self._store.shard(month).table("activities").raw()
        shards = self._store.table("shards")
        if not docs:
            if shards.contains(doc_id=month):
                shards.remove(doc_ids=[month])
            return
        wanted = {
            "minStart": min(d["startTime"] for d in docs),
            "maxEnd": max(_end(d) for d in docs),
            "hasDeleted": any(d.get("isDeleted") for d in docs),
        }
        if shards.get(doc_id=month) != wanted:
            shards.put(month, wanted)


def _month_of(activity_id: str) -> str:
    """The shard month of an id this repository made (a malformed one is a programming error)."""
    month = shard_month(activity_id)
    if month is None:
        raise ValueError(f"not an activity id: {activity_id!r}")
    return month


def _end(doc: dict[str, Any]) -> str:
    return doc.get("endTime") or OPEN_END


def _overlaps(doc: dict[str, Any], start_iso: str, end_iso: str) -> bool:
    begin = doc["startTime"]
    if begin >= end_iso:
        return False
    end = doc.get("endTime") or OPEN_END
    return end > start_iso or begin >= start_iso

"""Activities sharded by month: a write rewrites one month, a query opens only the months it touches."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterator

from tinydb.table import Document

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

    def get(self, activity_id: object) -> dict | None:
        month = shard_month(activity_id)
        if month is None or month not in self._known_months():
            return None
        doc = self._store.shard(month).table("activities").get(doc_id=activity_id)
        return dict(doc) if doc is not None else None

    def put(self, doc: dict) -> None:
        """Insert or replace `doc` (its id names its shard) and widen the shard's time range."""
        month = shard_month(doc["id"])
        self._store.shard(month).table("activities").put(doc["id"], doc)
        self._widen(month, doc)

    def put_many(self, docs: list[dict]) -> None:
        by_month: dict[str, list[dict]] = {}
        for doc in docs:
            by_month.setdefault(shard_month(doc["id"]), []).append(doc)
        for month, group in by_month.items():
            table = self._store.shard(month).table("activities")
            existing = {d.doc_id for d in table.all()}
            table.insert_multiple(_as_document(d) for d in group if d["id"] not in existing)
            for doc in group:
                if doc["id"] in existing:
                    table.put(doc["id"], doc)
                self._widen(month, doc)

    def remove(self, activity_ids: list[str]) -> None:
        """Delete documents for good (purge)."""
        for month in {shard_month(i) for i in activity_ids}:
            table = self._store.shard(month).table("activities")
            table.remove(doc_ids=[i for i in activity_ids if shard_month(i) == month])

    def overlapping(self, start_iso: str, end_iso: str) -> Iterator[dict]:
        """Yield the documents (deleted ones too) whose time overlaps [start, end)."""
        for month, bounds in self._ranges().items():
            if bounds["minStart"] < end_iso and bounds["maxEnd"] >= start_iso:
                for doc in self._store.shard(month).table("activities").raw():
                    if _overlaps(doc, start_iso, end_iso):
                        yield doc

    def every(self) -> Iterator[dict]:
        """Yield every document of every shard, oldest month first."""
        for month in sorted(self._ranges()):
            yield from self._store.shard(month).table("activities").raw()

    def months_with_deletions(self) -> list[str]:
        return [m for m, b in self._ranges().items() if b.get("hasDeleted")]

    def mark_purged(self, month: str) -> None:
        self._store.table("shards").update({"hasDeleted": False}, doc_ids=[month])

    def running_id(self) -> str | None:
        doc = self._store.table("meta").get(doc_id="running")
        return doc["activityId"] if doc else None

    def set_running(self, activity_id: str | None) -> None:
        if activity_id != self.running_id():
            self._store.table("meta").put("running", {"activityId": activity_id})

    def _ranges(self) -> dict[str, dict]:
        return {doc.doc_id: doc for doc in self._store.table("shards").all()}

    def _known_months(self) -> set[str]:
        return set(self._ranges())

    def _widen(self, month: str, doc: dict) -> None:
        shards = self._store.table("shards")
        bounds = shards.get(doc_id=month)
        end = doc.get("endTime") or OPEN_END
        wanted = {
            "minStart": min(bounds["minStart"], doc["startTime"]) if bounds else doc["startTime"],
            "maxEnd": max(bounds["maxEnd"], end) if bounds else end,
            "hasDeleted": bool((bounds or {}).get("hasDeleted") or doc.get("isDeleted")),
        }
        if bounds is None or any(bounds.get(k) != v for k, v in wanted.items()):
            shards.put(month, wanted)


def _as_document(doc: dict) -> Document:
    return Document(doc, doc_id=doc["id"])


def _overlaps(doc: dict, start_iso: str, end_iso: str) -> bool:
    begin = doc["startTime"]
    if begin >= end_iso:
        return False
    end = doc.get("endTime") or OPEN_END
    return end > start_iso or begin >= start_iso

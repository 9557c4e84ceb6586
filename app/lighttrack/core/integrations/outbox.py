"""The durable outbox: work for a remote service, kept in the store until the service has taken it."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from ...store.repository import Repository
from ..context import Context
from ..timing.isotime import to_iso

MAX_DELAY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff between delivery rounds: 30 s, 60 s, 120 s … at most an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_DELAY)


class Outbox:
    """Items `{id, integration, kind, key, payload, attempts, dueAt, lastError, createdAt}` in arrival order.

    An item with a `key` replaces a waiting item of the same integration and key (a second edit of
    one activity is one delivery). Threading contract: every method is one store transaction.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    @property
    def _table(self) -> Repository:
        return self._ctx.records.outbox

    def add(self, integration: str, kind: str, payload: dict[str, Any], key: str | None = None) -> dict[str, Any]:
        stamp = self._ctx.stamp()
        with self._ctx.store.transaction():
            existing = self._find(integration, key) if key else None
            item: dict[str, Any] = {
                "id": existing["id"] if existing else f"{stamp}-{secrets.token_hex(4)}", "integration": integration,
                "kind": kind, "key": key, "payload": payload, "attempts": 0, "dueAt": stamp, "lastError": None,
                "createdAt": existing["createdAt"] if existing else stamp}
            self._table.put(item["id"], item)
        return item

    def due(self, integration: str, now: datetime) -> list[dict[str, Any]]:
        """The waiting items of `integration` in arrival order, up to the first one not yet due."""
        with self._ctx.store.transaction():
            items = sorted((d for d in self._table.all() if d["integration"] == integration),
                           key=lambda d: (d["createdAt"], d["id"]))
        ready = []
        for item in items:
            if item["dueAt"] > to_iso(now):
                break  # keep the order: a later item never overtakes one that waits for a retry
            ready.append(item)
        return ready

    def done(self, item_id: str) -> None:
        with self._ctx.store.transaction():
            self._table.remove([item_id])

    def postpone(self, item: dict[str, Any], error: str, until: datetime | None = None) -> dict[str, Any]:
        """Count a failed attempt; the item waits for its backoff (or `until`, e.g. a Retry-After)."""
        attempts = item["attempts"] + 1
        due = until or self._ctx.now() + retry_delay(attempts)
        updated = {**item, "attempts": attempts, "dueAt": to_iso(due), "lastError": error}
        with self._ctx.store.transaction():
            if self._table.contains(item["id"]):
                self._table.put(item["id"], updated)
        return updated

    def count(self, integration: str) -> int:
        with self._ctx.store.transaction():
            return sum(1 for d in self._table.view().values() if d["integration"] == integration)

    def drop(self, integration: str) -> int:
        """Forget every item of `integration` (it was disconnected)."""
        with self._ctx.store.transaction():
            ids = [doc_id for doc_id, d in self._table.view().items() if d["integration"] == integration]
            self._table.remove(ids)
        return len(ids)

    def _find(self, integration: str, key: str) -> dict[str, Any] | None:
        for doc_id, doc in self._table.view().items():
            if doc["integration"] == integration and doc.get("key") == key:
                return self._table.get(doc_id)
        return None

"""Items read from remote services (commits, pull requests, meetings) for the timeline and analytics.

An item is `{id, kind, source, start, end, title, url, projectId, ...}` with ISO UTC times; `end`
equals `start` for instants such as a commit.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from ...store.repository import detached
from ..context import Context
from ..timing.isotime import to_iso, to_local


class ExternalItems:
    """One store table of items. Threading contract: every method is one store transaction."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._items = ctx.records.external_items

    def put_many(self, items: list[dict[str, Any]]) -> None:
        """Insert or replace items, keeping what LightTrack added to them (e.g. `activityId`)."""
        with self._ctx.store.transaction():
            stored = self._items.view()
            changed = {}
            for item in items:
                old = stored.get(item["id"])
                kept = {k: old[k] for k in ("activityId",) if old and k in old}
                if old is None or old != {**item, **kept}:
                    changed[item["id"]] = {**item, **kept}
            self._items.put_many(changed)

    def replace_between(self, source: str, start: datetime, end: datetime, items: list[dict[str, Any]]) -> None:
        """Make `items` the whole content of `source` within [start, end) (what the service dropped goes)."""
        lo, hi = to_iso(start), to_iso(end)
        fresh = {i["id"] for i in items}
        with self._ctx.store.transaction():
            gone = [doc_id for doc_id, d in self._items.view().items()
                    if d["source"] == source and lo <= d["start"] < hi and doc_id not in fresh and not d.get("activityId")]
            self._items.remove(gone)
            self.put_many(items)

    def between(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Items overlapping [start, end) (instants inside it), oldest first."""
        lo, hi = to_iso(start), to_iso(end)
        with self._ctx.store.transaction():
            found = [detached(d) for d in self._items.view().values()
                     if d["start"] < hi and (d["end"] > lo or d["start"] >= lo)]
        return sorted(found, key=lambda d: d["start"])

    def get(self, item_id: str) -> dict[str, Any] | None:
        with self._ctx.store.transaction():
            return self._items.get(item_id)

    def update(self, item_id: str, **fields: Any) -> None:
        with self._ctx.store.transaction():
            doc = self._items.view().get(item_id)
            if doc is not None:
                self._items.put(item_id, {**doc, **fields})

    def remove_source(self, source: str) -> None:
        with self._ctx.store.transaction():
            ids = [doc_id for doc_id, d in self._items.view().items() if d["source"] == source]
            self._items.remove(ids)


def per_project_per_day(items: list[dict[str, Any]], kind: str, zone: tzinfo | None) -> list[dict[str, Any]]:
    """Counts of `kind` items by local day and project: [{day, projectId, count}]."""
    counts: dict[tuple[str, str | None], int] = {}
    for item in items:
        if item["kind"] == kind:
            day = to_local(datetime.fromisoformat(item["start"]), zone).date().isoformat()
            counts[(day, item.get("projectId"))] = counts.get((day, item.get("projectId")), 0) + 1
    ordered = sorted(counts.items(), key=lambda x: (x[0][0], x[0][1] or ""))
    return [{"day": d, "projectId": p, "count": n} for (d, p), n in ordered]

"""Items read from remote services (commits, pull requests, meetings) for the timeline and analytics.

An item is `{id, kind, source, start, end, title, url, projectId, ...}` with ISO UTC times; `end`
equals `start` for instants such as a commit.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from ..context import Context
from ..timing.isotime import to_iso, to_local

TABLE = "external_items"


class ExternalItems:
    """One store table of items. Threading contract: every method is one store transaction."""

    def __init__(self, ctx: Context, table: str = TABLE) -> None:
        self._ctx = ctx
        self._name = table

    def put_many(self, items: list[dict[str, Any]]) -> None:
        """Insert or replace items, keeping what LightTrack added to them (e.g. `activityId`)."""
        with self._ctx.store.transaction():
            table = self._ctx.store.table(self._name)
            for item in items:
                old = table.get(doc_id=item["id"])
                kept = {k: old[k] for k in ("activityId",) if old and k in old}
                if old is None or {**old} != {**item, **kept}:
                    table.put(item["id"], {**item, **kept})

    def replace_between(self, source: str, start: datetime, end: datetime, items: list[dict[str, Any]]) -> None:
        """Make `items` the whole content of `source` within [start, end) (what the service dropped goes)."""
        lo, hi = to_iso(start), to_iso(end)
        fresh = {i["id"] for i in items}
        with self._ctx.store.transaction():
            table = self._ctx.store.table(self._name)
            gone = [doc_id for doc_id, d in table.raw_by_id().items()
                    if d["source"] == source and lo <= d["start"] < hi and doc_id not in fresh and not d.get("activityId")]
            if gone:
                table.remove(doc_ids=gone)
            self.put_many(items)

    def between(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Items overlapping [start, end) (instants inside it), oldest first."""
        lo, hi = to_iso(start), to_iso(end)
        with self._ctx.store.transaction():
            found = [dict(d) for d in self._ctx.store.table(self._name).all()
                     if d["start"] < hi and (d["end"] > lo or d["start"] >= lo)]
        return sorted(found, key=lambda d: d["start"])

    def get(self, item_id: str) -> dict[str, Any] | None:
        with self._ctx.store.transaction():
            doc = self._ctx.store.table(self._name).get(doc_id=item_id)
        return dict(doc) if doc else None

    def update(self, item_id: str, **fields: Any) -> None:
        with self._ctx.store.transaction():
            table = self._ctx.store.table(self._name)
            doc = table.get(doc_id=item_id)
            if doc is not None:
                table.put(item_id, {**doc, **fields})

    def remove_source(self, source: str) -> None:
        with self._ctx.store.transaction():
            table = self._ctx.store.table(self._name)
            ids = [doc_id for doc_id, d in table.raw_by_id().items() if d["source"] == source]
            if ids:
                table.remove(doc_ids=ids)


def per_project_per_day(items: list[dict[str, Any]], kind: str, zone: tzinfo | None) -> list[dict[str, Any]]:
    """Counts of `kind` items by local day and project: [{day, projectId, count}]."""
    counts: dict[tuple[str, str | None], int] = {}
    for item in items:
        if item["kind"] == kind:
            day = to_local(datetime.fromisoformat(item["start"]), zone).date().isoformat()
            counts[(day, item.get("projectId"))] = counts.get((day, item.get("projectId")), 0) + 1
    ordered = sorted(counts.items(), key=lambda x: (x[0][0], x[0][1] or ""))
    return [{"day": d, "projectId": p, "count": n} for (d, p), n in ordered]

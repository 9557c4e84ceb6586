"""Helpers of the exchange tests."""

from __future__ import annotations


def snapshot(services) -> dict:
    """Everything the store holds that an import may change."""
    from lighttrack.store.activities import ActivityRepository
    store = services.ctx.store
    with store.transaction():
        tables = {t: {d.doc_id: dict(d) for d in store.table(t).all()}
                  for t in ("projects", "clients", "tags", "categories", "goals", "settings")}
        activities = sorted((dict(d) for d in ActivityRepository(store).every()), key=lambda d: d["id"])
    return {"tables": tables, "activities": activities}

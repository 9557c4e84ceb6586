"""What the tracker must remember across a restart: the pending absence and when the user was last seen."""

from __future__ import annotations

TABLE = "tracker"


class TrackerMemory:
    """Small documents in the store's main file, one per key.

    Threading contract: any thread; each call is one store transaction (on disk when it returns).
    """

    def __init__(self, store) -> None:
        self._store = store

    def get(self, key: str):
        with self._store.transaction():
            doc = self._store.table(TABLE).get(doc_id=key)
        return doc["value"] if doc is not None else None

    def put(self, key: str, value) -> None:
        with self._store.transaction():
            self._store.table(TABLE).put(key, {"value": value})

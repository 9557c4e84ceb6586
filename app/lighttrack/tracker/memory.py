"""What the tracker must remember across a restart: the pending absence and when the user was last seen."""

from __future__ import annotations

from ..store.repository import Records


class TrackerMemory:
    """Small documents in the store's main file, one per key.

    Threading contract: any thread; each call is one store transaction (on disk when it returns).
    """

    def __init__(self, records: Records) -> None:
        self._records = records

    def get(self, key: str):
        with self._records.transaction():
            doc = self._records.tracker_memory.get(key)
        return doc["value"] if doc is not None else None

    def put(self, key: str, value) -> None:
        with self._records.transaction():
            self._records.tracker_memory.put(key, {"value": value})

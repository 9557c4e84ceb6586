"""aw-webui's settings (categories, views, theme, start of day…), kept in LightTrack's encrypted store."""

from __future__ import annotations

from typing import Any

from ...errors import ValidationError
from ...store.database import Store

TABLE = "awsettings"
MAX_KEY_LEN = 200


class AwSettings:
    """ActivityWatch's key → JSON value settings, as aw-server's `/api/0/settings` serves them.

    Threading contract: any thread; every call is one store transaction.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> dict[str, Any]:
        with self._store.transaction():
            return {key: doc["value"] for key, doc in self._store.table(TABLE).raw_by_id().items()}

    def get(self, key: str) -> object:
        """The value of `key`, or None when it was never set."""
        with self._store.transaction():
            doc = self._store.table(TABLE).get(doc_id=_checked(key))
        return None if doc is None else doc["value"]

    def set(self, key: str, value: object) -> object:
        """Store `value` under `key` (null removes the key, as aw-server does); on disk before it returns."""
        key = _checked(key)
        with self._store.transaction():
            table = self._store.table(TABLE)
            if value is None:
                if table.contains(doc_id=key):
                    table.remove(doc_ids=[key])
            else:
                table.put(key, {"value": value})
        return value


def _checked(key: object) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LEN:
        raise ValidationError(f"The setting key must have 1 to {MAX_KEY_LEN} characters.")
    return key

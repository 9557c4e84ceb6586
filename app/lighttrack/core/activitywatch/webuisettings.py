"""aw-webui's settings (categories, views, theme, start of day…), kept in LightTrack's encrypted store."""

from __future__ import annotations

from typing import Any

from ...errors import ValidationError
from ...store.repository import Records

MAX_KEY_LEN = 200


class AwSettings:
    """ActivityWatch's key → JSON value settings, as aw-server's `/api/0/settings` serves them.

    Threading contract: any thread; every call is one store transaction.
    """

    def __init__(self, records: Records) -> None:
        self._records = records

    def all(self) -> dict[str, Any]:
        with self._records.transaction():
            return {key: doc["value"] for key, doc in self._records.aw_settings.view().items()}

    def get(self, key: str) -> object:
        """The value of `key`, or None when it was never set."""
        with self._records.transaction():
            doc = self._records.aw_settings.get(_checked(key))
        return None if doc is None else doc["value"]

    def set(self, key: str, value: object) -> object:
        """Store `value` under `key` (null removes the key, as aw-server does); on disk before it returns."""
        key = _checked(key)
        with self._records.transaction():
            if value is None:
                self._records.aw_settings.remove([key])
            else:
                self._records.aw_settings.put(key, {"value": value})
        return value


def _checked(key: object) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LEN:
        raise ValidationError(f"The setting key must have 1 to {MAX_KEY_LEN} characters.")
    return key

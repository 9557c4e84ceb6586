"""Reading and writing settings, each checked by its definition in `settingdefs`."""

from __future__ import annotations

from typing import Any

from ...errors import ValidationError
from ..context import Context
from .settingdefs import SETTINGS, Setting, shown_in_order


class SettingsService:
    """Read and write settings; unknown keys and bad values are refused with the key named."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self, key: object) -> Any:
        name, spec = self._spec(key)
        with self._ctx.store.transaction():
            doc = self._ctx.records.settings.get(name)
        return doc["value"] if doc is not None else spec.default

    def get_all(self) -> dict[str, Any]:
        with self._ctx.store.transaction():
            stored = {name: d["value"] for name, d in self._ctx.records.settings.view().items()}
        return {key: stored.get(key, spec.default) for key, spec in SETTINGS.items()}

    def consented(self) -> bool:
        """True once the user said yes to tracking: the welcome's choice or an explicit trackWindows=true.

        The default of `trackWindows` is true, so only a stored value counts as an answer.
        """
        with self._ctx.store.transaction():
            doc = self._ctx.records.settings.view().get("trackWindows")
        return doc is not None and doc["value"] is True

    def describe(self) -> list[dict[str, Any]]:
        """Every setting with its value, default, section, label, help, kind and range, in the Settings view's order."""
        values = self.get_all()
        return [setting.public(key, values[key]) for key, setting in shown_in_order()]

    def set(self, key: object, value: Any) -> Any:
        name, spec = self._spec(key)
        cleaned = spec.check(value, name)
        with self._ctx.store.transaction():
            self._ctx.records.settings.put(name, {"value": cleaned})
        self._ctx.bus.publish("settings:changed", {"key": key, "value": cleaned})
        if key == "theme":
            self._ctx.bus.publish("theme-changed", {"theme": cleaned})
        return cleaned

    def _spec(self, key: object) -> tuple[str, Setting]:
        if not isinstance(key, str) or key not in SETTINGS:
            raise ValidationError(f"key: unknown setting {str(key)[:64]!r}.")
        return key, SETTINGS[key]

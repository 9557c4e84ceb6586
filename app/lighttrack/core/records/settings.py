"""Typed, validated settings with the defaults of CONTRACT.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from ...errors import ValidationError
from . import settingslabels
from .. import validate
from ..context import Context


EXTENSION_ORIGIN = re.compile(r"(moz-extension|chrome-extension|safari-web-extension)://[A-Za-z0-9._-]{1,100}")


@dataclass(frozen=True)
class Setting:
    default: Any
    check: Callable[[Any, str], Any]
    category: str


def _integer(low: int, high: int) -> Callable[[Any, str], float]:
    return lambda v, f: validate.number(v, f, low, high, integer=True)


def _choice(*allowed: str) -> Callable[[Any, str], str]:
    return lambda v, f: validate.choice(v, f, allowed)


def _names(v: object, f: str) -> list[str]:
    return validate.names(v, f, max_items=500, max_len=200)


def _patterns(v: object, f: str) -> list[str]:
    patterns = validate.names(v, f, max_items=200, max_len=500)
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValidationError(f"{f}: line {i + 1} ({pattern[:60]!r}) is not a valid regular expression: {exc}.") from None
    return patterns


def _clock(v: object, f: str) -> str:
    if not isinstance(v, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
        raise ValidationError(f"{f} must be a time of day like 09:00.")
    return v


def _weekdays(v: object, f: str) -> list[int]:
    if not isinstance(v, list) or any(isinstance(d, bool) or d not in range(1, 8) for d in v):
        raise ValidationError(f"{f} must be a list of weekdays from 1 (Monday) to 7 (Sunday).")
    return sorted(set(v))


def _feed_url(v: object, f: str) -> str:
    """An https address (http only to this machine), or "" for no feed."""
    if v == "":
        return ""
    try:
        parts = urlsplit(v) if isinstance(v, str) and len(v) <= 2000 and v.isprintable() else None
        host = parts.hostname if parts else None
    except ValueError:  # a malformed address such as "https://[::1"
        parts = host = None
    local = host in ("127.0.0.1", "localhost", "::1")
    if not host or not parts or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise ValidationError(f"{f} must be an https:// address, or empty.")
    return str(v)


def _extension_origins(v: object, f: str) -> list[str]:
    """Browser extension origins such as moz-extension://<uuid> or chrome-extension://<id>."""
    origins = validate.names(v, f, max_items=50, max_len=200)
    for i, origin in enumerate(origins):
        if not EXTENSION_ORIGIN.fullmatch(origin):
            raise ValidationError(f"{f}[{i}] must be a browser extension origin like moz-extension://<id>.")
    return origins


def _folder(v: object, f: str) -> str:
    """An absolute folder path, or "" for none."""
    if v == "":
        return v
    if not isinstance(v, str) or len(v) > 4096 or not v.isprintable() or not PurePath(v).is_absolute():
        raise ValidationError(f"{f} must be the absolute path of a folder, or empty.")
    return v


MEETING_AND_VIDEO_APPS = ["zoom", "teams", "slack huddle", "meet.google.com", "webex", "skype", "discord",
                          "vlc", "mpv", "youtube", "netflix", "obs"]

SETTINGS: dict[str, Setting] = {
    "idleThresholdSeconds": Setting(300, _integer(10, 86400), "tracking"),
    "trackWindows": Setting(True, validate.boolean, "tracking"),
    "samplingIntervalSeconds": Setting(1, lambda v, f: validate.number(v, f, 1, 60), "tracking"),
    "autoSaveIntervalSeconds": Setting(30, _integer(5, 3600), "tracking"),
    "trackingPaused": Setting(False, validate.boolean, "privacy"),
    "excludedApps": Setting([], _names, "privacy"),
    "excludedTitlePatterns": Setting([], _patterns, "privacy"),
    "redactTitles": Setting(False, validate.boolean, "privacy"),
    "activityWatchExtensionOrigins": Setting([], _extension_origins, "privacy"),
    "activeWithoutInputApps": Setting(MEETING_AND_VIDEO_APPS, _names, "tracking"),
    "presenceWithoutInput": Setting(True, validate.boolean, "tracking"),
    "recordOwnWindow": Setting(True, validate.boolean, "privacy"),
    "openDashboardOnStart": Setting(True, validate.boolean, "general"),
    "weekStartsOn": Setting("monday", _choice("monday", "sunday"), "general"),
    "theme": Setting("system", _choice("system", "light", "dark"), "appearance"),
    "timeFormat": Setting("locale", _choice("locale", "24h", "12h"), "appearance"),
    "pomodoroMinutes": Setting(25, _integer(1, 240), "focus"),
    "breakMinutes": Setting(5, _integer(1, 120), "focus"),
    "longBreakMinutes": Setting(15, _integer(1, 240), "focus"),
    "longBreakEvery": Setting(4, _integer(1, 12), "focus"),
    "trackingReminder": Setting(True, validate.boolean, "reminders"),
    "trackingReminderMinutes": Setting(15, _integer(1, 480), "reminders"),
    "breakReminder": Setting(True, validate.boolean, "reminders"),
    "breakReminderMinutes": Setting(60, _integer(5, 480), "reminders"),
    "workHoursStart": Setting("09:00", _clock, "reminders"),
    "workHoursEnd": Setting("17:00", _clock, "reminders"),
    "workDays": Setting([1, 2, 3, 4, 5], _weekdays, "reminders"),
    "reviewMergeSeconds": Setting(120, _integer(0, 3600), "review"),
    "exportCsvBom": Setting(False, validate.boolean, "export"),
    "autostart": Setting(False, validate.boolean, "general"),
    "firstRunCompleted": Setting(False, validate.boolean, "general"),
    "checkForUpdates": Setting(False, validate.boolean, "updates"),
    "updateFeedUrl": Setting("", _feed_url, "updates"),
    "awWebuiFolder": Setting("", _folder, "activitywatch"),
}


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
        """Every setting with its value, default, category, label, help, kind and range (for the settings view)."""
        values = self.get_all()
        return [{"key": k, "value": values[k], "default": s.default, "category": s.category, **settingslabels.describe(k)}
                for k, s in SETTINGS.items()]

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

"""Every setting, defined once: its default, its check, its section, what people read about it, and whether it syncs.

The settings service, the Settings view (through settings:getSchema), the first-run welcome, backup restore and
sync all read this one registry; a setting added here appears everywhere with its label and help.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from ...errors import ValidationError
from .. import validate

Check = Callable[[Any, str], Any]
EXTENSION_ORIGIN = re.compile(r"(moz-extension|chrome-extension|safari-web-extension)://[A-Za-z0-9._-]{1,100}")
WEEKDAYS = (("1", "Mon"), ("2", "Tue"), ("3", "Wed"), ("4", "Thu"), ("5", "Fri"), ("6", "Sat"), ("7", "Sun"))
MEETING_AND_VIDEO_APPS = ["zoom", "teams", "slack huddle", "meet.google.com", "webex", "skype", "discord",
                          "vlc", "mpv", "youtube", "netflix", "obs"]

# The Settings view's sections, in the order it shows them.
SECTIONS: dict[str, str] = {
    "general": "General", "tracking": "Tracking", "privacy": "Privacy", "focus": "Focus sessions",
    "reminders": "Reminders", "review": "Review", "appearance": "Appearance", "export": "Export",
    "updates": "Updates", "activitywatch": "ActivityWatch",
}


@dataclass(frozen=True)
class Setting:
    """One setting. `kind` names the control the Settings view draws: boolean | number | choice | list | weekdays |
    time | url | folder | text. `synced` settings describe the person and travel between devices (the rest describe
    one machine); a synced list with `merged` set merges as a set when two devices change it. `shown` is False for
    what the app keeps itself."""

    default: Any
    check: Check
    section: str
    label: str
    help: str = ""
    kind: str = "text"
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    synced: bool = False
    merged: bool = False
    shown: bool = True

    def public(self, key: str, value: Any) -> dict[str, Any]:
        """The setting as settings:getSchema returns it."""
        return {"key": key, "value": value, "default": self.default, "category": self.section,
                "section": SECTIONS[self.section], "label": self.label, "help": self.help, "kind": self.kind,
                "unit": self.unit, "minimum": self.minimum, "maximum": self.maximum, "shown": self.shown,
                "choices": [{"value": v, "label": label} for v, label in self.choices]}


def boolean(default: bool, section: str, label: str, help: str = "", **extra: Any) -> Setting:
    return Setting(default, validate.boolean, section, label, help, "boolean", **extra)


def whole_number(default: int, low: int, high: int, unit: str, section: str, label: str, help: str = "",
                 **extra: Any) -> Setting:
    return Setting(default, lambda v, f: validate.number(v, f, low, high, integer=True), section, label, help,
                   "number", unit, low, high, **extra)


def choice(default: str, options: tuple[tuple[str, str], ...], section: str, label: str, help: str = "",
           **extra: Any) -> Setting:
    allowed = tuple(value for value, _ in options)
    return Setting(default, lambda v, f: validate.choice(v, f, allowed), section, label, help, "choice",
                   choices=options, **extra)


def listing(default: list[Any], check: Check, section: str, label: str, help: str = "", **extra: Any) -> Setting:
    return Setting(default, check, section, label, help, "list", **extra)


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


def _sampling(v: object, f: str) -> float:
    return validate.number(v, f, 1, 60)


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


SETTINGS: dict[str, Setting] = {
    "openDashboardOnStart": boolean(True, "general", "Open the dashboard when LightTrack starts"),
    "weekStartsOn": choice("monday", (("monday", "Monday"), ("sunday", "Sunday")), "general", "Weeks start on",
                           synced=True),
    "autostart": boolean(False, "general", "Start LightTrack when I log in",
                         "Adds LightTrack to the programs your system starts at login."),
    "firstRunCompleted": boolean(False, "general", "Welcome completed", shown=False),
    "idleThresholdSeconds": whole_number(300, 10, 86400, "seconds", "tracking", "Idle after",
                                         "With no keyboard or mouse input this long, the running activity pauses."),
    "trackWindows": boolean(True, "tracking", "Record the active window",
                            "App name and window title, for the timeline and the rules."),
    "samplingIntervalSeconds": Setting(1, _sampling, "tracking", "Sampling interval",
                                       "How often the active window is read.", "number", "seconds", 1, 60),
    "autoSaveIntervalSeconds": whole_number(30, 5, 3600, "seconds", "tracking", "Save the window timeline every",
                                            "At most this much of the timeline is lost in a crash."),
    "activeWithoutInputApps": listing(MEETING_AND_VIDEO_APPS, _names, "tracking", "Active without input",
                                      "Apps (meetings, video) that keep you active without typing; one per line.",
                                      synced=True, merged=True),
    "presenceWithoutInput": boolean(True, "tracking", "Count playing media and video calls as presence",
                                    "A media player that is playing, or an app keeping the screen awake, keeps you "
                                    "active without input; that time is marked passive in the timeline."),
    "trackingPaused": boolean(False, "privacy", "Pause window tracking",
                              "Nothing about windows is recorded while paused; timers keep running."),
    "excludedApps": listing([], _names, "privacy", "Never record these apps", "One app name per line.",
                            synced=True, merged=True),
    "excludedTitlePatterns": listing([], _patterns, "privacy", "Never record windows whose title matches",
                                     "One regular expression per line.", synced=True, merged=True),
    "redactTitles": boolean(False, "privacy", "Store the app name only",
                            "Window titles are replaced by the app name.", synced=True),
    "syncWindowActivity": boolean(False, "privacy", "Sync this computer's window activity",
                                  "With sync set up, each finished day of tracked windows (apps, titles, sites) "
                                  "goes to your other devices, end-to-end encrypted, and shows in their timeline. "
                                  "Off: it stays on this computer."),
    "recordOwnWindow": boolean(True, "privacy", "Record time in LightTrack's own window",
                               "Shown as the app \"LightTrack\"; off leaves that time out of the timeline."),
    "activityWatchExtensionOrigins": listing([], _extension_origins, "privacy", "Browser extensions allowed to send",
                                             "ActivityWatch browser extensions (moz-extension://… or "
                                             "chrome-extension://…) that may post tabs; one per line."),
    "theme": choice("system", (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")),
                    "appearance", "Theme"),
    "timeFormat": choice("locale", (("locale", "As my language does"), ("24h", "24-hour (14:30)"),
                                    ("12h", "12-hour (2:30 PM)")),
                         "appearance", "Clock", "How times are written everywhere in the dashboard."),
    "pomodoroMinutes": whole_number(25, 1, 240, "minutes", "focus", "Work phase", synced=True),
    "breakMinutes": whole_number(5, 1, 120, "minutes", "focus", "Short break", synced=True),
    "longBreakMinutes": whole_number(15, 1, 240, "minutes", "focus", "Long break", synced=True),
    "longBreakEvery": whole_number(4, 1, 12, "work phases", "focus", "Long break after",
                                   "Work phases before a long break.", synced=True),
    "trackingReminder": boolean(True, "reminders", "Remind me when no timer runs", "During work hours only.",
                                synced=True),
    "trackingReminderMinutes": whole_number(15, 1, 480, "minutes", "reminders", "Remind after", synced=True),
    "breakReminder": boolean(True, "reminders", "Remind me to take a break", synced=True),
    "breakReminderMinutes": whole_number(60, 5, 480, "minutes", "reminders", "Break reminder after", synced=True),
    "workHoursStart": Setting("09:00", _clock, "reminders", "Work day starts at", kind="time", synced=True),
    "workHoursEnd": Setting("17:00", _clock, "reminders", "Work day ends at", kind="time", synced=True),
    "workDays": Setting([1, 2, 3, 4, 5], _weekdays, "reminders", "Work days", "Reminders only come on these days.",
                        "weekdays", choices=WEEKDAYS, synced=True, merged=True),
    "reviewMergeSeconds": whole_number(120, 0, 3600, "seconds", "review", "Join suggestions across gaps up to",
                                       "Tracked stretches of the same work this close together become one "
                                       "suggestion in the review inbox."),
    "exportCsvBom": boolean(False, "export", "Mark CSV files for Excel",
                            "Adds a byte-order mark so Excel reads accents correctly.", synced=True),
    "checkForUpdates": boolean(False, "updates", "Allow checking for new versions",
                               "Only when you ask; contacts the update feed."),
    "updateFeedUrl": Setting("", _feed_url, "updates", "Update feed address",
                             "An https:// address, or empty for the default.", "url"),
    "awWebuiFolder": Setting("", _folder, "activitywatch", "Folder of the ActivityWatch web UI",
                             "An aw-webui build, served at /aw/; empty for none.",
                             "folder"),
}


def shown_in_order() -> list[tuple[str, Setting]]:
    """Every setting, section by section in the Settings view's order."""
    order = list(SECTIONS)
    return sorted(SETTINGS.items(), key=lambda item: order.index(item[1].section))

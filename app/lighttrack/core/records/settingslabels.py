"""What the Settings view shows for each setting: a plain label, help text, the kind of control and its range.

The values and their checks live in `settings.SETTINGS`; this registry only describes them to people.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SettingMeta:
    label: str
    help: str = ""
    kind: str = "text"  # boolean | number | choice | list | weekdays | time | url | text
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()

    def public(self) -> dict[str, Any]:
        shown = asdict(self)
        shown["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        return shown


WEEKDAYS = (("1", "Mon"), ("2", "Tue"), ("3", "Wed"), ("4", "Thu"), ("5", "Fri"), ("6", "Sat"), ("7", "Sun"))

META: dict[str, SettingMeta] = {
    "idleThresholdSeconds": SettingMeta("Idle after", "With no keyboard or mouse input this long, the running "
                                        "activity pauses.", "number", "seconds", 10, 86400),
    "trackWindows": SettingMeta("Record the active window", "App name and window title, for the timeline and the rules.",
                                "boolean"),
    "samplingIntervalSeconds": SettingMeta("Sampling interval", "How often the active window is read.", "number",
                                           "seconds", 1, 60),
    "autoSaveIntervalSeconds": SettingMeta("Save the window timeline every", "At most this much of the timeline is "
                                           "lost in a crash.", "number", "seconds", 5, 3600),
    "trackingPaused": SettingMeta("Pause window tracking", "Nothing about windows is recorded while paused; timers "
                                  "keep running.", "boolean"),
    "excludedApps": SettingMeta("Never record these apps", "One app name per line.", "list"),
    "excludedTitlePatterns": SettingMeta("Never record windows whose title matches",
                                         "One regular expression per line.", "list"),
    "redactTitles": SettingMeta("Store the app name only", "Window titles are replaced by the app name.", "boolean"),
    "activeWithoutInputApps": SettingMeta("Active without input", "Apps (meetings, video) that keep you active "
                                          "without typing; one per line.", "list"),
    "openDashboardOnStart": SettingMeta("Open the dashboard when LightTrack starts", "", "boolean"),
    "weekStartsOn": SettingMeta("Weeks start on", "", "choice", choices=(("monday", "Monday"), ("sunday", "Sunday"))),
    "theme": SettingMeta("Theme", "", "choice",
                         choices=(("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))),
    "timeFormat": SettingMeta("Clock", "How times are written everywhere in the dashboard.", "choice",
                              choices=(("locale", "As my language does"), ("24h", "24-hour (14:30)"),
                                       ("12h", "12-hour (2:30 PM)"))),
    "pomodoroMinutes": SettingMeta("Work phase", "", "number", "minutes", 1, 240),
    "breakMinutes": SettingMeta("Short break", "", "number", "minutes", 1, 120),
    "longBreakMinutes": SettingMeta("Long break", "", "number", "minutes", 1, 240),
    "longBreakEvery": SettingMeta("Long break after", "Work phases before a long break.", "number", "work phases", 1, 12),
    "trackingReminder": SettingMeta("Remind me when no timer runs", "During work hours only.", "boolean"),
    "trackingReminderMinutes": SettingMeta("Remind after", "", "number", "minutes", 1, 480),
    "breakReminder": SettingMeta("Remind me to take a break", "", "boolean"),
    "breakReminderMinutes": SettingMeta("Break reminder after", "", "number", "minutes", 5, 480),
    "workHoursStart": SettingMeta("Work day starts at", "", "time"),
    "workHoursEnd": SettingMeta("Work day ends at", "", "time"),
    "workDays": SettingMeta("Work days", "Reminders only come on these days.", "weekdays", choices=WEEKDAYS),
    "exportCsvBom": SettingMeta("Mark CSV files for Excel", "Adds a byte-order mark so Excel reads accents "
                                "correctly.", "boolean"),
    "autostart": SettingMeta("Start LightTrack when I log in", "Adds LightTrack to the programs your system starts "
                             "at login.", "boolean"),
    "firstRunCompleted": SettingMeta("Welcome completed", "", "boolean"),
    "checkForUpdates": SettingMeta("Allow checking for new versions", "Only when you ask; contacts the update feed.",
                                   "boolean"),
    "updateFeedUrl": SettingMeta("Update feed address", "An https:// address, or empty for the default.", "url"),
}


def describe(key: str) -> dict[str, Any]:
    """The metadata of one setting; a key added without metadata still gets a readable label."""
    meta = META.get(key) or SettingMeta(" ".join(_words(key)).capitalize())
    return meta.public()


def _words(key: str) -> list[str]:
    words, current = [], ""
    for char in key:
        if char.isupper() and current:
            words.append(current.lower())
            current = char
        else:
            current += char
    return [*words, current.lower()]

"""Quick entry: one line as a Toggl or Watson user types it, read into an activity.

`9-10:30 Write report @Acme #writing`, `1h30 Review @Acme`, `yesterday 14:00-15:00 Call`, `2pm-3pm x`.
A day word (`today`, `yesterday`, a weekday, `YYYY-MM-DD`) comes first; then a time range, a start time or a
duration; `@project` (or `@"two words"`) and `#tag` anywhere; the remaining words are the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from ...errors import ValidationError
from .. import validate
from .activities import ActivityService
from ..context import Context
from .projects import ProjectService
from .shapes import Activity, Project
from ..timing.isotime import localize, to_iso, to_local

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
RANGE = re.compile(rf"^{CLOCK}\s*(?:-|–|—|to)\s*{CLOCK}$", re.IGNORECASE)
SINGLE = re.compile(rf"^(?:at\s+)?{CLOCK}$", re.IGNORECASE)
DURATION = re.compile(r"^(?:(\d{1,3})\s*h)?\s*(?:(\d{1,3})\s*m?(?:in)?)?$", re.IGNORECASE)
PROJECT = re.compile(r'(?:^|\s)@(?:"([^"]+)"|(\S+))')
TAG = re.compile(r"(?:^|\s)#(\S+)")
LIMIT = 1000


@dataclass
class Reading:
    """What a line says, before projects are looked up."""

    name: str
    project: str | None
    tags: list[str]
    start: datetime | None
    end: datetime | None


def read_line(text: object, now: datetime, zone: tzinfo | None) -> Reading:
    """Read one quick-entry line at the instant `now`; times are local to `zone`."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("Type what you did, for example “9-10:30 Write report @Acme #writing”.")
    if len(text) > LIMIT:
        raise ValidationError(f"The entry is too long (at most {LIMIT} characters).")
    rest, project = _take_project(text.strip())
    tags = [t.rstrip(",") for t in TAG.findall(rest)]
    words = TAG.sub(" ", rest).split()
    local_now = to_local(now, zone)
    day, words = _take_day(words, local_now.date())
    start, end, words = _take_times(words, day, local_now, zone)
    name = " ".join(words).strip()
    if not name:
        raise ValidationError("Name the activity: words that are not a time, @project or #tag.")
    return Reading(name, project, list(dict.fromkeys(t for t in tags if t)), start, end)


def _take_project(text: str) -> tuple[str, str | None]:
    found = PROJECT.search(text)
    if not found:
        return text, None
    name = (found.group(1) or found.group(2)).strip()
    return text[:found.start()] + " " + text[found.end():], name


def _take_day(words: list[str], today: date) -> tuple[date, list[str]]:
    if not words:
        return today, words
    first = words[0].lower()
    if first == "today":
        return today, words[1:]
    if first == "yesterday":
        return today - timedelta(days=1), words[1:]
    if first in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(first)) % 7
        return today - timedelta(days=back), words[1:]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", first):
        try:
            return date.fromisoformat(first), words[1:]
        except ValueError:
            raise ValidationError(f"“{words[0]}” is not a date.") from None
    return today, words


def _take_times(words: list[str], day: date, now: datetime, zone: tzinfo | None
                ) -> tuple[datetime | None, datetime | None, list[str]]:
    """Find the longest run of leading words that is a range, a start time or a duration."""
    for count in (3, 2, 1):
        if len(words) < count:
            continue
        phrase = " ".join(words[:count])
        times = _times(phrase, day, now, zone)
        if times is not None:
            return (*times, words[count:])
    return None, None, words


def _times(phrase: str, day: date, now: datetime, zone: tzinfo | None) -> tuple[datetime, datetime | None] | None:
    matched = RANGE.match(phrase)
    if matched:
        return _range(matched.groups(), day, zone)
    matched = SINGLE.match(phrase)
    if matched and (":" in phrase or matched.group(3) or phrase.lower().startswith("at")):
        return _at(day, _clock(*matched.groups()), zone), None
    matched = DURATION.match(phrase)
    if matched and re.search(r"\d\s*[hm]", phrase, re.IGNORECASE):
        span = timedelta(hours=int(matched.group(1) or 0), minutes=int(matched.group(2) or 0))
        if not span:
            raise ValidationError("The duration must be longer than zero.")
        end = localize(datetime.combine(day, now.time()), zone) if day != now.date() else now
        return end - span, end
    return None


def _range(groups: tuple[Any, ...], day: date, zone: tzinfo | None) -> tuple[datetime, datetime]:
    start_suffix, end_suffix = groups[2], groups[5]
    end_clock = _clock(*groups[3:6])
    if start_suffix is None and end_suffix:
        # "2-3pm": the start takes the end's half of the day when that keeps it before the end
        with_suffix = _clock(groups[0], groups[1], end_suffix)
        start_clock = with_suffix if with_suffix <= end_clock else _clock(*groups[0:3])
    else:
        start_clock = _clock(*groups[0:3])
    start = _at(day, start_clock, zone)
    end = _at(day, end_clock, zone)
    if end <= start:  # "23-1:30" runs past midnight
        end = _at(day + timedelta(days=1), end_clock, zone)
    return start, end


def _clock(hours: str, minutes: str | None, suffix: str | None) -> time:
    hour, minute = int(hours), int(minutes or 0)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValidationError(f"“{hours}{suffix}” is not a time: use 1–12 with am/pm.")
        hour = hour % 12 + (12 if suffix.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"“{hours}:{minutes or '00'}” is not a time of day.")
    return time(hour, minute)


def _at(day: date, clock: time, zone: tzinfo | None) -> datetime:
    return localize(datetime.combine(day, clock), zone)


class QuickEntryService:
    """activity:parse and activity:quickAdd over the activity and project services."""

    def __init__(self, ctx: Context, activities: ActivityService, projects: ProjectService) -> None:
        self._ctx = ctx
        self._activities = activities
        self._projects = projects

    def parse(self, text: object, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """What `quick_add` would store, without storing anything.

        options: `createProject` (an unknown @project is made instead of refused), `projectId` and `tags`
        (used when the line names no project, added to the line's tags: the form fields beside the line).
        """
        options = validate.obj(options or {}, "options")
        reading = read_line(text, self._ctx.now(), self._ctx.zone)
        project = self._project(reading.project, bool(options.get("createProject")))
        if project is None and reading.project is None and options.get("projectId"):
            project = self._projects.get(self._projects.existing_id(options["projectId"], "projectId"))
        tags = list(dict.fromkeys([*reading.tags, *validate.names(options.get("tags") or [], "tags")]))
        start = reading.start or self._ctx.now()
        duration = round((reading.end - start).total_seconds() * 1000) if reading.end else None
        return {"name": reading.name, "projectId": project["id"] if project else None,
                "projectName": project["name"] if project else reading.project, "tags": tags,
                "startTime": to_iso(start), "endTime": to_iso(reading.end) if reading.end else None,
                "duration": duration}

    def quick_add(self, text: object, options: dict[str, Any] | None = None) -> Activity:
        """Store the line: a finished entry when it names an end or a duration, else a running timer."""
        parsed = self.parse(text, options)
        if parsed["projectName"] and not parsed["projectId"]:
            parsed["projectId"] = self._projects.create({"name": parsed["projectName"]})["id"]
        data = {"name": parsed["name"], "tags": parsed["tags"], "startTime": parsed["startTime"]}
        if parsed["projectId"]:
            data["projectId"] = parsed["projectId"]
        if parsed["endTime"]:
            return self._activities.add({**data, "endTime": parsed["endTime"]})
        if parsed["startTime"] > to_iso(self._ctx.now()):
            raise ValidationError("The start time is in the future: give an end time or a duration to plan time.")
        return self._activities.start(data)

    def _project(self, name: str | None, create: bool) -> Project | None:
        if name is None:
            return None
        found = next((p for p in self._projects.all() if p["name"].lower() == name.lower()), None)
        if found is None and not create:
            raise ValidationError(f"There is no project named “{name}”; create it first or choose another.")
        return found

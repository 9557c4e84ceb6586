"""Calendars: an iCalendar feed (Google's or Outlook's secret address, any CalDAV export) read with `icalendar`.

The feed URL is a credential (whoever has it reads the calendar), so it lives in the keyring.
Recurring events are expanded within the synced window (RRULE with EXDATE and moved
instances; RDATE is not read); cancelled ones are skipped. Meetings can become activities tagged `meeting`.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta


from ..core.integrations.external import ExternalItems
from ..core.timing.isotime import localize, to_iso
from ..errors import ConflictError, NotFoundError, ValidationError
from .base import Field, Integration, Work
from .transport import ServiceError

SOURCE = "calendar"
MAX_INSTANCES = 2000


def _moment(value, zone) -> tuple[datetime, bool]:
    """A DTSTART/DTEND value as an aware datetime, and whether it was a whole day."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else localize(value, zone)), False
    if isinstance(value, date):
        return localize(datetime.combine(value, time()), zone), True
    raise ValueError("not a date")


def _exdates(component, zone) -> set[datetime]:
    found = component.get("EXDATE")
    lists = found if isinstance(found, list) else [found] if found is not None else []
    return {_moment(item.dt, zone)[0] for group in lists for item in group.dts}


def _starts(component, start: datetime, lo: datetime, hi: datetime, zone) -> list[datetime]:
    rule = component.get("RRULE")
    if rule is None:
        return [start]
    from dateutil.rrule import rrulestr  # comes with icalendar, loaded only when a feed is read
    recurrence = rrulestr(rule.to_ical().decode(), dtstart=start)
    excluded = _exdates(component, zone)
    found = []
    for moment in recurrence.xafter(lo - timedelta(days=1), count=MAX_INSTANCES, inc=True):
        if moment >= hi:
            break
        if moment not in excluded:
            found.append(moment)
    return found


def meetings(feed: bytes, lo: datetime, hi: datetime, zone=None) -> list[dict]:
    """The events of an iCalendar feed overlapping [lo, hi), recurring ones expanded."""
    import icalendar  # ~8 MB: loaded only when a calendar is connected and read
    try:
        calendar = icalendar.Calendar.from_ical(feed)
    except ValueError:
        raise ServiceError("The calendar feed is not valid iCalendar data.") from None
    events = [c for c in calendar.walk("VEVENT") if c.get("DTSTART") is not None]
    moved = {(str(c.get("UID")), _moment(c.get("RECURRENCE-ID").dt, zone)[0]) for c in events if c.get("RECURRENCE-ID")}
    found = []
    for component in events:
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        found += _instances(component, lo, hi, zone, moved)
    return sorted(found, key=lambda m: m["start"])


def _instances(component, lo: datetime, hi: datetime, zone, moved: set) -> list[dict]:
    start, all_day = _moment(component.get("DTSTART").dt, zone)
    if component.get("DTEND") is not None:
        length = _moment(component.get("DTEND").dt, zone)[0] - start
    elif component.get("DURATION") is not None:
        length = component.get("DURATION").dt
    else:
        length = timedelta(days=1) if all_day else timedelta(0)
    uid = str(component.get("UID") or hashlib.sha1(component.to_ical()).hexdigest())
    is_override = component.get("RECURRENCE-ID") is not None
    items = []
    for begin in _starts(component, start, lo, hi, zone):
        if not is_override and (uid, begin) in moved:
            continue
        end = begin + length
        if (end > lo and begin < hi) or (length == timedelta(0) and lo <= begin < hi):
            items.append({"id": "calendar:" + hashlib.sha256(f"{uid}|{to_iso(begin)}".encode()).hexdigest()[:20],
                          "kind": "meeting", "source": SOURCE, "start": to_iso(begin), "end": to_iso(end),
                          "title": str(component.get("SUMMARY") or "Meeting")[:500],
                          "location": str(component.get("LOCATION") or "")[:500] or None,
                          "allDay": all_day, "uid": uid[:500], "projectId": None})
    return items


class CalendarIntegration(Integration):
    name = "calendar"
    label = "Calendar"
    fields = (
        Field("feedUrl", "iCalendar (.ics) secret address", "url", secret=True),
        Field("lookbackDays", "Days back", "number", default=14, required=False),
        Field("lookaheadDays", "Days ahead", "number", default=14, required=False),
    )

    def __init__(self, env) -> None:
        super().__init__(env)
        self.items = ExternalItems(env.services.ctx)

    def _window(self) -> tuple[datetime, datetime]:
        now = self.services.ctx.now()
        return (now - timedelta(days=self.config.get("lookbackDays") or 14),
                now + timedelta(days=self.config.get("lookaheadDays") or 14))

    def _read(self) -> list[dict]:
        lo, hi = self._window()
        api = self.transport(self.secrets.get("feedUrl") or "", {"Accept": "text/calendar"})
        return meetings(api.request("GET").body, lo, hi, self.services.ctx.zone)

    def test(self) -> str:
        return f"The calendar feed answers ({_events(len(self._read()))} in the synced weeks)."

    def sync(self) -> list[Work]:
        found = self._read()
        self.items.replace_between(SOURCE, *self._window(), found)
        return []

    def to_activity(self, event_id: object) -> dict:
        """Make a meeting an activity tagged `meeting` (once: a second call returns the same activity)."""
        item = self.items.get(event_id) if isinstance(event_id, str) else None
        if item is None or item["source"] != SOURCE:
            raise NotFoundError(f"No calendar event with id {str(event_id)[:64]!r}.")
        activities = self.services.activities
        if item.get("activityId"):
            try:
                return activities.get(item["activityId"])
            except NotFoundError:
                pass  # it was deleted: make it again
        if item["end"] <= item["start"]:
            raise ConflictError("An event without a duration can't become an activity.")
        if item["start"] > self.services.ctx.stamp():
            raise ValidationError("A meeting in the future can't be recorded yet.")
        activity = activities.add({"name": item["title"], "startTime": item["start"], "endTime": item["end"],
                                   "tags": ["meeting"], "categoryId": "meetings",
                                   "metadata": {"calendar": {"eventId": item["id"], "uid": item["uid"]}}})
        self.items.update(item["id"], activityId=activity["id"])
        return activity


def _events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"

"""Times at the surface: ISO-8601 with offset, stored in UTC; days and hours in the local zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TypeVar

from ...errors import ValidationError

UTC = timezone.utc
Day = TypeVar("Day", bound=date)  # a date or a datetime
YEARS = (1900, 2999)  # wide enough for any real record, far from datetime's edges (where offsets and +1 day overflow)


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Format an aware datetime the one way the store keeps times (UTC, milliseconds)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def from_iso(text: str) -> datetime:
    """Parse a time the store wrote."""
    return datetime.fromisoformat(text)


def read_iso(value: object, field: str, max_len: int = 40) -> datetime:
    """Read an ISO-8601 date-time as given (naive when it has no offset); errors name the field."""
    if not isinstance(value, str) or len(value) > max_len:
        raise ValidationError(f"{field} must be an ISO-8601 date-time string.")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"{field} is not a valid ISO-8601 date-time: {value[:40]!r}.") from None
    return _in_range(moment, field)


def _in_range(moment: Day, field: str) -> Day:
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValidationError(f"{field} must lie between the years {YEARS[0]} and {YEARS[1]}.")
    return moment


def parse_time(value: object, field: str, zone: tzinfo | None = None) -> datetime:
    """Parse a caller's ISO-8601 time; one without offset is read in the local zone."""
    moment = read_iso(value, field)
    if moment.tzinfo is None:
        moment = localize(moment, zone)
    return moment.astimezone(UTC).replace(microsecond=moment.microsecond // 1000 * 1000)


def parse_day(value: object, field: str, zone: tzinfo | None = None) -> date:
    """Parse a calendar day: 'YYYY-MM-DD', or a date-time whose local day is meant."""
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return _in_range(date.fromisoformat(value.strip()), field)
        except ValueError:
            raise ValidationError(f"{field} is not a valid date (YYYY-MM-DD): {value!r}.") from None
    return to_local(parse_time(value, field, zone), zone).date()


def localize(naive: datetime, zone: tzinfo | None) -> datetime:
    """Attach the local zone to a naive local time (DST-aware)."""
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def to_local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def day_bounds(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """Return the UTC instants of local midnight starting `day` and the next one (23–25 h apart on DST days)."""
    start = localize(datetime.combine(day, time()), zone)
    end = localize(datetime.combine(day + timedelta(days=1), time()), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_bounds(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return day_bounds(first, zone)[0], day_bounds(following, zone)[0]


def ms_between(start: datetime, end: datetime) -> int:
    return round((end - start).total_seconds() * 1000)

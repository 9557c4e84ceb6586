"""Per-day summaries of activities and their merge into one period (pure functions, no I/O).

A day summary holds, for one local day, the worked time of every activity inside that day (its
"items"), the hourly breakdown and the time per category. Summaries of past days never change
unless an activity does, so they are cached; any period's figures are a merge of its days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from ..records.productivity import is_productive
from ..timing.isotime import from_iso, to_local

HOUR_MS = 3_600_000
DAY = timedelta(days=1)

# item fields, in order: id, startTime, worked ms in the day, name, projectId, categoryId, tags, completed
ID, START, MS, NAME, PROJECT, CATEGORY, TAGS, COMPLETED = range(8)


def epoch_ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _iso_ms(text: str) -> int:
    return epoch_ms(from_iso(text))


def hour_edges(lo: datetime, hi: datetime, zone: tzinfo | None) -> tuple[list[int], list[int], list[int]]:
    """The local hours of [lo, hi): their starts and ends (epoch ms) and their hour of day (DST-aware)."""
    if _plain_day(lo, hi, zone):  # no clock change: 24 hours from midnight, by arithmetic
        first = epoch_ms(lo)
        starts = [first + hour * HOUR_MS for hour in range(24)]
        return starts, [*starts[1:], first + 24 * HOUR_MS], list(range(24))
    return walked_hours(lo, hi, zone)


def walked_hours(lo: datetime, hi: datetime, zone: tzinfo | None) -> tuple[list[int], list[int], list[int]]:
    """hour_edges found by walking the local clock hour by hour: right on any day, clock changes included."""
    starts, hours, cursor = [], [], lo
    while cursor < hi:
        local = to_local(cursor, zone)
        starts.append(epoch_ms(cursor))
        hours.append(local.hour)
        cursor += timedelta(minutes=60 - local.minute, seconds=-local.second, microseconds=-local.microsecond)
    return starts, [*starts[1:], epoch_ms(hi)], hours


def _plain_day(lo: datetime, hi: datetime, zone: tzinfo | None) -> bool:
    """[lo, hi) is 24 hours from a local midnight with the same UTC offset at both ends."""
    local_lo, local_hi = to_local(lo, zone), to_local(hi, zone)
    return (hi - lo == DAY and local_lo.hour == local_lo.minute == local_lo.second == 0
            and local_lo.utcoffset() == local_hi.utcoffset())


def _bounds_ms(activity: Mapping[str, Any], now_ms: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Start, end (a running activity ends now) and pauses (an open one lasts to the end), in epoch ms."""
    start = _iso_ms(activity["startTime"])
    end = _iso_ms(activity["endTime"]) if activity.get("endTime") else max(now_ms, start)
    pauses = [(_iso_ms(p["start"]), _iso_ms(p["end"]) if p.get("end") else end) for p in activity.get("pauses") or ()]
    return start, end, pauses


def summarize_day(activities: Sequence[Mapping[str, Any]], lo: datetime, hi: datetime, now: datetime,
                  zone: tzinfo | None) -> dict[str, Any]:
    """Summarize the activities overlapping the local day [lo, hi) (the caller picks them).

    Times are epoch milliseconds here: a year of activities is summarized in tens of milliseconds.
    """
    starts, stops, hours = hour_edges(lo, hi, zone)
    lo_ms, hi_ms, now_ms = epoch_ms(lo), epoch_ms(hi), epoch_ms(now)
    items, hourly, productive_hourly = [], [0] * 24, [0] * 24
    for activity in activities:
        start, end, pauses = _bounds_ms(activity, now_ms)
        start, end = max(lo_ms, start), min(hi_ms, end)
        productive = is_productive(activity.get("tags", ()))
        worked, index = 0, max(0, bisect_right(starts, start) - 1)
        while index < len(starts) and starts[index] < end:
            s0, s1 = max(starts[index], start), min(stops[index], end)
            ms = s1 - s0 - sum(min(p1, s1) - max(p0, s0) for p0, p1 in pauses if min(p1, s1) > max(p0, s0))
            if ms > 0:
                hourly[hours[index]] += ms
                productive_hourly[hours[index]] += ms if productive else 0
                worked += ms
            index += 1
        items.append([activity["id"], activity["startTime"], worked, activity["name"], activity["projectId"],
                      activity.get("categoryId"), list(activity.get("tags", ())), bool(activity.get("endTime"))])
    return {"items": items, "hourly": hourly, "productiveHourly": productive_hourly,
            "categories": category_time(items)}


def category_time(items: list[list[Any]]) -> dict[str, int]:
    """Worked time per categoryId of the activities; a day's spans may supply this instead."""
    totals: Counter[str] = Counter()
    for item in items:
        if item[CATEGORY] and item[MS] > 0:
            totals[item[CATEGORY]] += item[MS]
    return dict(totals)


@dataclass
class Period:
    """The merge of day summaries: one entry per activity (worked ms summed over the days) plus totals."""

    items: dict[str, list[Any]] = field(default_factory=dict)
    hourly: list[int] = field(default_factory=lambda: [0] * 24)
    productive_hourly: list[int] = field(default_factory=lambda: [0] * 24)
    categories: Counter[str] = field(default_factory=Counter)

    def ordered(self) -> list[list[Any]]:
        return sorted(self.items.values(), key=lambda i: i[START])

    def total(self) -> int:
        return sum(i[MS] for i in self.items.values())


def merge(summaries: Iterable[dict[str, Any]], project: str | None = None) -> Period:
    """Merge day summaries; with `project` only that project's activities count (and no hourly figures)."""
    period = Period()
    for summary in summaries:
        for item in summary["items"]:
            if project is not None and item[PROJECT] != project:
                continue
            known = period.items.get(item[ID])
            if known is None:
                period.items[item[ID]] = item  # shared with its day's summary until a second day adds to it
            else:
                period.items[item[ID]] = [*known[:MS], known[MS] + item[MS], *known[MS + 1:]]
        if project is None:
            _add(period.hourly, summary["hourly"])
            _add(period.productive_hourly, summary["productiveHourly"])
            period.categories.update(summary["categories"])
    if project is not None:
        period.categories.update(category_time(list(period.items.values())))
    return period


def _add(into: list[int], values: list[int]) -> None:
    for hour, ms in enumerate(values):
        into[hour] += ms

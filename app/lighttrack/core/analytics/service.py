"""The analytics service: day summaries from the cache or the store, merged and handed to the pure functions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from ...errors import ValidationError
from ...store.activities import ActivityRepository
from . import figures
from ..timing import worked
from ..records.activities import ActivityService
from ..context import Context
from ..records.productivity import LEVELS
from ..records.projects import CategoryService
from .summarycache import SummaryCache
from .daysummary import MS, Period, merge, summarize_day
from ..timing.isotime import day_bounds, from_iso, parse_day, parse_time, to_iso, to_local

MAX_DAYS = 3660
# Primed at start: this month and the previous one (the views the dashboard opens on, and their comparison). A
# year of summaries costs 1.5 MB kept, but priming it read 13 months of activities and left ~7 MB of heap behind in
# the long-lived app; an older period is summarized when first asked for (a year in ~1 s) and cached from then on.
PRIME_DAYS = 62
ACTIVITY_EVENTS = {"activity:started", "activity:stopped", "activity:updated", "activity:paused", "activity:resumed",
                   "activities:merged", "activity:split", "activity:deleted"}
TAG_EVENTS = {"tag:updated", "tag:deleted"}


class ReportService:
    """Daily, weekly, monthly, custom-range and productivity figures; finished days come from the cache.

    Threading contract: thread-safe; it listens to the event bus and drops the cached days an
    activity event touches (the activity's old days by id, its new days by its times).
    """

    def __init__(self, ctx: Context, activities: ActivityService, categories: CategoryService,
                 timeline_categories: Callable[[datetime, datetime], dict[str, int]]) -> None:
        self._ctx = ctx
        self._timeline_categories = timeline_categories
        self._activities = activities
        self._categories = categories
        self._repo = ActivityRepository(ctx.store)
        self.cache = SummaryCache()
        ctx.bus.subscribe(self._on_event)

    # -- views ---------------------------------------------------------------------------
    def daily(self, day_value: object) -> dict[str, Any]:
        day = parse_day(day_value, "date", self._ctx.zone)
        return {"date": day.isoformat(), **self._overview(self._categorized(self.period(day, day), day, day))}

    def weekly(self, week_start_value: object) -> dict[str, Any]:
        first = parse_day(week_start_value, "weekStart", self._ctx.zone)
        return {"weekStart": first.isoformat(), "weekEnd": (first + timedelta(days=6)).isoformat(),
                **self._multi_day(first, first + timedelta(days=6))}

    def monthly(self, month_value: object) -> dict[str, Any]:
        """A calendar month from 'YYYY-MM' (or any day inside it)."""
        first = _month_start(month_value)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return {"month": first.isoformat()[:7], "startDate": first.isoformat(), "endDate": last.isoformat(),
                **self._multi_day(first, last)}

    def range(self, start_value: object, end_value: object) -> dict[str, Any]:
        """Any run of whole local days, both ends included."""
        first, last = self._day_range(start_value, end_value)
        return {"startDate": first.isoformat(), "endDate": last.isoformat(), "days": (last - first).days + 1,
                **self._multi_day(first, last)}

    def totals(self, start_value: object, end_value: object) -> dict[str, Any]:
        """Only the worked time of whole local days, both ends included (a comparison's other side)."""
        first, last = self._day_range(start_value, end_value)
        now = self._ctx.now()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        known = {d: self.cache.total(d, now) for d in days}
        missing = [d for d, total in known.items() if total is None]
        if missing:
            computed = self._computed(missing[0], missing[-1], now)
            known.update({d: sum(item[MS] for item in computed[d]["items"]) for d in missing})
        return {"startDate": first.isoformat(), "endDate": last.isoformat(), "totalTime": sum(known.values()),
                "dailyTotals": [{"date": d.isoformat(), "totalTime": known[d]} for d in days]}

    def compare(self, start_value: object, end_value: object) -> dict[str, Any]:
        """The range and the period just before it (the previous calendar month for a whole month)."""
        first, last = self._day_range(start_value, end_value)
        before_first, before_last = previous_period(first, last)
        current = self.range(first.isoformat(), last.isoformat())
        previous = self.range(before_first.isoformat(), before_last.isoformat())
        return {"current": current, "previous": previous, "changes": figures.comparison(current, previous)}

    def productivity(self, start_value: object, end_value: object) -> dict[str, Any]:
        """Productivity over two dates (whole days, from the cache) or two date-times (computed exactly)."""
        if _is_day(start_value) and _is_day(end_value):
            first, last = self._day_range(start_value, end_value)
            start, end = day_bounds(first, self._ctx.zone)[0], day_bounds(last, self._ctx.zone)[1]
            period = self.period(first, last)
        else:
            start, end = self._instants(start_value, end_value)
            now = self._ctx.now()
            period = merge([summarize_day(self._activities.between(start, end), start, end, now, self._ctx.zone)])
        period = self._with_timeline(period, start, end)
        return {"startDate": start.isoformat(), "endDate": end.isoformat(),
                **figures.productivity_analysis(period, self.ratings(), self._category_names())}

    # -- periods ---------------------------------------------------------------------------
    def period(self, first: date, last: date, project: str | None = None) -> Period:
        """The merged summaries of the local days first..last (for goals and the views)."""
        return merge((s for _, s in self.summaries(first, last)), project)

    def summaries(self, first: date, last: date) -> list[tuple[date, dict[str, Any]]]:
        """The summary of every day first..last: cached ones as they are, the others read in one pass."""
        now = self._ctx.now()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        cached = {d: self.cache.get(d, now) for d in days}
        found = {d: s for d, s in cached.items() if s is not None}
        missing = [d for d, s in cached.items() if s is None]
        if missing:
            found.update(self._computed(missing[0], missing[-1], now))
        return [(d, found[d]) for d in days]

    def prime(self, days: int = PRIME_DAYS) -> None:
        """Summarize the last `days` finished days ahead of time (the ticker does it once at start-up)."""
        today = to_local(self._ctx.now(), self._ctx.zone).date()
        first = today - timedelta(days=days)
        while first < today:  # a month at a time: only one month of activities is held at once
            last = min(first + timedelta(days=30), today - timedelta(days=1))
            self.summaries(first, last)
            first = last + timedelta(days=1)

    def ratings(self) -> dict[str, int]:
        return {c["id"]: LEVELS[c["productivity"]] for c in self._categories.all(include_deleted=True)}

    def _computed(self, first: date, last: date, now: datetime) -> dict[date, dict[str, Any]]:
        generation = self.cache.generation
        zone = self._ctx.zone
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        bounds = [day_bounds(d, zone) for d in days]
        starts = [lo for lo, _ in bounds]
        buckets: list[list[dict[str, Any]]] = [[] for _ in days]
        with self._ctx.store.transaction():
            docs = self._repo.overlapping(to_iso(bounds[0][0]), to_iso(bounds[-1][1]))
            for activity in (d for d in docs if not d.get("isDeleted")):
                for index in _day_indexes(activity, starts, now):
                    buckets[index].append(activity)
        result = {}
        for day, (lo, hi), activities in zip(days, bounds, buckets):
            result[day] = summarize_day(activities, lo, hi, now, zone)
            if hi <= now:
                self.cache.put(day, result[day], generation, now)
        return result

    def _multi_day(self, first: date, last: date) -> dict[str, Any]:
        summaries = self.summaries(first, last)
        period = self._categorized(merge(s for _, s in summaries), first, last)
        today = to_local(self._ctx.now(), self._ctx.zone).date()
        series = figures.daily_series([(d, sum(item[2] for item in s["items"])) for d, s in summaries], today)
        return {**self._overview(period), **series}

    def _categorized(self, period: Period, first: date, last: date) -> Period:
        return self._with_timeline(period, day_bounds(first, self._ctx.zone)[0], day_bounds(last, self._ctx.zone)[1])

    def _with_timeline(self, period: Period, start: datetime, end: datetime) -> Period:
        """Categories (and so the productivity pulse) from the tracked timeline when it has categorized time in
        [start, end); the entries' own categories otherwise (manual-only use). Entries accepted from the
        review inbox cover the same time as their spans, so the two are not added up."""
        tracked = {c: ms for c, ms in self._timeline_categories(start, end).items() if c and ms > 0}
        if tracked:
            period.categories = Counter(tracked)
        return period

    def _overview(self, period: Period) -> dict[str, Any]:
        categories = self._category_names()
        return figures.overview(period, {k: c["rating"] for k, c in categories.items()}, categories)

    def _category_names(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: {"name": c["name"], "rating": LEVELS[c["productivity"]]}
                for c in self._categories.all(include_deleted=True)}

    # -- arguments ---------------------------------------------------------------------------
    def _day_range(self, start_value: object, end_value: object) -> tuple[date, date]:
        first = parse_day(start_value, "startDate", self._ctx.zone)
        last = parse_day(end_value, "endDate", self._ctx.zone)
        if last < first:
            raise ValidationError("endDate must not be before startDate.")
        if (last - first).days >= MAX_DAYS:
            raise ValidationError("endDate: a period can span at most ten years.")
        return first, last

    def _instants(self, start_value: object, end_value: object) -> tuple[datetime, datetime]:
        start = self._instant(start_value, "startDate", end_of_day=False)
        end = self._instant(end_value, "endDate", end_of_day=True)
        if end <= start:
            raise ValidationError("endDate must be after startDate.")
        if end - start > timedelta(days=MAX_DAYS):
            raise ValidationError("endDate: a period can span at most ten years.")
        return start, end

    def _instant(self, value: object, field: str, end_of_day: bool) -> datetime:
        if _is_day(value):
            return day_bounds(parse_day(value, field, self._ctx.zone), self._ctx.zone)[1 if end_of_day else 0]
        return parse_time(value, field, self._ctx.zone)

    # -- invalidation --------------------------------------------------------------------------
    def _on_event(self, channel: str, data: Any) -> None:
        if channel in TAG_EVENTS:
            self.cache.clear()
        elif channel == "activities:imported":
            self._forget_times(data["startTime"], data["endTime"])
        elif channel == "data:deleted":
            self._forget_times(data["startTime"], None)  # a deleted activity may have run past the range
        elif channel in ACTIVITY_EVENTS:
            ids, docs = _affected(channel, data)
            self.cache.invalidate_ids(ids)
            for doc in docs:
                self._forget_times(doc["startTime"], doc.get("endTime"))

    def _forget_times(self, start_iso: str, end_iso: str | None) -> None:
        zone = self._ctx.zone
        first = to_local(from_iso(start_iso), zone).date()
        self.cache.invalidate_days(first, to_local(from_iso(end_iso), zone).date() if end_iso else None)


def _day_indexes(activity: dict[str, Any], starts: list[datetime], now: datetime) -> range:
    """The indexes of the days (by their start instants) an activity overlaps."""
    start = from_iso(activity["startTime"])
    first = max(0, bisect_right(starts, start) - 1)
    last = max(first, bisect_left(starts, worked.end_of(activity, now)) - 1)
    return range(first, last + 1)


def _affected(channel: str, data: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The activity ids whose old days go stale and the documents whose new days do."""
    if channel == "activities:merged":
        return [*data["deletedIds"], data["mergedActivity"]["id"]], [data["mergedActivity"]]
    if channel == "activity:split":
        return [data["originalId"]], data["newActivities"]
    if channel == "activity:deleted":
        return [data["id"]], []
    return [data["id"]], [data]


def _is_day(value: object) -> bool:
    return isinstance(value, str) and len(value.strip()) == 10


def _month_start(value: object) -> date:
    if isinstance(value, str) and len(value.strip()) == 7:
        value = value.strip() + "-01"
    if not _is_day(value):
        raise ValidationError("month must be a month like 2024-03 (or a date inside it).")
    return parse_day(value, "month").replace(day=1)


def previous_period(first: date, last: date) -> tuple[date, date]:
    """The period before first..last: the previous calendar month for a whole month, else as many days."""
    following = last + timedelta(days=1)
    if first.day == 1 and following.day == 1 and (following - first).days <= 31:
        before_last = first - timedelta(days=1)
        return before_last.replace(day=1), before_last
    length = (last - first).days + 1
    return first - timedelta(days=length), first - timedelta(days=1)

"""The analytics service: picks the activities of a period and hands them to the pure functions."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..errors import ValidationError
from . import analytics
from .activities import ActivityService
from .context import Context
from .timeutil import day_bounds, parse_day, parse_time


class ReportService:
    def __init__(self, ctx: Context, activities: ActivityService) -> None:
        self._ctx = ctx
        self._activities = activities

    def daily(self, day_value: object) -> dict:
        day = parse_day(day_value, "date", self._ctx.zone)
        start, end = day_bounds(day, self._ctx.zone)
        found = self._activities.between(start, end)
        return analytics.daily_stats(found, day, start, end, self._ctx.now(), self._ctx.zone)

    def weekly(self, week_start_value: object) -> dict:
        first = parse_day(week_start_value, "weekStart", self._ctx.zone)
        days = [(d, *day_bounds(d, self._ctx.zone)) for d in (first + timedelta(days=i) for i in range(7))]
        found = self._activities.between(days[0][1], days[-1][2])
        return analytics.weekly_stats(found, days, self._ctx.now())

    def productivity(self, start_value: object, end_value: object) -> dict:
        start, end = self._period(start_value, end_value)
        found = self._activities.between(start, end)
        return analytics.productivity_analysis(found, start, end, self._ctx.now(), self._ctx.zone)

    def _period(self, start_value: object, end_value: object) -> tuple[datetime, datetime]:
        """A period from two dates (the end day included) or two date-times; at most ten years."""
        start = self._instant(start_value, "startDate", end_of_day=False)
        end = self._instant(end_value, "endDate", end_of_day=True)
        if end <= start:
            raise ValidationError("endDate must be after startDate.")
        if end - start > timedelta(days=3660):
            raise ValidationError("endDate: a period can span at most ten years.")
        return start, end

    def _instant(self, value: object, field: str, end_of_day: bool) -> datetime:
        if isinstance(value, str) and len(value.strip()) == 10:
            bounds = day_bounds(parse_day(value, field, self._ctx.zone), self._ctx.zone)
            return bounds[1] if end_of_day else bounds[0]
        return parse_time(value, field, self._ctx.zone)


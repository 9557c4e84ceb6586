"""data:deleteRange: delete the activities that start in a date range, restorably or for good."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...errors import ValidationError
from ...store.activities import ActivityRepository
from .. import validate
from ..records.activities import ActivityService
from ..context import Context
from ..timing.isotime import day_bounds, parse_day, parse_time, to_iso


class EraseService:
    """Range deletion. Threading contract: thread-safe; events follow the commit."""

    def __init__(self, ctx: Context, activities: ActivityService) -> None:
        self._ctx = ctx
        self._activities = activities
        self._repo = ActivityRepository(ctx.store)

    def delete_range(self, start_value: object, end_value: object, options: object = None) -> dict[str, Any]:
        """Delete every activity starting in [startDate, endDate] (dates include the whole end day).

        By default the deletion is soft (restorable for 30 days, like any delete); with
        `{"permanent": true}` the activities, deleted ones included, are removed at once.
        """
        options = validate.obj(options or {}, "options")
        validate.only(options, {"permanent"}, "options")
        permanent = validate.boolean(options.get("permanent", False), "options.permanent")
        start, end = self._instant(start_value, "startDate", False), self._instant(end_value, "endDate", True)
        if end <= start:
            raise ValidationError("endDate must be after startDate.")
        start_iso, end_iso = to_iso(start), to_iso(end)
        with self._ctx.store.transaction():
            docs = [d for d in self._repo.overlapping(start_iso, end_iso) if start_iso <= d["startTime"] < end_iso]
            ids = [d["id"] for d in docs if permanent or not d.get("isDeleted")]
            if permanent:
                if self._repo.running_id() in ids:
                    self._repo.set_running(None)
                self._repo.remove(ids)
        if ids and not permanent:
            self._activities.delete(ids)
        result = {"deleted": len(ids), "permanent": permanent, "startTime": start_iso, "endTime": end_iso}
        self._ctx.bus.publish("data:deleted", result)
        return result

    def _instant(self, value: object, field: str, end_of_day: bool) -> datetime:
        if isinstance(value, str) and len(value.strip()) == 10:
            return day_bounds(parse_day(value, field, self._ctx.zone), self._ctx.zone)[1 if end_of_day else 0]
        return parse_time(value, field, self._ctx.zone)

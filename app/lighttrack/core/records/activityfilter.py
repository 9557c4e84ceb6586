"""activity:getFiltered: date range, project, client, tags, text search, deleted records, paging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...errors import ValidationError
from .. import validate
from ..context import Context
from ..timing.isotime import day_bounds, parse_day, parse_time
from .shapes import Activity

FILTER_FIELDS = {"startDate", "endDate", "projectId", "projectIds", "clientId", "categoryId", "tags", "tag", "search",
                 "isManualEntry", "includeDeleted", "onlyDeleted", "limit", "offset", "sortOrder"}
FAR_PAST, FAR_FUTURE = "0001-01-01T00:00:00.000+00:00", "9999-12-31T23:59:59.999+00:00"


class ActivityFilter:
    """A validated filter; `matches` tests one activity, `window` gives the time range to read."""

    def __init__(self, raw: object, ctx: Context) -> None:
        raw = {} if raw is None else validate.obj(raw, "filter")
        validate.only(raw, FILTER_FIELDS, "filter")
        self._zone = ctx.zone
        self.start = self._bound(raw.get("startDate"), "startDate", end=False)
        self.end = self._bound(raw.get("endDate"), "endDate", end=True)
        if self.start and self.end and self.end <= self.start:
            raise ValidationError("filter.endDate must be after filter.startDate.")
        projects = raw.get("projectIds", [raw["projectId"]] if raw.get("projectId") else [])
        self.projects = set(validate.ids(projects, "filter.projectIds", 0)) if projects else set()
        self.client_projects = self._client_projects(raw, ctx) if "clientId" in raw else None
        self.category = validate.ident(raw["categoryId"], "filter.categoryId") if raw.get("categoryId") else None
        tags = raw.get("tags", [raw["tag"]] if raw.get("tag") else [])
        self.tags = {t.lower() for t in validate.names(tags, "filter.tags")}
        self.search = (validate.text(raw.get("search"), "filter.search", 200, required=False) or "").lower()
        self.manual = validate.boolean(raw["isManualEntry"], "filter.isManualEntry") if "isManualEntry" in raw else None
        self.deleted = self._deleted_mode(raw)
        self.limit = int(validate.number(raw.get("limit", 1000), "filter.limit", 1, 10000, integer=True))
        self.offset = int(validate.number(raw.get("offset", 0), "filter.offset", 0, 10**9, integer=True))
        self.descending = validate.choice(raw.get("sortOrder", "desc"), "filter.sortOrder", ("asc", "desc")) == "desc"

    def window(self) -> tuple[datetime | None, datetime | None]:
        return self.start, self.end

    def matches(self, activity: dict[str, Any]) -> bool:
        if bool(activity.get("isDeleted")) != (self.deleted == "only") and self.deleted != "include":
            return False
        if self.projects and activity["projectId"] not in self.projects:
            return False
        if self.client_projects is not None and activity["projectId"] not in self.client_projects:
            return False
        if self.category and activity.get("categoryId") != self.category:
            return False
        if self.tags and not self.tags & {t.lower() for t in activity.get("tags", [])}:
            return False
        if self.manual is not None and activity.get("isManualEntry") != self.manual:
            return False
        return not self.search or self.search in _haystack(activity)

    def page(self, activities: list[Activity]) -> list[Activity]:
        ordered = sorted(activities, key=lambda a: a["startTime"], reverse=self.descending)
        return ordered[self.offset:self.offset + self.limit]

    def _bound(self, value: object, field: str, end: bool) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str) and len(value.strip()) == 10:
            return day_bounds(parse_day(value, f"filter.{field}", self._zone), self._zone)[1 if end else 0]
        return parse_time(value, f"filter.{field}", self._zone)

    @staticmethod
    def _client_projects(raw: dict[str, Any], ctx: Context) -> set[str]:
        """The projects of the client `clientId` (null: the projects without a client)."""
        wanted = None if raw["clientId"] is None else validate.ident(raw["clientId"], "filter.clientId")
        clients = ctx.records.clients.view()
        live = {c for c, doc in clients.items() if not doc.get("isDeleted")}
        return {project_id for project_id, project in ctx.records.projects.view().items()
                if (project.get("clientId") if project.get("clientId") in live else None) == wanted}

    @staticmethod
    def _deleted_mode(raw: dict[str, Any]) -> str:
        if raw.get("onlyDeleted") and validate.boolean(raw["onlyDeleted"], "filter.onlyDeleted"):
            return "only"
        if raw.get("includeDeleted") and validate.boolean(raw["includeDeleted"], "filter.includeDeleted"):
            return "include"
        return "exclude"


def _haystack(activity: dict[str, Any]) -> str:
    parts = (activity.get("name"), activity.get("description"), activity.get("applicationName"), activity.get("windowTitle"))
    return " ".join(p for p in parts if p).lower()

"""Goals: daily/weekly/monthly/project targets in hours, activities or productivity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from ...errors import ValidationError
from .. import validate
from .catalog import Catalog
from .shapes import Goal
from ...store.repository import Records, Repository
from ..context import Context
from .projects import ProjectService
from ..timing.isotime import parse_day, to_local

GOAL_TYPES = ("daily", "weekly", "monthly", "project")
TARGET_TYPES = ("hours", "activities", "productivity")


class GoalService(Catalog[Goal]):
    kind, event = "goal", "goal"
    unique_names = False
    FIELDS: ClassVar[set[str]] = {"name", "description", "type", "targetType", "targetValue", "projectId", "startDate", "endDate",
                                  "isActive", "metadata"}

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.goals

    def __init__(self, ctx: Context, projects: ProjectService) -> None:
        super().__init__(ctx)
        self._projects = projects

    def defaults(self) -> dict[str, Any]:
        return {"description": None, "projectId": None, "endDate": None, "isActive": True, "isCompleted": False,
                "completedAt": None, "metadata": {}, "startDate": to_local(self._ctx.now(), self._ctx.zone).date().isoformat()}

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "goal")
        fields: dict[str, Any] = {}
        if "name" in data or current is None:
            fields["name"] = validate.text(data.get("name"), "name", 200)
        if "type" in data or current is None:
            fields["type"] = validate.choice(data.get("type"), "type", GOAL_TYPES)
        if "targetType" in data or current is None:
            fields["targetType"] = validate.choice(data.get("targetType"), "targetType", TARGET_TYPES)
        if "targetValue" in data or current is None:
            fields["targetValue"] = validate.number(data.get("targetValue"), "targetValue", 0.01, 1_000_000)
        checks: dict[str, Callable[[Any], Any]] = {
            "description": lambda v: validate.text(v, "description", 5000, required=False),
            "projectId": lambda v: self._projects.existing_id(v, "projectId"),
            "startDate": lambda v: parse_day(v, "startDate", self._ctx.zone).isoformat(),
            "endDate": lambda v: None if v is None else parse_day(v, "endDate", self._ctx.zone).isoformat(),
            "isActive": lambda v: validate.boolean(v, "isActive"),
            "metadata": lambda v: validate.metadata(v, "metadata"),
        }
        fields.update({k: check(data[k]) for k, check in checks.items() if k in data})
        merged = {**(current or {}), **fields}
        if merged.get("type") == "project" and not merged.get("projectId"):
            raise ValidationError("projectId is required for a project goal.")
        if merged.get("targetType") == "productivity" and merged.get("targetValue", 0) > 100:
            raise ValidationError("targetValue of a productivity goal is a percentage (at most 100).")
        if merged.get("endDate") and merged.get("startDate") and merged["endDate"] < merged["startDate"]:
            raise ValidationError("endDate must not be before startDate.")
        return fields

"""analytics:* channels and goal:getProgress."""

from __future__ import annotations

from ..core import validate
from ..core.services import Services
from .params import TEXT, Param
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    reports = services.reports
    registry.register("analytics:getDailyStats", reports.daily, TEXT("date"))
    registry.register("analytics:getWeeklyStats", reports.weekly, TEXT("weekStart"))
    registry.register("analytics:getProductivityAnalysis", reports.productivity, TEXT("startDate"), TEXT("endDate"))
    registry.register("analytics:getMonthlyStats", reports.monthly, TEXT("month"))
    registry.register("analytics:getRangeStats", reports.range, TEXT("startDate"), TEXT("endDate"))
    registry.register("analytics:getTotals", reports.totals, TEXT("startDate"), TEXT("endDate"))
    registry.register("analytics:comparePeriods", reports.compare, TEXT("startDate"), TEXT("endDate"))
    registry.register("goal:getProgress", services.progress.progress,
                      Param("id", lambda v, f: None if v is None else validate.ident(v, f), required=False))

"""analytics:* channels."""

from __future__ import annotations

from ..core.services import Services
from .params import TEXT
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    reports = services.reports
    registry.register("analytics:getDailyStats", reports.daily, TEXT("date"))
    registry.register("analytics:getWeeklyStats", reports.weekly, TEXT("weekStart"))
    registry.register("analytics:getProductivityAnalysis", reports.productivity, TEXT("startDate"), TEXT("endDate"))

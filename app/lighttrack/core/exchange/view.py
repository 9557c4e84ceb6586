"""What an export may show of an activity: the public fields, names of its project and category, no secrets,
and no window title of an excluded app or matching an excluded pattern."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..tracking.privacy import PrivacyRules

PUBLIC_FIELDS = ("id", "name", "description", "projectId", "categoryId", "startTime", "endTime", "duration",
                 "isPaused", "pausedDuration", "pauseStartTime", "applicationName", "windowTitle", "isManualEntry",
                 "tags", "metadata", "syncStatus", "createdAt", "updatedAt", "pauses")
SECRET_KEY = re.compile(r"(?i)(token|secret|passw|api[_-]?key|credential|cookie|authorization)")


def without_secrets(value: Any) -> Any:
    """Drop every mapping key that names a secret, at any depth."""
    if isinstance(value, dict):
        return {k: without_secrets(v) for k, v in value.items() if not SECRET_KEY.search(str(k))}
    if isinstance(value, list):
        return [without_secrets(v) for v in value]
    return value


def exported_title(activity: Mapping[str, Any], rules: PrivacyRules) -> str | None:
    """The window title an export may carry: none for excluded apps and titles, the app name when redacting."""
    title, app = activity.get("windowTitle"), activity.get("applicationName") or ""
    if not title:
        return None
    if app.casefold() in rules.excluded_apps or any(p.search(title) for p in rules.excluded_titles):
        return None
    return (app or None) if rules.redact else title


def shown(activity: Mapping[str, Any], rules: PrivacyRules) -> dict[str, Any]:
    """The public fields of `activity` with privacy applied."""
    doc = {k: activity.get(k) for k in PUBLIC_FIELDS}
    doc["windowTitle"] = exported_title(activity, rules)
    doc["metadata"] = without_secrets(activity.get("metadata") or {})
    return doc


def format_duration(ms: int | None) -> str:
    seconds = (ms or 0) // 1000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class Names:
    """The projects and categories by id, for the names an export shows."""

    projects: Mapping[str, Mapping[str, Any]]
    categories: Mapping[str, Mapping[str, Any]]

    def project(self, project_id: str | None) -> Mapping[str, Any] | None:
        return self.projects.get(project_id) if project_id else None

    def project_name(self, project_id: str | None) -> str:
        return str((self.project(project_id) or {}).get("name", "Unknown project"))

    def category_name(self, category_id: str | None) -> str:
        return (self.categories.get(category_id) or {}).get("name", "") if category_id else ""

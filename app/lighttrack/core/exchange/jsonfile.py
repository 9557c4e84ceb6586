"""JSON export (the seed's envelope) and the full backup document."""

from __future__ import annotations

import sys
from typing import Any

import orjson

from ... import __version__
from .view import Names, format_duration

BACKUP_FORMAT = "lighttrack-backup"
BACKUP_VERSION = 1
BACKUP_TABLES = ("clients", "projects", "tags", "categories", "goals", "settings")  # a table before those naming it


def _project(names: Names, project_id: str | None) -> dict[str, Any] | None:
    project = names.project(project_id)
    if project is None:
        return None
    return {k: project.get(k) for k in ("id", "name", "color", "clientId", "client", "description")}


def _category(names: Names, category_id: str | None) -> dict[str, Any] | None:
    category = names.categories.get(category_id) if category_id else None
    return {k: category.get(k) for k in ("id", "name", "productivity")} if category else None


def envelope(activities: list[dict[str, Any]], names: Names, filters: dict[str, Any], stamp: str,
             zone_name: str) -> dict[str, Any]:
    """The export of the seed's JSONExporter: totals, activities with their project, and where it came from."""
    enriched = [{**a, "project": _project(names, a["projectId"]), "category": _category(names, a.get("categoryId")),
                 "formattedDuration": format_duration(a["duration"]), "exportedAt": stamp} for a in activities]
    return {
        "version": "1.0",
        "exportDate": stamp,
        "activityCount": len(activities),
        "totalDuration": sum(a["duration"] or 0 for a in activities),
        "activities": enriched,
        "metadata": {"appVersion": __version__, "platform": sys.platform, "timeZone": zone_name, "filters": filters},
    }


def backup(tables: dict[str, list[dict[str, Any]]], activities: list[dict[str, Any]], running_id: str | None, schema: int,
           stamp: str) -> dict[str, Any]:
    """Everything needed to rebuild the store: the catalogs, the settings and every activity (deleted ones too)."""
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION, "schemaVersion": schema, "exportDate": stamp,
        "appVersion": __version__, "runningActivityId": running_id, "tables": tables, "activities": activities,
    }


def encode(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)

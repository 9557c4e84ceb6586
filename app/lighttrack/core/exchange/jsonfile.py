"""JSON export (the seed's envelope) and the full backup document."""

from __future__ import annotations

import sys

import orjson

from ... import __version__
from .view import Names, format_duration

BACKUP_FORMAT = "lighttrack-backup"
BACKUP_VERSION = 1
BACKUP_TABLES = ("projects", "tags", "categories", "goals", "settings")


def _project(names: Names, project_id: str | None) -> dict | None:
    project = names.project(project_id)
    if project is None:
        return None
    return {k: project.get(k) for k in ("id", "name", "color", "client", "description")}


def _category(names: Names, category_id: str | None) -> dict | None:
    category = names.categories.get(category_id) if category_id else None
    return {k: category.get(k) for k in ("id", "name", "productivity")} if category else None


def envelope(activities: list[dict], names: Names, filters: dict, stamp: str, zone_name: str) -> dict:
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


def backup(tables: dict[str, list[dict]], activities: list[dict], running_id: str | None, schema: int,
           stamp: str) -> dict:
    """Everything needed to rebuild the store: the catalogs, the settings and every activity (deleted ones too)."""
    return {
        "format": BACKUP_FORMAT, "version": BACKUP_VERSION, "schemaVersion": schema, "exportDate": stamp,
        "appVersion": __version__, "runningActivityId": running_id, "tables": tables, "activities": activities,
    }


def encode(document: dict) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)

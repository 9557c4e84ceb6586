"""CSV export: one row per activity, RFC 4180 quoting, local times with their offset, optional UTF-8 BOM."""

from __future__ import annotations

import csv
import io
from datetime import tzinfo
from typing import Any

from ..timing.isotime import from_iso, to_local
from .view import Names, format_duration

HEADERS = ["Activity Name", "Project", "Client", "Category", "Start Time", "End Time", "Duration (minutes)",
           "Duration", "Tags", "Application", "Window Title", "Description", "Manual Entry", "ID"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutral(text: str | None) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a quote (CSV injection)."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_START) else text


def local_time(iso: str | None, zone: tzinfo | None) -> str:
    return to_local(from_iso(iso), zone).isoformat(timespec="seconds") if iso else ""


def row(activity: dict[str, Any], names: Names, zone: tzinfo | None) -> list[str]:
    """One CSV row of an activity already shaped by `view.shown`."""
    project = names.project(activity["projectId"]) or {}
    return [
        neutral(activity["name"]), neutral(names.project_name(activity["projectId"])), neutral(project.get("client")),
        neutral(names.category_name(activity.get("categoryId"))),
        local_time(activity["startTime"], zone), local_time(activity["endTime"], zone),
        str(round((activity["duration"] or 0) / 60000)), format_duration(activity["duration"]),
        neutral("; ".join(activity.get("tags") or [])), neutral(activity.get("applicationName")),
        neutral(activity.get("windowTitle")), neutral(activity.get("description")),
        "yes" if activity.get("isManualEntry") else "no", activity["id"],
    ]


def render(activities: list[dict[str, Any]], names: Names, zone: tzinfo | None, bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(row(a, names, zone) for a in activities)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")

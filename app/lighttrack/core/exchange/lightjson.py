"""LightTrack's own JSON files: the export envelope (activities become entries) and the full backup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeGuard, overload

from ...errors import ValidationError
from ...store.activities import shard_month
from .. import validate
from ..timing.isotime import YEARS, to_iso
from .entries import MAX_NAME, Entry, ImportFileError
from .jsonfile import BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION


@dataclass
class Backup:
    tables: dict[str, dict[str, dict[str, Any]]]
    activities: list[dict[str, Any]]
    running_id: str | None


def is_backup(document: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(document, dict) and document.get("format") == BACKUP_FORMAT


@overload
def _time(value: object, where: str, field: str, required: Literal[True] = True) -> datetime: ...
@overload
def _time(value: object, where: str, field: str, required: bool) -> datetime | None: ...


def _time(value: object, where: str, field: str, required: bool = True) -> datetime | None:
    if value is None and not required:
        return None
    try:
        moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ImportFileError(where, f"{field} is not an ISO-8601 date-time.") from None
    if moment.tzinfo is None:
        raise ImportFileError(where, f"{field} has no time zone offset.")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ImportFileError(where, f"{field} must lie between the years {YEARS[0]} and {YEARS[1]}.")
    return moment


def _pauses(value: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ImportFileError(where, "pauses must be a list.")
    for pause in value:
        if not isinstance(pause, dict):
            raise ImportFileError(where, "each pause must be an object with start and end.")
        _time(pause.get("start"), where, "pauses.start")
        _time(pause.get("end"), where, "pauses.end", required=False)
    return value


def entries(document: object) -> list[Entry]:
    """The activities of an export envelope (running ones are left out: they have no end yet)."""
    if not isinstance(document, dict) or not isinstance(document.get("activities"), list):
        raise ImportFileError("file", 'a LightTrack export is an object with an "activities" list.')
    found = []
    for index, activity in enumerate(document["activities"]):
        where = f"activities[{index}]"
        if not isinstance(activity, dict) or not isinstance(activity.get("name"), str):
            raise ImportFileError(where, "an activity must be an object with a name.")
        if activity.get("endTime") is None:
            continue
        project: dict[str, Any] = activity["project"] if isinstance(activity.get("project"), dict) else {}
        tags = activity.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ImportFileError(where, "tags must be a list of strings.")
        found.append(Entry(
            source="lighttrack", key=str(activity.get("id") or activity.get("startTime")), where=where,
            name=activity["name"], start=_time(activity.get("startTime"), where, "startTime"),
            end=_time(activity.get("endTime"), where, "endTime"), project=project.get("name"),
            client=project.get("client") if isinstance(project.get("client"), str) else None,
            description=activity.get("description") if isinstance(activity.get("description"), str) else None,
            tags=tags, application=activity.get("applicationName") if isinstance(activity.get("applicationName"), str) else None,
            activity_id=activity.get("id") if isinstance(activity.get("id"), str) else None,
            pauses=_pauses(activity.get("pauses") or [], where)))
    return found


def backup(document: dict[str, Any]) -> Backup:
    """Check a backup's shape; every activity needs a valid id, name, project and times."""
    if document.get("version") != BACKUP_VERSION:
        raise ImportFileError("version", f"this LightTrack reads backup version {BACKUP_VERSION} only.")
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(tables.get(t, {}), dict) for t in BACKUP_TABLES):
        raise ImportFileError("tables", "must map each table name to an object of records by id.")
    activities = document.get("activities")
    if not isinstance(activities, list):
        raise ImportFileError("activities", "must be a list.")
    activities = [_checked_activity(a, f"activities[{i}]") for i, a in enumerate(activities)]
    running = document.get("runningActivityId")
    running = running if isinstance(running, str) else None
    open_ones = [a["id"] for a in activities if a.get("endTime") is None and not a.get("isDeleted")]
    if len(open_ones) > 1 or (open_ones and open_ones != [running]):
        raise ImportFileError("activities", f"only the running activity may lack an endTime ({len(open_ones)} do).")
    picked = {t: {k: v for k, v in tables.get(t, {}).items() if isinstance(v, dict)} for t in BACKUP_TABLES}
    for table in NAMED_TABLES:
        for record_id, record in picked[table].items():
            _check_named(record, f"tables.{table}[{str(record_id)[:40]!r}]")
    return Backup(picked, activities, running)


NAMED_TABLES = ("clients", "projects", "tags", "categories")


def _check_named(record: dict[str, Any], where: str) -> None:
    """A project, tag or category as the channels would accept it: a name, and a colour when it has one."""
    try:
        validate.text(record.get("name"), "name", 200)
        if record.get("color") is not None:
            validate.color(record["color"], "color")
    except ValidationError as exc:
        raise ImportFileError(where, str(exc)) from None


def _checked_activity(document: object, where: str) -> dict[str, Any]:
    """A backup's activity as the store keeps it: checked like a channel call, UTC times, duration from its times."""
    activity = _check_activity(document, where)
    start = _time(activity["startTime"], where, "startTime")
    end = _time(activity.get("endTime"), where, "endTime", required=False)
    try:
        validate.text(activity["name"], "name", MAX_NAME)
        validate.names(activity.get("tags") or [], "tags", max_items=50, max_len=100)
        paused = int(validate.number(activity.get("pausedDuration") or 0, "pausedDuration", 0, 10**12, integer=True))
    except ValidationError as exc:
        raise ImportFileError(where, str(exc)) from None
    total = round((end - start).total_seconds() * 1000) if end else 0
    if paused > total and end is not None:
        raise ImportFileError(where, "pausedDuration is longer than the activity.")
    fixed: dict[str, Any] = {**activity, "startTime": to_iso(start), "endTime": to_iso(end) if end else None,
             "pausedDuration": paused, "duration": total - paused if end else 0}
    if shard_month(fixed["id"]) != fixed["startTime"][:7]:
        raise ImportFileError(where, "id does not match the month of startTime.")
    return fixed


def _check_activity(activity: object, where: str) -> dict[str, Any]:
    if not isinstance(activity, dict):
        raise ImportFileError(where, "an activity must be an object.")
    if shard_month(activity.get("id")) is None:
        raise ImportFileError(where, "id is not a LightTrack activity id.")
    start = _time(activity.get("startTime"), where, "startTime")
    end = _time(activity.get("endTime"), where, "endTime", required=False)
    if end is not None and end < start:
        raise ImportFileError(where, "endTime is before startTime.")
    if not isinstance(activity.get("name"), str) or not isinstance(activity.get("projectId"), str):
        raise ImportFileError(where, "name and projectId must be strings.")
    _pauses(activity.get("pauses", []), where)
    return activity

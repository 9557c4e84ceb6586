"""Exports to CSV, JSON and PDF, the full backup, and the export history."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from ...errors import LightTrackError, NotFoundError, ValidationError
from ...store.activities import ActivityRepository
from ...store.files import write_new
from .. import validate
from ..records.activities import ActivityService
from ..context import Context
from ..tracking.privacy import PrivacyRules
from ..records.projects import CategoryService, ProjectService
from ..records.settings import SettingsService
from ..timing.isotime import day_bounds, from_iso, parse_day, parse_time, to_local
from . import csvfile, jsonfile, paths, view
from .formats import EXPORT_FORMATS

log = logging.getLogger(__name__)

FAR_PAST = datetime(1, 1, 2, tzinfo=timezone.utc)
FAR_FUTURE = datetime(9999, 12, 30, tzinfo=timezone.utc)
OPTIONS = {"path", "startDate", "endDate", "projectIds", "bom"}
HISTORY_KEEP = 200


class ExportService:
    """Writes export files and records each attempt in the export history.

    Threading contract: thread-safe; the store lock is held while reading, not while rendering or writing.
    """

    def __init__(self, ctx: Context, activities: ActivityService, projects: ProjectService,
                 categories: CategoryService, settings: SettingsService) -> None:
        self._ctx = ctx
        self._activities = activities
        self._projects = projects
        self._categories = categories
        self._settings = settings
        self._repo = ActivityRepository(ctx.store)

    def export_activities(self, ids: list[str], fmt: str, options: object = None) -> dict[str, Any]:
        """activity:export: the activities `ids` (all those matching options' dates and projects when empty)."""
        options = _options(options)
        fmt = validate.choice(fmt, "format", EXPORT_FORMATS)
        if not ids:
            return self.export_range(fmt, options)
        with self._ctx.store.transaction():
            docs = [self._repo.get(i) for i in ids]
        missing = next((i for i, d in zip(ids, docs) if d is None or d.get("isDeleted")), None)
        if missing is not None:
            raise NotFoundError(f"No activity with id {missing[:64]!r}.")
        found = sorted((self._activities.public(d) for d in docs if d is not None), key=lambda a: a["startTime"])
        return self._export(fmt, found, {"activityIds": ids}, options)

    def export_range(self, fmt: str, options: object = None) -> dict[str, Any]:
        """export:run: every activity starting between options.startDate and options.endDate (both optional)."""
        options = _options(options)
        fmt = validate.choice(fmt, "format", EXPORT_FORMATS)
        start, end = self._bounds(options)
        found = self._activities.between(start or FAR_PAST, end or FAR_FUTURE) if start or end else self._activities.every()
        found = [a for a in found if (start is None or from_iso(a["startTime"]) >= start)]
        projects = set(validate.ids(options["projectIds"], "options.projectIds")) if options.get("projectIds") else None
        found = sorted((a for a in found if projects is None or a["projectId"] in projects), key=lambda a: a["startTime"])
        filters: dict[str, Any] = {k: options[k] for k in ("startDate", "endDate", "projectIds") if k in options}
        return self._export(fmt, found, filters, options)

    def backup(self, options: object = None) -> dict[str, Any]:
        """export:backup: everything needed to rebuild the store, as one JSON file (no secrets)."""
        options = validate.obj(options or {}, "options")
        validate.only(options, {"path"}, "options")
        rules = self._rules()
        with self._ctx.store.transaction():
            records = self._ctx.records
            tables = {t: records.named(t).by_id() for t in jsonfile.BACKUP_TABLES}
            docs = [{**d, "windowTitle": view.exported_title(d, rules)} for d in self._repo.every()]
            running = self._repo.running_id()
            meta = records.meta.get("schema")
            schema = meta.get("version", 0) if meta is not None else 0
        document = jsonfile.backup(view.without_secrets(tables), view.without_secrets(docs), running, schema,
                                   self._ctx.stamp())
        return self._write("backup", lambda: jsonfile.encode(document), options, len(docs), {}, (None, None))

    def history(self, options: object = None) -> list[dict[str, Any]]:
        """export:getHistory: the recorded exports, newest first."""
        options = validate.obj(options or {}, "options")
        validate.only(options, {"limit"}, "options")
        limit = int(validate.number(options.get("limit", 50), "options.limit", 1, HISTORY_KEEP, integer=True))
        with self._ctx.store.transaction():
            history = self._ctx.records.export_history.all()
        return sorted(history, key=lambda r: r["createdAt"], reverse=True)[:limit]

    def directory(self) -> str:
        return str(paths.export_dir())

    # -- writing ----------------------------------------------------------------------------------------
    def _export(self, fmt: str, activities: Sequence[Mapping[str, Any]], filters: dict[str, Any],
                options: dict[str, Any]) -> dict[str, Any]:
        rules = self._rules()
        shown = [view.shown(a, rules) for a in activities]
        names = view.Names({p["id"]: p for p in self._projects.all(include_deleted=True)},
                           {c["id"]: c for c in self._categories.all(include_deleted=True)})
        days = self._days(activities, options)
        produce = partial(self._render, fmt, shown, names, filters, options, days)
        return self._write(fmt, produce, options, len(shown), filters, days)

    def _render(self, fmt: str, shown: list[dict[str, Any]], names: view.Names, filters: dict[str, Any], options: dict[str, Any],
                days: tuple[Any, ...]) -> bytes:
        zone = self._ctx.zone
        if fmt == "csv":
            return csvfile.render(shown, names, zone, options.get("bom", self._settings.get("exportCsvBom")))
        if fmt == "json":
            return jsonfile.encode(jsonfile.envelope(shown, names, filters, self._ctx.stamp(), _zone_name(zone)))
        from . import pdfreport  # fpdf2 takes ~0.4 s to import: only when a PDF is asked for
        period = " – ".join(dict.fromkeys(d for d in days if d)) or "all time"
        return pdfreport.render(shown, names, zone, period, to_local(self._ctx.now(), zone).strftime("%Y-%m-%d %H:%M"))

    def _write(self, kind: str, produce: Callable[[], bytes], options: dict[str, Any], count: int,
               filters: dict[str, Any], days: tuple[Any, ...]) -> dict[str, Any]:
        started = self._ctx.stamp()
        record = {"id": secrets.token_hex(8), "exportType": kind, "dateRangeStart": days[0], "dateRangeEnd": days[1],
                  "filters": filters, "filePath": None,
                  "fileSize": None, "activityCount": count, "createdAt": started}
        try:
            path = paths.target(kind, options.get("path"), to_local(self._ctx.now(), self._ctx.zone))
            write_new(path, produce())
        except FileExistsError:
            raise ValidationError(f"options.path: {path.name[:200]!r} appeared meanwhile; LightTrack never "
                                  "overwrites a file, so choose a new name.") from None
        except (LightTrackError, OSError) as exc:
            self._record({**record, "exportStatus": "failed", "errorMessage": _sentence(exc), "completedAt": self._ctx.stamp()})
            if isinstance(exc, OSError):
                raise ValidationError(f"options.path: could not write the export: {exc.strerror or exc}.") from None
            raise
        record = {**record, "filePath": str(path), "fileSize": path.stat().st_size, "exportStatus": "completed",
                  "errorMessage": None, "completedAt": self._ctx.stamp()}
        self._record(record)
        log.info("export %s written (%d activities, %d bytes)", kind, count, record["fileSize"])
        self._ctx.bus.publish("export:completed", record)
        return {"id": record["id"], "filePath": record["filePath"], "fileSize": record["fileSize"], "format": kind,
                "activityCount": count}

    def _record(self, record: dict[str, Any]) -> None:
        with self._ctx.store.transaction():
            history = self._ctx.records.export_history
            history.put(record["id"], record)
            old = sorted(history.view().values(), key=lambda r: r["createdAt"], reverse=True)[HISTORY_KEEP:]
            if old:
                history.remove([d["id"] for d in old])

    # -- helpers --------------------------------------------------------------------------------------------
    def _rules(self) -> PrivacyRules:
        return PrivacyRules.from_settings(self._settings.get_all())

    def _bounds(self, options: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
        start = self._bound(options.get("startDate"), "options.startDate", end=False)
        end = self._bound(options.get("endDate"), "options.endDate", end=True)
        if start and end and end <= start:
            raise ValidationError("options.endDate must be after options.startDate.")
        return start, end

    def _bound(self, value: object, field: str, end: bool) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str) and len(value.strip()) == 10:
            return day_bounds(parse_day(value, field, self._ctx.zone), self._ctx.zone)[1 if end else 0]
        return parse_time(value, field, self._ctx.zone)

    def _days(self, activities: Sequence[Mapping[str, Any]], options: dict[str, Any]) -> tuple[str | None, str | None]:
        """The local days an export covers: the asked range, else the first and last activity."""
        start, end = self._bounds(options)
        zone = self._ctx.zone
        first = start or (from_iso(activities[0]["startTime"]) if activities else None)
        last = end - timedelta(milliseconds=1) if end else (from_iso(activities[-1]["startTime"]) if activities else None)
        return (to_local(first, zone).date().isoformat() if first else None,
                to_local(last, zone).date().isoformat() if last else None)


def _options(options: object) -> dict[str, Any]:
    options = validate.obj(options or {}, "options")
    validate.only(options, OPTIONS, "options")
    if "bom" in options:
        validate.boolean(options["bom"], "options.bom")
    return options


def _sentence(exc: LightTrackError | OSError) -> str:
    return str(exc) if isinstance(exc, LightTrackError) else (exc.strerror or str(exc))


def _zone_name(zone: tzinfo | None) -> str:
    return str(getattr(zone, "key", None) or datetime.now().astimezone().tzname())

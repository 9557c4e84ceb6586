"""import:preview and import:run: read a file, plan what it adds, and store it all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from ...errors import ValidationError
from ...store.activities import ActivityRepository
from .. import validate
from ..records.activities import DEFAULT_PROJECT, ActivityService
from ..context import Context
from ..records.clients import NAME_LIMIT, ClientService
from ..records.projects import ProjectService, TagService
from ..timing.isotime import to_iso
from ...store.spans import SpanStore, span_ms
from ..tracking.privacy import PrivacyRules
from ..review.labels import SpanLabeler
from ..records.settings import SettingsService
from . import awtimeline, lightjson, restore, timesheets, watson
from .formats import IMPORT_FORMATS
from .entries import Entry, ImportFileError
from .jsontext import load

MAX_BYTES = 256 * 1024 * 1024
SAMPLE = 20


@dataclass
class Plan:
    """What an import of entries would change."""

    new: list[Entry] = field(default_factory=list)
    existing: int = 0
    new_projects: list[str] = field(default_factory=list)
    new_tags: list[str] = field(default_factory=list)
    new_clients: list[str] = field(default_factory=list)
    project_clients: dict[str, str] = field(default_factory=dict)  # a new project's name → its client's name


class ImportService:
    """Imports from files; idempotent (ids derive from each entry's source and key) and all-or-nothing.

    Threading contract: thread-safe; a run holds the store lock for its one transaction and
    publishes its events after the commit.
    """

    def __init__(self, ctx: Context, activities: ActivityService, projects: ProjectService, clients: ClientService,
                 tags: TagService, timeline: TimelineImport) -> None:
        self._ctx = ctx
        self._timeline = timeline
        self._activities = activities
        self._projects = projects
        self._clients = clients
        self._tags = tags
        self._repo = ActivityRepository(ctx.store)

    def formats(self) -> list[str]:
        return list(IMPORT_FORMATS)

    def preview(self, path: object, fmt: object = None) -> dict[str, Any]:
        """What `run` would add, without storing anything."""
        return self.preview_text(_read_text(path), fmt)

    def run(self, path: object, fmt: object = None) -> dict[str, Any]:
        """Store what the file adds; a second run of the same file adds nothing."""
        return self.run_text(_read_text(path), fmt)

    def preview_text(self, content: object, fmt: object = None) -> dict[str, Any]:
        """preview() for a file's content (a browser can't hand over a path)."""
        kind, text = self._format(content, fmt)
        if kind == "activitywatch":
            return self._timeline.run(load(text), write=False)
        parsed = parse(kind, text, self._ctx.zone)
        if isinstance(parsed, lightjson.Backup):
            return {"format": kind, "kind": "backup", **restore.preview(self._ctx.store, self._ctx.records, parsed)}
        with self._ctx.store.transaction():
            plan = self._plan(parsed)
        return {"format": kind, "kind": "entries", **_describe(plan, len(parsed))}

    def run_text(self, content: object, fmt: object = None) -> dict[str, Any]:
        """run() for a file's content."""
        kind, text = self._format(content, fmt)
        if kind == "activitywatch":
            return self._timeline.run(load(text))
        parsed = parse(kind, text, self._ctx.zone)
        if isinstance(parsed, lightjson.Backup):
            counts = restore.apply(self._ctx.store, self._ctx.records, parsed)
            self._announce(parsed.activities, counts["activities"]["added"] + counts["activities"]["updated"])
            return {"format": kind, "kind": "backup", **counts}
        with self._ctx.store.transaction():
            plan = self._plan(parsed)
            clients = [self._clients.insert(self._clients.clean({"name": n}, None)) for n in plan.new_clients]
            created = [self._projects.insert(self._projects.clean({"name": n, "clientId": self._client_id(plan, n)}, None))
                       for n in plan.new_projects]
            self._repo.put_many(self._docs(plan.new))
        self._clients.publish_changes("created", clients)
        self._projects.publish_changes("created", created)
        self._announce([{"startTime": to_iso(e.start), "endTime": to_iso(e.end)} for e in plan.new], len(plan.new))
        return {"format": kind, "kind": "entries", "added": len(plan.new), "skipped": plan.existing,
                "projectsCreated": plan.new_projects, "clientsCreated": plan.new_clients, "tagsCreated": plan.new_tags}

    def _client_id(self, plan: Plan, project: str) -> str | None:
        """The id of the client the file gives the new project `project` (made just before), inside the transaction."""
        name = plan.project_clients.get(project.lower())
        return self._clients.named(name) if name else None

    # -- reading --------------------------------------------------------------------------------
    def _format(self, content: object, fmt: object) -> tuple[str, str]:
        """The file's format (given or detected) and its text."""
        if not isinstance(content, str) or len(content) > MAX_BYTES:
            raise ValidationError(f"content must be the text of the file (at most {MAX_BYTES // 2**20} MB).")
        kind = detect(content) if fmt is None else validate.choice(fmt, "format", IMPORT_FORMATS)
        return kind, content

    # -- planning -------------------------------------------------------------------------------
    def _plan(self, entries: list[Entry]) -> Plan:
        plan, seen = Plan(), set()
        projects = {p["name"].lower() for p in self._projects.all()}
        tags = {t["name"].lower() for t in self._tags.all()}
        clients = {c["name"].lower() for c in self._clients.all()}
        made: set[str] = set()
        for entry in entries:
            activity_id = entry.id()
            if activity_id in seen or self._repo.get(activity_id) is not None:
                plan.existing += activity_id not in seen
                seen.add(activity_id)
                continue
            seen.add(activity_id)
            plan.new.append(entry)
            if entry.project and entry.project.lower() not in projects:
                projects.add(entry.project.lower())
                plan.new_projects.append(entry.project[:200])
                made.add(entry.project[:200].lower())
            self._plan_client(plan, entry, made, clients)
            for tag in entry.tags:
                if tag.lower() not in tags:
                    tags.add(tag.lower())
                    plan.new_tags.append(tag)
        return plan

    @staticmethod
    def _plan_client(plan: Plan, entry: Entry, made: set[str], clients: set[str]) -> None:
        """The client of a project this import makes: the first row naming the project with a client decides (Toggl's
        and Clockify's Client column); a client missing here is made. Projects already here keep theirs."""
        name = (entry.client or "").strip()[:NAME_LIMIT]
        project = (entry.project or "")[:200].lower()
        if not name or project not in made or project in plan.project_clients:
            return
        plan.project_clients[project] = name
        if name.lower() not in clients:
            clients.add(name.lower())
            plan.new_clients.append(name)

    def _docs(self, entries: list[Entry]) -> list[dict[str, Any]]:
        projects = {p["name"].lower(): p["id"] for p in self._projects.all()}
        tags = {t.lower(): t for t in self._tags.ensure(list(dict.fromkeys(t for e in entries for t in e.tags)))}
        return [self._doc(e, projects, tags) for e in entries]

    def _doc(self, entry: Entry, projects: dict[str, str], tags: dict[str, str]) -> dict[str, Any]:
        metadata: dict[str, Any] = {"importedFrom": entry.source}
        if entry.billable is not None:
            metadata["billable"] = entry.billable
        fields = {"id": entry.id(), "name": entry.name, "description": entry.description,
                  "projectId": projects.get((entry.project or "").lower(), DEFAULT_PROJECT),
                  "tags": list(dict.fromkeys(tags[t.lower()] for t in entry.tags)),
                  "applicationName": entry.application, "metadata": metadata, "pauses": entry.pauses}
        return self._activities.new_doc(fields, entry.start, entry.end, manual=True)

    def _announce(self, activities: list[dict[str, Any]], changed: int) -> None:
        if not changed:
            return
        starts = [a["startTime"] for a in activities]
        ends = [a.get("endTime") or a["startTime"] for a in activities]
        self._ctx.bus.publish("activities:imported", {"count": changed, "startTime": min(starts), "endTime": max(ends)})


class TimelineImport:
    """An ActivityWatch export into the window timeline as spans, labelled by the rules; idempotent."""

    def __init__(self, spans: SpanStore, settings: SettingsService, projects: ProjectService,
                 labeler: Callable[[], SpanLabeler]) -> None:
        self._spans = spans
        self._settings = settings
        self._projects = projects
        self._labeler = labeler

    def run(self, export: object, write: bool = True) -> dict[str, Any]:
        """Add the export's spans (with `write=False` only count them); a second run adds nothing."""
        privacy = PrivacyRules.from_settings(self._settings.get_all())
        projects = {p["name"].casefold(): p["id"] for p in self._projects.all()}
        labeler = self._labeler()
        spans = [labeler.labeled(s) for s in awtimeline.export_spans(export, privacy, projects)]
        added, skipped = self._spans.add_past(spans, write=write)
        return {"format": "activitywatch", "kind": "timeline", "added": added, "skipped": skipped,
                "trackedMs": sum(span_ms(s) for s in spans), "days": sorted({s["start"][:10] for s in spans})}


def detect(text: str) -> str:
    """Guess the format from the content: JSON shape or CSV header."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return "watson"
    if head.startswith("{"):
        document = load(text)
        return "activitywatch" if isinstance(document, dict) and "buckets" in document else "lighttrack-json"
    header = head.split("\n", 1)[0].lower()
    if "duration (decimal)" in header or "duration (h)" in header:
        return "clockify-csv"
    if "start date" in header:
        return "toggl-csv"
    raise ImportFileError("line 1", f"unknown file format; give the format ({', '.join(IMPORT_FORMATS)}).")


def parse(kind: str, text: str, zone: tzinfo | None) -> list[Entry] | lightjson.Backup:
    if kind in ("toggl-csv", "clockify-csv"):
        return timesheets.entries(text, kind.removesuffix("-csv"), zone)
    if kind == "watson":
        return watson.entries(text)
    document = load(text)
    return lightjson.backup(document) if lightjson.is_backup(document) else lightjson.entries(document)


def _read_text(value: object) -> str:
    """The UTF-8 text of the file named by `value`."""
    if not isinstance(value, str) or not value.strip() or len(value) > 4096 or "\0" in value:
        raise ValidationError("path must be the path of a file to import (without NUL characters).")
    path = Path(value).expanduser()
    if not path.is_file():
        raise ValidationError(f"path: there is no file at {value[:200]!r}.")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(f"path: the file is larger than {MAX_BYTES // 2**20} MB.")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ImportFileError(f"line {line}", "the file is not UTF-8 text.") from None


def _describe(plan: Plan, total: int) -> dict[str, Any]:
    return {
        "total": total, "new": len(plan.new), "existing": plan.existing,
        "newProjects": plan.new_projects, "newClients": plan.new_clients, "newTags": plan.new_tags,
        "projectClients": [{"project": p, "client": plan.project_clients.get(p.lower())} for p in plan.new_projects],
        "startDate": to_iso(min(e.start for e in plan.new)) if plan.new else None,
        "endDate": to_iso(max(e.end for e in plan.new)) if plan.new else None,
        "totalDuration": sum(round((e.end - e.start).total_seconds() * 1000) for e in plan.new),
        "sample": [{"name": e.name, "project": e.project, "client": e.client, "startTime": to_iso(e.start),
                    "endTime": to_iso(e.end), "tags": e.tags} for e in plan.new[:SAMPLE]],
    }

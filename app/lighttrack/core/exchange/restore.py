"""Restoring a full backup: every record goes back under its own id, so restoring twice changes nothing.

A client, project, tag or category whose name is already taken here by another live record is not doubled:
the backup's projects and activities are pointed at the record that is here. A backup written before clients
existed keeps its projects' client text as clients, as the store's migration does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import ValidationError
from ...store.activities import ActivityRepository
from ...store.database import Store
from ...store.repository import Records
from ..records.clients import NAME_LIMIT, name_based_id, new_client
from ..records.settingdefs import SETTINGS
from .entries import ImportFileError
from .jsonfile import BACKUP_TABLES
from .lightjson import Backup

NAMED = ("clients", "projects", "tags", "categories")


@dataclass
class RestorePlan:
    records: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)
    activities: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, table: str, status: str) -> None:
        counts = self.counts.setdefault(table, {"added": 0, "updated": 0, "unchanged": 0})
        counts[status] += 1


def preview(store: Store, records: Records, backup: Backup) -> dict[str, Any]:
    with store.transaction():
        return _plan(store, records, backup).counts


def apply(store: Store, records: Records, backup: Backup) -> dict[str, Any]:
    """Put back every record that differs; return the counts per table."""
    repo = ActivityRepository(store)
    with store.transaction():
        plan = _plan(store, records, backup)
        for table, changed in plan.records.items():
            records.named(table).put_many(dict(changed))
        repo.put_many(plan.activities)
        running = repo.get(backup.running_id) if backup.running_id and repo.running_id() is None else None
        if running and not running.get("endTime") and not running.get("isDeleted"):
            repo.set_running(running["id"])
    return plan.counts


def _plan(store: Store, records: Records, backup: Backup) -> RestorePlan:
    plan, remap = RestorePlan(), dict[str, dict[str, str]]()
    clients, projects = _clients_of_old_projects(backup.tables["clients"], backup.tables["projects"])
    tables = {**backup.tables, "clients": clients}
    for table_name in BACKUP_TABLES:
        incoming = _pointed(projects, remap["clients"]) if table_name == "projects" else tables[table_name]
        remap[table_name] = _plan_table(records, table_name, incoming, plan)
    repo = ActivityRepository(store)
    plan.counts["activities"] = {"added": 0, "updated": 0, "unchanged": 0}
    for activity in backup.activities:
        doc = {**activity, "projectId": remap["projects"].get(activity["projectId"], activity["projectId"])}
        if doc.get("categoryId") in remap["categories"]:
            doc["categoryId"] = remap["categories"][doc["categoryId"]]
        current = repo.get(doc["id"])
        status = "added" if current is None else "unchanged" if current == doc else "updated"
        plan.count("activities", status)
        if status != "unchanged":
            plan.activities.append(doc)
    return plan


def _clients_of_old_projects(clients: dict[str, dict[str, Any]], projects: dict[str, dict[str, Any]]) \
        -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The backup's clients and projects, the client text of projects from before clients became clients."""
    clients, converted = dict(clients), {}
    for project_id, project in projects.items():
        text = project.get("client")
        name = text.strip()[:NAME_LIMIT] if isinstance(text, str) and "clientId" not in project else ""
        if name:
            client_id = name_based_id(name)
            clients.setdefault(client_id, new_client(client_id, name, str(project.get("updatedAt") or "")))
        kept = {k: v for k, v in project.items() if k != "client"}
        converted[project_id] = {**kept, "clientId": name_based_id(name) if name else project.get("clientId")}
    return clients, converted


def _pointed(projects: dict[str, dict[str, Any]], clients: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Projects whose client was folded into a same-named one here, pointed at it."""
    return {project_id: {**p, "clientId": clients.get(p["clientId"], p["clientId"])} if p.get("clientId") else p
            for project_id, p in projects.items()}


def _plan_table(records: Records, name: str, incoming: dict[str, dict[str, Any]], plan: RestorePlan) -> dict[str, str]:
    """Plan one table; return the backup ids that map to a same-named record here."""
    table, remap = records.named(name), {}
    taken = {d["name"].lower(): doc_id for doc_id, d in table.view().items() if name in NAMED and not d.get("isDeleted")
             and isinstance(d.get("name"), str)}
    plan.counts[name] = {"added": 0, "updated": 0, "unchanged": 0}
    for record_id, doc in incoming.items():
        if name == "settings" and not _setting_ok(record_id, doc):
            continue
        twin = taken.get(str(doc.get("name", "")).lower())
        if twin is not None and twin != record_id and not doc.get("isDeleted"):
            remap[record_id] = twin
            plan.count(name, "unchanged")
            continue
        current = table.view().get(record_id)
        status = "added" if current is None else "unchanged" if current == doc else "updated"
        plan.count(name, status)
        if status != "unchanged":
            plan.records.setdefault(name, []).append((record_id, doc))
    return remap


def _setting_ok(key: str, doc: dict[str, Any]) -> bool:
    """Known settings with valid values are restored; unknown keys are skipped (a newer version's)."""
    if key not in SETTINGS:
        return False
    try:
        SETTINGS[key].check(doc.get("value"), key)
    except ValidationError as exc:
        raise ImportFileError(f"tables.settings[{key!r}]", str(exc)) from None
    return True

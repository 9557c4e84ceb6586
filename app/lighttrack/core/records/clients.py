"""Clients, as Toggl Track has them: the people or companies projects are done for.

A project names its client by `clientId`; the client's name reaches every project the services return as
`client`, derived here, so readers of that field never see a stale copy. Deleting a client leaves its projects
without one; an archived client stays on its projects but is offered in no picker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from .. import validate
from .catalog import Catalog
from .shapes import Client
from ...store.repository import Records, Repository

NAME_LIMIT = 200
DEFAULTS: dict[str, Any] = {"notes": None, "isArchived": False, "syncVersion": 1}


def new_client(client_id: str, name: str, stamp: str) -> dict[str, Any]:
    """A client document as the store keeps it."""
    return {"id": client_id, "name": name, **DEFAULTS, "isDeleted": False, "createdAt": stamp, "updatedAt": stamp}


def name_based_id(name: str) -> str:
    """The id a client made from a project's old client text gets: the same on every device, so two devices that
    upgrade apart make one client, not twins, once they sync."""
    return "c" + hashlib.sha256(name.strip().lower().encode()).hexdigest()[:15]


def client_name(project: Mapping[str, Any], clients: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The name of the live client `project` names, or None."""
    client = clients.get(project.get("clientId") or "")
    return None if client is None or client.get("isDeleted") else client.get("name")


class ClientService(Catalog[Client]):
    kind, event = "client", "client"
    FIELDS: ClassVar[set[str]] = {"name", "notes", "isArchived"}

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.clients

    def defaults(self) -> dict[str, Any]:
        return dict(DEFAULTS)

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "client")
        fields: dict[str, Any] = {}
        if "name" in data or current is None:
            name = data.get("name")
            fields["name"] = validate.text("" if name is None else name, "Client name", NAME_LIMIT)
        if "notes" in data:
            fields["notes"] = validate.text(data["notes"], "Client notes", 5000, required=False)
        if "isArchived" in data:
            fields["isArchived"] = validate.boolean(data["isArchived"], "Client archived (isArchived)")
        if current is not None and fields:
            fields["syncVersion"] = current.get("syncVersion", 1) + 1
        return fields

    def named(self, name: str) -> str | None:
        """The id of the live client called `name` (trimmed, any case), inside the caller's transaction."""
        wanted = name.strip().lower()
        return next((doc_id for doc_id, doc in self._table.view().items()
                     if not doc.get("isDeleted") and str(doc.get("name", "")).lower() == wanted), None)

    def find_or_insert(self, name: object, field: str) -> tuple[str | None, Client | None]:
        """The id of the client called `name`, made when missing, inside the caller's transaction: (id, made)."""
        checked = validate.text(name, field, NAME_LIMIT, required=False)
        if checked is None:
            return None, None
        found = self.named(checked)
        if found is not None:
            return found, None
        made = self.insert({"name": checked})
        return made["id"], made

    def after_delete(self, doc: dict[str, Any]) -> Callable[[], None]:
        """Projects of a deleted client are left without one, as in Toggl; their updates follow the commit."""
        projects = self._ctx.records.projects
        stamp = self._ctx.stamp()
        changed = [{**project, "clientId": None, "updatedAt": stamp} for project in projects.view().values()
                   if project.get("clientId") == doc["id"] and not project.get("isDeleted")]
        projects.put_many({project["id"]: project for project in changed})

        def publish() -> None:
            for project in changed:
                self._ctx.bus.publish("project:updated", {**project, "client": None})
        return publish

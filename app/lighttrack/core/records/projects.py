"""Projects, tags and categories: the catalogs activities refer to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from ...errors import ValidationError
from .. import validate
from .catalog import Catalog
from .clients import ClientService, client_name
from .productivity import LEVELS
from .shapes import Category, Project, Tag
from ...store.repository import Records, Repository
from ..context import Context

DEFAULT_PROJECT_ID = "default"


def _required_name(data: dict[str, Any], current: dict[str, Any] | None, limit: int = 200) -> dict[str, Any]:
    if "name" in data or current is None:
        return {"name": validate.text(data.get("name"), "name", limit)}
    return {}


class ProjectService(Catalog[Project]):
    kind, event = "project", "project"
    protected = frozenset({DEFAULT_PROJECT_ID})
    # `client`, a client's name, is taken too: `resolve` turns it into `clientId` before `clean` sees the data
    FIELDS: ClassVar[set[str]] = {"name", "description", "color", "icon", "isArchived", "parentId", "clientId",
                                  "budgetHours", "hourlyRate", "currency", "metadata"}

    def __init__(self, ctx: Context, clients: ClientService) -> None:
        super().__init__(ctx)
        self._clients = clients

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.projects

    def typed(self, doc: dict[str, Any]) -> Project:
        """The project with `client`, the name of its client, derived from `clientId`."""
        stored = {k: v for k, v in doc.items() if k != "client"}
        return cast(Project, {**stored, "clientId": doc.get("clientId"),
                              "client": client_name(doc, self._ctx.records.clients.view())})

    def resolve(self, data: dict[str, Any]) -> tuple[dict[str, Any], Callable[[], None]]:
        """`client` (a name) becomes `clientId`; a client of that name is made when there is none."""
        if "client" not in data:
            return data, lambda: None
        if "clientId" in data:
            raise ValidationError("Client: give the client by name (client) or by id (clientId), not both.")
        client_id, made = self._clients.find_or_insert(data["client"], "Client")
        resolved = {**{k: v for k, v in data.items() if k != "client"}, "clientId": client_id}
        return resolved, lambda: self._clients.publish_changes("created", [made] if made else [])

    def defaults(self) -> dict[str, Any]:
        """Called inside the creating transaction: the colour is the next one of the palette."""
        return {"description": None, "color": self._next_color(), "icon": None, "isArchived": False, "parentId": None,
                "clientId": None, "budgetHours": None, "hourlyRate": None, "currency": "USD", "metadata": {}}

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "project")
        fields = _required_name(data, current)
        checks: dict[str, Callable[[Any], Any]] = {
            "description": lambda v: validate.text(v, "description", 5000, required=False),
            "color": lambda v: validate.color(v, "color"),
            "icon": lambda v: validate.text(v, "icon", 64, required=False),
            "isArchived": lambda v: validate.boolean(v, "isArchived"),
            "clientId": lambda v: self._clients.existing_id(v, "Client"),
            "budgetHours": lambda v: validate.optional_number(v, "budgetHours", 0, 1_000_000),
            "hourlyRate": lambda v: validate.optional_number(v, "hourlyRate", 0, 1_000_000),
            "currency": lambda v: self._currency(v),
            "metadata": lambda v: validate.metadata(v, "metadata"),
            "parentId": lambda v: self._parent(v, current),
        }
        fields.update({k: check(data[k]) for k, check in checks.items() if k in data})
        return fields

    def _currency(self, value: object) -> str:
        if not isinstance(value, str) or len(value) != 3 or not value.isalpha():
            raise ValidationError("currency must be a three-letter code like USD.")
        return value.upper()

    def _parent(self, parent_id: object, current: dict[str, Any] | None) -> str | None:
        chosen = self.existing_id(parent_id, "parentId")
        own, ancestor, seen = (current or {}).get("id"), chosen, set[str]()
        while ancestor is not None and ancestor not in seen:
            if ancestor == own:
                raise ValidationError("parentId would make the project its own ancestor.")
            seen.add(ancestor)
            parent = self._table.view().get(ancestor)
            ancestor = parent.get("parentId") if parent is not None else None
        return chosen


class TagService(Catalog[Tag]):
    kind, event = "tag", "tag"
    FIELDS: ClassVar[set[str]] = {"name", "color"}

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.tags

    def __init__(self, ctx: Context, rename_on_activities: Callable[[str, str], None] | None = None) -> None:
        super().__init__(ctx)
        self._rename_on_activities = rename_on_activities

    def defaults(self) -> dict[str, Any]:
        return {"color": self._next_color()}

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "tag")
        fields = _required_name(data, current, 100)
        if "color" in data:
            fields["color"] = None if data["color"] is None else validate.color(data["color"], "color")
        return fields

    def ensure(self, names: list[str]) -> list[str]:
        """Create the tags of `names` that don't exist yet; return the names as stored (first spelling wins)."""
        with self._ctx.store.transaction():
            known = {d["name"].lower(): d["name"] for d in self._table.all() if not d.get("isDeleted")}
            result = []
            for name in names:
                if name.lower() not in known:
                    known[name.lower()] = self.insert({"name": name})["name"]
                result.append(known[name.lower()])
        return list(dict.fromkeys(result))

    def after_update(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        if before["name"] != after["name"] and self._rename_on_activities:
            self._rename_on_activities(before["name"], after["name"])


class CategoryService(Catalog[Category]):
    """Kinds of work (development, meetings, ...) with a productivity rating used by analytics."""

    kind, event = "category", "category"
    FIELDS: ClassVar[set[str]] = {"name", "color", "productivity"}

    @staticmethod
    def repository(records: Records) -> Repository:
        return records.categories

    def defaults(self) -> dict[str, Any]:
        return {"color": self._next_color(), "productivity": "neutral"}

    def clean(self, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
        validate.only(data, self.FIELDS, "category")
        fields = _required_name(data, current, 100)
        if "color" in data:
            fields["color"] = validate.color(data["color"], "color")
        if "productivity" in data:
            fields["productivity"] = validate.choice(data["productivity"], "productivity", LEVELS)
        return fields

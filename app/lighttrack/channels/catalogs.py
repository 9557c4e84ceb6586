"""project:*, client:*, tag:*, category:* and goal:* channels: one CRUD shape for every catalog, and the ratings a
category takes."""

from __future__ import annotations

from ..core import validate
from ..core.records.catalog import Catalog
from ..core.records.palette import PALETTE
from ..core.records.productivity import ratings
from ..core.services import Services
from ..errors import ValidationError
from .params import ANY, ID, OBJ, Param
from .registry import Registry


def _include_deleted(value: object, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, dict) or set(value) - {"includeDeleted"}:
        raise ValidationError(f'{field} must be an object like {{"includeDeleted": true}}.')
    return validate.boolean(value.get("includeDeleted", False), f"{field}.includeDeleted")


def _register_crud(registry: Registry, area: str, catalog: Catalog) -> None:
    registry.register(f"{area}:getAll", catalog.all, Param("options", _include_deleted, required=False))
    registry.register(f"{area}:get", catalog.get, ID())
    registry.register(f"{area}:create", catalog.create, OBJ("data"))
    registry.register(f"{area}:update", catalog.update, ID(), OBJ("updates"))
    registry.register(f"{area}:delete", catalog.delete, ID())


def register(registry: Registry, services: Services) -> None:
    _register_crud(registry, "project", services.projects)
    registry.register("project:getColors", lambda: list(PALETTE))
    registry.register("project:merge", services.project_merge.merge, ANY("sourceId"), ANY("targetId"))
    _register_crud(registry, "client", services.clients)
    _register_crud(registry, "tag", services.tags)
    _register_crud(registry, "category", services.categories)
    registry.register("category:getRatings", ratings)
    _register_crud(registry, "goal", services.goals)

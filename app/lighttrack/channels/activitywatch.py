"""activitywatch:* channels: what the dashboard and scripts can do with ActivityWatch data."""

from __future__ import annotations

from ..core.activitywatch.categories import import_categories
from ..errors import ValidationError
from .params import ANY


def register(registry, aw, rules, categories) -> None:
    """`activitywatch:importCategories(classes?)`: aw-webui's categories as LightTrack rules (idempotent).

    Without `classes`, the categories aw-webui saved in LightTrack's `/api/0/settings` are imported.
    """

    def import_aw_categories(classes=None) -> dict:
        chosen = aw.settings.get("classes") if classes is None else classes
        if chosen is None:
            raise ValidationError("There are no ActivityWatch categories to import: aw-webui keeps them in the "
                                  "'classes' setting of /api/0/settings, or pass them as classes.")
        return import_categories(chosen, rules, categories)

    registry.register("activitywatch:importCategories", import_aw_categories, ANY("classes", required=False))

"""Rules applied to any span (own tracker, ActivityWatch windows, tabs and editor files, imports).

A span's label is what the user's rules (and project detection from the title) say; where they
say nothing, an editor file keeps the project and category its watcher reported, anything else has none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...store.spans import SpanStore
from ..tracking.classify import Classifier
from ..context import Context
from ..records.projects import CategoryService, ProjectService
from ..records.rules import RuleService

if TYPE_CHECKING:
    from ..services import Services  # which builds this module's labelers
from ..tracking.window import Window


class SpanLabeler:
    """Labels span dicts with the rules of one moment (build a new one after the rules change)."""

    def __init__(self, rules: Sequence[Mapping[str, Any]], projects: Sequence[Mapping[str, Any]]) -> None:
        self._classifier = Classifier(rules, {p["name"].casefold(): p["id"] for p in projects})

    def label(self, span: dict[str, Any]) -> tuple[str | None, str | None]:
        """The (projectId, category) the rules give `span`."""
        window = Window(span.get("app") or "", span.get("title") or "", cwd=span.get("file"))
        found = self._classifier.label(window, span.get("domain"))
        if span.get("file"):
            return found.projectId or span.get("projectId"), found.category or span.get("category")
        return found.projectId, found.category

    def labeled(self, span: dict[str, Any]) -> dict[str, Any]:
        project, category = self.label(span)
        return {**span, "projectId": project, "category": category}


class LabelingSink:
    """A span sink that labels every span with the current rules before the span store keeps it.

    ActivityWatch's watchers report apps, titles, tabs and files; this is where they meet the rules.
    """

    def __init__(self, spans: SpanStore, labeler: Callable[[], SpanLabeler]) -> None:
        self._spans = spans
        self._labeler = labeler

    def append(self, spans: list[dict[str, Any]]) -> None:
        labeler = self._labeler()
        self._spans.append([labeler.labeled(s) for s in spans])

    def sync(self) -> None:
        self._spans.sync()


def labeler_for(services: Services) -> Callable[[], SpanLabeler]:
    """A factory of labelers over the data folder's current rules and projects."""
    return labeler_over(services.ctx, services.projects, services.categories)


def labeler_over(ctx: Context, projects: ProjectService, categories: CategoryService) -> Callable[[], SpanLabeler]:
    """A factory of labelers over these projects and categories and the rules of `ctx`'s store."""
    rules = RuleService(ctx, projects, categories)
    return lambda: SpanLabeler(rules.all(), projects.all())

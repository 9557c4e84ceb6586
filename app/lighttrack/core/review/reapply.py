"""Re-applying the rules to the tracked spans of a date range: preview, apply, undo the last apply."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...errors import NotFoundError
from ...store.spans import SpanStore
from ..events import EventBus
from ..timing.isotime import to_iso
from .labels import SpanLabeler

SHOWN_CHANGES = 200


class RuleReapply:
    """Relabels stored spans with the current rules. Threading contract: any thread; the span store locks."""

    def __init__(self, spans: SpanStore, labeler: Callable[[], SpanLabeler], bus: EventBus) -> None:
        self._spans = spans
        self._labeler = labeler
        self._bus = bus

    def preview(self, start: datetime, end: datetime) -> dict[str, Any]:
        """What applying would change, without changing it."""
        return _report(self._spans.relabel(to_iso(start), to_iso(end), self._labeler().label, write=False))

    def apply(self, start: datetime, end: datetime) -> dict[str, Any]:
        """Relabel the range; remember how to undo it (the last apply only)."""
        changes = self._spans.relabel(to_iso(start), to_iso(end), self._labeler().label)
        self._spans.save_undo({"start": to_iso(start), "end": to_iso(end), "changes": changes} if changes else None)
        self._bus.publish("timeline:relabeled", {"start": to_iso(start), "end": to_iso(end), "changed": len(changes)})
        return _report(changes)

    def undo(self) -> dict[str, Any]:
        """Put back the labels the last apply changed."""
        saved = self._spans.load_undo()
        if not saved:
            raise NotFoundError("There is no re-application of rules to undo.")
        before = {_key(c): c["before"] for c in saved["changes"]}
        changes = self._spans.relabel(saved["start"], saved["end"],
                                      lambda s: before.get(_key(s), [s.get("projectId"), s.get("category")]))
        self._spans.save_undo(None)
        self._bus.publish("timeline:relabeled", {"start": saved["start"], "end": saved["end"], "changed": len(changes)})
        return _report(changes)


def _key(span: dict[str, Any]) -> tuple[Any, ...]:
    return span["start"], span["end"], span.get("app"), span.get("title")


def _report(changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The count, the time moved per (before → after) label, and the first changes."""
    moved: Counter[tuple[tuple[Any, ...], tuple[Any, ...]]] = Counter()
    for change in changes:
        ms = round((datetime.fromisoformat(change["end"]) - datetime.fromisoformat(change["start"])).total_seconds() * 1000)
        moved[(tuple(change["before"]), tuple(change["after"]))] += ms
    return {"changed": len(changes),
            "moves": [{"before": {"projectId": b[0], "category": b[1]}, "after": {"projectId": a[0], "category": a[1]},
                       "duration": ms} for (b, a), ms in moved.most_common()],
            "changes": changes[:SHOWN_CHANGES]}

"""review:*, timeline:getSummary and rules:*Reapply channels: suggestions, summaries, rule re-application."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..core.review.service import check_range
from ..core.timing.isotime import parse_time
from ..errors import ValidationError
from .params import IDS, Param
from .registry import Registry

LONGEST_REVIEW = timedelta(days=31)
LONGEST_SUMMARY = timedelta(days=366)
MAX_ITEMS = 500


def _items(value: object, field: str) -> list:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_ITEMS:
        raise ValidationError(f"{field} must be a list of 1 to {MAX_ITEMS} suggestions (ids or objects).")
    return value


def _item(value: object, field: str) -> object:
    if not isinstance(value, (str, dict)):
        raise ValidationError(f"{field} must be a suggestion id or a suggestion object.")
    return value


def _ranged(handler, longest: timedelta):
    def call(start: datetime, end: datetime) -> Any:
        check_range(start, end, longest)
        return handler(start, end)
    return call


def register(registry: Registry, review, summary, reapply) -> None:
    """The review inbox's channels; `summary` answers timeline:getSummary, `reapply` the rules:*Reapply ones."""
    time = (Param("startISO", parse_time), Param("endISO", parse_time))
    registry.register("review:getSuggestions", _ranged(review.suggestions, LONGEST_REVIEW), *time)
    registry.register("review:accept", review.accept, Param("items", _items))
    registry.register("review:reject", review.reject, IDS("ids"))
    registry.register("review:getGaps", _ranged(review.gaps, LONGEST_REVIEW), *time)
    registry.register("review:proposeRule", review.propose_rule, Param("item", _item))
    registry.register("timeline:getSummary", _ranged(summary.summary, LONGEST_SUMMARY), *time)
    registry.register("rules:previewReapply", _ranged(reapply.preview, LONGEST_SUMMARY), *time)
    registry.register("rules:reapply", _ranged(reapply.apply, LONGEST_SUMMARY), *time)
    registry.register("rules:undoReapply", reapply.undo)

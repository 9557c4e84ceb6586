"""tracker:*, timeline:*, idle:*, rules:* and privacy:* channels, served by the tracker adapter.

Channels sit below the adapters, so the tracker arrives as an object honouring `TrackerPort`
(lighttrack.tracker.runner.Tracker in the app) and is never imported here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from ..core.tracking import idlechoices
from ..core import validate
from ..core.records.shapes import Span
from ..core.timing.isotime import parse_time
from ..errors import ValidationError
from .params import ID, OBJ, Param
from .registry import Registry

MAX_RANGE = timedelta(days=366)


class TrackerPort(Protocol):
    rules: Any
    idle: Any

    def status(self) -> dict: ...

    def set_paused(self, paused: bool) -> dict: ...

    def timeline_between(self, start: datetime, end: datetime) -> list[Span]: ...

    def forget_app(self, app: str) -> dict: ...


def _app(value: object, field: str) -> str:
    return validate.text(value, field, 200)


def _choice(value: object, field: str) -> str:
    return validate.choice(value, field, idlechoices.IDS)


def _timeline(tracker: TrackerPort):
    def get(start: datetime, end: datetime) -> list[Span]:
        if end <= start:
            raise ValidationError("endISO must be after startISO.")
        if end - start > MAX_RANGE:
            raise ValidationError("endISO must be at most 366 days after startISO.")
        return tracker.timeline_between(start, end)
    return get


def register(registry: Registry, tracker: TrackerPort) -> None:
    registry.register("tracker:getStatus", tracker.status)
    registry.register("tracker:setPaused", tracker.set_paused, Param("paused", validate.boolean))
    registry.register("timeline:get", _timeline(tracker), Param("startISO", parse_time), Param("endISO", parse_time))
    registry.register("idle:getPending", tracker.idle.pending)
    registry.register("idle:getChoices", idlechoices.public)
    registry.register("idle:resolve", tracker.idle.resolve, ID("absenceId"), Param("choice", _choice))
    registry.register("rules:getAll", lambda: tracker.rules.all())
    registry.register("rules:create", tracker.rules.create, OBJ("data"))
    registry.register("rules:update", tracker.rules.update, ID(), OBJ("updates"))
    registry.register("rules:delete", tracker.rules.delete, ID())
    registry.register("privacy:forgetApp", tracker.forget_app, Param("app", _app))

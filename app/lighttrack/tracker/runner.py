"""The tracker as the runtime sees it: builds the span store, timeline, idle flow and sampler; answers the channels."""

from __future__ import annotations

from datetime import datetime

from ..core.records.shapes import Span
from ..core.tracking.timeline import Timeline
from ..core.timing.isotime import from_iso
from ..store.spans import SpanStore
from .backend import Desktop, choose_desktop
from .idle import IdleFlow
from .memory import TrackerMemory
from .notify import Notifier, choose_notifier
from .sampler import Sampler


class Tracker:
    """Window tracking and idle detection for one data folder.

    Threading contract: `start`/`stop` from the owner's thread; every other method may be
    called from any thread (API, tray, notifier) while the sampler runs.
    """

    def __init__(self, services, desktop: Desktop | None = None, notifier: Notifier | None = None, clock=None,
                 spans: SpanStore | None = None) -> None:
        self.services = services
        self._choose_desktop = (lambda: desktop) if desktop is not None else choose_desktop
        # probed at start(): it talks to X and D-Bus, which must not delay the app's opening
        self.desktop = desktop if desktop is not None else Desktop()
        settings = services.settings.get_all()
        # One SpanStore per data folder: the services' (imports and the ActivityWatch API write spans too).
        self.spans = spans or services.spans
        self.timeline = Timeline(self.spans, pulse_seconds=settings["samplingIntervalSeconds"] + 1)
        self.rules = services.rules
        self.memory = TrackerMemory(services.ctx.records)
        self.idle = IdleFlow(services.activities, services.ctx.bus, services.presence,
                             choose_notifier if notifier is None else lambda: notifier, self.memory)
        self.sampler = Sampler(services, self.timeline, self.idle, self.desktop, self.rules, clock, self.memory)
        services.ctx.bus.subscribe(self._on_event)

    def start(self) -> None:
        """Probe the desktop, seed the default rules, seal finished days, pick the notifier, start sampling."""
        self.desktop = self._choose_desktop()
        self.sampler.use(self.desktop)
        self.rules.ensure_defaults()
        self.spans.seal_before(self.services.ctx.now().date().isoformat())
        self.idle.start()
        self.sampler.start()

    def stop(self) -> None:
        """Stop sampling, write the open span, flush the journal, release the notifier."""
        self.sampler.stop()
        self.idle.stop()

    def _on_event(self, channel: str, data: object) -> None:
        """A permanent range deletion takes the window spans of that range too (on the deleting thread)."""
        if channel == "data:deleted" and isinstance(data, dict) and data.get("permanent"):
            self.timeline.forget_range(from_iso(data["startTime"]), from_iso(data["endTime"]))

    def status(self) -> dict:
        config = self.sampler.config()
        return {
            "tracking": (self.sampler.running and config.consented and self.desktop.can_track_windows
                         and not config.privacy.paused),
            "paused": bool(self.services.settings.get("trackingPaused")),
            "idle": self.idle.is_away,
            "idleSeconds": int(self.sampler.idle_seconds),
            "currentWindow": self.sampler.current,
            "windowSource": self.desktop.window.name if self.desktop.window else None,
            "idleSource": self.desktop.idle.name if self.desktop.idle else None,
            "presentWithoutInput": self.sampler.presence.reason,
            "pendingAbsence": self.idle.pending(),
        }

    def set_paused(self, paused: bool) -> dict:
        self.services.settings.set("trackingPaused", paused)
        return self.status()

    def timeline_between(self, start: datetime, end: datetime) -> list[Span]:
        return self.timeline.get(start, end)

    def forget_app(self, app: str) -> dict:
        return {"app": app, "removedSpans": self.timeline.forget_app(app)}

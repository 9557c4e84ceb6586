"""The sampler thread: once per interval read the window and idle time, filter, classify, record.

Threading contract: `start` runs `tick` on a daemon thread every `samplingIntervalSeconds` until
`stop` (a `threading.Event`, never a sleep loop). Tests call `tick` directly with a fake clock.
Bus listeners only raise flags; the thread does the work.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.tracking.classify import Classifier, Label
from ..core.tracking.privacy import PrivacyRules
from ..core.tracking.timeline import Timeline
from ..core.timing.isotime import from_iso, to_iso
from ..core.tracking.window import OWN_APP, Window
from .backend import Desktop, IdleReading
from .idle import IdleFlow
from .memory import TrackerMemory
from .presence import PresenceWatch

log = logging.getLogger(__name__)

REFRESH_EVENTS = ("settings:changed", "rule:", "project:", "category:")
FOLLOW_EVENTS = ("activity:started", "activity:resumed")
SUSPEND_MIN_SECONDS = 30
SEEN_KEY = "lastSeen"


@dataclass(frozen=True)
class TrackerConfig:
    """The settings the sampler reads, compiled."""

    interval: float
    threshold: float
    autosave: float
    privacy: PrivacyRules
    active_apps: tuple[str, ...]
    presence: bool = True
    own_window: bool = True
    consented: bool = False

    @classmethod
    def from_settings(cls, values: dict, consented: bool) -> TrackerConfig:
        return cls(float(values["samplingIntervalSeconds"]), float(values["idleThresholdSeconds"]),
                   float(values["autoSaveIntervalSeconds"]), PrivacyRules.from_settings(values),
                   tuple(a.casefold() for a in values["activeWithoutInputApps"]), values["presenceWithoutInput"],
                   values["recordOwnWindow"], consented)

    def active_without_input(self, window: Window) -> bool:
        """Meetings and films count as presence although nobody types."""
        app, title = window.app.casefold(), window.title.casefold()
        return any(name in app or name in title for name in self.active_apps)


class Sampler:
    """Reads the desktop and feeds the timeline, the idle flow and the running activity."""

    def __init__(self, services, timeline: Timeline, flow: IdleFlow, desktop: Desktop, rules, clock=None,
                 memory: TrackerMemory | None = None) -> None:
        self._services = services
        self._timeline = timeline
        self._flow = flow
        self._desktop = desktop
        self._rules = rules
        self._clock = clock or services.ctx
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._dirty = {"config": True, "classifier": True, "follow": True}
        self._config: TrackerConfig | None = None
        self._classifier: Classifier | None = None
        self._labels: OrderedDict[Window, Label] = OrderedDict()
        self._memory = memory
        self._last_tick: datetime | None = None  # read from memory at the first tick: a shutdown is an absence
        self._recalled = False
        self._last_checkpoint: datetime | None = None
        self._followed: tuple | None = None
        self._last_error: str | None = None
        self.idle_seconds = 0.0
        self.current: dict | None = None
        self.presence = PresenceWatch(desktop.presence)
        self._unsubscribe = services.ctx.bus.subscribe(self._on_event)

    def use(self, desktop: Desktop) -> None:
        """Sample `desktop` from now on (chosen when tracking starts); before the thread starts."""
        self._desktop = desktop
        self.presence = PresenceWatch(desktop.presence)

    # -- thread -------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lighttrack-tracker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and write the open span."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._unsubscribe()
        self._timeline.shutdown()
        self._remember_seen(self._last_tick)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while True:
            try:
                self.tick()
                self._last_error = None
            except Exception as exc:  # keep tracking; log a repeated failure once
                if repr(exc) != self._last_error:
                    log.exception("tracker tick failed")
                self._last_error = repr(exc)
            if self._stopped.wait(self.config().interval):
                return

    # -- one sample -----------------------------------------------------------------------
    def tick(self) -> None:
        now = self._clock.now()
        config = self.config()
        if not config.consented:  # before the user said yes nothing is read, nothing recorded
            self.current, self.idle_seconds = None, 0.0
            return
        suspended_since = self._suspend_start(now, config)
        reading = self._desktop.idle.read() if self._desktop.idle else None
        window = config.privacy.admit(self._read_window(config)) if not config.privacy.paused else None
        self.idle_seconds = self._idle_seconds(now, reading, window, config)
        passive = reading is not None and reading.seconds >= config.threshold > self.idle_seconds
        sample = self._sample(window, config, passive) if window is not None else None
        locked = reading is not None and reading.locked
        away_since = self._flow.observe(now, self.idle_seconds, config.threshold, suspended_since, locked)
        if away_since is not None:
            self._timeline.close(away_since)
            sample = None
        else:
            self._timeline.heartbeat(sample, now)
            self._checkpoint(now, config)
        self.current = {"app": sample["app"], "title": sample["title"]} if sample else None
        self._follow(sample)

    def config(self) -> TrackerConfig:
        if self._dirty["config"] or self._config is None:
            self._dirty["config"] = False
            settings = self._services.settings
            self._config = TrackerConfig.from_settings(settings.get_all(), settings.consented())
            self._timeline.spans.sync_seconds = self._config.autosave
            self._timeline.pulse = timedelta(seconds=self._config.interval + 1)
        return self._config

    def _suspend_start(self, now: datetime, config: TrackerConfig) -> datetime | None:
        """The last tick before a jump of the wall clock long enough to be a suspend, a shutdown (or an absence)."""
        if not self._recalled:
            self._recalled = True
            seen = self._memory.get(SEEN_KEY) if self._memory is not None else None
            self._last_tick = from_iso(seen) if seen else None
        last, self._last_tick = self._last_tick, now
        limit = timedelta(seconds=max(SUSPEND_MIN_SECONDS, config.threshold, 3 * config.interval))
        return last if last is not None and now - last >= limit else None

    def _read_window(self, config: TrackerConfig) -> Window | None:
        window = self._desktop.window.active() if self._desktop.window else None
        if window is not None and window.app == OWN_APP and not config.own_window:
            return None
        return window

    def _idle_seconds(self, now: datetime, reading: IdleReading | None, window: Window | None,
                      config: TrackerConfig) -> float:
        if reading is None:
            return 0.0
        if window is not None and not reading.locked and config.active_without_input(window):
            return 0.0
        if reading.locked or not config.presence:
            return reading.seconds
        return self.presence.effective_idle(now, reading.seconds, config.threshold)

    def _sample(self, window: Window, config: TrackerConfig, passive: bool) -> dict:
        label = self._label(window)
        sample = {"app": window.app, "title": config.privacy.recorded_title(window),
                  "projectId": label.projectId, "category": label.category}
        return {**sample, "passive": True} if passive else sample

    def _label(self, window: Window) -> Label:
        if self._dirty["classifier"] or self._classifier is None:
            self._dirty["classifier"] = False
            projects = {p["name"].casefold(): p["id"] for p in self._services.projects.all() if not p.get("isArchived")}
            self._classifier = Classifier(self._rules.all(), projects)
            self._labels.clear()
        label = self._labels.get(window)
        if label is None:
            label = self._labels[window] = self._classifier.label(window)
            while len(self._labels) > 256:
                self._labels.popitem(last=False)
        return label

    def _checkpoint(self, now: datetime, config: TrackerConfig) -> None:
        if self._last_checkpoint is None:
            self._last_checkpoint = now
        elif (now - self._last_checkpoint).total_seconds() >= config.autosave:
            self._last_checkpoint = now
            self._timeline.checkpoint(now - timedelta(seconds=self.idle_seconds))
            self._remember_seen(now)

    def _remember_seen(self, now: datetime | None) -> None:
        if self._memory is not None and now is not None:
            self._memory.put(SEEN_KEY, to_iso(now))

    def _follow(self, sample: dict | None) -> None:
        """Keep the running activity's applicationName/windowTitle on the current window (write on change only)."""
        key = (sample["app"][:500], (sample["title"] or "")[:2000] or None) if sample else None
        if key is None or (key == self._followed and not self._dirty["follow"]):
            return
        self._dirty["follow"], self._followed = False, key
        running = self._services.activities.running()
        if running is None or running["isPaused"]:
            return
        if (running.get("applicationName"), running.get("windowTitle")) != key:
            self._services.activities.update(running["id"], {"applicationName": key[0], "windowTitle": key[1]})

    def _on_event(self, channel: str, data) -> None:
        if channel.startswith(REFRESH_EVENTS):
            self._dirty["config" if channel == "settings:changed" else "classifier"] = True
        elif channel in FOLLOW_EVENTS:
            self._dirty["follow"] = True

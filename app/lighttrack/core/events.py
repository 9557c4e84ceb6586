"""The event bus and the one list of its events: services publish ('activity:started', ...), adapters subscribe.

`EVENTS` names every event with what it tells; the bus refuses any other name, the HTTP stream and the page's
bridge pass exactly these, and each subscriber matches names from this list.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[[str, Any], None]

EVENTS: dict[str, str] = {
    "activity:started": "a timer started; carries the activity",
    "activity:stopped": "a timer stopped; carries the activity",
    "activity:updated": "an activity was edited; carries it",
    "activity:paused": "a running activity was paused; carries it",
    "activity:resumed": "a paused activity runs again; carries it",
    "activity:deleted": "an activity was deleted; carries its id",
    "activity:split": "an activity became two; carries both",
    "activities:merged": "activities became one; carries the result",
    "activities:imported": "an import added activities; carries the counts",
    "data:deleted": "a date range was deleted; carries the range and whether for good",
    "project:created": "carries the project", "project:updated": "carries the project",
    "project:deleted": "carries the project",
    "client:created": "carries the client", "client:updated": "carries the client (renamed, archived, notes)",
    "client:deleted": "carries the client; its projects follow as project:updated, without a client",
    "projects:merged": "a project was folded into another; carries sourceId, targetId and what moved",
    "tag:created": "carries the tag", "tag:updated": "carries the tag", "tag:deleted": "carries the tag",
    "category:created": "carries the category", "category:updated": "carries the category",
    "category:deleted": "carries the category",
    "goal:created": "carries the goal", "goal:updated": "carries the goal", "goal:deleted": "carries the goal",
    "goal:completed": "a goal was reached in its period",
    "rule:created": "carries the rule", "rule:updated": "carries the rule", "rule:deleted": "carries the rule",
    "settings:changed": "carries the key and its new value",
    "theme-changed": "the theme setting changed; carries the theme",
    "focus:started": "a focus session began", "focus:stopped": "a focus session ended",
    "focus:work-started": "a work phase began", "focus:break-started": "a break phase began",
    "reminder:shown": "a reminder was shown; carries its kind and text",
    "show-notification": "something asks for a desktop notification; carries title and body",
    "idle:started": "the user went away; carries the absence",
    "idle:returned": "the user came back; carries the absence and whether a choice is pending",
    "idle:resolved": "the choice for an absence was made; carries it",
    "idle:prompt-requested": "the pending choice should be shown in the dashboard (the user clicked the "
                             "notification, or it has no buttons); carries the absence id",
    "export:completed": "an export file was written; carries its path",
    "review:changed": "the review inbox's suggestions changed",
    "timeline:relabeled": "rules were re-applied to the window timeline; carries the range",
    "sync-status-changed": "sync or an integration reports progress or an error; carries the status",
}


class EventBus:
    """Fan-out of (channel, data) pairs.

    Threading contract: `publish` calls every listener on the publishing thread, after the
    store transaction that caused the event has committed; a listener must return quickly
    (hand the event to its own queue) and its errors are logged, never raised to the publisher.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add `listener`; return a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def publish(self, channel: str, data: Any = None) -> None:
        """Call every listener with (channel, data); `channel` must be one of `EVENTS`."""
        if channel not in EVENTS:
            raise ValueError(f"{channel!r} is not an event of the app (core.events.EVENTS).")
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(channel, data)
            except Exception:
                log.exception("event listener failed for %s", channel)

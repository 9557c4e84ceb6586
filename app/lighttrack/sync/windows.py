"""Window activity between devices, off by default (titles are the most sensitive data there is).

A device whose user turned it on leaves each of its finished (sealed) days of tracked windows on the server: one
blob per device and day, compressed, padded and sealed for the vault, bound to the device and the day, and left again
when the day's file changes (an app forgotten, spans relabelled). Every device takes the others' days, in the order
they arrived, into its own timeline, each span tagged with the device it came from; what it sent before for that day
is replaced. Only a device's own spans travel, never what it received.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.services import Services
from ..store.spans import SpanStore
from .remote import Remote, ServerTooOld
from .seal import KeyChanged, SealError, Sealer
from .state import SyncState

log = logging.getLogger(__name__)

PUT_DAYS = 20  # days per call up
TAKE_DAYS = 50  # days per call down
SPAN_FIELDS = {"start": str, "end": str, "app": str}


@dataclass
class WindowActivity:
    """This data folder's windows and whether its user lets them travel."""

    spans: SpanStore
    enabled: Callable[[], bool]


def window_activity(services: Services) -> WindowActivity:
    """The windows of an open data folder, sent when its user turned `syncWindowActivity` on."""
    return WindowActivity(services.spans, lambda: bool(services.settings.get("syncWindowActivity")))


class WindowSync:
    """One round of window activity for one engine (its caller holds the round lock and the store's state)."""

    def __init__(self, windows: WindowActivity, state: SyncState, transaction: Callable[[], Any]) -> None:
        self._windows = windows
        self._state = state
        self._transaction = transaction

    def round(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes, device: dict) -> int:
        """Send this device's changed days when allowed, take the others'; return the new download cursor.
        A server whose schema predates window activity leaves it for later: the records synced all the same."""
        cursor = device.get("spanCursor", 0)
        try:
            if self._windows.enabled():
                self._send(remote, sealer, vault_id, dev)
            return self._take(remote, sealer, vault_id, dev, cursor)
        except ServerTooOld as exc:
            log.warning("%s", exc)
            return cursor

    def _send(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes) -> None:
        with self._transaction():
            sent = self._state.sent_days()
        changed = {day: when for day, when in self._windows.spans.sealed_days().items() if sent.get(day) != when}
        batch: dict[str, bytes] = {}
        nothing: dict[str, int] = {}  # days of the others' windows only: nothing of ours to send
        for day in sorted(changed):
            own = self._windows.spans.own_day(day)
            if own or day in sent:
                batch[day] = sealer.seal_day(own, dev, day)
            else:
                nothing[day] = changed[day]
            if len(batch) == PUT_DAYS:
                self._put_batch(remote, sealer, vault_id, dev, batch, changed)
                batch = {}
        if batch:
            self._put_batch(remote, sealer, vault_id, dev, batch, changed)
        if nothing:
            with self._transaction():
                self._state.note_sent_days(nothing)

    def _put_batch(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes, batch: dict[str, bytes],
                   changed: dict[str, int]) -> None:
        remote.put_span_days(vault_id, dev, list(batch), uuid.UUID(bytes=sealer.key_id), list(batch.values()))
        with self._transaction():
            self._state.note_sent_days({day: changed[day] for day in batch})

    def _take(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes, cursor: int) -> int:
        while True:
            rows = remote.pull_span_days(vault_id, cursor, TAKE_DAYS)
            with self._transaction():
                sent = self._state.sent_days()
            for _, device, day, key_id, blob in rows:
                if device != dev:
                    self._put(sealer, device, day, key_id, blob, sent)
            if rows:
                cursor = rows[-1][0]
            if len(rows) < TAKE_DAYS:
                return cursor

    def _put(self, sealer: Sealer, device: bytes, day: str, key_id: uuid.UUID, blob: bytes,
             sent: dict[str, int]) -> None:
        try:
            spans = sealer.open_day(blob, device, day, key_id.bytes)
        except (SealError, KeyChanged) as exc:
            log.warning("a synced day of window activity was passed over: %s", exc)
            return
        spans = [s for s in spans if _well_formed(s, day)]
        before = self._windows.spans.changed_at(day)
        self._windows.spans.put_device_day(day, device.hex(), spans)
        after = self._windows.spans.changed_at(day)
        if before is not None and after is not None and sent.get(day) == before:
            sent[day] = after  # only the others' part changed: nothing of ours to send again
            with self._transaction():
                self._state.note_sent_days({day: after})


def _well_formed(span: Any, day: str) -> bool:
    """A span of `day` with text fields where the timeline reads them (another device of the same vault sealed it,
    so this only guards against a version that writes spans differently)."""
    return (isinstance(span, dict) and all(isinstance(span.get(k), kind) for k, kind in SPAN_FIELDS.items())
            and span["start"][:10] == day and span["start"] < span["end"])

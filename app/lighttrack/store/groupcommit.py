"""Group commit: writers that need their appends on the disk share one round of fsyncs.

A writer appends (holding whatever lock orders its writes), takes a ticket, releases its locks and
waits. The first waiter becomes the leader of a round: it fsyncs every file written so far while
later writers append and queue for the next round, so N concurrent writers cost about one fsync
each round instead of N.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from pathlib import Path

from ..errors import StoreError
from .files import disk_error

KEEP_FAILURES = 64
# An appended frame needs its data and the file size on the disk, not the mtime: fdatasync, where there is one.
_sync_data = getattr(os, "fdatasync", os.fsync)


def fsync_strict(path: Path) -> None:
    """fdatasync a file, raising on failure; a file removed or replaced meanwhile needs none (its successor was synced)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        _sync_data(fd)
    finally:
        os.close(fd)


class GroupCommit:
    """Tickets for written files and rounds of fsync that make them durable.

    Threading contract: any thread may call any method; `wait` must be called without holding
    a lock that writers need, or no round can gather more than one writer.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: set[Path] = set()
        self._written = 0
        self._synced = 0
        self._leading = False
        self._failures: deque[tuple[int, int, OSError]] = deque(maxlen=KEEP_FAILURES)

    def written(self, path: Path) -> int:
        """Note an append to `path`; return the ticket to wait for."""
        with self._cond:
            self._pending.add(path)
            self._written += 1
            return self._written

    def wait(self, ticket: int) -> None:
        """Return once the write of `ticket` is on the disk; raise StoreError (STORAGE_FULL when full) if it failed."""
        with self._cond:
            while self._synced < ticket:
                if self._leading:
                    self._cond.wait()
                else:
                    self._lead()
            failed = next((exc for first, last, exc in self._failures if first <= ticket <= last), None)
        if failed is not None:
            raise disk_error(failed, "the event")

    def sync_all(self) -> None:
        """Make everything written so far durable (errors are the waiters' to report)."""
        with self._cond:
            ticket = self._written
        try:
            self.wait(ticket)
        except StoreError:
            pass

    def _lead(self) -> None:
        """One round, called with the condition held; releases it while syncing."""
        self._leading = True
        paths, self._pending = self._pending, set()
        first, last = self._synced + 1, self._written
        self._cond.release()
        error = None
        try:
            for path in paths:
                try:
                    fsync_strict(path)
                except OSError as exc:
                    error = exc
        finally:
            self._cond.acquire()
            self._leading = False
            self._synced = last
            if error is not None:
                self._failures.append((first, last, error))
            self._cond.notify_all()

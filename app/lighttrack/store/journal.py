"""Append-only journals of encrypted frames, shared by the window spans and the ActivityWatch events.

A frame is a 4-byte big-endian length and one `Cipher.seal` of a JSON value. Appends reach the OS at
once and the disk at most `sync_seconds` later (or at `sync()`). A crash can only tear the last
frame: reading stops before it and `cut_torn_tail` removes it before the next append.
"""

from __future__ import annotations

import logging
import os
import struct
import time
from pathlib import Path

import orjson

from ..errors import StoreError
from .crypto import Cipher
from .files import atomic_write, disk_error, fsync_dir, write_all
from .groupcommit import GroupCommit

log = logging.getLogger(__name__)

SUFFIX = ".journal"
_LENGTH = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024


def encode_frame(cipher: Cipher, value: object) -> bytes:
    blob = cipher.seal(orjson.dumps(value))
    return _LENGTH.pack(len(blob)) + blob


def decode_frames(data: bytes, cipher: Cipher, name: str) -> tuple[list, int]:
    """Decode a journal's frames; return them and the length of the intact prefix.

    A damaged frame in the middle is skipped (and logged); a damaged or short last frame ends the read.
    """
    frames, offset = [], 0
    while offset + _LENGTH.size <= len(data):
        (size,) = _LENGTH.unpack_from(data, offset)
        end = offset + _LENGTH.size + size
        if size > MAX_FRAME or end > len(data):
            break
        try:
            frames.append(orjson.loads(cipher.open(data[offset + _LENGTH.size:end], name)))
        except (StoreError, orjson.JSONDecodeError):
            if end == len(data):
                break  # a torn last frame whose length field survived
            log.warning("journal %s: skipped a damaged frame at byte %d", name, offset)
        offset = end
    return frames, offset


class JournalFiles:
    """Appends frames to journal files and syncs them in batches.

    Not thread-safe by itself: callers hold the Store's lock, except for `durable`, which they
    call without it so that concurrent writers share one fsync (group commit).
    """

    def __init__(self, cipher: Cipher, sync_seconds: float) -> None:
        self._cipher = cipher
        self.sync_seconds = sync_seconds
        self._commit = GroupCommit()
        self._checked: set[Path] = set()
        self._last_sync = time.monotonic()

    def append(self, path: Path, value: object) -> int:
        """Append one frame to `path` (created 0600 with its folder when new); return its durability ticket.

        A failed write (a full disk) leaves the file as it was: the partial frame is cut off again.
        """
        if path not in self._checked:
            self.cut_torn_tail(path)
            self._checked.add(path)
        is_new = not path.exists()
        try:
            if is_new:
                path.parent.mkdir(parents=True, exist_ok=True)
            _append_whole(path, encode_frame(self._cipher, value))
            if is_new:
                fsync_dir(path.parent)
        except OSError as exc:
            raise disk_error(exc, "the record") from None
        ticket = self._commit.written(path)
        if time.monotonic() - self._last_sync >= self.sync_seconds:
            self.sync()
        return ticket

    def durable(self, ticket: int) -> None:
        """Return once the append of `ticket` is on the disk (call it without the Store's lock)."""
        self._commit.wait(ticket)

    def read(self, path: Path) -> list:
        """Every intact frame of `path` ([] when it doesn't exist)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        return decode_frames(data, self._cipher, path.name)[0]

    def rewrite(self, path: Path, value: object) -> None:
        """Replace `path` atomically with a single frame holding `value`."""
        try:
            atomic_write(path, encode_frame(self._cipher, value))
        except OSError as exc:
            raise disk_error(exc, "the journal") from None

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.forget(path)
        fsync_dir(path.parent)

    def forget(self, path: Path) -> None:
        """Stop tracking `path` (deleted or replaced by the caller)."""
        self._checked.discard(path)

    def sync(self) -> None:
        """Flush every appended frame to the disk."""
        self._commit.sync_all()
        self._last_sync = time.monotonic()

    def cut_torn_tail(self, path: Path) -> None:
        """Cut a torn last frame (a crash in the middle of an append) before appending after it."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return
        _, good = decode_frames(data, self._cipher, path.name)
        if good < len(data):
            log.warning("journal %s: dropped a torn last frame (%d bytes)", path.name, len(data) - good)
            with open(path, "r+b") as handle:
                handle.truncate(good)
                os.fsync(handle.fileno())


def _append_whole(path: Path, frame: bytes) -> None:
    """Append `frame` entirely or not at all (a short or failed write is truncated away)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        size = os.fstat(fd).st_size
        try:
            write_all(fd, frame)
        except OSError:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)

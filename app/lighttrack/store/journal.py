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
from .files import atomic_write, fsync_dir, fsync_path

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

    Not thread-safe by itself: callers hold the Store's lock.
    """

    def __init__(self, cipher: Cipher, sync_seconds: float) -> None:
        self._cipher = cipher
        self.sync_seconds = sync_seconds
        self._unsynced: set[Path] = set()
        self._checked: set[Path] = set()
        self._last_sync = time.monotonic()

    def append(self, path: Path, value: object) -> None:
        """Append one frame to `path` (created 0600 with its folder when new)."""
        if path not in self._checked:
            self.cut_torn_tail(path)
            self._checked.add(path)
        is_new = not path.exists()
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, encode_frame(self._cipher, value))
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(f"Could not write {path.name}: {exc.strerror or exc}.") from None
        self._unsynced.add(path)
        if is_new:
            fsync_dir(path.parent)
        if time.monotonic() - self._last_sync >= self.sync_seconds:
            self.sync()

    def read(self, path: Path) -> list:
        """Every intact frame of `path` ([] when it doesn't exist)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        return decode_frames(data, self._cipher, path.name)[0]

    def rewrite(self, path: Path, value: object) -> None:
        """Replace `path` atomically with a single frame holding `value`."""
        atomic_write(path, encode_frame(self._cipher, value))
        self._unsynced.discard(path)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.forget(path)
        fsync_dir(path.parent)

    def forget(self, path: Path) -> None:
        """Stop tracking `path` (deleted or replaced by the caller)."""
        self._unsynced.discard(path)
        self._checked.discard(path)

    def sync(self) -> None:
        """Flush every appended frame to the disk."""
        for path in self._unsynced:
            fsync_path(path)
        self._unsynced.clear()
        self._last_sync = time.monotonic()

    def cut_torn_tail(self, path: Path) -> None:
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

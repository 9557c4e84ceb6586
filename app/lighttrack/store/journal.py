"""Append-only journals of encrypted frames, shared by the window spans and the ActivityWatch events.

A frame is a marker (`MAGIC`), a 4-byte big-endian length, the CRC-32 of that length and one
`Cipher.seal` of a JSON value (AES-GCM authenticates it). Appends reach the OS at once and the disk
at `durable(ticket)` or at most `sync_seconds` later. A crash can only tear the last frame: reading
stops before it and `cut_torn_tail` removes it before the next append. A damaged frame anywhere
costs that frame only: reading skips to the next marker. Before any damaged file is cut or
rewritten, a copy is kept aside (`<name>.damaged-<unix time>`). Files of the first format (length +
blob, no marker) are still read, and converted before the first append.
"""

from __future__ import annotations

import logging
import os
import shutil
import struct
import time
import zlib
from collections.abc import Iterator
from typing import IO, Any
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from ..errors import StoreError
from .crypto import Cipher
from .files import atomic_write, disk_error, fsync_dir, write_all
from .groupcommit import GroupCommit

log = logging.getLogger(__name__)

SUFFIX = ".journal"
MAGIC = b"\xf0LT\x01"  # as a first-format length it would exceed MAX_FRAME, so the formats can't be confused
_LENGTH = struct.Struct(">I")
_HEADER = struct.Struct(">4sII")
MAX_FRAME = 64 * 1024 * 1024


def encode_frame(cipher: Cipher, value: object) -> bytes:
    blob = cipher.seal(orjson.dumps(value))
    length = _LENGTH.pack(len(blob))
    return _HEADER.pack(MAGIC, len(blob), zlib.crc32(length)) + blob


@dataclass
class Decoded:
    """A journal's readable frames; `end` is where the intact part ends (a torn or damaged tail starts there)."""

    frames: list[Any] = field(default_factory=list)
    end: int = 0
    damaged: bool = False
    legacy: bool = False


def decode_frames(data: bytes, cipher: Cipher, name: str) -> Decoded:
    """Decode a journal; a damaged frame is skipped (and logged), reading goes on at the next marker."""
    if data and not data.startswith(MAGIC):
        return _decode_legacy(data, cipher, name)
    found, offset = Decoded(), 0
    while offset < len(data):
        frame, after = _frame_at(data, offset, cipher, name)
        if frame is _TORN and data.find(MAGIC, offset + 1) < 0:
            break
        if frame is _TORN or frame is _BAD:
            log.warning("journal %s: skipped a damaged frame at byte %d", name, offset)
            found.damaged = True
            offset = data.find(MAGIC, offset + 1)
            if offset < 0:
                break
            continue
        found.frames.append(frame)
        offset = found.end = after
    return found


_TORN, _BAD = object(), object()


def _frame_at(data: bytes, offset: int, cipher: Cipher, name: str) -> tuple[object, int]:
    """(value, offset after it), or (_TORN, 0) for a frame cut short, or (_BAD, 0) for a damaged one."""
    if len(data) - offset < _HEADER.size:
        return (_TORN if MAGIC.startswith(data[offset:offset + 4]) else _BAD), 0
    magic, size, check = _HEADER.unpack_from(data, offset)
    if magic != MAGIC or check != zlib.crc32(_LENGTH.pack(size)) or size > MAX_FRAME:
        return _BAD, 0
    end = offset + _HEADER.size + size
    if end > len(data):
        return _TORN, 0
    try:
        return orjson.loads(cipher.open(data[offset + _HEADER.size:end], name)), end
    except (StoreError, orjson.JSONDecodeError):
        return _BAD, 0


def _decode_legacy(data: bytes, cipher: Cipher, name: str) -> Decoded:
    """The first format: a length and a blob per frame, no marker (a broken length ends the read)."""
    found, offset = Decoded(legacy=True), 0
    while offset + _LENGTH.size <= len(data):
        (size,) = _LENGTH.unpack_from(data, offset)
        end = offset + _LENGTH.size + size
        if size > MAX_FRAME or end > len(data):
            break
        try:
            found.frames.append(orjson.loads(cipher.open(data[offset + _LENGTH.size:end], name)))
        except (StoreError, orjson.JSONDecodeError):
            if end == len(data):
                break  # a torn last frame whose length field survived
            log.warning("journal %s: skipped a damaged frame at byte %d", name, offset)
            found.damaged = True
        offset = found.end = end
    found.damaged = found.damaged or found.end < len(data)  # a torn tail or a broken length: keep a copy either way
    return found


def keep_aside(path: Path) -> Path:
    """Copy a damaged file beside itself before it is cut or rewritten; return the copy."""
    copy = path.with_name(f"{path.name}.damaged-{int(time.time())}")
    if not copy.exists():
        shutil.copy2(path, copy)
        log.warning("journal %s is damaged: kept a copy as %s", path.name, copy.name)
    return copy


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

    def read(self, path: Path) -> list[Any]:
        """Every intact frame of `path` ([] when it doesn't exist)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        return decode_frames(data, self._cipher, path.name).frames

    def frames(self, path: Path) -> Iterator[Any]:
        """The same frames as `read`, decoded one at a time as they are taken, so a long journal is never in
        memory whole. The file is opened now: a journal sealed or rewritten meanwhile is still read as it was."""
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed by the generator it is handed to)
        except FileNotFoundError:
            return iter(())
        return self._frames_of(handle, os.fstat(handle.fileno()).st_size, path.name)

    def _frames_of(self, handle: IO[bytes], size: int, name: str) -> Iterator[Any]:
        """The frames in the first `size` bytes of `handle` (frames appended after it was opened are left out)."""
        with handle:
            offset, head = 0, handle.read(min(_HEADER.size, size))
            if head and not head.startswith(MAGIC):  # the first format: decoded whole
                yield from decode_frames(head + handle.read(size - len(head)), self._cipher, name).frames
                return
            while len(head) == _HEADER.size:
                frame = self._next_frame(handle, head, size - offset - _HEADER.size, name)
                if frame is _TORN:
                    return
                if frame is _BAD:
                    break
                yield frame
                offset = handle.tell()
                head = handle.read(min(_HEADER.size, size - offset))
            else:
                return  # the end, or a header cut short by a crash
            # a damaged frame: the rest is read as `read` reads it, from the next marker on
            handle.seek(offset)
            rest = handle.read(size - offset)
            found = rest.find(MAGIC, 1)
            log.warning("journal %s: skipped a damaged frame at byte %d", name, offset)
            if found > 0:
                yield from decode_frames(rest[found:], self._cipher, name).frames

    def _next_frame(self, handle: IO[bytes], head: bytes, left: int, name: str) -> object:
        """The frame whose header is `head`, read from `handle` (`left` bytes follow the header); _TORN at a frame
        cut short, _BAD when damaged."""
        magic, size, check = _HEADER.unpack(head)
        if magic != MAGIC or check != zlib.crc32(_LENGTH.pack(size)) or size > MAX_FRAME:
            return _BAD
        if size > left:
            return _TORN
        blob = handle.read(size)
        try:
            return orjson.loads(self._cipher.open(blob, name))
        except (StoreError, orjson.JSONDecodeError):
            return _BAD

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
        """Before the first append: cut a torn last frame (a crash mid-append), convert a first-format file.

        A damaged file is copied aside first, so nothing is ever lost by making it smaller.
        """
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return
        decoded = decode_frames(data, self._cipher, path.name)
        if decoded.damaged:
            keep_aside(path)
        if decoded.legacy:
            atomic_write(path, b"".join(encode_frame(self._cipher, frame) for frame in decoded.frames))
        elif decoded.end < len(data):
            log.warning("journal %s: dropped a torn last frame (%d bytes)", path.name, len(data) - decoded.end)
            with open(path, "r+b") as handle:
                handle.truncate(decoded.end)
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

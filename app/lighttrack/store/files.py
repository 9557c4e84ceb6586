"""Crash-safe file primitives: a file is either its old or its new content, never torn."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import StorageFullError, StoreError

FULL = (errno.ENOSPC, errno.EDQUOT)
CANNOT_SYNC = (errno.EINVAL, errno.ENOTSUP, errno.EROFS)  # fsync(2): this file system does not sync that


def disk_error(exc: OSError, what: str) -> StoreError:
    """The error to report for an OSError while writing `what`: STORAGE_FULL for a full disk."""
    if exc.errno in FULL:
        return StorageFullError(f"The disk is full: {what} was not saved. Free some space and try again.")
    return StoreError(f"Could not save {what}: {exc.strerror or exc}.")


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def fsync_path(path: Path) -> None:
    """Flush a file's or a folder's data to the disk; raise OSError when the disk fails.

    A path that can't be opened (a folder on Windows) or a file system that can't sync it is skipped.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in CANNOT_SYNC:
            raise
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (a no-op where directories can't be opened)."""
    fsync_path(path)


def write_synced(path: Path, data: bytes | Iterable[bytes], mode: int = 0o600) -> None:
    """Write `data` (bytes, or pieces of bytes written as they come) to `path` (created or truncated); fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        for piece in [data] if isinstance(data, bytes) else data:
            write_all(fd, piece)
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes | Iterable[bytes], mode: int = 0o600) -> None:
    """Replace `path` with `data` (see `write_synced`): temp file, fsync, rename, fsync of the folder.

    A failure leaves no temp file."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        write_synced(tmp, data, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path`, which must not exist (FileExistsError otherwise, even when it appears meanwhile).

    The content goes to a temp file first and is linked into place, so `path` is never seen half-written
    and nothing existing (a file, a symlink) is ever replaced.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_synced(tmp, data, mode)
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)

"""A write is acknowledged only once the disk said it is durable, folder entries included.

A disk that fails an fsync can't be made here, so os.fsync is replaced by one that fails for folders (the
rename of an atomic replace is durable only after its folder is synced); everything else is real.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.errors import StoreError
from lighttrack.store.database import Store

ADD = {"name": "Report", "startTime": "2026-03-10T09:00:00+00:00", "endTime": "2026-03-10T10:00:00+00:00"}


def _folders_fail_with(monkeypatch, code: int) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_folder_sync_the_disk_fails_fails_the_write(services, monkeypatch):
    _folders_fail_with(monkeypatch, errno.EIO)
    with pytest.raises(StoreError, match="Could not save the change: Input/output error"):
        services.activities.add(ADD)


def test_a_file_system_that_cannot_sync_folders_still_saves(tmp_path, services, monkeypatch):
    _folders_fail_with(monkeypatch, errno.EINVAL)
    added = services.activities.add(ADD)
    monkeypatch.undo()
    reopened = Services.open(Context(Store(tmp_path / "data", services.ctx.store.cipher)))
    assert reopened.activities.get(added["id"])["name"] == "Report"

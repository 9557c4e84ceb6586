"""Faults on the way: a folder restored from an old backup, wrong clocks, a server that crashes or drops us."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from faultproxy import FaultProxy
from test_two_devices import sync_all

from lighttrack.sync.engine import VaultTooNew
from lighttrack.sync.remote import ServerError


def _backup(device, target):
    device.close()
    shutil.copytree(device.folder, target)
    device.open()


def _restore(device, source):
    device.close()
    shutil.rmtree(device.folder)
    shutil.copytree(source, device.folder)
    device.open()


def test_a_folder_restored_from_an_old_backup_loses_nothing(make_device, tmp_path):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "v1", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    _backup(a, tmp_path / "backup")
    a.services.activities.update(made["id"], {"name": "v2"})
    later = a.services.activities.add({"name": "after the backup", "startTime": "2026-03-10T09:00:00Z",
                                       "endTime": "2026-03-10T09:30:00Z"})
    a.sync.sync_now()  # acknowledged: v2 and the new activity are on the server

    _restore(a, tmp_path / "backup")
    a.clock.advance(60)
    a.services.activities.update(made["id"], {"name": "v3"})  # the same dot the lost v2 used, without a new epoch
    a.services.activities.update(made["id"], {"tags": ["restored"]})
    fresh = a.services.activities.add({"name": "new after restore", "startTime": "2026-03-10T10:00:00Z",
                                       "endTime": "2026-03-10T10:30:00Z"})
    sync_all(a, b)

    for device in (a, b):
        got = device.services.activities.get(made["id"])
        assert (got["name"], got["tags"]) == ("v3", ["restored"])
        [conflict] = device.sync.conflicts()
        assert [s["value"]["name"] for s in conflict["siblings"]] == ["v3", "v2"]
        assert device.services.activities.get(later["id"])["name"] == "after the backup"
        assert device.services.activities.get(fresh["id"])["name"] == "new after restore"
    assert a.snapshot() == b.snapshot()
    assert a.sync.status()["pending"] == 0
    assert [p.name.split("-", 2)[2] for p in (a.folder / "backups").iterdir()] == ["before-new-epoch"]
    assert not (b.folder / "backups").exists()


@pytest.mark.parametrize("skew", [timedelta(hours=2), timedelta(hours=-2), timedelta(days=365)])
def test_a_wrong_clock_neither_blocks_sync_nor_wins_later_edits(make_device, skew):
    a, b = make_device("a"), make_device("b")
    a.skew = skew
    made = a.services.activities.add({"name": "first", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    measured = a.sync.status()["clockSkewMs"] - b.sync.status()["clockSkewMs"]
    assert abs(measured + skew.total_seconds() * 1000) < 5 * 60_000
    b.clock.advance(600)
    b.services.activities.update(made["id"], {"name": "a later edit on b"})
    sync_all(b, a)
    a.clock.advance(1200)
    a.services.activities.update(made["id"], {"name": "a still later edit on a"})
    sync_all(a, b)
    assert b.services.activities.get(made["id"])["name"] == "a still later edit on a"
    assert a.snapshot() == b.snapshot()


def test_a_server_crash_and_a_killed_connection_are_retried(pg, make_device):
    a, b = make_device("a"), make_device("b")
    a.services.activities.add({"name": "before", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    pg.restart_immediate()
    a.services.activities.add({"name": "after crash", "startTime": "2026-03-10T08:00:00Z", "endTime": "2026-03-10T09:00:00Z"})
    sync_all(a, b)
    pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lighttrack'")
    sync_all(a, b)
    assert a.snapshot() == b.snapshot()
    assert {d["name"] for d in b.snapshot()["activities"].values()} == {"before", "after crash"}


def test_an_unreachable_server_is_one_clear_error_and_edits_wait(make_device, pg):
    a = make_device("a")
    a.secrets.values["sync-dsn"] = pg.dsn("nobody", "x", port=1)
    a.services.activities.add({"name": "offline", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    with pytest.raises(ServerError, match="Cannot reach the sync server"):
        a.sync.sync_now()
    status = a.sync.status()
    assert status["pending"] > 0 and "Cannot reach" in status["lastError"]


def test_a_lost_acknowledgement_is_pushed_again_without_duplicates(pg, make_device, user_dsn):
    a, b = make_device("a"), make_device("b")
    proxy = FaultProxy(pg.port)
    try:
        a.secrets.values["sync-dsn"] = user_dsn.replace(f"port={pg.port}", f"port={proxy.port}")
        made = a.services.activities.add({"name": "once", "startTime": "2026-03-10T07:00:00Z",
                                          "endTime": "2026-03-10T08:00:00Z"})
        proxy.cut_pushes = 1
        with pytest.raises(ServerError):
            a.sync.sync_now()
        assert proxy.cuts == 1 and a.sync.status()["pending"] > 0
        b.sync.sync_now()
        assert b.services.activities.get(made["id"])["name"] == "once"  # it did commit on the server
        rows = int(pg.psql("SELECT count(*) FROM lighttrack.change"))
        a.sync.sync_now()
        assert a.sync.status()["pending"] == 0
        assert int(pg.psql("SELECT count(*) FROM lighttrack.change")) == rows  # the retry added no row
        sync_all(a, b)
        assert a.snapshot() == b.snapshot()
    finally:
        proxy.close()


def test_a_vault_upgraded_by_a_newer_version_stops_this_device_writing_until_it_is_back(pg, make_device):
    a = make_device("a")
    a.services.activities.add({"name": "before", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    vault = a.sync.status()["vaultId"]
    pg.psql(f"UPDATE lighttrack.vault SET format = format + 1 WHERE vault_id = '{vault}'")
    head = pg.psql(f"SELECT head_seq FROM lighttrack.vault WHERE vault_id = '{vault}'")
    a.services.activities.add({"name": "while too old", "startTime": "2026-03-10T09:00:00Z",
                               "endTime": "2026-03-10T09:30:00Z"})

    with pytest.raises(VaultTooNew, match="Update LightTrack on this device"):
        a.sync.sync_now()
    assert pg.psql(f"SELECT head_seq FROM lighttrack.vault WHERE vault_id = '{vault}'") == head  # nothing written
    assert a.sync.status()["pending"] == 1 and "newer LightTrack" in a.sync.status()["lastError"]

    pg.psql(f"UPDATE lighttrack.vault SET format = format - 1 WHERE vault_id = '{vault}'")  # "updated"
    a.sync.sync_now()
    assert a.sync.status()["pending"] == 0

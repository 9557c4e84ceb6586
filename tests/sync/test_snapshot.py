"""A new device starts from the snapshot another device left on the server, then catches up from the log."""

from __future__ import annotations

import pytest
from test_two_devices import sync_all

from lighttrack.sync import snapshot
from lighttrack.sync.seal import Sealer


@pytest.fixture
def small_snapshots(monkeypatch):
    """Snapshots after 20 versions (the real threshold is thousands)."""
    monkeypatch.setattr(snapshot, "SNAPSHOT_MIN_ROWS", 20)


@pytest.fixture
def opened(monkeypatch):
    """How many log versions each device opened (a bootstrap from a snapshot opens only the newer ones)."""
    count = {"versions": 0}
    real_open = Sealer.open

    def counting_open(self, blob, where):
        count["versions"] += 1
        return real_open(self, blob, where)
    monkeypatch.setattr(Sealer, "open", counting_open)
    return count


def fill(device, months=("2026-01", "2026-02", "2026-03"), per_month=10) -> list[dict]:
    project = device.services.projects.create({"name": "Acme"})
    made = []
    for month in months:
        for day in range(1, per_month + 1):
            made.append(device.services.activities.add({
                "name": f"Work {month}-{day}", "projectId": project["id"], "tags": ["deep"],
                "startTime": f"{month}-{day:02}T09:00:00Z", "endTime": f"{month}-{day:02}T10:15:00Z"}))
    return made


def test_a_new_device_loads_the_snapshot_and_pulls_only_what_came_after(make_device, small_snapshots, opened):
    a = make_device("a")
    made = fill(a)
    a.services.activities.delete([made[3]["id"]])
    a.services.activities.start({"name": "Running on A"})
    a.sync.sync_now()  # pushes 30-odd versions: enough for a snapshot
    assert a.sync.status()["snapshotUpto"] == a.sync.status()["cursor"] > 20
    a.services.activities.update(made[0]["id"], {"name": "Renamed after the snapshot"})
    a.services.activities.add({"name": "Added after", "startTime": "2026-03-20T09:00:00Z",
                               "endTime": "2026-03-20T09:30:00Z"})
    a.sync.sync_now()

    b = make_device("b")
    opened["versions"] = 0
    b.sync.sync_now()

    assert opened["versions"] == 2  # the rename and the new entry; the rest came in the snapshot
    assert b.snapshot() == a.snapshot()
    assert b.services.activities.get(made[0]["id"])["name"] == "Renamed after the snapshot"
    assert b.services.activities.get(made[5]["id"])["duration"] == 75 * 60 * 1000
    assert b.raw(made[3]["id"])["isDeleted"] is True
    assert b.services.activities.running()["name"] == "Running on A"
    assert b.sync.status()["pending"] == 0  # loading it wrote nothing of B's own to send back

    b.services.activities.update(made[1]["id"], {"description": "edited on B"})
    sync_all(b, a)
    assert a.services.activities.get(made[1]["id"])["description"] == "edited on B"
    assert a.snapshot() == b.snapshot()


def test_a_device_with_records_of_its_own_merges_the_snapshot(make_device, small_snapshots):
    a = make_device("a")
    fill(a)
    a.sync.sync_now()
    b = make_device("b", setup=False)
    own = b.services.activities.add({"name": "Only on B", "startTime": "2026-02-14T15:00:00Z",
                                     "endTime": "2026-02-14T16:00:00Z"})
    b.setup(a.secrets.values["sync-dsn"])
    sync_all(b, a)

    assert a.services.activities.get(own["id"])["name"] == "Only on B"
    assert len(b.snapshot()["activities"]) == 31
    assert a.snapshot() == b.snapshot()


def test_a_damaged_snapshot_is_passed_over_for_the_log(make_device, small_snapshots, pg, opened):
    a = make_device("a")
    fill(a)
    a.sync.sync_now()
    # parts: the main file, then January, February, March: February is damaged, January was already written
    pg.psql("UPDATE lighttrack.snapshot SET blob = overlay(blob PLACING '\\x00'::bytea FROM 40 FOR 1) WHERE part = 2")

    b = make_device("b")
    opened["versions"] = 0
    b.sync.sync_now()

    assert opened["versions"] > 30  # it read the whole log instead
    assert a.snapshot() == b.snapshot()


@pytest.mark.parametrize("snapshot_kept", [True, False], ids=["snapshot-kept", "snapshot-gone"])
def test_a_load_cut_short_by_a_crash_shows_every_month_after_the_restart(make_device, small_snapshots, monkeypatch,
                                                                         pg, snapshot_kept):
    a = make_device("a")
    fill(a)
    a.sync.sync_now()
    b = make_device("b")

    def crash(self):
        raise RuntimeError("killed while loading")
    with monkeypatch.context() as patch:
        patch.setattr(snapshot.SnapshotLoader, "finish", crash)
        with pytest.raises(RuntimeError):
            b.sync.sync_now()
    b.reopen()  # the months written so far are on disk, the index of months does not know them yet
    if not snapshot_kept:
        pg.psql("DELETE FROM lighttrack.snapshot")  # the restarted device replays the log instead
    b.sync.sync_now()

    assert a.snapshot() == b.snapshot()
    assert len(b.services.activities.every()) == 30


def test_no_snapshot_is_sealed_while_an_edit_waits_to_be_pushed(make_device, small_snapshots):
    a = make_device("a")
    fill(a)
    a.sync.sync_now()
    a.services.activities.add({"name": "Not pushed yet", "startTime": "2026-03-21T09:00:00Z",
                               "endTime": "2026-03-21T09:30:00Z"})
    engine = a.sync
    device = engine._device()
    sealer = engine._sealer(device)
    assert snapshot.seal_snapshot(engine.store, engine._state, sealer, device["cursor"]) is None

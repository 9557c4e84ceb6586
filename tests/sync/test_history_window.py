"""The server keeps 90 days of history: older versions that a later version of their record followed are pruned once
a snapshot covers them, and a device away longer than that merges the snapshot before it reads on, so it ends as the
others do, a conflict among the pruned versions included."""

from __future__ import annotations

from test_snapshot import fill, small_snapshots  # noqa: F401 (a fixture)
from test_two_devices import sync_all


def age_history(pg, vault_id: str, days: int = 100) -> None:
    pg.psql(f"UPDATE lighttrack.change SET received_at = now() - interval '{days} days' WHERE vault_id = '{vault_id}'")


def pruned_upto(pg, vault_id: str) -> int:
    return int(pg.psql(f"SELECT pruned_upto FROM lighttrack.vault WHERE vault_id = '{vault_id}'").strip())


def test_a_device_away_longer_than_the_window_ends_as_the_others(make_device, pg, small_snapshots):  # noqa: F811
    a, b, away = make_device("a"), make_device("b"), make_device("away")
    made = a.services.activities.add({"name": "Draft", "startTime": "2026-03-10T07:00:00Z",
                                      "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b, away)  # the away device read the draft, then was not seen for months
    a.services.activities.update(made["id"], {"name": "Named on A"})
    b.services.activities.update(made["id"], {"name": "Named on B"})  # at the same time: a conflict
    sync_all(a, b)
    assert len(a.sync.conflicts()) == 1
    vault = a.sync.status()["vaultId"]
    age_history(pg, vault)

    fill(a)  # enough new versions for a snapshot, which prunes what it covers
    a.sync.sync_now()
    assert a.sync.status()["snapshotUpto"] == a.sync.status()["cursor"]
    assert pruned_upto(pg, vault) > 0
    history = a.sync.history("activities", made["id"])
    assert [v["document"]["name"] for v in history] == ["Named on B"]  # the newest stays; the old ones went

    away.sync.sync_now()
    assert away.snapshot() == a.snapshot()
    assert {v["value"]["name"] for c in away.sync.conflicts() for v in c["siblings"]} == {"Named on A", "Named on B"}
    sync_all(a, b, away)
    assert a.snapshot() == b.snapshot() == away.snapshot()


def test_versions_inside_the_window_stay_for_restoring(make_device, pg, small_snapshots):  # noqa: F811
    a = make_device("a")
    made = a.services.activities.add({"name": "First", "startTime": "2026-03-10T07:00:00Z",
                                      "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    a.services.activities.update(made["id"], {"name": "Second"})
    a.sync.sync_now()
    fill(a)
    a.sync.sync_now()  # a snapshot, but nothing is older than the window
    assert a.sync.status()["snapshotUpto"] > 0
    assert pruned_upto(pg, a.sync.status()["vaultId"]) == 0
    assert [v["document"]["name"] for v in a.sync.history("activities", made["id"])] == ["Second", "First"]

"""One scenario per row of the conflict table: two devices edit offline, then both sync."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support import open_services
from test_two_devices import sync_all

from lighttrack.sync.materialise import MassDelete

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def _at(device, minute: int) -> None:
    device.clock.current = T0.replace(minute=minute)


def _running(device, name: str) -> dict:
    _at(device, 0)
    made = device.services.activities.start({"name": name})
    return made


def test_two_running_activities_leave_the_latest_running(make_device):
    a, b = make_device("a"), make_device("b")
    _at(a, 0)
    first = a.services.activities.start({"name": "Email"})
    _at(b, 10)
    second = b.services.activities.start({"name": "Review"})
    _at(a, 20), _at(b, 20)
    sync_all(a, b)
    for device in (a, b):
        assert device.services.activities.running()["id"] == second["id"]
        ended = device.services.activities.get(first["id"])
        assert ended["endTime"] == second["startTime"]
        assert ended["metadata"]["syncStoppedBy"] == second["id"]
    assert a.snapshot() == b.snapshot()


def test_stopped_on_two_devices_keeps_the_earliest_stop(make_device):
    a, b = make_device("a"), make_device("b")
    made = _running(a, "Write")
    sync_all(a, b)
    _at(a, 30)
    a.services.activities.stop(made["id"])
    _at(b, 45)
    b.services.activities.stop(made["id"])
    sync_all(a, b)
    for device in (a, b):
        got = device.services.activities.get(made["id"])
        assert got["endTime"].startswith("2026-03-10T09:30") and got["duration"] == 30 * 60_000
    conflicts = a.sync.conflicts()
    assert [c["group"] for c in conflicts] == ["times"] and len(conflicts[0]["siblings"]) == 2
    assert a.snapshot() == b.snapshot()


def test_pauses_on_two_devices_are_united(make_device):
    a, b = make_device("a"), make_device("b")
    made = _running(a, "Read")
    sync_all(a, b)
    _at(a, 10), a.services.activities.pause(made["id"]), _at(a, 20), a.services.activities.resume(made["id"])
    _at(b, 30), b.services.activities.pause(made["id"]), _at(b, 40), b.services.activities.resume(made["id"])
    _at(a, 50), _at(b, 50)
    sync_all(a, b)
    for device in (a, b):
        got = device.services.activities.get(made["id"])
        assert [(p["start"][11:16], p["end"][11:16]) for p in got["pauses"]] == [("09:10", "09:20"), ("09:30", "09:40")]
        assert got["pausedDuration"] == 20 * 60_000 and not got["isPaused"]
    assert a.snapshot() == b.snapshot()


def test_delete_against_an_edit_stays_deleted_with_the_new_text_and_restores(make_device):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "Old", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    a.services.activities.delete([made["id"]])
    b.services.activities.update(made["id"], {"name": "New"})
    sync_all(a, b)
    for device in (a, b):
        got = device.raw(made["id"])
        assert got["isDeleted"] and got["name"] == "New"
    b.services.activities.restore(made["id"])
    sync_all(b, a)
    assert not a.services.activities.get(made["id"])["isDeleted"]
    assert a.snapshot() == b.snapshot()


def test_merge_against_an_edit_of_a_source_keeps_the_sources_deleted(make_device):
    a, b = make_device("a"), make_device("b")
    one = a.services.activities.add({"name": "Part 1", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T07:30:00Z"})
    two = a.services.activities.add({"name": "Part 2", "startTime": "2026-03-10T07:30:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    merged = a.services.activities.merge([one["id"], two["id"]])
    b.services.activities.update(one["id"], {"description": "kept on b"})
    sync_all(a, b)
    for device in (a, b):
        source = device.raw(one["id"])
        assert source["isDeleted"] and source["description"] == "kept on b"
        live = [d for d in device.services.activities.every() if not d.get("isDeleted")]
        assert [d["id"] for d in live] == [merged["id"]]
        assert sum(d["duration"] for d in live) == 60 * 60_000
    assert a.snapshot() == b.snapshot()


def test_split_against_an_edit_keeps_the_source_deleted_and_the_time_counted_once(make_device):
    a, b = make_device("a"), make_device("b")
    whole = a.services.activities.add({"name": "Long call", "startTime": "2026-03-10T07:00:00Z",
                                       "endTime": "2026-03-10T09:00:00Z"})
    sync_all(a, b)
    parts = a.services.activities.split(whole["id"], "2026-03-10T08:00:00Z")
    b.services.activities.update(whole["id"], {"description": "notes taken on b"})
    sync_all(a, b)
    for device in (a, b):
        source = device.raw(whole["id"])
        assert source["isDeleted"] and source["description"] == "notes taken on b"  # the edit is kept, restorable
        live = [d for d in device.services.activities.every() if not d.get("isDeleted")]
        assert sorted(d["id"] for d in live) == sorted(p["id"] for p in parts)
        assert sum(d["duration"] for d in live) == 2 * 60 * 60_000  # not three hours: the source stays deleted
    assert a.snapshot() == b.snapshot()


def test_the_same_project_name_created_on_two_devices_keeps_both_until_merged(make_device):
    a, b = make_device("a"), make_device("b")
    first = a.services.projects.create({"name": "Acme"})
    second = b.services.projects.create({"name": "Acme"})
    logged = b.services.activities.add({"name": "Call", "projectId": second["id"], "startTime": "2026-03-10T07:00:00Z",
                                        "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    for device in (a, b):
        names = {p["id"]: p["name"] for p in device.services.projects.all()}
        assert names[first["id"]] == names[second["id"]] == "Acme"
    assert a.snapshot() == b.snapshot()

    a.services.project_merge.merge(second["id"], first["id"])  # the Projects view's "Merge into it"
    sync_all(a, b)
    for device in (a, b):
        assert [p["id"] for p in device.services.projects.all() if p["name"] == "Acme"] == [first["id"]]
        assert device.services.activities.get(logged["id"])["projectId"] == first["id"]
    assert a.snapshot() == b.snapshot()


def test_tag_rename_against_offline_tagging_converges(make_device):
    a, b = make_device("a"), make_device("b")
    tag = a.services.tags.create({"name": "clinet"})
    made = a.services.activities.add({"name": "Call", "tags": ["clinet"], "startTime": "2026-03-10T07:00:00Z",
                                      "endTime": "2026-03-10T08:00:00Z"})
    other = a.services.activities.add({"name": "Mail", "startTime": "2026-03-10T08:00:00Z", "endTime": "2026-03-10T08:10:00Z"})
    sync_all(a, b)
    a.services.tags.update(tag["id"], {"name": "client"})
    b.services.activities.update(other["id"], {"tags": ["clinet", "urgent"]})
    sync_all(a, b)
    assert a.services.activities.get(made["id"])["tags"] == ["client"]
    assert set(a.services.activities.get(other["id"])["tags"]) == {"clinet", "urgent"}
    assert a.snapshot() == b.snapshot()


def test_privacy_lists_are_add_wins_and_redaction_wins(make_device):
    a, b = make_device("a"), make_device("b")
    a.services.settings.set("excludedApps", ["keepassxc"])
    sync_all(a, b)
    a.services.settings.set("excludedApps", ["keepassxc", "signal"])
    b.services.settings.set("excludedApps", [])
    b.services.settings.set("excludedApps", ["1password"])
    a.services.settings.set("redactTitles", True)
    b.services.settings.set("redactTitles", False)
    sync_all(a, b)
    for device in (a, b):
        assert set(device.services.settings.get("excludedApps")) == {"signal", "1password"}
        assert device.services.settings.get("redactTitles") is True
    assert a.snapshot() == b.snapshot()


def test_a_permanent_delete_erases_everywhere_over_a_concurrent_edit(make_device):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "Secret", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    sync_all(a, b)
    a.services.erase.delete_range("2026-03-10", "2026-03-10", {"permanent": True})
    b.services.activities.update(made["id"], {"name": "Secret, edited"})
    sync_all(a, b)
    for device in (a, b):
        assert all(d["id"] != made["id"] for d in device.services.activities.every())
    assert a.snapshot() == b.snapshot()


def test_device_local_settings_stay_on_their_device(make_device):
    a, b = make_device("a"), make_device("b")
    a.services.settings.set("idleThresholdSeconds", 60)
    a.services.settings.set("trackWindows", False)
    b.services.settings.set("pomodoroMinutes", 50)
    sync_all(a, b)
    assert b.services.settings.get("idleThresholdSeconds") == 300 and b.services.settings.get("trackWindows") is True
    assert a.services.settings.get("pomodoroMinutes") == 50


def test_a_pull_that_deletes_most_records_stops_until_allowed(make_device):
    a, b = make_device("a"), make_device("b")
    made = [a.services.activities.add({"name": f"keep {n}", "startTime": f"2026-03-{n + 1:02}T07:00:00Z",
                                       "endTime": f"2026-03-{n + 1:02}T08:00:00Z"}) for n in range(25)]
    sync_all(a, b)
    a.services.activities.delete([m["id"] for m in made])
    a.sync.sync_now()
    with pytest.raises(MassDelete, match="would delete 25 of"):
        b.sync.sync_now()
    assert len([d for d in b.services.activities.every() if not d.get("isDeleted")]) == 25  # nothing applied
    assert not (b.folder / "backups").exists()
    b.sync.sync_now(allow_mass_delete=True)
    assert [d for d in b.services.activities.every() if not d.get("isDeleted")] == []
    assert a.snapshot() == b.snapshot()

    # the files as they were before the allowed mass delete, still encrypted with B's key, next to B's data
    [backup] = (b.folder / "backups").iterdir()
    assert backup.name.endswith("-before-mass-delete")
    before = open_services(backup, key=b.key)
    try:
        assert len([d for d in before.activities.every() if not d.get("isDeleted")]) == 25
    finally:
        before.ctx.store.close()

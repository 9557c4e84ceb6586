"""Two data folders sync through a real PostgreSQL: edits cross, concurrent edits become siblings."""

from __future__ import annotations


def sync_all(*devices) -> None:
    """Two passes: everyone pushes, then everyone has pulled what the others pushed."""
    for _ in range(2):
        for device in devices:
            device.sync.sync_now()


def test_a_second_device_receives_projects_activities_and_settings(make_device):
    a = make_device("a")
    project = a.services.projects.create({"name": "Acme"})
    activity = a.services.activities.add({"name": "Write report", "projectId": project["id"],
                                          "startTime": "2026-03-10T08:00:00Z", "endTime": "2026-03-10T09:30:00Z"})
    a.services.settings.set("excludedApps", ["keepassxc"])
    a.services.settings.set("idleThresholdSeconds", 60)
    a.sync.sync_now()

    b = make_device("b")
    b.sync.sync_now()

    got = b.services.activities.get(activity["id"])
    assert (got["name"], got["projectId"], got["duration"]) == ("Write report", project["id"], 90 * 60 * 1000)
    assert b.services.projects.get(project["id"])["name"] == "Acme"
    assert b.services.settings.get("excludedApps") == ["keepassxc"]
    assert b.services.settings.get("idleThresholdSeconds") == 300  # device-local: not synced
    assert a.snapshot() == b.snapshot()


def test_edits_flow_both_ways_and_survive_a_restart(make_device):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "Call", "startTime": "2026-03-10T08:00:00Z",
                                      "endTime": "2026-03-10T08:30:00Z"})
    sync_all(a, b)
    b.services.activities.update(made["id"], {"description": "with the client"})
    b.reopen()
    sync_all(b, a)
    assert a.services.activities.get(made["id"])["description"] == "with the client"
    assert a.sync.status()["pending"] == 0
    assert a.snapshot() == b.snapshot()


def test_concurrent_renames_stay_as_siblings_until_resolved(make_device):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "Draft", "startTime": "2026-03-10T08:00:00Z",
                                      "endTime": "2026-03-10T08:30:00Z"})
    sync_all(a, b)
    a.services.activities.update(made["id"], {"name": "Draft A"})
    b.clock.advance(5)
    b.services.activities.update(made["id"], {"name": "Draft B"})
    sync_all(a, b)

    assert a.services.activities.get(made["id"])["name"] == "Draft B"  # the later edit shows
    conflicts = a.sync.conflicts()
    assert [c["id"] for c in conflicts] == [f"activities/{made['id']}/text"]
    assert [s["value"]["name"] for s in conflicts[0]["siblings"]] == ["Draft B", "Draft A"]
    assert b.sync.conflicts() == conflicts

    a.sync.resolve(conflicts[0]["id"], 1)
    sync_all(a, b)
    assert b.services.activities.get(made["id"])["name"] == "Draft A"
    assert a.sync.conflicts() == [] == b.sync.conflicts()
    assert a.snapshot() == b.snapshot()

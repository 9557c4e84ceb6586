"""The server keeps every version of a record: a device lists them and shows an old one again, on every device."""

from __future__ import annotations

import pytest
from test_two_devices import sync_all

from lighttrack.errors import ValidationError


def test_an_old_version_is_listed_and_restored_everywhere(make_device):
    a, b = make_device("a"), make_device("b")
    made = a.services.activities.add({"name": "Draft", "tags": ["writing"], "startTime": "2026-03-10T07:00:00Z",
                                      "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    a.clock.advance(60)
    a.services.activities.update(made["id"], {"name": "Final", "tags": ["writing", "review"],
                                              "endTime": "2026-03-10T09:00:00Z"})
    sync_all(a, b)

    versions = b.sync.history("activities", made["id"])
    assert [(v["document"]["name"], sorted(v["document"]["tags"])) for v in versions] == [
        ("Final", ["review", "writing"]), ("Draft", ["writing"])]
    assert versions[0]["device"] == a.sync.status()["deviceId"] and versions[0]["seq"] > versions[1]["seq"]

    b.sync.restore("activities", made["id"], versions[1]["seq"])
    shown = b.services.activities.get(made["id"])
    assert (shown["name"], shown["tags"], shown["duration"]) == ("Draft", ["writing"], 60 * 60 * 1000)
    sync_all(b, a)
    assert a.services.activities.get(made["id"])["name"] == "Draft"
    assert a.sync.conflicts() == [] and a.snapshot() == b.snapshot()
    assert len(a.sync.history("activities", made["id"])) == 3


def test_a_project_rename_is_undone_from_its_history(make_device):
    a = make_device("a")
    project = a.services.projects.create({"name": "Acme"})
    a.sync.sync_now()
    a.services.projects.update(project["id"], {"name": "Acme Corp"})
    a.sync.sync_now()
    first = a.sync.history("projects", project["id"])[-1]
    a.sync.restore("projects", project["id"], first["seq"])
    assert a.services.projects.get(project["id"])["name"] == "Acme"


def test_bad_history_requests_are_refused_with_what_to_give(make_device):
    a = make_device("a")
    made = a.services.activities.add({"name": "Only", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    with pytest.raises(ValidationError, match="table must be one of activities"):
        a.sync.history("nope", made["id"])
    with pytest.raises(ValidationError, match="seq must be one of the versions"):
        a.sync.restore("activities", made["id"], 10**9)
    assert a.sync.history("activities", "202603-0000000000000000") == []
    assert a.services.activities.get(made["id"])["name"] == "Only"

"""The server never sees plaintext: a dump of the whole database holds none of the generated words."""

from __future__ import annotations

import secrets

from test_two_devices import sync_all

from lighttrack.sync import snapshot


def test_pg_dump_holds_no_name_project_tag_app_or_title(pg, make_device, monkeypatch):
    monkeypatch.setattr(snapshot, "SNAPSHOT_MIN_ROWS", 1)  # the snapshot is in the dump too
    a, b = make_device("a"), make_device("b")
    words = {kind: f"{kind}{secrets.token_hex(5)}" for kind in ("name", "project", "client", "tag", "app", "title",
                                                                  "note", "device")}
    project = a.services.projects.create({"name": words["project"], "client": words["client"]})
    a.services.tags.create({"name": words["tag"]})
    for hour in range(8, 12):
        a.services.activities.add({"name": f"{words['name']} {hour}", "projectId": project["id"], "tags": [words["tag"]],
                                   "description": words["note"], "applicationName": words["app"],
                                   "windowTitle": words["title"], "startTime": f"2026-03-10T{hour:02}:00:00Z",
                                   "endTime": f"2026-03-10T{hour:02}:30:00Z"})
    a.services.settings.set("excludedApps", [words["app"]])
    b.sync.rename_device(words["device"])
    sync_all(a, b)
    assert {d["name"] for d in b.snapshot()["projects"].values()} >= {words["project"]}
    assert [c["name"] for c in b.services.clients.all()] == [words["client"]]
    sync_all(a, b)
    assert words["device"] in {d["name"] for d in a.sync.devices()}

    dump = pg.dump()
    assert b"lighttrack.change" in dump and dump.count(b"\n") > 40  # the dump did include the synced rows
    assert pg.psql("SELECT count(*) FROM lighttrack.snapshot").strip() != "0"
    for word in words.values():
        assert word.encode() not in dump, word
        assert word.encode().hex().encode() not in dump, word

"""The full backup re-imports to an identical store, twice without change, and carries no secrets."""

from __future__ import annotations

import orjson

from support import open_services

from exchange_support import snapshot
from support import BERLIN


def test_backup_restores_an_identical_store(berlin, sample, tmp_path, berlin_clock):
    chat = next(a for a in berlin.activities.every() if a["name"] == "Chat")
    berlin.activities.update(chat["id"], {"metadata": {"ticket": "LT-1"}})  # secrets are never exported
    berlin.goals.create({"name": "Hours", "type": "daily", "targetType": "hours", "targetValue": 4})
    berlin.settings.set("theme", "dark")
    gone = berlin.activities.add({"name": "Deleted", "startTime": "2024-04-02T09:00:00", "duration": 60_000})
    berlin.activities.delete([gone["id"]])
    path = berlin.exports.backup()["filePath"]
    fresh = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    preview = fresh.imports.preview(path)
    assert (preview["kind"], preview["activities"]["added"]) == ("backup", 4)
    counts = fresh.imports.run(path)
    assert counts["activities"] == {"added": 4, "updated": 0, "unchanged": 0}
    assert snapshot(fresh) == snapshot(berlin)
    again = fresh.imports.run(path, "lighttrack-json")
    assert all(c["added"] == c["updated"] == 0 for c in again.values() if isinstance(c, dict))
    assert snapshot(fresh) == snapshot(berlin)
    assert fresh.settings.get("theme") == "dark"


def test_backup_has_no_secrets_and_no_excluded_titles(berlin, sample):
    berlin.settings.set("excludedApps", ["Signal"])
    raw = open(berlin.exports.backup()["filePath"], "rb").read()
    assert b"apiToken" not in raw and b"xyz" not in raw and b"Secret chat" not in raw
    assert b"LT-1" in raw


def test_backup_restore_reuses_same_named_projects(berlin, sample, tmp_path, berlin_clock):
    path = berlin.exports.backup()["filePath"]
    other = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    mine = other.projects.create({"name": "kunde «müller», gmbh"})["id"]
    other.imports.run(path)
    assert [p["name"] for p in other.projects.all()].count("kunde «müller», gmbh") == 1
    design = next(a for a in other.activities.every() if a["name"].startswith("Design"))
    assert design["projectId"] == mine


def test_backup_carries_clients_and_folds_them_into_same_named_ones(berlin, sample, tmp_path, berlin_clock):
    acme = berlin.clients.create({"name": "Acme", "notes": "NET 30"})
    berlin.projects.create({"name": "Website", "clientId": acme["id"]})
    document = orjson.loads(open(berlin.exports.backup()["filePath"], "rb").read())
    assert {c["name"] for c in document["tables"]["clients"].values()} == {"Acme", "Müller"}
    other = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    here = other.clients.create({"name": "ACME"})
    counts = other.imports.run(write_json(tmp_path, document))
    assert counts["clients"] == {"added": 1, "updated": 0, "unchanged": 1}
    assert sorted(c["name"] for c in other.clients.all()) == ["ACME", "Müller"]
    website = next(p for p in other.projects.all() if p["name"] == "Website")
    assert (website["clientId"], website["client"]) == (here["id"], "ACME")


def test_a_backup_from_before_clients_restores_the_client_text_as_clients(berlin, sample, tmp_path, berlin_clock):
    document = orjson.loads(open(berlin.exports.backup()["filePath"], "rb").read())
    clients = document["tables"].pop("clients")
    for project in document["tables"]["projects"].values():
        project["client"] = clients[project.pop("clientId")]["name"] if project.get("clientId") else None
    other = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    other.imports.run(write_json(tmp_path, document))
    project = next(p for p in other.projects.all() if p["name"] == "Kunde «Müller», GmbH")
    assert project["client"] == "Müller"
    assert [c["name"] for c in other.clients.all()] == ["Müller"]


def write_json(tmp_path, document) -> str:
    path = tmp_path / "backup.json"
    path.write_bytes(orjson.dumps(document))
    return str(path)

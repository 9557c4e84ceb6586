"""Imports of each format, written from the formats' public docs: expected activities, idempotence,
previews that store nothing, and malformed files that change nothing and name their line."""

from __future__ import annotations

import orjson
import pytest

from lighttrack.channels.catalog import build_registry
from lighttrack.errors import ValidationError

from exchange_support import snapshot
from support import BERLIN

TOGGL = """User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
Ann Lee,ann@example.com,Acme,Website,,Landing page,Yes,2024-03-04,09:00:00,2024-03-04,10:30:00,01:30:00,"design, web",
Ann Lee,ann@example.com,,Website,,"Fix ""header"", again",No,2024-03-04,23:30:00,2024-03-05,00:15:00,00:45:00,,
"""
CLOCKIFY = """Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)
Mobile app,Acme,Sprint planning,,Ann Lee,,ann@example.com,meeting,No,03/15/2024,01:00:00 PM,03/15/2024,02:30:00 PM,01:30:00,1.50,0.00,0.00
Mobile app,Acme,,Release,Ann Lee,,ann@example.com,,Yes,03/15/2024,03:00:00 PM,03/15/2024,03:20:00 PM,00:20:00,0.33,0.00,0.00
"""
WATSON = """[
 [1709539200, 1709542800, "thesis", "6a7c3d2e5f0b4a1c9d8e7f6a5b4c3d2e", ["writing", "draft"], 1709542800],
 [1709546400, 1709548200, "teaching", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", [], 1709548200]
]
"""
AW = {"buckets": {
    "aw-watcher-window_laptop": {"id": "aw-watcher-window_laptop", "type": "currentwindow", "client": "aw-watcher-window",
                                 "hostname": "laptop", "created": "2024-03-04T08:00:00+00:00", "events": [
        {"id": 1, "timestamp": "2024-03-04T08:00:00+00:00", "duration": 1200, "data": {"app": "code", "title": "main.py"}},
        {"id": 2, "timestamp": "2024-03-04T08:20:00+00:00", "duration": 600, "data": {"app": "firefox", "title": "Docs"}},
        {"id": 3, "timestamp": "2024-03-04T09:00:00+00:00", "duration": 300, "data": {"app": "code", "title": "x.py"}}]},
    "aw-watcher-afk_laptop": {"id": "aw-watcher-afk_laptop", "type": "afkstatus", "client": "aw-watcher-afk",
                              "hostname": "laptop", "created": "2024-03-04T08:00:00+00:00", "events": [
        {"id": 7, "timestamp": "2024-03-04T08:00:00Z", "duration": 1500, "data": {"status": "not-afk"}},
        {"id": 8, "timestamp": "2024-03-04T08:25:00Z", "duration": 2100, "data": {"status": "afk"}},
        {"id": 9, "timestamp": "2024-03-04T09:00:00Z", "duration": 300, "data": {"status": "not-afk"}}]}}}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def imported(services) -> list[dict]:
    return sorted(services.activities.every(), key=lambda a: a["startTime"])


def test_toggl_csv(berlin, tmp_path):
    path = write(tmp_path, "toggl.csv", TOGGL)
    preview = berlin.imports.preview(path, "toggl-csv")
    assert (preview["new"], preview["newProjects"], preview["newTags"]) == (2, ["Website"], ["design", "web"])
    assert imported(berlin) == []
    result = berlin.imports.run(path, "toggl-csv")
    assert (result["added"], result["skipped"]) == (2, 0)
    first, second = imported(berlin)
    website = next(p["id"] for p in berlin.projects.all() if p["name"] == "Website")
    assert (first["name"], first["projectId"], first["tags"]) == ("Landing page", website, ["design", "web"])
    assert (first["startTime"], first["duration"]) == ("2024-03-04T08:00:00.000+00:00", 90 * 60_000)
    assert (second["name"], second["endTime"]) == ('Fix "header", again', "2024-03-04T23:15:00.000+00:00")
    assert first["metadata"] == {"importedFrom": "toggl", "billable": True}
    again = berlin.imports.run(path, "toggl-csv")
    assert (again["added"], again["skipped"], again["projectsCreated"]) == (0, 2, [])
    assert len(imported(berlin)) == 2


def test_clockify_csv_with_us_dates_and_12_hour_times(berlin, tmp_path):
    path = write(tmp_path, "clockify.csv", CLOCKIFY)
    assert berlin.imports.run(path)["format"] == "clockify-csv"  # detected from the header
    planning, release = imported(berlin)
    assert (planning["name"], planning["startTime"], planning["tags"]) == (
        "Sprint planning", "2024-03-15T12:00:00.000+00:00", ["meeting"])
    assert (release["name"], release["duration"]) == ("Release", 20 * 60_000)
    assert berlin.imports.run(path, "clockify-csv")["added"] == 0


def test_watson_frames(berlin, tmp_path):
    path = write(tmp_path, "frames", WATSON)
    assert berlin.imports.run(path, "watson")["added"] == 2
    thesis, teaching = imported(berlin)
    assert (thesis["name"], thesis["tags"], thesis["startTime"]) == ("thesis", ["writing", "draft"],
                                                                      "2024-03-04T08:00:00.000+00:00")
    assert teaching["duration"] == 30 * 60_000
    assert berlin.imports.run(path)["added"] == 0


def test_an_activitywatch_export_goes_into_the_timeline_not_into_activities(berlin, tmp_path):
    path = write(tmp_path, "aw.json", orjson.dumps(AW).decode())
    preview = berlin.imports.preview(path)
    assert (preview["kind"], preview["added"]) == ("timeline", 3)
    assert berlin.spans.read("2024-03-04T00:00:00+00:00", "2024-03-05T00:00:00+00:00") == []
    assert berlin.imports.run(path)["added"] == 3
    spans = berlin.spans.read("2024-03-04T00:00:00+00:00", "2024-03-05T00:00:00+00:00")
    assert [(s["start"][11:16], s["end"][11:16], s["app"], s["title"], s["category"]) for s in spans] == [
        ("08:00", "08:20", "code", "main.py", None), ("08:20", "08:25", "firefox", "Docs", None),
        ("09:00", "09:05", "code", "x.py", None)]
    assert berlin.activities.every() == []
    assert berlin.imports.run(path, "activitywatch")["added"] == 0


def test_lighttrack_json_export_reimports_without_doubles(berlin, sample, tmp_path, berlin_clock):
    path = berlin.exports.export_range("json")["filePath"]
    assert berlin.imports.run(path)["added"] == 0
    from support import open_services
    other = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    assert other.imports.run(path, "lighttrack-json")["added"] == 3
    assert {a["id"] for a in other.activities.every()} == {a["id"] for a in berlin.activities.every()}


@pytest.mark.parametrize(("name", "text", "fmt", "where"), [
    ("bad.csv", TOGGL.replace("23:30:00", "25:30:00"), "toggl-csv", "line 3"),
    ("short.csv", TOGGL + "Ann,ann@example.com,only three\n", "toggl-csv", "line 4"),
    ("header.csv", "Name,When\nx,y\n", "toggl-csv", "line 1"),
    ("frames", WATSON.replace('"teaching",', '42,'), "watson", "line 3"),
    ("broken.json", '{"buckets": {\n  "a": [1,\n}', "activitywatch", "line 3"),
    ("aw.json", orjson.dumps({"buckets": {"aw-watcher-window_x": {"events": [{"timestamp": "soon"}]}}}).decode(),
     "activitywatch", "buckets['aw-watcher-window_x'].events[0]"),
    ("latin1.csv", None, "toggl-csv", "line 2"),
])
def test_malformed_files_change_nothing_and_name_the_line(berlin, sample, tmp_path, name, text, fmt, where):
    path = tmp_path / name
    if text is None:
        path.write_bytes(TOGGL.splitlines()[0].encode() + b"\nJos\xe9,x\n")
    else:
        path.write_text(text, encoding="utf-8")
    before = snapshot(berlin)
    with pytest.raises(ValidationError) as caught:
        berlin.imports.run(str(path), fmt)
    assert str(caught.value).startswith(where), str(caught.value)
    assert snapshot(berlin) == before


def test_a_failure_while_storing_keeps_nothing(berlin, sample, tmp_path, monkeypatch):
    path = write(tmp_path, "toggl.csv", TOGGL)
    before = snapshot(berlin)
    monkeypatch.setattr(berlin.imports._repo, "put_many", lambda docs: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        berlin.imports.run(path, "toggl-csv")
    assert snapshot(berlin) == before  # the project "Website" was rolled back too


def test_channels_and_cli_helpers(berlin, sample, tmp_path):
    registry = build_registry(berlin, lambda: {})
    path = write(tmp_path, "toggl.csv", TOGGL)
    assert registry.dispatch("import:preview", [path])["data"]["format"] == "toggl-csv"
    assert registry.dispatch("import:run", [path, "excel"])["error"].startswith("format must be one of")
    assert registry.dispatch("import:run", [str(tmp_path / "nope.csv")])["error"].startswith("path: there is no file")
    assert registry.dispatch("import:run", [path])["data"]["added"] == 2


TOGGL_CLIENTS = """User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
Ann Lee,ann@example.com,Acme Corp,Website,,Landing page,Yes,2024-03-04,09:00:00,2024-03-04,10:30:00,01:30:00,,
Ann Lee,ann@example.com,,Website,,Header,No,2024-03-05,09:00:00,2024-03-05,09:45:00,00:45:00,,
Ann Lee,ann@example.com,acme corp,Mobile app,,Sprint,Yes,2024-03-05,10:00:00,2024-03-05,11:00:00,01:00:00,,
Ann Lee,ann@example.com,Initech,Audit,,Review,Yes,2024-03-06,10:00:00,2024-03-06,11:00:00,01:00:00,,
Ann Lee,ann@example.com,Globex,Known,,Call,Yes,2024-03-06,12:00:00,2024-03-06,12:30:00,00:30:00,,
Ann Lee,ann@example.com,,,,No project,No,2024-03-07,12:00:00,2024-03-07,12:30:00,00:30:00,,
"""


def test_toggl_client_column_finds_or_makes_the_client_of_new_projects(berlin, tmp_path):
    initech = berlin.clients.create({"name": "Initech"})
    known = berlin.projects.create({"name": "Known"})
    path = write(tmp_path, "toggl.csv", TOGGL_CLIENTS)
    preview = berlin.imports.preview(path, "toggl-csv")
    assert preview["newProjects"] == ["Website", "Mobile app", "Audit"]
    assert preview["newClients"] == ["Acme Corp"]
    assert preview["projectClients"] == [{"project": "Website", "client": "Acme Corp"},
                                         {"project": "Mobile app", "client": "acme corp"},
                                         {"project": "Audit", "client": "Initech"}]
    assert preview["sample"][0]["client"] == "Acme Corp"
    assert [c["name"] for c in berlin.clients.all()] == ["Initech"]  # a preview stores nothing

    result = berlin.imports.run(path, "toggl-csv")

    assert (result["added"], result["clientsCreated"]) == (6, ["Acme Corp"])
    clients = {c["name"]: c["id"] for c in berlin.clients.all()}
    assert set(clients) == {"Acme Corp", "Initech"}
    projects = {p["name"]: p for p in berlin.projects.all()}
    assert [(projects[n]["clientId"], projects[n]["client"]) for n in ("Website", "Mobile app", "Audit")] == \
        [(clients["Acme Corp"], "Acme Corp"), (clients["Acme Corp"], "Acme Corp"), (initech["id"], "Initech")]
    assert projects["Known"]["clientId"] is None == known["clientId"]  # a project already here keeps its client
    again = berlin.imports.run(path, "toggl-csv")
    assert (again["added"], again["clientsCreated"], again["projectsCreated"]) == (0, [], [])
    assert len(berlin.clients.all()) == 2


def test_a_failing_row_makes_the_whole_client_import_change_nothing(berlin, sample, tmp_path):
    bad = TOGGL_CLIENTS.replace("2024-03-07,12:30:00", "2024-03-07,99:30:00")
    path = write(tmp_path, "toggl.csv", bad)
    before = snapshot(berlin)
    with pytest.raises(ValidationError, match="^line 7"):
        berlin.imports.run(path, "toggl-csv")
    assert snapshot(berlin) == before
    assert [c["name"] for c in berlin.clients.all()] == ["Müller"]  # the sample's own client only


def test_a_failure_while_storing_keeps_no_client(berlin, tmp_path, monkeypatch):
    path = write(tmp_path, "toggl.csv", TOGGL_CLIENTS)
    before = snapshot(berlin)
    monkeypatch.setattr(berlin.imports._repo, "put_many", lambda docs: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        berlin.imports.run(path, "toggl-csv")
    assert snapshot(berlin) == before and berlin.clients.all() == []


def test_a_lighttrack_export_carries_the_clients_to_another_data_folder(berlin, berlin_clock, tmp_path):
    from support import open_services
    berlin.projects.create({"name": "Website", "client": "Acme Corp"})
    website = next(p["id"] for p in berlin.projects.all() if p["name"] == "Website")
    berlin.activities.add({"name": "Landing", "projectId": website, "startTime": "2024-03-04T09:00:00Z",
                           "endTime": "2024-03-04T10:00:00Z"})
    exported = berlin.exports.export_range("json")
    other = open_services(tmp_path / "other", clock=berlin_clock, zone=BERLIN)
    assert other.imports.run(exported["filePath"], "lighttrack-json")["clientsCreated"] == ["Acme Corp"]
    assert next(p for p in other.projects.all() if p["name"] == "Website")["client"] == "Acme Corp"

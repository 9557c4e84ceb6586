"""A restored backup goes through the same checks as channel calls: crafted records are refused or normalised."""

from __future__ import annotations

import copy
from pathlib import Path

import orjson
import pytest

from lighttrack.channels.catalog import build_registry


@pytest.fixture
def backup(services):
    registry = build_registry(services, dict)
    project = registry.dispatch("project:create", [{"name": "Real"}])["data"]
    registry.dispatch("activity:add", [{"name": "Done", "projectId": project["id"], "startTime": "2026-03-09T10:00:00Z",
                                        "duration": 3_600_000}])
    path = registry.dispatch("export:backup", [])["data"]["filePath"]
    return registry, orjson.loads(Path(path).read_bytes())


def _restore(registry, document) -> dict:
    return registry.dispatch("import:runText", [orjson.dumps(document).decode()])


def test_a_negative_duration_and_local_times_are_normalised(backup):
    registry, document = backup
    crafted = copy.deepcopy(document)
    activity = crafted["activities"][0]
    activity.update({"duration": -5000, "startTime": "2026-03-09T12:00:00+02:00", "endTime": "2026-03-09T13:00:00+02:00"})
    assert _restore(registry, crafted)["success"]
    stored = registry.dispatch("activity:get", [activity["id"]])["data"]
    assert stored["duration"] == 3_600_000 and stored["startTime"].startswith("2026-03-09T10:00:00")


def test_several_open_activities_are_refused(backup):
    registry, document = backup
    crafted = copy.deepcopy(document)
    first = crafted["activities"][0]
    crafted["activities"] = [{**first, "id": first["id"][:-1] + c, "endTime": None} for c in "abc"]
    envelope = _restore(registry, crafted)
    assert envelope["code"] == "VALIDATION_ERROR" and "endTime" in envelope["error"]
    assert len(registry.dispatch("activity:getFiltered", [])["data"]) == 1


@pytest.mark.parametrize("name", [123, "", None, "x" * 1000])
def test_a_project_with_a_bad_name_is_refused_and_the_lists_keep_working(backup, name):
    registry, document = backup
    crafted = copy.deepcopy(document)
    for project in crafted["tables"]["projects"].values():
        project["name"] = name
    envelope = _restore(registry, crafted)
    assert envelope["code"] == "VALIDATION_ERROR" and "name" in envelope["error"], envelope
    for channel in ("project:getAll", "tag:getAll", "activity:getFiltered"):
        assert registry.dispatch(channel, [])["success"]
    assert registry.dispatch("export:run", ["csv"])["success"]

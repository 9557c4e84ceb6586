"""Merging a project into another moves everything that points at it, in one transaction, events after it."""

from __future__ import annotations

import pytest

from lighttrack.errors import ConflictError, ValidationError


@pytest.fixture
def events(services):
    seen: list[tuple[str, object]] = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen


def add(services, name: str, project_id: str, day: str) -> dict:
    return services.activities.add({"name": name, "projectId": project_id, "startTime": f"{day}T09:00:00Z",
                                    "endTime": f"{day}T10:00:00Z"})


def test_everything_of_the_source_moves_and_the_source_is_deleted(services, events):
    keep = services.projects.create({"name": "Acme"})
    fold = services.projects.create({"name": "Acme Corp"})
    sub = services.projects.create({"name": "Acme site", "parentId": fold["id"]})
    january, march = add(services, "Kickoff", fold["id"], "2026-01-12"), add(services, "Review", fold["id"], "2026-03-03")
    other = add(services, "Elsewhere", "default", "2026-03-03")
    goal = services.goals.create({"name": "Ten hours", "type": "project", "targetType": "hours", "targetValue": 10,
                                  "projectId": fold["id"], "startDate": "2026-01-01"})
    rule = services.rules.create({"kind": "project", "domain": "acme.test", "projectId": fold["id"]})
    events.clear()

    done = services.project_merge.merge(fold["id"], keep["id"])

    assert done["moved"] == {"activities": 2, "goals": 1, "rules": 1, "projects": 1}
    assert {services.activities.get(a["id"])["projectId"] for a in (january, march)} == {keep["id"]}
    assert services.activities.get(other["id"])["projectId"] == "default"
    assert services.goals.get(goal["id"])["projectId"] == keep["id"]
    assert next(r for r in services.rules.all() if r["id"] == rule["id"])["projectId"] == keep["id"]
    assert services.projects.get(sub["id"])["parentId"] == keep["id"]
    assert fold["id"] not in {p["id"] for p in services.projects.all()}
    names = [channel for channel, _ in events]
    assert names[-1] == "projects:merged" and {"goal:updated", "rule:updated", "project:updated",
                                               "project:deleted"} <= set(names)


def test_a_sub_project_merging_its_parent_takes_the_parents_place(services):
    top = services.projects.create({"name": "Clients"})
    parent = services.projects.create({"name": "Acme", "parentId": top["id"]})
    child = services.projects.create({"name": "Acme web", "parentId": parent["id"]})
    services.project_merge.merge(parent["id"], child["id"])
    assert services.projects.get(child["id"])["parentId"] == top["id"]


@pytest.mark.parametrize("pick, error, message", [
    (lambda a, b: (a, a), ValidationError, "targetId must be another project"),
    (lambda a, b: ("default", a), ConflictError, "built-in project"),
    (lambda a, b: ("nope", a), ValidationError, "sourceId: there is no project"),
    (lambda a, b: (a, 7), ValidationError, "targetId"),
])
def test_a_wrong_merge_says_why_and_changes_nothing(services, pick, error, message):
    a = services.projects.create({"name": "A"})
    b = services.projects.create({"name": "B"})
    made = add(services, "Work", a["id"], "2026-03-03")
    before = services.projects.all()
    with pytest.raises(error, match=message):
        services.project_merge.merge(*pick(a["id"], b["id"]))
    assert services.projects.all() == before
    assert services.activities.get(made["id"])["projectId"] == a["id"]


def test_the_target_keeps_its_client_or_takes_the_source_s(services, events):
    acme = services.clients.create({"name": "Acme"})
    globex = services.clients.create({"name": "Globex"})
    with_client = services.projects.create({"name": "Website", "clientId": acme["id"]})
    without = services.projects.create({"name": "Website copy"})
    events.clear()
    services.project_merge.merge(with_client["id"], without["id"])
    assert services.projects.get(without["id"])["client"] == "Acme"
    assert ("project:updated", services.projects.get(without["id"])) in events
    other = services.projects.create({"name": "Portal", "clientId": globex["id"]})
    services.project_merge.merge(other["id"], without["id"])
    assert services.projects.get(without["id"])["client"] == "Acme"  # its own client stays

"""The tracker's channels through the registry: exact shapes and validation errors naming the field."""

from __future__ import annotations

import pytest

from lighttrack.channels import tracker as tracker_channels
from lighttrack.channels.registry import Registry


@pytest.fixture
def call(tracker):
    registry = Registry()
    tracker_channels.register(registry, tracker)
    return lambda name, *args: registry.dispatch(name, list(args))


def test_status_has_the_contract_shape(call, dummy, step):
    dummy.show("code", "a.py - p - Visual Studio Code")
    step()
    data = call("tracker:getStatus")["data"]
    assert {"tracking", "paused", "idle", "idleSeconds", "currentWindow"} <= set(data)
    assert data["currentWindow"] == {"app": "code", "title": "a.py - p - Visual Studio Code"}
    assert data["paused"] is False and data["idle"] is False and data["idleSeconds"] == 0


def test_set_paused_validates_and_pauses(call):
    assert call("tracker:setPaused", "yes") == {"success": False, "code": "VALIDATION_ERROR",
                                                "error": "paused must be true or false."}
    assert call("tracker:setPaused", True)["data"]["paused"] is True


def test_timeline_get_validates_its_range(call, dummy, step):
    dummy.show("code", "a")
    step(times=3)
    spans = call("timeline:get", "2025-03-10T08:00:00Z", "2025-03-10T10:00:00Z")["data"]
    assert [(s["app"], s["duration"]) for s in spans] == [("code", 2000)]
    bad = call("timeline:get", "2025-03-10T10:00:00Z", "2025-03-10T08:00:00Z")
    assert bad["code"] == "VALIDATION_ERROR" and "endISO" in bad["error"]
    assert "startISO" in call("timeline:get", "yesterday", "2025-03-10T08:00:00Z")["error"]


def test_idle_channels(call):
    assert call("idle:getPending") == {"success": True, "data": None}
    assert "choice" in call("idle:resolve", "abc", "maybe")["error"]
    assert call("idle:resolve", "abc", "resume")["code"] == "NOT_FOUND"


def test_rules_crud(call, services):
    project = services.projects.create({"name": "Shop"})
    created = call("rules:create", {"kind": "project", "path": "~/code/shop", "projectId": project["id"]})["data"]
    assert created["priority"] == 0 and created["enabled"] is True
    assert call("rules:getAll")["data"][0]["id"] == created["id"]  # user rules come before the defaults
    assert call("rules:update", created["id"], {"enabled": False})["data"]["enabled"] is False
    assert "titlePattern" in call("rules:create", {"kind": "category", "titlePattern": "(", "categoryId": "design"})["error"]
    assert "projectId" in call("rules:create", {"kind": "project", "app": "x", "projectId": "nope"})["error"]
    assert "at least one" in call("rules:create", {"kind": "category", "categoryId": "design"})["error"]
    assert call("rules:delete", created["id"])["success"]
    assert created["id"] not in [r["id"] for r in call("rules:getAll")["data"]]


def test_forget_app(call, dummy, step):
    dummy.show("slack", "x")
    step(times=3)
    dummy.show("code", "y")
    step()
    assert call("privacy:forgetApp", "slack")["data"] == {"app": "slack", "removedSpans": 1}
    assert "app" in call("privacy:forgetApp", "")["error"]

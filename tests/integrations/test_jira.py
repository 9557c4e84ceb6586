"""Jira against a local server answering as Jira's REST API v2 documents it."""

from __future__ import annotations

import base64
import itertools

import pytest

from lighttrack.errors import ValidationError

EMAIL, TOKEN = "ada@example.com", "jira-token-SECRET-4242"
BASIC = "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()


class FakeJira:
    """Projects, worklogs and auth like Jira Cloud (or Server with a bearer PAT)."""

    def __init__(self, service, auth: str = BASIC) -> None:
        self.auth = auth
        self.worklogs: dict[str, dict] = {}
        self.ids = itertools.count(10001)
        service.route("GET", "/rest/api/2/myself", self.guard(lambda s, m: (200, {"displayName": "Ada"})))
        service.route("GET", "/rest/api/2/project", self.guard(lambda s, m: (200, [
            {"id": "10000", "key": "PROJ", "name": "Project One"}, {"id": "10001", "key": "OPS", "name": "Ops"}])))
        service.route("POST", r"/rest/api/2/issue/([A-Z]+-\d+)/worklog", self.guard(self.create))
        service.route("GET", r"/rest/api/2/issue/([A-Z]+-\d+)/worklog", self.guard(self.listing))
        service.route("PUT", r"/rest/api/2/issue/([A-Z]+-\d+)/worklog/(\d+)", self.guard(self.update))
        service.route("DELETE", r"/rest/api/2/issue/([A-Z]+-\d+)/worklog/(\d+)", self.guard(self.delete))

    def guard(self, handler):
        def checked(seen, match):
            if seen.headers.get("authorization") != self.auth:
                return 401, {"errorMessages": ["You are not authenticated."]}
            return handler(seen, match)
        return checked

    def create(self, seen, match):
        body = seen.json()
        if not {"started", "timeSpentSeconds", "comment"} <= set(body):
            return 400, {"errorMessages": ["bad worklog"]}
        worklog = {"id": str(next(self.ids)), "issueKey": match[1], **body}
        self.worklogs[worklog["id"]] = worklog
        return 201, worklog

    def listing(self, seen, match):
        logs = [w for w in self.worklogs.values() if w["issueKey"] == match[1]]
        return 200, {"startAt": 0, "maxResults": 5000, "total": len(logs), "worklogs": logs}

    def update(self, seen, match):
        if match[2] not in self.worklogs:
            return 404, {"errorMessages": ["no worklog"]}
        self.worklogs[match[2]].update(seen.json())
        return 200, self.worklogs[match[2]]

    def delete(self, seen, match):
        return (204, None) if self.worklogs.pop(match[2], None) else (404, {"errorMessages": ["no worklog"]})


@pytest.fixture
def jira(service):
    return FakeJira(service)


@pytest.fixture
def connected(manager, service, jira):
    manager.connect("jira", {"siteUrl": service.url, "email": EMAIL, "apiToken": TOKEN})
    manager.sync_now("jira")
    return manager


def worked(services, clock, name: str, minutes: int = 30, **fields) -> dict:
    started = services.activities.start({"name": name, **fields})
    clock.advance(minutes=minutes)
    return services.activities.stop(started["id"])


def test_connect_checks_credentials_with_basic_auth(manager, service, jira):
    result = manager.connect("jira", {"siteUrl": service.url, "email": EMAIL, "apiToken": TOKEN})
    assert result["connected"] and "Ada" in result["message"]
    assert service.requests("GET", "/rest/api/2/myself")[0].headers["authorization"] == BASIC
    with pytest.raises(ValidationError, match="refused the credentials"):
        manager.connect("jira", {"siteUrl": service.url, "email": EMAIL, "apiToken": "wrong"})


def test_connect_while_the_service_fails_answers_after_one_try_and_keeps_the_connection(manager, service, jira):
    service.fail(500, times=5)
    result = manager.connect("jira", {"siteUrl": service.url, "email": EMAIL, "apiToken": TOKEN})
    assert len(service.requests("GET", "/rest/api/2/myself")) == 1  # the form isn't kept waiting through retries
    assert result["connected"] and result["message"] is None
    assert "could not be reached" in result["lastError"]


def test_server_deployment_uses_a_bearer_token(manager, service):
    FakeJira(service, auth=f"Bearer {TOKEN}")
    manager.connect("jira", {"siteUrl": service.url, "deployment": "server", "apiToken": TOKEN})
    assert service.requests("GET", "/rest/api/2/myself")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_reconnecting_without_retyping_the_token_keeps_it(connected, service, vault):
    result = connected.connect("jira", {"siteUrl": service.url, "email": EMAIL, "minSeconds": 120})
    assert result["config"]["minSeconds"] == 120 and vault.get("integration:jira:apiToken") == TOKEN
    assert service.requests("GET", "/rest/api/2/myself")[-1].headers["authorization"] == BASIC


def test_projects_are_imported_once(connected, services):
    connected.sync_now("jira")
    projects = [p for p in services.projects.all() if (p.get("metadata") or {}).get("jira")]
    assert sorted(p["metadata"]["jira"]["key"] for p in projects) == ["OPS", "PROJ"]
    assert {p["key"] for p in connected.integrations["jira"].projects()} == {"OPS", "PROJ"}


def test_worklog_pushed_once_in_jira_format(connected, services, clock, service, jira):
    activity = worked(services, clock, "PROJ-12 fix the login form")
    worked(services, clock, "UTF-8 cleanup, no issue")
    connected.deliver_all()
    posts = service.requests("POST", r"/rest/api/2/issue/.*/worklog")
    assert len(posts) == 1 and posts[0].path == "/rest/api/2/issue/PROJ-12/worklog"
    assert posts[0].json() == {"started": "2026-03-10T09:00:00.000+0000", "timeSpentSeconds": 1800,
                               "comment": "PROJ-12 fix the login form"}
    synced = services.activities.get(activity["id"])
    assert synced["syncStatus"] == "synced" and synced["metadata"]["jira"]["worklogId"] == "10001"
    connected.sync_now("jira")
    connected.deliver_all()
    assert len(service.requests("POST", r"/rest/api/2/issue/.*/worklog")) == 1


def test_edits_update_the_worklog_and_deletes_remove_it(connected, services, clock, service, jira):
    activity = worked(services, clock, "OPS-7 rotate keys")
    connected.deliver_all()
    services.activities.update(activity["id"], {"description": "Rotated the TLS keys", "metadata": {}})
    connected.deliver_all()
    puts = service.requests("PUT", r"/rest/api/2/issue/OPS-7/worklog/10001")
    assert len(puts) == 1 and puts[0].json()["comment"] == "Rotated the TLS keys"
    assert services.activities.get(activity["id"])["syncStatus"] == "synced"
    assert len(service.requests("POST")) == 0 + len(service.requests("POST", r".*/worklog"))
    assert len(service.requests("POST", r".*/worklog")) == 1
    services.activities.delete([activity["id"]])
    connected.deliver_all()
    assert service.requests("DELETE", r"/rest/api/2/issue/OPS-7/worklog/10001")
    assert jira.worklogs == {}


def test_explicit_link_and_running_activities(connected, services, clock, service, call):
    running = services.activities.start({"name": "PROJ-1 still going"})
    connected.deliver_all()
    assert service.requests("POST", r".*/worklog") == []
    clock.advance(minutes=10)
    stopped = services.activities.stop(running["id"])
    other = worked(services, clock, "Pairing session")
    assert call("jira:linkIssue", other["id"], "OPS-3") == {"activityId": other["id"], "issueKey": "OPS-3"}
    connected.deliver_all()
    paths = sorted(s.path for s in service.requests("POST", r".*/worklog"))
    assert paths == ["/rest/api/2/issue/OPS-3/worklog", "/rest/api/2/issue/PROJ-1/worklog"]
    assert services.activities.get(stopped["id"])["syncStatus"] == "synced"


def test_server_errors_are_retried_with_backoff(connected, services, clock, service, fake_sleep):
    worked(services, clock, "PROJ-5 review")
    service.fail(500, times=2)
    connected.sync_now("jira")  # GET /project fails twice, then works
    assert fake_sleep.waits[:2] == [1.0, 2.0]
    connected.deliver_all()
    assert len(service.requests("POST", r".*/worklog")) == 1


def test_rate_limit_honours_retry_after(connected, service, fake_sleep):
    service.fail(429, headers={"Retry-After": "7"})
    assert connected.test("jira")["ok"]
    assert fake_sleep.waits == [7.0]


def test_refused_push_marks_the_activity_failed_without_the_token(connected, services, clock, service, jira):
    activity = worked(services, clock, "PROJ-9 docs")
    jira.auth = "Basic revoked"
    connected.deliver_all()
    failed = services.activities.get(activity["id"])
    assert failed["syncStatus"] == "failed"
    assert "credentials" in failed["metadata"]["jira"]["error"] and TOKEN not in str(failed)
    status = connected.status("jira")
    assert status["pending"] == 0 and "credentials" in status["lastError"] and TOKEN not in str(status)


def test_offline_work_is_delivered_when_the_server_returns(connected, services, clock, service, jira):
    service.down = True
    activity = worked(services, clock, "PROJ-21 offline work")
    connected.sync_now("jira")
    status = connected.status("jira")
    assert status["pending"] == 1 and status["lastError"].startswith("Could not reach Jira")
    assert services.activities.get(activity["id"])["syncStatus"] == "pending"
    connected.deliver_all()
    assert connected.status("jira")["pending"] == 1
    service.down = False
    connected.deliver_all()
    assert service.requests("POST", r".*/worklog") == []  # waiting for its backoff
    clock.advance(minutes=2)
    connected.deliver_all()
    assert len(jira.worklogs) == 1 and connected.status("jira")["pending"] == 0
    assert services.activities.get(activity["id"])["syncStatus"] == "synced"


def test_a_lost_answer_never_makes_a_second_worklog(connected, services, clock, service, jira):
    worked(services, clock, "PROJ-30 slow network")
    service.fail(201, delay=1.0, then_handle=True)  # Jira stores it, but the answer comes after our timeout
    connected.deliver_all()
    assert len(jira.worklogs) == 1 and connected.status("jira")["pending"] == 1
    clock.advance(minutes=2)
    connected.deliver_all()
    assert len(jira.worklogs) == 1 and connected.status("jira")["pending"] == 0
    assert len(service.requests("POST", r".*/worklog")) == 1


def test_circuit_breaker_pauses_a_failing_service(connected, service, fake_sleep):
    service.down = True
    for _ in range(5):
        assert not connected.test("jira")["ok"]
    requests_before = len(service.seen)
    result = connected.test("jira")
    assert not result["ok"] and "pauses" in result["message"] and len(service.seen) == requests_before
    assert connected.status("jira")["state"] == "paused"
    service.down = False
    fake_sleep.now += 301
    assert connected.test("jira")["ok"]

"""GitHub (commits and pull requests per project) and Slack (focus status and snooze) against local servers."""

from __future__ import annotations

import subprocess

import pytest

from lighttrack.errors import ValidationError

GH_TOKEN = "ghp_SECRETSECRETSECRET"
SLACK_TOKEN = "xoxp-SECRET-slack-0001"


@pytest.fixture
def github(service):
    def guarded(handler):
        def checked(seen, match):
            if seen.headers.get("authorization") != f"Bearer {GH_TOKEN}":
                return 401, {"message": "Bad credentials"}
            assert seen.headers["accept"] == "application/vnd.github+json"
            return handler(seen, match)
        return checked
    commit = lambda sha, when, msg: {"sha": sha, "html_url": f"https://github.com/o/r/commit/{sha}",  # noqa: E731
                                     "commit": {"message": msg, "author": {"name": "Ada", "date": when}}}
    service.route("GET", "/user", guarded(lambda s, m: (200, {"login": "ada"})))
    service.route("GET", "/repos/acme/app/commits", guarded(lambda s, m: (200, [
        commit("a1", "2026-03-09T10:00:00Z", "Fix login\n\nbody"), commit("a2", "2026-03-09T15:00:00Z", "Add tests"),
        commit("a3", "2026-03-10T08:00:00Z", "Release")])))
    service.route("GET", "/repos/acme/app/pulls", guarded(lambda s, m: (200, [
        {"number": 7, "title": "Login fix", "html_url": "https://github.com/acme/app/pull/7", "state": "closed",
         "user": {"login": "ada"}, "created_at": "2026-03-09T09:00:00Z", "updated_at": "2026-03-09T16:00:00Z",
         "merged_at": "2026-03-09T16:00:00Z", "closed_at": "2026-03-09T16:00:00Z"},
        {"number": 8, "title": "Someone else", "html_url": "x", "state": "open", "user": {"login": "bob"},
         "created_at": "2026-03-09T09:00:00Z", "updated_at": "2026-03-09T16:00:00Z", "merged_at": None, "closed_at": None}])))
    return service


def test_github_commits_per_project_per_day(manager, services, github, tmp_path, call):
    checkout = tmp_path / "app"
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    subprocess.run(["git", "-C", str(checkout), "remote", "add", "origin", "git@github.com:acme/app.git"], check=True)
    project = services.projects.create({"name": "App", "metadata": {"path": str(checkout)}})
    call("integration:connect", "github", {"token": GH_TOKEN, "apiUrl": github.url})
    call("integration:syncNow", "github")
    commits = github.requests("GET", "/repos/acme/app/commits")[0]
    assert commits.query["author"] == "ada" and commits.query["since"].startswith("2026-02-24")
    assert call("github:getCommitsPerProjectPerDay", "2026-03-09T00:00:00+00:00", "2026-03-11T00:00:00+00:00") == [
        {"day": "2026-03-09", "projectId": project["id"], "count": 2},
        {"day": "2026-03-10", "projectId": project["id"], "count": 1}]
    timeline = call("integration:getTimeline", "2026-03-09T00:00:00+00:00", "2026-03-10T00:00:00+00:00")
    kinds = [(i["kind"], i["title"]) for i in timeline]
    assert ("pullRequest", "Login fix") in kinds and ("commit", "Fix login") in kinds
    assert all(title != "Someone else" for _, title in kinds)


def test_github_bad_token_is_refused(manager, github):
    with pytest.raises(ValidationError, match="GitHub refused the credentials"):
        manager.connect("github", {"token": "nope", "apiUrl": github.url})


class FakeSlack:
    def __init__(self, service) -> None:
        self.profile = {"status_text": "Lunch", "status_emoji": ":taco:", "status_expiration": 0}
        self.snoozed = False
        self.calls: list[str] = []
        for method in ("auth.test", "users.profile.get", "users.profile.set", "dnd.setSnooze", "dnd.endSnooze"):
            service.route("GET" if method == "users.profile.get" else "POST", f"/api/{method}", self.handler(method))

    def handler(self, method):
        def handle(seen, match):
            if seen.headers.get("authorization") != f"Bearer {SLACK_TOKEN}":
                return 200, {"ok": False, "error": "invalid_auth"}
            self.calls.append(method)
            if method == "auth.test":
                return 200, {"ok": True, "user": "ada", "team": "Acme"}
            if method == "users.profile.get":
                return 200, {"ok": True, "profile": dict(self.profile)}
            if method == "users.profile.set":
                self.profile.update(seen.json()["profile"])
                return 200, {"ok": True, "profile": self.profile}
            if method == "dnd.setSnooze":
                self.snoozed = int(seen.form()["num_minutes"])
                return 200, {"ok": True, "snooze_enabled": True}
            if not self.snoozed:
                return 200, {"ok": False, "error": "snooze_not_active"}
            self.snoozed = False
            return 200, {"ok": True, "dnd_enabled": True}
        return handle


@pytest.fixture
def slack(service, manager):
    fake = FakeSlack(service)
    manager.connect("slack", {"token": SLACK_TOKEN, "apiUrl": service.url + "/api", "statusText": "Deep work"})
    return fake


def test_slack_focus_sets_status_and_snooze_then_restores(manager, services, slack, clock):
    services.focus.start()
    manager.deliver_all()
    assert slack.profile["status_text"] == "Deep work" and slack.profile["status_emoji"] == ":no_bell:"
    assert slack.profile["status_expiration"] == int(clock.now().timestamp()) + 25 * 60
    assert slack.snoozed == 25
    clock.advance(minutes=20)
    services.focus.stop()
    manager.deliver_all()
    assert slack.profile == {"status_text": "Lunch", "status_emoji": ":taco:", "status_expiration": 0}
    assert slack.snoozed is False
    assert slack.calls == ["auth.test", "users.profile.get", "users.profile.set", "dnd.setSnooze",
                           "users.profile.set", "dnd.endSnooze"]


def test_slack_status_follows_the_work_phases_not_the_breaks(manager, services, slack, clock):
    services.focus.start()
    manager.deliver_all()
    assert slack.profile["status_text"] == "Deep work"
    clock.advance(minutes=25)
    services.focus.skip()  # the work phase is over: a short break
    manager.deliver_all()
    assert slack.profile["status_text"] == "Lunch" and slack.snoozed is False
    clock.advance(minutes=5)
    services.focus.skip()  # back to work: the status again, until this phase's end
    manager.deliver_all()
    assert slack.profile["status_text"] == "Deep work"
    assert slack.profile["status_expiration"] == int(clock.now().timestamp()) + 25 * 60


def test_slack_rate_limit_waits_and_a_stale_session_is_skipped(manager, services, slack, service, clock, fake_sleep):
    services.settings.set("pomodoroMinutes", 5)
    service.fail(429, headers={"Retry-After": "3"})
    services.focus.start()
    manager.deliver_all()
    assert fake_sleep.waits == [3.0] and slack.snoozed == 5
    service.down = True
    services.focus.stop()
    services.focus.start()
    manager.deliver_all()
    assert manager.status("slack")["pending"] == 2
    service.down = False
    clock.advance(minutes=10)  # the second session is over before Slack is back
    manager.deliver_all()
    assert manager.status("slack")["pending"] == 0 and slack.profile["status_text"] == "Lunch"


def test_slack_revoked_token_is_reported(manager, services, slack, service):
    manager.connections.update("slack", config=manager.connections.get("slack")["config"])
    manager._vault.set("integration:slack:token", "xoxp-revoked")
    services.focus.start()
    manager.deliver_all()
    status = manager.status("slack")
    assert "reconnect Slack" in status["lastError"] and status["pending"] == 0

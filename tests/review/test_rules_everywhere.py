"""Rules on every span source, and re-applied to a range: preview, apply, undo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.activitywatch.service import ActivityWatchService
from lighttrack.core.events import EventBus
from lighttrack.core.review.labels import LabelingSink, labeler_for
from lighttrack.core.review.reapply import RuleReapply
from lighttrack.core.records.rules import RuleService
from lighttrack.errors import NotFoundError, ValidationError
from lighttrack.store.awevents import AwEventStore

from review_support import DAY, at, span


@pytest.fixture
def rules(services):
    return RuleService(services.ctx, services.projects, services.categories)


@pytest.fixture
def reapply(scripted):
    return RuleReapply(scripted.spans, labeler_for(scripted.services), EventBus())


def labels(scripted, day=DAY):
    return [(s["app"], s.get("domain"), s["projectId"], s["category"])
            for s in scripted.timeline.pieces(day, day + timedelta(days=1))]


def test_activitywatch_tabs_windows_and_files_get_the_rules(scripted, services, rules, clock):
    services.settings.set("trackWindows", True)  # watcher data reaches the timeline only after the user's yes
    acme = services.projects.create({"name": "Acme"})["id"]
    rules.ensure_defaults()
    rules.create({"kind": "project", "domain": "acme.test", "projectId": acme})
    aw = ActivityWatchService(services, AwEventStore(services.ctx.store), LabelingSink(scripted.spans, labeler_for(services)),
                              settle_seconds=60)
    aw.create_bucket("aw-watcher-web-firefox", {"type": "web.tab.current", "client": "aw-client-web", "hostname": "h"})
    aw.create_bucket("aw-watcher-window_h", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    aw.insert("aw-watcher-web-firefox", [
        {"timestamp": at("09:00").isoformat(), "duration": 600, "data": {"url": "https://www.youtube.com/watch?v=1", "title": "Cats - YouTube"}},
        {"timestamp": at("09:10").isoformat(), "duration": 600, "data": {"url": "https://docs.acme.test/api", "title": "API"}}])
    aw.insert("aw-watcher-window_h", {"timestamp": at("09:20").isoformat(), "duration": 600, "data": {"app": "code", "title": "x.py"}})
    aw.flush()
    assert labels(scripted) == [("firefox", "youtube.com", None, "entertainment"),
                                ("firefox", "docs.acme.test", acme, "browsing"),
                                ("code", None, None, "development")]


def test_reapplying_changes_exactly_the_matching_spans_of_the_range_and_undoes(scripted, services, rules, reapply, clock):
    acme = services.projects.create({"name": "Acme"})["id"]
    for offset in (0, 1):
        day = DAY + timedelta(days=offset)
        scripted.record(span("09:00", "10:00", "firefox", "Acme wiki", category="browsing", day=day, domain="wiki.acme.test"),
                        span("10:00", "11:00", "firefox", "News", category="browsing", day=day, domain="news.test"),
                        span("11:00", "12:00", "code", "main.py", category="development", day=day))
    scripted.spans.seal_before((DAY + timedelta(days=1)).date().isoformat())
    rules.ensure_defaults()
    rules.create({"kind": "project", "domain": "acme.test", "projectId": acme})
    before = labels(scripted), labels(scripted, DAY + timedelta(days=1))
    preview = reapply.preview(DAY, DAY + timedelta(days=1))
    assert preview["changed"] == 1 and labels(scripted) == before[0]
    assert preview["moves"] == [{"before": {"projectId": None, "category": "browsing"},
                                 "after": {"projectId": acme, "category": "browsing"}, "duration": 3_600_000}]
    assert reapply.apply(DAY, DAY + timedelta(days=1))["changed"] == 1
    assert labels(scripted) == [("firefox", "wiki.acme.test", acme, "browsing"), *before[0][1:]]
    assert labels(scripted, DAY + timedelta(days=1)) == before[1]  # outside the range: untouched
    summary = scripted.spans.sealed_details(DAY.date().isoformat(), DAY.date().isoformat())[0][0]
    assert summary["projects"][f"firefox\x1f{acme}"] == 3_600_000
    assert reapply.undo()["changed"] == 1
    assert labels(scripted) == before[0]
    with pytest.raises(NotFoundError):
        reapply.undo()


def test_a_domain_rule_is_checked(rules):
    with pytest.raises(ValidationError, match="domain"):
        rules.create({"kind": "category", "domain": "not a domain", "categoryId": "browsing"})
    assert rules.create({"kind": "category", "domain": "www.GitHub.com", "categoryId": "development"})["domain"] == "github.com"

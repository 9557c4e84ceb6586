"""An ActivityWatch export imported into the timeline (windows, tabs, files, AFK), sealed days included."""

from __future__ import annotations

from datetime import timedelta

import orjson

from lighttrack.core.review.totals import TimelineSummary
from lighttrack.core.records.rules import RuleService

from review_support import DAY, at, span


def event(start: str, minutes: int, **data) -> dict:
    return {"timestamp": at(start).isoformat(), "duration": minutes * 60, "data": data}


EXPORT = {"buckets": {
    "aw-watcher-window_h": {"type": "currentwindow", "client": "aw-watcher-window", "events": [
        event("09:00", 60, app="code", title="cli.py - acme"), event("10:00", 60, app="Firefox", title="Docs")]},
    "aw-watcher-web-firefox": {"type": "web.tab.current", "client": "aw-client-web", "events": [
        event("10:00", 60, url="https://docs.acme.test/a", title="Docs")]},
    "aw-watcher-vscode_h": {"type": "app.editor.activity", "client": "aw-watcher-vscode", "events": [
        event("09:00", 60, file="/src/acme/cli.py", project="/src/acme", language="python")]},
    "aw-watcher-afk_h": {"type": "afkstatus", "client": "aw-watcher-afk", "events": [
        event("09:00", 90, status="not-afk"), event("10:30", 30, status="afk")]}}}


def test_an_export_of_a_sealed_day_lands_in_its_timeline_with_rules_and_away_time(services, clock, tmp_path):
    acme = services.projects.create({"name": "acme"})["id"]
    RuleService(services.ctx, services.projects, services.categories).ensure_defaults()
    services.spans.append([span("07:00", "07:10", "xterm")])
    services.spans.seal_before((DAY + timedelta(days=1)).date().isoformat())
    clock.current = DAY + timedelta(days=3)
    path = tmp_path / "aw.json"
    path.write_bytes(orjson.dumps(EXPORT))
    result = services.imports.run(str(path))
    assert (result["kind"], result["added"], result["days"]) == ("timeline", 4, [DAY.date().isoformat()])
    summary = TimelineSummary(services.spans, lambda a, b: [], services.settings, services.projects, services.categories)
    found = summary.summary(DAY, DAY + timedelta(days=1))  # from the day's stored detail alone
    assert found["total"] == 100 * 60_000
    assert {r["key"]: r["duration"] for r in found["byFile"]} == {"/src/acme/cli.py": 60 * 60_000}
    assert {r["key"]: r["duration"] for r in found["byDomain"]} == {"docs.acme.test": 30 * 60_000}
    assert {r["key"]: r["duration"] for r in found["byProject"]}[acme] == 60 * 60_000
    assert services.imports.run(str(path))["added"] == 0
    assert services.activities.every() == []

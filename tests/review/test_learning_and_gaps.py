"""Learning from corrections ("always do this" rules) and the working hours nothing covers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.review.labels import LabelingSink, labeler_for
from lighttrack.core.records.rules import RuleService

from review_support import DAY, at, span

NEXT = DAY + timedelta(days=1)


def test_a_correction_turned_into_a_rule_applies_to_the_next_day(scripted, services, clock):
    acme = services.projects.create({"name": "Acme"})["id"]
    rules = RuleService(services.ctx, services.projects, services.categories)
    rules.ensure_defaults()
    sink = LabelingSink(scripted.spans, labeler_for(services))
    sink.append([span("09:00", "09:50", "firefox", "API reference", domain="docs.acme.test"),
                 span("09:50", "10:00", "firefox", "Search", domain="search.example")])
    (block,) = scripted.day()
    assert block["projectId"] is None and block["categoryId"] == "browsing"
    corrected = {**block, "projectId": acme}
    proposal = scripted.review.propose_rule(corrected)
    assert proposal == {"kind": "project", "domain": "docs.acme.test", "projectId": acme}
    rule = rules.create(proposal)
    scripted.review.accept([corrected])
    sink.append([span("14:00", "15:00", "chromium", "Guides", domain="docs.acme.test", day=NEXT)])
    (tomorrow,) = scripted.day(NEXT)
    assert tomorrow["projectId"] == acme and "Acme" in tomorrow["reason"]
    rules.delete(rule["id"])  # removable: the next spans are no longer labelled
    sink.append([span("16:00", "17:00", "chromium", "Guides", domain="docs.acme.test", day=NEXT)])
    assert [s["projectId"] for s in scripted.day(NEXT)] == [acme, None]


def test_no_rule_is_proposed_when_nothing_was_corrected(scripted):
    scripted.record(span("09:00", "10:00", "code", "main.py", category="development"))
    (block,) = scripted.day()
    assert scripted.review.propose_rule({**block, "name": "Only renamed"}) is None
    folder = {**span("11:00", "12:00", "code", "cli.py", category="development"), "file": "/src/acme/cli.py"}
    scripted.record(folder)
    second = scripted.day()[1]
    assert scripted.review.propose_rule({**second, "categoryId": "writing"}) == {
        "kind": "category", "path": "/src/acme", "categoryId": "writing"}


@pytest.mark.parametrize("weekday_offset, expected", [(0, [("09:00", "09:30"), ("12:00", "17:00")]), (5, [])])
def test_gaps_are_working_hours_without_entries_or_tracked_time(scripted, services, weekday_offset, expected):
    day = DAY + timedelta(days=weekday_offset)  # 2026-03-10 is a Tuesday; +5 is a Sunday
    services.ctx.zone = DAY.tzinfo
    scripted.record(span("09:30", "10:00", "code", day=day), span("10:05", "11:00", "code", day=day))
    services.activities.add({"name": "Call", "startTime": at("11:00", day).isoformat(), "endTime": at("12:00", day).isoformat()})
    found = scripted.review.gaps(day, day + timedelta(days=1))
    assert [(g["start"][11:16], g["end"][11:16]) for g in found] == expected

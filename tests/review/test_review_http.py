"""The review channels over real HTTP: bad input is a VALIDATION_ERROR naming the field, nothing changes."""

from __future__ import annotations

import pytest

START, END = "2026-03-10T00:00:00+00:00", "2026-03-11T00:00:00+00:00"


@pytest.mark.parametrize("channel, args, field", [
    ("review:getSuggestions", [END, START], "endISO"),
    ("review:getSuggestions", [START, "2026-06-10T00:00:00+00:00"], "endISO"),
    ("review:getSuggestions", ["yesterday-ish", END], "startISO"),
    ("review:accept", ["sg_1_2_x"], "items"),
    ("review:accept", [[]], "items"),
    ("review:accept", [["sg_2_1_x"]], "items[0]"),
    ("review:reject", [["not-a-suggestion"]], "ids[0]"),
    ("timeline:getSummary", [START, "2028-03-10T00:00:00+00:00"], "endISO"),
])
def test_bad_input_names_the_field(served, channel, args, field):
    status, envelope = served.call(channel, *args)
    assert (status, envelope["code"]) == (400, "VALIDATION_ERROR")
    assert field in envelope["error"]
    assert served.data("activity:getFiltered", {}) == []


def test_an_empty_timeline_has_nothing_to_review(served):
    assert served.data("review:getSuggestions", START, END) == []
    summary = served.data("timeline:getSummary", START, END)
    assert summary["total"] == 0 and summary["byApp"] == []
    assert served.data("settings:get", "reviewMergeSeconds") == 120

"""Cutting AFK time out of timeline spans."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lighttrack.core.activitywatch.feed import subtract

T9 = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    return T9 + timedelta(minutes=minutes)


def span(lo: float, hi: float, app: str = "code") -> dict:
    return {"start": at(lo).isoformat(), "end": at(hi).isoformat(), "app": app}


def minutes(spans: list[dict]) -> list[tuple[float, float, str]]:
    return [((datetime.fromisoformat(s["start"]) - T9).total_seconds() / 60,
             (datetime.fromisoformat(s["end"]) - T9).total_seconds() / 60, s["app"]) for s in spans]


def test_away_time_is_cut_out_of_each_span():
    spans = [span(0, 30), span(30, 40, "ff"), span(50, 60, "mail"), span(70, 80, "vim")]
    away = [(at(10), at(15)), (at(12), at(20)), (at(35), at(55)), (at(25), at(27)), (at(80), at(90))]
    # 0-30 loses 10-20 (two overlapping intervals) and 25-27; 30-40 keeps 30-35; 50-60 keeps 55-60; 70-80 untouched
    assert minutes(subtract(spans, away)) == [(0, 10, "code"), (20, 25, "code"), (27, 30, "code"), (30, 35, "ff"),
                                              (55, 60, "mail"), (70, 80, "vim")]
    assert subtract(spans, [(at(-5), at(100))]) == []
    assert subtract(spans, []) == spans


def test_untouched_ends_keep_their_text():
    original = {"start": "2026-03-10T09:00:00.000+00:00", "end": "2026-03-10T09:30:00.000+00:00", "app": "code"}
    [piece] = subtract([original], [(at(20), at(40))])
    assert piece["start"] == original["start"] and datetime.fromisoformat(piece["end"]) == at(20)

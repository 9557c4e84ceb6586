"""The hours of a local day, computed by arithmetic on ordinary days, agree with a walk along the local clock on
every day of a year, in zones with whole-hour, half-hour and 30-minute-DST offsets."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from lighttrack.core.analytics.daysummary import hour_edges, walked_hours
from lighttrack.core.timing.isotime import day_bounds

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "UTC"]


@pytest.mark.parametrize("name", ZONES)
def test_every_day_of_a_year_has_the_hours_of_the_local_clock(name):
    zone = ZoneInfo(name)
    lengths = set()
    for n in range(366):
        lo, hi = day_bounds(date(2024, 1, 1) + timedelta(days=n), zone)
        edges = hour_edges(lo, hi, zone)
        assert edges == walked_hours(lo, hi, zone), (name, lo)
        lengths.add(len(edges[0]))
    # Lord Howe moves its clock by 30 minutes: its days of 23.5 and 24.5 hours have 24 and 25 hour slots
    expected = {"Asia/Kolkata": {24}, "UTC": {24}, "Australia/Lord_Howe": {24, 25}}.get(name, {23, 24, 25})
    assert lengths == expected, lengths

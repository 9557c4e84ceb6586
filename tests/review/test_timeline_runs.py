"""Summing the window timeline over a long range reads each stretch of days without sealed details once."""

from datetime import datetime, timedelta, timezone

from lighttrack.core.review.totals import _runs_outside

D0 = datetime(2026, 3, 1, tzinfo=timezone.utc)


def day(n: int) -> datetime:
    return D0 + timedelta(days=n)


def test_covered_days_split_the_reads_and_nothing_is_read_twice_or_left_out():
    covered = {day(n).date().isoformat() for n in (2, 3, 7)}
    assert _runs_outside(day(0), day(10), covered) == [(day(0), day(2)), (day(4), day(7)), (day(8), day(10))]
    assert _runs_outside(day(0), day(365), set()) == [(day(0), day(365))]
    assert _runs_outside(day(2), day(4), covered) == []

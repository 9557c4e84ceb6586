"""Half-open intervals in epoch milliseconds (pure): union, subtraction, overlap tests."""

from __future__ import annotations

from bisect import bisect_left

Interval = tuple[int, int]


def union(intervals: list[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same time as `intervals`."""
    merged: list[list[int]] = []
    for lo, hi in sorted(i for i in intervals if i[1] > i[0]):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def subtract(lo: int, hi: int, blocked: list[Interval]) -> list[Interval]:
    """The parts of [lo, hi) outside `blocked` (a `union` result)."""
    parts, cursor = [], lo
    index = max(0, bisect_left(blocked, (lo, lo)) - 1)
    while index < len(blocked) and blocked[index][0] < hi:
        b0, b1 = blocked[index]
        if b1 > cursor:
            if b0 > cursor:
                parts.append((cursor, b0))
            cursor = max(cursor, b1)
        index += 1
    if cursor < hi:
        parts.append((cursor, hi))
    return parts


def crosses(lo: int, hi: int, blocked: list[Interval]) -> bool:
    """True when some blocked interval overlaps [lo, hi] (touching its ends counts)."""
    index = max(0, bisect_left(blocked, (lo, lo)) - 1)
    while index < len(blocked) and blocked[index][0] <= hi:
        if blocked[index][1] >= lo:
            return True
        index += 1
    return False

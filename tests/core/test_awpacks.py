"""Packed days for query2: what a pack gives back, and the bounded cache that keeps them between queries."""

from __future__ import annotations

from datetime import datetime

import pytest

from lighttrack.core.activitywatch.packcache import PackCache
from lighttrack.core.activitywatch.query import EventPack, SharedData
from lighttrack.core.activitywatch.resultcache import QueryResults

T9 = 1773133200.0  # 2026-03-10T09:00:00Z


def stored(iso: str, seconds: float, event_id: int | None, **data) -> dict:
    return {"id": event_id, "timestamp": iso, "duration": seconds, "data": data}


def test_a_pack_gives_events_newest_first_with_exact_times_and_stored_durations():
    pack = EventPack([stored("2026-03-10T09:00:00.000000+00:00", 30.1, 1, app="a"),
                      stored("2026-03-10T09:00:30.100000+00:00", 0.7, 2, app="b"),
                      stored("2026-03-10T09:00:30.100000+00:00", 5.0, None, app="c"),
                      stored("2026-03-10T10:00:00+01:00", 1.0, 4, app="d")])  # another form: the same instant as 09:00Z
    assert [(round(e.start - T9, 6), e.duration, e.data["app"], e.id) for e in pack.events()] == [
        (30.1, 0.7, "b", 2), (30.1, 5.0, "c", None), (0.0, 30.1, "a", 1), (0.0, 1.0, "d", 4)]
    assert [e.start for e in pack.events()][:1] == [datetime.fromisoformat("2026-03-10T09:00:30.100000+00:00").timestamp()]
    assert (pack.oldest, round(pack.latest - T9, 6)) == (T9, 35.1)


def test_events_within_cuts_to_the_period_and_leaves_out_what_misses_it():
    pack = EventPack([stored("2026-03-10T09:00:00.000000+00:00", 600, 1, app="a"),
                      stored("2026-03-10T09:20:00.000000+00:00", 60, 2, app="b"),
                      stored("2026-03-10T09:30:00.000000+00:00", 60, 3, app="c")])
    cut = pack.columns_within(T9 + 300, T9 + 1230)  # 09:05 to 09:20:30
    assert [(e.start - T9, e.duration, e.id) for e in cut] == [(1200.0, 30.0, 2), (300.0, 300.0, 1)]
    assert [e.id for e in pack.columns_within(T9, T9 + 3600)] == [3, 2, 1]


def test_equal_data_is_shared_but_values_of_other_types_stay_apart():
    shared = SharedData()
    first = EventPack([stored("2026-03-10T09:00:00.000000+00:00", 1, 1, n=1),
                       stored("2026-03-10T09:01:00.000000+00:00", 1, 2, n=1.0),
                       stored("2026-03-10T09:02:00.000000+00:00", 1, 3, n=True),
                       stored("2026-03-10T09:03:00.000000+00:00", 1, 4, n=[1])], shared)
    second = EventPack([stored("2026-03-11T09:00:00.000000+00:00", 1, 5, n=1)], shared)
    by_id = {e.id: e.data for pack in (first, second) for e in pack.events()}
    assert [by_id[i]["n"] for i in (1, 2, 3, 4)] == [1, 1.0, True, [1]]
    assert [type(by_id[i]["n"]) for i in (1, 2, 3)] == [int, float, bool]
    assert by_id[5] is by_id[1] and by_id[2] is not by_id[1] and by_id[3] is not by_id[1]


class Days:
    """Stored days with a version per day, as the event store keeps them."""

    def __init__(self) -> None:
        self.events: dict[tuple[str, str], dict[int, dict]] = {}
        self.versions: dict[tuple[str, str], int] = {}
        self.reads = 0

    def put(self, bucket: str, day: str, count: int) -> None:
        self.events[(bucket, day)] = {i: stored(f"{day}T09:00:00.000000+00:00", 1, i, app="a") for i in range(count)}
        self.versions[(bucket, day)] = self.versions.get((bucket, day), 0) + 1

    def day(self, bucket: str, day: str) -> dict[int, dict]:
        self.reads += 1
        return self.events.get((bucket, day), {})

    def version(self, bucket: str, day: str) -> tuple[int, int]:
        return 0, self.versions.get((bucket, day), 0)

    def sealed(self, day: str) -> bool:
        return False  # packs on disk: tests/store/test_awderived.py


def test_a_pack_read_back_from_its_binary_form_gives_the_same_events_and_data_types():
    shared = SharedData()
    pack = EventPack([stored("2026-03-10T09:00:00.000000+00:00", 30.1, 1, app="a", n=1),
                      stored("2026-03-10T09:00:30.100000+00:00", 0.7, None, app="b", n=1.0),
                      stored("2026-03-10T09:01:00+00:00", 5, 3, app="Zoë\n✓", n=True, tags=["x", {"y": None}]),
                      stored("2026-03-10T09:02:00+00:00", 1, 4, app="a", n=1)], shared)
    again = EventPack.from_bytes(pack.to_bytes(), shared)
    assert again.events() == pack.events() and (again.oldest, again.latest) == (pack.oldest, pack.latest)
    assert [type(e.data["n"]) for e in again.events()] == [int, bool, float, int]
    assert again.events()[0].data is pack.events()[0].data  # the shared dicts of the packs in memory
    fresh = EventPack.from_bytes(pack.to_bytes())
    assert fresh.events()[0].data is fresh.events()[3].data and fresh.events() == pack.events()
    assert EventPack.from_bytes(EventPack([]).to_bytes()).events() == []


@pytest.mark.parametrize("cut", [0, 10, 40, -3])
def test_a_binary_form_cut_short_or_garbled_is_refused(cut):
    data = EventPack([stored("2026-03-10T09:00:00+00:00", 1, 1, app="a"),
                      stored("2026-03-10T09:01:00+00:00", 1, 2, app="b")]).to_bytes()
    with pytest.raises(ValueError):
        EventPack.from_bytes(data[:cut])
    with pytest.raises(ValueError):
        EventPack.from_bytes(data[:-10] + b"[1, 2]\n{}")


def test_the_cache_reuses_unchanged_days_and_repacks_a_changed_one():
    days = Days()
    days.put("b", "2026-03-10", 3)
    cache = PackCache(days)
    assert len(cache.pack("b", "2026-03-10")) == 3
    assert len(cache.pack("b", "2026-03-10")) == 3 and days.reads == 1
    days.put("b", "2026-03-10", 5)
    assert len(cache.pack("b", "2026-03-10")) == 5 and days.reads == 2
    assert cache.size()[0] == 5


def test_the_cache_holds_at_most_its_budget_dropping_the_least_recently_used_day():
    days = Days()
    for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
        days.put("b", day, 40)
    cache = PackCache(days, budget=100)
    for day in ("2026-03-10", "2026-03-11", "2026-03-10", "2026-03-12"):
        cache.pack("b", day)
    assert cache.size() == (80, 80 * 28)
    reads = days.reads
    cache.pack("b", "2026-03-10")  # kept: used more recently than the 11th, which went
    assert days.reads == reads
    cache.pack("b", "2026-03-11")
    assert days.reads == reads + 1


def test_the_table_of_distinct_data_starts_again_when_it_outgrows_its_bound():
    days = Days()
    for day in ("2026-03-10", "2026-03-11", "2026-03-12"):
        days.events[("b", day)] = {i: stored(f"{day}T09:00:00+00:00", 1, i, app=f"{day}/{i}") for i in range(30)}
    cache = PackCache(days, max_distinct=50)
    first = cache.pack("b", "2026-03-10")
    cache.pack("b", "2026-03-11")  # 60 distinct data now: more than the bound
    cache.pack("b", "2026-03-12")
    assert cache.size()[0] == 30  # the packs went with the table
    reads = days.reads
    cache.pack("b", "2026-03-10")
    assert days.reads == reads + 1
    assert sorted(e.data["app"] for e in first.events())[:2] == ["2026-03-10/0", "2026-03-10/1"]  # still readable


def test_the_cache_empties_itself_after_idle_seconds_without_a_query():
    days, now = Days(), [1000.0]
    days.put("b", "2026-03-10", 10)
    cache = PackCache(days, idle_seconds=300, clock=lambda: now[0])
    cache.pack("b", "2026-03-10")
    now[0] += 299
    cache.trim_if_idle()
    assert cache.size()[0] == 10
    now[0] += 1
    cache.trim_if_idle()
    assert cache.size() == (0, 0)


def test_a_kept_answer_is_given_only_while_every_read_sees_the_same_state():
    results, state = QueryResults(), {"a": 1, "b": 7}
    results.put(b"q", [1.5], [(("a",), 1), (("b",), 7)])
    assert results.get(b"q", lambda read: state[read[0]]) == [1.5]
    state["b"] = 8
    assert results.get(b"q", lambda read: state[read[0]]) is None
    state["b"] = 7
    assert results.get(b"q", lambda read: state[read[0]]) is None  # once stale, gone for good
    results.put(b"live", [2.0], None)  # it read something without a version
    assert results.get(b"live", lambda read: 0) is None


def test_kept_answers_are_bounded_in_number_and_size_and_dropped_when_idle():
    now = [0.0]
    results = QueryResults(entries=2, max_values=10, idle_seconds=60, clock=lambda: now[0])
    for key in (b"1", b"2", b"3"):
        results.put(key, [key.decode()], [])
    assert [results.get(k, lambda read: None) for k in (b"1", b"2", b"3")] == [None, ["2"], ["3"]]
    results.put(b"big", [{"n": i} for i in range(5)], [])  # 11 values
    assert results.get(b"big", lambda read: None) is None
    now[0] = 59.0
    results.trim_if_idle()
    assert len(results) == 2
    now[0] = 119.0
    results.trim_if_idle()
    assert len(results) == 0

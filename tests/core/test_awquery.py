"""query2: the parser, the evaluator and every function, each checked against values worked out by hand."""

from __future__ import annotations

import pytest

from lighttrack.core.activitywatch.query import EventPack, run_query
from lighttrack.core.activitywatch.query import transforms as t
from lighttrack.core.activitywatch.query.events import Event, timestamp
from lighttrack.core.activitywatch.query.parser import QuerySyntaxError, parse
from lighttrack.errors import ValidationError

DAY = "2026-03-10T00:00:00+00:00/2026-03-11T00:00:00+00:00"
T9 = 1773133200.0  # 2026-03-10T09:00:00Z
MIN = 60.0


def ev(start_min: float, minutes: float, **data) -> Event:
    """An event starting `start_min` minutes after 09:00 UTC, lasting `minutes`."""
    return Event(T9 + start_min * MIN, minutes * MIN, data)


def spans(events: list[Event]) -> list[tuple]:
    """(start minute, minutes, data) of each event, for comparing with hand-worked values."""
    return [((e.start - T9) / MIN, e.duration / MIN, e.data) for e in events]


class Buckets:
    """An EventSource over stored-form events: {bucket id: (hostname, [events])}."""

    def __init__(self, buckets: dict[str, tuple[str, list[dict]]]) -> None:
        self._buckets = buckets

    def bucket_ids(self):
        return list(self._buckets)

    def bucket_hostname(self, bucket_id):
        return self._buckets[bucket_id][0]

    def event_packs(self, bucket_id, start, end):
        return [EventPack(self._buckets[bucket_id][1])] if bucket_id in self._buckets else None


def stored(iso: str, seconds: float, event_id: int, **data) -> dict:
    return {"id": event_id, "timestamp": iso, "duration": seconds, "data": data}


WINDOW = [stored("2026-03-10T09:00:00+00:00", 600, 1, app="code", title="a.py"),
          stored("2026-03-10T09:10:00+00:00", 300, 2, app="firefox", title="docs"),
          stored("2026-03-10T09:15:00+00:00", 120, 3, app="code", title="b.py"),
          stored("2026-03-09T23:50:00+00:00", 1200, 4, app="code", title="late")]  # 10 of its 20 min fall in the day
SOURCE = Buckets({"aw-watcher-window_box": ("box", WINDOW), "aw-watcher-afk_box": ("box", []),
                  "aw-watcher-window_other": ("other", [])})


def rounded(events: list[Event]) -> list[tuple]:
    """`spans` to the microsecond, for values that went through float arithmetic."""
    return [(round(start, 6), round(minutes, 6), data) for start, minutes, data in spans(events)]


def query(*lines: str, periods=(DAY,)) -> list:
    return run_query(SOURCE, list(lines), list(periods))


# -- the language -------------------------------------------------------------------
def test_parse_builds_a_tree_of_values_calls_lists_and_dicts():
    assert parse('x = f(1, 2.5, "a\\"b", [y], {"k": true});') == [
        ("x", ("call", "f", [("num", 1), ("num", 2.5), ("str", 'a"b'), ("list", [("var", "y")]),
                             ("dict", [("k", ("var", "true"))])]))]


def test_strings_keep_backslashes_other_than_before_their_quote():
    assert parse(r"x = 'C:\\Users\d+\'';") == [("x", ("str", "C:\\\\Users\\d+'"))]


@pytest.mark.parametrize("text, named", [
    ("x = ;", "expected a value"), ("= 1;", "variable name"), ("x = [1, 2;", "']'"), ("x = {1: 2};", "dict key"),
    ("x = 1 2;", "';'"), ("x = 'open;", "unexpected"), ("x = " + "[" * 80 + "]" * 80 + ";", "nests deeper"),
])
def test_syntax_errors_say_what_and_where(text, named):
    with pytest.raises(QuerySyntaxError, match="near character|unexpected") as caught:
        parse(text)
    assert named in str(caught.value)


def test_run_gives_one_return_per_period_with_constants_and_period_names():
    periods = (DAY, "2026-03-11T00:00:00+00:00/2026-03-12T00:00:00+00:00")
    answers = query('RETURN = {"s": STARTTIME, "e": ENDTIME, "b": [true, False], "n": NAME};', periods=periods)
    assert answers == [{"s": "2026-03-10T00:00:00+00:00", "e": "2026-03-11T00:00:00+00:00", "b": [True, False], "n": ""},
                       {"s": "2026-03-11T00:00:00+00:00", "e": "2026-03-12T00:00:00+00:00", "b": [True, False], "n": ""}]


@pytest.mark.parametrize("lines, named", [
    (["x = 1;"], "RETURN"), (["RETURN = y;"], "'y'"), (["RETURN = nosuch();"], "nosuch"),
    (["RETURN = sort_by_duration();"], "takes 1 argument"), (['RETURN = limit_events("x", 1);'], "argument 1"),
    (['RETURN = query_bucket("missing");'], "missing"), (['RETURN = find_bucket("zzz");'], "zzz"),
    (['RETURN = filter_keyvals_regex([], "app", "(");'], "regular expression"),
    (['RETURN = categorize([], [["Work", {"regex": "x"}]]);'], "rule 0"),
    (["RETURN = sort_by_duration([1, 2]);"], "argument 1 of sort_by_duration must be a list of events"),
    (["RETURN = flood([[1, 2, 3, 4], [5, 6, 7, 8]]);"], "argument 1 of flood must be a list of events"),
])
def test_evaluation_errors_are_validation_errors_naming_the_problem(lines, named):
    with pytest.raises(ValidationError) as caught:
        query(*lines)
    assert named in str(caught.value)


@pytest.mark.parametrize("periods", [[], ["2026-03-10"], ["2026-03-11T00:00:00Z/2026-03-10T00:00:00Z"], [1]])
def test_bad_periods_are_refused(periods):
    with pytest.raises(ValidationError, match="timeperiods"):
        run_query(SOURCE, ["RETURN = 1;"], periods)


# -- buckets ---------------------------------------------------------------------------
def test_find_bucket_by_part_of_its_id_and_hostname():
    assert query('RETURN = find_bucket("aw-watcher-window_");') == ["aw-watcher-window_box"]
    assert query('RETURN = find_bucket("window", "other");') == ["aw-watcher-window_other"]


def test_query_bucket_cuts_events_to_the_period_newest_first():
    [events] = query('RETURN = query_bucket("aw-watcher-window_box");')
    assert [(e["timestamp"], e["duration"], e["id"]) for e in events] == [
        ("2026-03-10T09:15:00+00:00", 120.0, 3), ("2026-03-10T09:10:00+00:00", 300.0, 2),
        ("2026-03-10T09:00:00+00:00", 600.0, 1), ("2026-03-10T00:00:00+00:00", 600.0, 4)]


def test_query_bucket_eventcount_and_nop():
    assert query('RETURN = [query_bucket_eventcount("aw-watcher-window_box"), nop()];') == [[4, 1]]


# -- transforms, by hand -----------------------------------------------------------------
def test_flood_fills_small_gaps_and_joins_same_data():
    events = [ev(0, 10, a=1), ev(10 + 3 / MIN, 5, a=1), ev(16, 1, a=2), ev(30, 1, a=3)]
    # 3 s gap, same data: one 15 min 3 s... event; 1 min gap: too long (> 5 s) stays; 14 min gap stays
    flooded = t.flood(events)
    assert spans(flooded) == [(0, 15 + 3 / MIN, {"a": 1}), (16, 1, {"a": 2}), (30, 1, {"a": 3})]
    assert spans(t.flood([ev(0, 2, a=1), ev(2 + 4 / MIN, 10, a=2)])) == [(0, 2, {"a": 1}), (2, 10 + 4 / MIN, {"a": 2})]
    assert spans(t.flood([ev(0, 10, a=1), ev(10 + 4 / MIN, 2, a=2)])) == [(0, 10 + 4 / MIN, {"a": 1}), (10 + 4 / MIN, 2, {"a": 2})]
    assert spans(t.flood([ev(0, 10, a=1), ev(5, 10, a=1)])) == [(0, 15, {"a": 1})]  # overlap, same data: joined
    assert spans(events) == [(0, 10, {"a": 1}), (10 + 3 / MIN, 5, {"a": 1}), (16, 1, {"a": 2}), (30, 1, {"a": 3})]


def test_flood_trims_a_tiny_overlap_of_different_data_instead_of_joining_them():
    # aw-core: an overlap under 0.1 s between different data is a gap to fill (the longer event ends where the
    # next starts); only the same data may be joined across an overlap
    overlap = 0.05 / MIN
    assert rounded(t.flood([ev(0, 3, a=1), ev(3 - overlap, 2, a=2)])) == rounded(
        [ev(0, 3 - overlap, a=1), ev(3 - overlap, 2, a=2)])
    assert spans(t.flood([ev(0, 3, a=1), ev(3 - 0.5 / MIN, 2, a=2)])) == [(0, 3, {"a": 1}), (3 - 0.5 / MIN, 2, {"a": 2})]


def test_flood_looks_again_at_a_pair_whose_second_event_it_moved():
    # B (2-5) lies inside A (0-10): joined into A, B is left empty at 10. B then overlaps C (5-7) by 5 min,
    # same data: B becomes 5-10 and C empty at 10 — though B and C touched (5 = 5) before flooding began
    assert spans(t.flood([ev(0, 10, a=1), ev(2, 3, a=1), ev(5, 2, a=1)])) == [(0, 10, {"a": 1}), (5, 5, {"a": 1})]


def test_flood_drops_an_event_a_trimmed_overlap_left_below_zero():
    # B joins A (same data, 0.1 s overlap) and is left empty at 0.1 s; C starts at 0.05 s, so B "ends where C
    # starts" with a duration of -0.05 s: dropped with C, which has none
    s = 1 / MIN
    assert rounded(t.flood([ev(0, 0.1 * s, a=2), ev(0, 0, a=2), ev(0.05 * s, 0, a=1)])) == rounded([ev(0, 0.1 * s, a=2)])


def test_filter_and_exclude_keyvals():
    events = [ev(0, 1, app="code"), ev(1, 1, app="vim"), ev(2, 1, title="x"), ev(3, 1, app=True)]
    assert spans(t.filter_keyvals(events, "app", ["code", "vim"])) == spans(events[:2])
    assert spans(t.filter_keyvals(events, "app", [1])) == []  # true is not 1
    assert spans(t.filter_keyvals(events, "app", [True])) == spans(events[3:])
    assert spans(t.filter_keyvals(events, "app", ["code"], exclude=True)) == spans(events[1:])
    assert query('RETURN = exclude_keyvals(query_bucket("aw-watcher-window_box"), "app", ["code"]);')[0][0]["id"] == 2


def test_filter_keyvals_regex_searches_strings_only():
    events = [ev(0, 1, title="Issue #15 - GitHub"), ev(1, 1, title="inbox"), ev(2, 1, title=15)]
    assert query('RETURN = filter_keyvals_regex(query_bucket("aw-watcher-window_box"), "title", "^[ab]\\.py$");') == [[
        {"id": 3, "timestamp": "2026-03-10T09:15:00+00:00", "duration": 120.0, "data": {"app": "code", "title": "b.py"}},
        {"id": 1, "timestamp": "2026-03-10T09:00:00+00:00", "duration": 600.0, "data": {"app": "code", "title": "a.py"}}]]
    import re
    assert spans(t.filter_keyvals_regex(events, "title", re.compile(r"#\d+"))) == spans(events[:1])


def test_filter_period_intersect_keeps_only_the_overlapping_parts():
    windows = [ev(0, 10, app="a"), ev(20, 10, app="b")]
    active = [ev(5, 20, status="not-afk"), ev(28, 1, status="not-afk")]
    assert spans(t.filter_period_intersect(windows, active)) == [(5, 5, {"app": "a"}), (20, 5, {"app": "b"}),
                                                                   (28, 1, {"app": "b"})]


def test_filter_period_intersect_cuts_an_event_across_two_windows_and_keeps_overlapping_ones_inside():
    windows = [ev(0, 10, s="on"), ev(12, 8, s="on")]
    events = [ev(1, 2, n="a"), ev(3, 2, n="b"), ev(8, 6, n="c"), ev(14, 1, n="d"), ev(15, 4, n="e"),
              ev(16, 1, n="f"), ev(19, 6, n="g"), ev(30, 1, n="h")]
    found = t.filter_period_intersect(events[::-1], windows)  # newest first, as query_bucket gives them
    assert [(start, minutes, data["n"]) for start, minutes, data in spans(found)] == [
        (1, 2, "a"), (3, 2, "b"), (8, 2, "c"), (12, 2, "c"), (14, 1, "d"), (15, 4, "e"), (16, 1, "f"), (19, 1, "g")]
    assert [e.id for e in t.filter_period_intersect([Event(T9, 60.0, {}, 7)], windows)] == [7]


def test_period_union_covers_both_lists_without_data():
    assert spans(t.period_union([ev(0, 5, a=1), ev(20, 5, a=1)], [ev(4, 3, b=2), ev(7, 1, b=2), ev(30, 1, b=2)])) == [
        (0, 8, {}), (20, 5, {}), (30, 1, {})]


def test_union_no_overlap_lets_the_first_list_win():
    first = [ev(0, 3, x="1"), ev(7, 2, x="1")]
    second = [ev(1, 4, y="2"), ev(6, 6, y="2"), ev(20, 1, y="2")]
    # 0-3 first; 3-5 left of the second's 1-5; 6-7 and 9-12 left of 6-12 around first's 7-9; 20-21 untouched
    assert spans(t.union_no_overlap(first, second)) == [(0, 3, {"x": "1"}), (3, 2, {"y": "2"}), (6, 1, {"y": "2"}),
                                                        (7, 2, {"x": "1"}), (9, 3, {"y": "2"}), (20, 1, {"y": "2"})]


def test_concat_sort_limit_and_sum():
    a, b, c = ev(5, 1, n=1), ev(0, 3, n=2), ev(2, 2, n=3)
    assert t.concat([a], [b, c]) == [a, b, c]
    assert t.sort_by_timestamp([a, b, c]) == [b, c, a]
    assert t.sort_by_duration([a, b, c]) == [b, c, a]
    assert t.sort_by_duration([ev(0, 1, n=1), ev(1, 1, n=2)])[0].data == {"n": 1}  # ties keep their order
    assert t.limit_events([a, b, c], 2) == [a, b]
    assert t.sum_durations([a, b, c]) == 360.0
    assert query('RETURN = sum_durations(query_bucket("aw-watcher-window_box"));') == [1620.0]  # 10+5+2+10 min


def test_merge_events_by_keys_sums_per_value_combination():
    events = [ev(0, 10, app="code", title="a"), ev(10, 5, app="ff", title="d"), ev(15, 2, app="code", title="b"),
              ev(20, 1, title="no app")]
    assert spans(t.merge_events_by_keys(events, ["app"])) == [(0, 12, {"app": "code"}), (10, 5, {"app": "ff"}),
                                                              (20, 1, {})]
    assert len(t.merge_events_by_keys(events, ["app", "title"])) == 4
    assert t.merge_events_by_keys(events, []) == events
    tagged = [ev(0, 1, c=["Work", "Dev"]), ev(1, 2, c=["Work", "Dev"])]
    assert spans(t.merge_events_by_keys(tagged, ["c"])) == [(0, 3, {"c": ["Work", "Dev"]})]


def test_chunk_events_by_key_groups_adjacent_equal_values():
    events = [ev(0, 1, app="a"), ev(1, 1, app="a"), ev(2, 1, app="b"), ev(10, 1, app="b"), ev(11, 1, title="x")]
    chunks = t.chunk_events_by_key(events, "app")
    # a,a adjacent: one chunk of 2 min; b then b 7 min later (> 5 s pulse): two chunks; stops at the event without app
    assert [(s, d, data["app"], len(data["subevents"])) for s, d, data in spans(chunks)] == [
        (0, 2, "a", 2), (2, 1, "b", 1), (10, 1, "b", 1)]
    [answer] = query('RETURN = chunk_events_by_key(sort_by_timestamp(query_bucket("aw-watcher-window_box")), "app");')
    assert [(c["data"]["app"], c["duration"], len(c["data"]["subevents"])) for c in answer] == [
        ("code", 600.0, 1), ("code", 600.0, 1), ("firefox", 300.0, 1), ("code", 120.0, 1)]


def test_split_url_events_adds_the_url_parts():
    [event] = t.split_url_events([ev(0, 1, url="https://www.example.org/a/b;p?q=1#top")])
    assert {k: v for k, v in event.data.items() if k.startswith("$")} == {
        "$protocol": "https", "$domain": "example.org", "$path": "/a/b", "$params": "p", "$options": "q=1",
        "$identifier": "top"}
    [local] = t.split_url_events([ev(0, 1, url="about:blank")])
    assert (local.data["$domain"], local.data["$path"]) == ("about", "blank")


def test_simplify_window_titles():
    events = [ev(0, 1, app="code", title="● (3) main.py"), ev(1, 1, app="game", title="Game FPS: 59.9"),
              ev(2, 1, title="(12) Inbox")]
    assert [e.data["title"] for e in t.simplify_window_titles(events, "title")] == [
        "(3) main.py", "Game FPS: ...", "Inbox"]


def test_categorize_picks_the_deepest_matching_category():
    classes = [(["Work"], t.Rule({"type": "regex", "regex": "code|github"})),
               (["Work", "Programming"], t.Rule({"type": "regex", "regex": "\\.py$"})),
               (["Media"], t.Rule({"type": "regex", "regex": "YOUTUBE", "ignore_case": True})),
               (["Never"], t.Rule({"type": "none"}))]
    events = [ev(0, 1, app="code", title="a.py"), ev(1, 1, app="code", title="notes"),
              ev(2, 1, app="ff", title="YouTube"), ev(3, 1, app="ff", title="news")]
    assert [e.data["$category"] for e in t.categorize(events, classes)] == [
        ["Work", "Programming"], ["Work"], ["Media"], ["Uncategorized"]]
    only_titles = [(["T"], t.Rule({"regex": "code", "select_keys": ["title"]}))]
    assert t.categorize(events[:1], only_titles)[0].data["$category"] == ["Uncategorized"]
    assert "$category" not in events[0].data  # the input is left as it was


def test_categorize_and_tag_in_a_query():
    [answer] = query('events = categorize(query_bucket("aw-watcher-window_box"), '
                     '[[["Work"], {"type": "regex", "regex": "code"}], [["Work", "Py"], {"type": "regex", "regex": "\\.py$"}]]);',
                     'events = tag(events, [["python", {"regex": "py"}], ["web", {"regex": "firefox"}]]);',
                     'RETURN = sort_by_duration(merge_events_by_keys(events, ["$category"]));')
    # a.py 10 + b.py 2 = 12 min Work>Py; late 10 min Work; firefox 5 min Uncategorized
    assert [(e["data"]["$category"], e["duration"]) for e in answer] == [
        (["Work", "Py"], 720.0), (["Work"], 600.0), (["Uncategorized"], 300.0)]
    [tags] = query('RETURN = tag(query_bucket("aw-watcher-window_box"), [["python", {"regex": "py"}], ["web", {"regex": "fire"}]]);')
    assert [e["data"]["$tags"] for e in tags] == [["python"], ["web"], ["python"], []]


def test_timestamps_have_aw_servers_form():
    assert timestamp(T9) == "2026-03-10T09:00:00+00:00"
    assert timestamp(T9 + 0.25) == "2026-03-10T09:00:00.250000+00:00"

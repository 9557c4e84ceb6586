"""The span store: journal frames, torn-frame recovery, day sealing with summaries, forgetting an app."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import pytest

from lighttrack.core.timing.isotime import from_iso, to_iso
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.store.spans import SpanStore, split_by_day


def span(start: str, end: str, app: str = "code", title: str = "t", project: str | None = None, category: str | None = "development"):
    return {"start": f"2025-03-10T{start}.000+00:00", "end": f"2025-03-10T{end}.000+00:00", "app": app, "title": title,
            "projectId": project, "category": category}


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path, Cipher(new_key()))


def test_append_and_read_back_across_reopen(store, tmp_path):
    spans = SpanStore(store)
    spans.append([span("09:00:00", "09:10:00")])
    spans.append([span("09:10:00", "09:20:00", app="firefox", category="browsing")])
    spans.sync()
    again = SpanStore(Store(tmp_path, store.cipher))
    found = again.read("2025-03-10T09:05:00.000+00:00", "2025-03-10T09:15:00.000+00:00")
    assert [s["app"] for s in found] == ["code", "firefox"]
    journal = (tmp_path / "spans" / "2025-03-10.journal").read_bytes()
    assert b"firefox" not in journal and b"code" not in journal  # encrypted frames


def test_a_torn_last_frame_is_dropped_and_cut_before_the_next_append(store, tmp_path):
    spans = SpanStore(store)
    spans.append([span("09:00:00", "09:01:00")])
    spans.append([span("09:01:00", "09:02:00", app="firefox")])
    path = tmp_path / "spans" / "2025-03-10.journal"
    path.write_bytes(path.read_bytes()[:-7])  # a crash in the middle of the second frame
    reopened = SpanStore(Store(tmp_path, store.cipher))
    assert [s["app"] for s in reopened.read("2025-03-10T00:00:00", "2025-03-11T00:00:00")] == ["code"]
    reopened.append([span("09:05:00", "09:06:00", app="vim")])
    assert [s["app"] for s in reopened.read("2025-03-10T00:00:00", "2025-03-11T00:00:00")] == ["code", "vim"]


def test_a_torn_length_field_is_dropped(store, tmp_path):
    spans = SpanStore(store)
    spans.append([span("09:00:00", "09:01:00")])
    path = tmp_path / "spans" / "2025-03-10.journal"
    path.write_bytes(path.read_bytes() + b"\x00\x00")
    assert len(SpanStore(Store(tmp_path, store.cipher)).read("2025-03-10T00:00:00", "2025-03-11T00:00:00")) == 1


def test_day_rollover_seals_the_day_with_a_summary(store, tmp_path):
    spans = SpanStore(store)
    spans.append([span("09:00:00", "09:30:00", project="p1"), span("09:30:00", "10:15:00", app="firefox", category="browsing")])
    spans.append([{**span("08:00:00", "08:01:00"), "start": "2025-03-11T08:00:00.000+00:00",
                   "end": "2025-03-11T08:01:00.000+00:00"}], today="2025-03-11")
    folder = tmp_path / "spans"
    assert (folder / "2025-03-10.db").exists() and not (folder / "2025-03-10.journal").exists()
    assert (folder / "2025-03-11.journal").exists()
    summary = spans.summaries("2025-03-01", "2025-03-31")["2025-03-10"]
    assert summary["apps"] == {"code": 30 * 60000, "firefox": 45 * 60000}
    assert summary["projects"] == {"p1": 30 * 60000}
    assert summary["categories"] == {"development": 30 * 60000, "browsing": 45 * 60000}
    assert summary["hours"][9] == 60 * 60000 and summary["hours"][10] == 15 * 60000
    sealed_bytes = (folder / "2025-03-10.db").read_bytes()
    spans.append([span("11:00:00", "11:01:00")], today="2025-03-11")  # late data for a sealed day is not written
    assert (folder / "2025-03-10.db").read_bytes() == sealed_bytes
    assert len(spans.read("2025-03-10T00:00:00.000+00:00", "2025-03-12T00:00:00.000+00:00")) == 3


def test_a_span_over_midnight_is_split_into_both_days():
    parts = split_by_day({"start": "2025-03-10T23:59:00.000+00:00", "end": "2025-03-11T00:01:00.000+00:00", "app": "a"})
    assert [(p["start"][11:19], p["end"][11:19]) for p in parts] == [("23:59:00", "00:00:00"), ("00:00:00", "00:01:00")]


def test_forget_app_rewrites_sealed_days_and_journals(store, tmp_path):
    spans = SpanStore(store)
    spans.append([span("09:00:00", "09:30:00"), span("09:30:00", "10:00:00", app="Slack", category="communication")])
    spans.append([{**span("08:00:00", "08:01:00", app="slack"), "start": "2025-03-11T08:00:00.000+00:00",
                   "end": "2025-03-11T08:01:00.000+00:00"}], today="2025-03-11")
    assert spans.forget_app("SLACK") == 2
    assert [s["app"] for s in spans.read("2025-03-10T00:00:00", "2025-03-12T00:00:00")] == ["code"]
    assert spans.summaries("2025-03-10", "2025-03-10")["2025-03-10"]["apps"] == {"code": 30 * 60000}
    assert not (tmp_path / "spans" / "2025-03-11.journal").exists()


def test_a_permanent_range_deletion_removes_the_window_spans_of_that_range(tracker, dummy, step, services):
    dummy.show("code", "main.py - lighttrack - Visual Studio Code")
    step(times=10)
    dummy.show("firefox", "Docs — Mozilla Firefox")
    step(times=10)
    tracker.timeline.close()
    first, now = services.ctx.now() - timedelta(minutes=1), services.ctx.now()
    code, firefox = tracker.timeline_between(first, now)
    cut_from = from_iso(code["start"]) + timedelta(seconds=3)
    cut_to = from_iso(firefox["start"]) + timedelta(seconds=4)
    services.erase.delete_range(to_iso(cut_from), to_iso(cut_to), {"permanent": True})
    left = tracker.timeline_between(first, now)
    assert [(s["app"], s["duration"]) for s in left] == [("code", 3000), ("firefox", firefox["duration"] - 4000)]
    services.erase.delete_range(to_iso(first), to_iso(now))  # a soft deletion can be undone: spans stay
    assert tracker.timeline_between(first, now) == left


def _sealed_days(store, spans_per_day: dict[str, int]) -> SpanStore:
    spans = SpanStore(store)
    for day, count in spans_per_day.items():
        spans.append([{**span("09:00:00", "09:00:01"), "start": f"{day}T09:{n:02d}:00.000+00:00",
                       "end": f"{day}T09:{n:02d}:30.000+00:00"} for n in range(count)], today=day)
    spans.append([], today="2025-03-20")
    return spans


def _decoded_days(spans: SpanStore, monkeypatch) -> list[str]:
    decoded: list[str] = []
    read_blob = spans._read_blob
    monkeypatch.setattr(spans, "_read_blob", lambda path: decoded.append(path.name[:10]) or read_blob(path))
    return decoded


def test_a_range_ending_at_midnight_does_not_decode_the_next_day(store, monkeypatch):
    spans = _sealed_days(store, {"2025-03-10": 2, "2025-03-11": 3})
    decoded = _decoded_days(spans, monkeypatch)
    assert len(spans.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00")) == 2
    assert len(list(spans.stream("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00"))) == 2
    assert decoded == ["2025-03-10"]


def test_sealed_days_kept_decoded_are_bounded_by_their_spans(tmp_path, store, monkeypatch):
    spans = _sealed_days(store, {"2025-03-10": 2, "2025-03-11": 5})
    bounded = SpanStore(Store(tmp_path, store.cipher), cached_spans=4)
    decoded = _decoded_days(bounded, monkeypatch)
    for _ in range(2):
        assert len(bounded.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00")) == 2
        assert len(bounded.read("2025-03-11T00:00:00.000+00:00", "2025-03-12T00:00:00.000+00:00")) == 5
    assert decoded == ["2025-03-10", "2025-03-11", "2025-03-11"]  # the day larger than the cache is read each time
    assert spans.is_sealed("2025-03-11") and not spans.is_sealed("2025-03-20")


def _busy_day(count: int, first_second: int = 0) -> list[dict]:
    """`count` one-second spans from 08:00 on, a new window every second."""
    start = from_iso("2025-03-10T08:00:00.000+00:00")
    return [{"start": to_iso(start + timedelta(seconds=n)), "end": to_iso(start + timedelta(seconds=n + 1)),
             "app": "code" if n % 7 else "firefox", "title": f"file {n % 50}.py", "projectId": None,
             "category": "development"} for n in range(first_second, first_second + count)]


def test_a_busy_day_is_sealed_without_holding_its_spans_at_once(store, tmp_path):
    day = _busy_day(20_000)
    spans = SpanStore(store)
    for n in range(0, len(day), 10):
        spans.append(day[n:n + 10])
    decoded = len(spans.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00"))
    tracemalloc.start()
    try:
        held = tracemalloc.get_traced_memory()[0]
        spans.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00")
        day_in_memory = tracemalloc.get_traced_memory()[1] - held
        tracemalloc.reset_peak()
        spans.seal_before("2025-03-11")
        sealing = tracemalloc.get_traced_memory()[1] - held
    finally:
        tracemalloc.stop()
    assert decoded == 20_000 and spans.is_sealed("2025-03-10")
    assert sealing < day_in_memory / 5, f"sealing took {sealing >> 20} MB; the day decoded takes {day_in_memory >> 20} MB"
    reopened = SpanStore(Store(tmp_path, store.cipher))
    assert reopened.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00") == day
    summary = reopened.summaries("2025-03-10", "2025-03-10")["2025-03-10"]
    assert summary["spans"] == 20_000 and summary["totalMs"] == 20_000 * 1000


def test_a_day_whose_journal_is_out_of_order_is_sealed_in_order(store, tmp_path):
    spans = SpanStore(store)
    later, earlier = _busy_day(30, first_second=3600), _busy_day(30)
    spans.append(later)
    spans.add_past(earlier)  # an import into the open day: after its later spans in the journal
    spans.seal_before("2025-03-11")
    reopened = SpanStore(Store(tmp_path, store.cipher))
    assert reopened.read("2025-03-10T00:00:00.000+00:00", "2025-03-11T00:00:00.000+00:00") == earlier + later
    assert reopened.summaries("2025-03-10", "2025-03-10")["2025-03-10"]["spans"] == 60

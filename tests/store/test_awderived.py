"""Sealed days of ActivityWatch events kept on disk in their packed, query-ready form: used only while the day is
unchanged, ignored and made again when damaged, gone with their bucket, and never changing an answer."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from lighttrack.core.activitywatch import service as service_module
from lighttrack.core.activitywatch.service import ActivityWatchService
from lighttrack.store import awevents
from lighttrack.store.awevents import AwEventStore, bucket_dir_name
from lighttrack.store.crypto import Cipher, new_key

from support import open_services

UTC = timezone.utc
TODAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
DAYS = [TODAY - timedelta(days=n) for n in range(6, -1, -1)]  # five sealed days, yesterday and today
SEALED = [d.date().isoformat() for d in DAYS[:5]]
WINDOW, AFK = "aw-watcher-window_box", "aw-watcher-afk_box"
PERIOD = [f"{DAYS[0].isoformat()}/{(TODAY + timedelta(days=1)).isoformat()}"]
ACTIVITY = ['events = flood(query_bucket(find_bucket("aw-watcher-window_")));',
            'not_afk = flood(query_bucket(find_bucket("aw-watcher-afk_")));',
            'not_afk = filter_keyvals(not_afk, "status", ["not-afk"]);',
            'events = filter_period_intersect(events, not_afk);',
            'events = categorize(events, [[["Work"], {"type": "regex", "regex": "code|term"}], '
            '[["Work", "Docs"], {"type": "regex", "regex": "\\\\.md"}]]);',
            'title_events = sort_by_duration(merge_events_by_keys(events, ["app", "title"]));',
            'cat_events = sort_by_duration(merge_events_by_keys(events, ["$category"]));',
            'RETURN = {"raw": query_bucket(find_bucket("aw-watcher-window_")), "titles": title_events, '
            '"cats": cat_events, "duration": sum_durations(events)};']
APPS = ["code", "firefox", "term", "Zoë's editor", "slack"]


def window_events(rng: random.Random, day: datetime, count: int) -> list[dict]:
    """A day of varied window events: gaps and overlaps, int and float durations, odd data (lists, numbers, unicode)."""
    events, at = [], day + timedelta(hours=8)
    for i in range(count):
        data = {"app": rng.choice(APPS), "title": f"{rng.choice(['notes', 'main', 'ÜBER'])}{rng.randrange(30)}."
                f"{rng.choice(['py', 'md'])} — ✓"}
        if i % 17 == 0:
            data["tags"] = ["a", {"n": i % 3}]
        if i % 11 == 0:
            data["count"] = rng.choice([1, 1.0, True, None])
        duration = rng.choice([30, 12.5, 0, 61.25, rng.random() * 90])
        events.append({"timestamp": at.isoformat(), "duration": duration, "data": data})
        at += timedelta(seconds=duration + rng.choice([0, 0, 1.5, 3, 7, -4]))
    return events


def afk_events(day: datetime) -> list[dict]:
    return [{"timestamp": (day + timedelta(hours=8, minutes=40 * i)).isoformat(), "duration": 2400,
             "data": {"status": "afk" if i % 4 == 3 else "not-afk"}} for i in range(8)]


@pytest.fixture
def folder(tmp_path):
    """A data folder holding a week of window and AFK events; the key to open it."""
    key, rng = new_key(), random.Random(15)
    service = open_service(tmp_path, key)
    for bucket, kind in ((WINDOW, "currentwindow"), (AFK, "afkstatus")):
        service.create_bucket(bucket, {"client": "test", "type": kind, "hostname": "box"})
    for day in DAYS:
        service.insert(WINDOW, window_events(rng, day, 120))
        service.insert(AFK, afk_events(day))
    service.stop()
    return tmp_path, key


def open_service(path, key) -> ActivityWatchService:
    """The ActivityWatch service of a data folder as a fresh start opens it: nothing decoded in memory."""
    services = open_services(path, key=key)
    return ActivityWatchService(services, AwEventStore(services.ctx.store))


@pytest.fixture
def decodes(monkeypatch):
    """The journals read by decoding their frames, as (file name) in order."""
    seen: list[str] = []
    real = awevents.decode_frames

    def counting(data, cipher, name):
        seen.append(name)
        return real(data, cipher, name)

    monkeypatch.setattr(awevents, "decode_frames", counting)
    return seen


def packs(path, bucket: str) -> dict[str, bytes]:
    folder = path / "activitywatch" / bucket_dir_name(bucket)
    return {p.name[:10]: p.read_bytes() for p in sorted(folder.glob("*.pack"))}


def answer(path, key) -> list:
    service = open_service(path, key)
    return service.query(ACTIVITY, PERIOD)


def test_a_restart_answers_from_the_packed_days_without_decoding_them_and_identically(folder, decodes):
    path, key = folder
    first = answer(path, key)
    assert sorted(packs(path, WINDOW)) == SEALED and sorted(packs(path, AFK)) == SEALED  # not yesterday, not today
    decodes.clear()
    assert answer(path, key) == first
    assert sorted(name[:10] for name in decodes) == sorted([d.date().isoformat() for d in DAYS[5:]] * 2)
    assert len(first[0]["raw"]) == 7 * 120 and first[0]["duration"] > 0


def test_an_insert_and_a_deletion_in_sealed_days_make_their_packs_stale(folder, decodes):
    path, key = folder
    answer(path, key)
    before = packs(path, WINDOW)
    service = open_service(path, key)
    late = {"timestamp": (DAYS[1] + timedelta(hours=23)).isoformat(), "duration": 600.0,
            "data": {"app": "late", "title": "import"}}
    late_id = service.insert(WINDOW, late)[0]["id"]
    doomed = service.events(WINDOW, 1, DAYS[3], DAYS[4])[0]["id"]
    service.delete_event(WINDOW, doomed)
    service.stop()
    decodes.clear()
    after = answer(path, key)
    raw_ids = {e["id"] for e in after[0]["raw"]}
    assert late_id in raw_ids and doomed not in raw_ids
    assert sorted(name[:10] for name in decodes if name[:10] in SEALED) == [SEALED[1], SEALED[3]]
    rewritten = packs(path, WINDOW)
    assert [day for day in SEALED if rewritten[day] != before[day]] == [SEALED[1], SEALED[3]]
    for pack in path.glob("activitywatch/*/*.pack"):
        pack.unlink()
    assert answer(path, key) == after  # the same as worked out from the journals alone


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "foreign"])
def test_a_damaged_or_half_written_pack_is_ignored_and_made_again(folder, decodes, damage):
    path, key = folder
    expected = answer(path, key)
    pack = path / "activitywatch" / bucket_dir_name(WINDOW) / f"{SEALED[2]}.pack"
    data = bytearray(pack.read_bytes())
    if damage == "truncated":
        data = data[:len(data) // 2]
    elif damage == "flipped":
        data[len(data) // 3] ^= 0x01
    elif damage == "empty":
        data = bytearray()
    else:  # sealed with another key: a pack from another data folder
        data = bytearray(Cipher(new_key()).seal(bytes(data)))
    pack.write_bytes(bytes(data))
    (pack.parent / f".{SEALED[0]}.pack.tmp").write_bytes(b"half")  # a crash while writing another one
    decodes.clear()
    assert answer(path, key) == expected
    assert [name[:10] for name in decodes if name[:10] in SEALED] == [SEALED[2]]
    decodes.clear()
    assert answer(path, key) == expected
    assert [name[:10] for name in decodes if name[:10] in SEALED] == []  # made again and used


def test_deleting_a_bucket_removes_its_packs_and_a_new_bucket_of_that_name_starts_clean(folder):
    path, key = folder
    answer(path, key)
    service = open_service(path, key)
    service.delete_bucket(WINDOW)
    assert packs(path, WINDOW) == {} and not (path / "activitywatch" / bucket_dir_name(WINDOW)).exists()
    service.create_bucket(WINDOW, {"client": "test", "type": "currentwindow", "hostname": "box"})
    service.insert(WINDOW, [{"timestamp": (DAYS[2] + timedelta(hours=9)).isoformat(), "duration": 60,
                             "data": {"app": "code", "title": "fresh.py"}}])
    service.stop()
    raw = answer(path, key)[0]["raw"]
    assert [(e["data"]["title"], e["duration"]) for e in raw] == [("fresh.py", 60.0)]


def test_a_query_that_read_many_events_hands_its_freed_memory_back(folder, monkeypatch):
    path, key = folder
    monkeypatch.setattr(service_module, "RELEASE_AFTER_EVENTS", 1500)
    services, released = open_services(path, key=key), []
    service = ActivityWatchService(services, AwEventStore(services.ctx.store), release_memory=lambda: released.append(1))
    one_day = [f"{DAYS[2].isoformat()}/{DAYS[3].isoformat()}"]
    service.query(ACTIVITY, one_day)  # its bucket days and the two before: about 1,000 events read
    assert released == []
    service.query(ACTIVITY, PERIOD)  # the week: about 1,700
    assert released == [1]

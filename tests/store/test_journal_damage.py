"""A damaged journal frame costs that frame only, and a damaged file is kept aside, never rewritten smaller."""

from __future__ import annotations

import struct

import pytest

from lighttrack.store.awevents import AwEventStore
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.store.journal import JournalFiles, encode_frame

from support import FakeClock, open_services


def _frames(cipher: Cipher, count: int) -> list[bytes]:
    return [encode_frame(cipher, [{"n": i, "title": "x" * (40 + i)}]) for i in range(count)]


@pytest.mark.parametrize("where", ["length", "checksum", "marker", "blob"])
def test_one_flipped_bit_costs_one_frame_and_the_file_is_kept_aside(tmp_path, where):
    cipher = Cipher(new_key())
    frames = _frames(cipher, 6)
    path = tmp_path / "2026-03-10.journal"
    data = bytearray(b"".join(frames))
    offset = sum(len(f) for f in frames[:2]) + {"marker": 1, "length": 6, "checksum": 9, "blob": 40}[where]
    data[offset] ^= 0x10
    path.write_bytes(bytes(data))
    journal = JournalFiles(cipher, sync_seconds=30)
    assert [f[0]["n"] for f in journal.read(path)] == [0, 1, 3, 4, 5]
    journal.durable(journal.append(path, [{"n": 6}]))
    assert [f[0]["n"] for f in journal.read(path)] == [0, 1, 3, 4, 5, 6]
    assert path.stat().st_size >= len(data)  # never cut smaller
    kept = list(tmp_path.glob("2026-03-10.journal.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)


def test_a_torn_last_frame_is_cut_before_the_next_append(tmp_path):
    cipher = Cipher(new_key())
    frames = _frames(cipher, 3)
    path = tmp_path / "d.journal"
    path.write_bytes(b"".join(frames) + frames[0][:30])
    journal = JournalFiles(cipher, sync_seconds=30)
    journal.append(path, [{"n": 9}])
    assert [f[0]["n"] for f in journal.read(path)] == [0, 1, 2, 9]


def test_journals_of_the_first_format_are_read_and_converted(tmp_path):
    cipher = Cipher(new_key())
    blobs = [cipher.seal(b'[{"n": %d}]' % i) for i in range(3)]
    path = tmp_path / "old.journal"
    path.write_bytes(b"".join(struct.pack(">I", len(b)) + b for b in blobs))
    journal = JournalFiles(cipher, sync_seconds=30)
    assert [f[0]["n"] for f in journal.read(path)] == [0, 1, 2]
    journal.append(path, [{"n": 3}])
    assert [f[0]["n"] for f in journal.read(path)] == [0, 1, 2, 3]


def test_activitywatch_events_of_a_damaged_day_lose_only_the_damaged_frame(tmp_path):
    key = new_key()
    services = open_services(tmp_path, clock=FakeClock(), key=key)
    events = AwEventStore(services.ctx.store)
    events.save_bucket({"id": "w", "type": "currentwindow", "nextId": 1})
    for i in range(1, 6):
        events.durable(events.write("w", [{"id": i, "timestamp": f"2026-03-10T09:0{i}:00+00:00", "duration": 1.0,
                                           "data": {"app": "a"}, "day": "2026-03-10"}]))
    path = next((tmp_path / "activitywatch").rglob("2026-03-10.journal"))
    data = bytearray(path.read_bytes())
    size = len(data) // 5
    data[size * 2 + 6] ^= 0x01  # the length field of the third frame
    path.write_bytes(bytes(data))
    reopened = AwEventStore(Store(tmp_path, Cipher(key)))
    assert sorted(reopened.day("w", "2026-03-10")) == [1, 2, 4, 5]
    assert [p.read_bytes() for p in path.parent.glob("*.damaged-*")] == [bytes(data)]

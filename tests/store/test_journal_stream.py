"""A journal read frame by frame gives the same frames as a whole read, damaged, torn or of the first format, and
leaves out what was appended after it was opened."""

from __future__ import annotations

import struct

import pytest

from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.journal import JournalFiles, encode_frame


def _frames(cipher: Cipher, count: int) -> list[bytes]:
    return [encode_frame(cipher, [{"n": i, "title": "x" * (40 + i)}]) for i in range(count)]


def _numbers(frames) -> list[int]:
    return [frame[0]["n"] for frame in frames]


def _flipped(data: bytes, offset: int) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= 0x10
    return bytes(changed)


@pytest.mark.parametrize("shape", ["intact", "torn header", "torn blob", "marker", "length", "checksum", "blob",
                                   "last frame damaged", "first format", "empty"])
def test_frame_by_frame_reads_what_a_whole_read_reads(tmp_path, shape):
    cipher = Cipher(new_key())
    frames = _frames(cipher, 5)
    whole = b"".join(frames)
    third = sum(len(f) for f in frames[:2])
    data = {
        "intact": whole,
        "torn header": whole + frames[0][:7],
        "torn blob": whole + frames[0][:30],
        "marker": _flipped(whole, third + 1),
        "length": _flipped(whole, third + 6),
        "checksum": _flipped(whole, third + 9),
        "blob": _flipped(whole, third + 40),
        "last frame damaged": _flipped(whole, len(whole) - 3),
        "first format": b"".join(struct.pack(">I", len(b)) + b for b in (cipher.seal(b'[{"n": %d}]' % i) for i in range(3))),
        "empty": b"",
    }[shape]
    path = tmp_path / "d.journal"
    path.write_bytes(data)
    journal = JournalFiles(cipher, sync_seconds=30)
    expected = _numbers(journal.read(path))
    assert _numbers(journal.frames(path)) == expected
    if shape in ("marker", "length", "checksum", "blob"):
        assert expected == [0, 1, 3, 4]  # the damaged frame only is lost


def test_a_missing_journal_has_no_frames(tmp_path):
    assert list(JournalFiles(Cipher(new_key()), sync_seconds=30).frames(tmp_path / "none.journal")) == []


def test_frames_appended_after_the_file_was_opened_are_left_out(tmp_path):
    cipher = Cipher(new_key())
    path = tmp_path / "d.journal"
    path.write_bytes(b"".join(_frames(cipher, 3)))
    journal = JournalFiles(cipher, sync_seconds=30)
    reading = journal.frames(path)
    assert _numbers([next(reading)]) == [0]
    journal.append(path, [{"n": 3}])
    assert _numbers(reading) == [1, 2]
    assert _numbers(journal.frames(path)) == [0, 1, 2, 3]

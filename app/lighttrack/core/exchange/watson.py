"""Watson's `frames` file: a JSON list of [start, stop, project, id, tags, updated_at] (Unix seconds)."""

from __future__ import annotations

from datetime import datetime, timezone

from .entries import Entry, ImportFileError
from .jsontext import list_items


def entries(text: str) -> list[Entry]:
    return [_entry(line, frame) for line, frame in list_items(text)]


def _entry(line: int, frame: object) -> Entry:
    where = f"line {line}"
    if not isinstance(frame, list) or len(frame) < 4:
        raise ImportFileError(where, "a frame must be a list [start, stop, project, id, tags, updated_at].")
    start, stop, project, frame_id = frame[:4]
    tags = frame[4] if len(frame) > 4 else []
    if not isinstance(project, str) or not project.strip():
        raise ImportFileError(where, "the frame's project must be a non-empty string.")
    if not isinstance(frame_id, str) or not frame_id:
        raise ImportFileError(where, "the frame's id must be a string.")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFileError(where, "the frame's tags must be a list of strings.")
    return Entry(source="watson", key=frame_id, where=where, name=project, project=project, tags=tags,
                 start=_instant(start, where, "start"), end=_instant(stop, where, "stop"))


def _instant(value: object, where: str, what: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ImportFileError(where, f"the frame's {what} must be a Unix timestamp.")
    try:
        return datetime.fromtimestamp(value, timezone.utc).replace(microsecond=0)
    except (OverflowError, OSError, ValueError):
        raise ImportFileError(where, f"the frame's {what} {value!r} is out of range.") from None

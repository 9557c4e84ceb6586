"""ActivityWatch's data as plain values: timestamps, events, the heartbeat merge rule, bucket fields."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import orjson

from ...errors import ValidationError
from ..timing.isotime import read_iso

UTC = timezone.utc
MAX_ID_LEN = 200
MAX_DATA_DEPTH = 200


def iso(moment: datetime) -> str:
    """ActivityWatch's timestamp form, fixed-width so strings sort like instants."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_moment(value: object, field: str) -> datetime:
    """ActivityWatch's reading of a timestamp: microseconds kept, no offset means UTC."""
    moment = read_iso(value, field, max_len=64)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def parse_event(raw: object, now: datetime, field: str = "event") -> dict[str, Any]:
    """An incoming event as stored: UTC `timestamp`, `duration` in seconds, `data`."""
    if not isinstance(raw, dict):
        raise ValidationError(f"{field} must be an object.")
    moment = now if raw.get("timestamp") is None else parse_moment(raw["timestamp"], f"{field}.timestamp")
    duration = raw.get("duration", 0) or 0
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 <= duration < 1e9:
        raise ValidationError(f"{field}.duration must be a non-negative number of seconds.")
    data = raw.get("data", {})
    if not isinstance(data, dict):
        raise ValidationError(f"{field}.data must be an object.")
    if _depth(data) > MAX_DATA_DEPTH:  # the store's JSON writer stops at 254 levels, the event's frame included
        raise ValidationError(f"{field}.data can't be stored: it is nested more than {MAX_DATA_DEPTH} levels deep.")
    return {"timestamp": iso(moment), "duration": float(duration), "data": data}


def _depth(value: object) -> int:
    """How many levels of objects and arrays `value` nests (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def event_end(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["timestamp"]) + timedelta(seconds=event["duration"])


def merge_heartbeat(last: dict[str, Any], beat: dict[str, Any], pulsetime: float) -> dict[str, Any] | None:
    """aw-transform's heartbeat_merge: the last event extended to cover `beat`, or None."""
    if last["data"] != beat["data"]:
        return None
    start, at = datetime.fromisoformat(last["timestamp"]), datetime.fromisoformat(beat["timestamp"])
    if not start <= at <= start + timedelta(seconds=last["duration"] + pulsetime):
        return None
    reached = (at - start).total_seconds() + beat["duration"]
    return {**last, "duration": max(last["duration"], reached)}


def public(event: dict[str, Any]) -> dict[str, Any]:
    return {"id": event["id"], "timestamp": event["timestamp"], "duration": event["duration"], "data": event["data"]}


def trimmed(event: dict[str, Any], start: datetime | None, end: datetime | None) -> dict[str, Any]:
    """`event` cut to [start, end]: its part before `start` and after `end` dropped."""
    begin, finish = datetime.fromisoformat(event["timestamp"]), event_end(event)
    low = start if start is not None and begin < start else begin
    high = end if end is not None and finish > end else finish
    if (low, high) == (begin, finish):
        return event
    return {**event, "timestamp": iso(low), "duration": max(0.0, (high - low).total_seconds())}


def bucket_fields(bucket_id: str, body: object) -> dict[str, Any]:
    if not bucket_id or len(bucket_id) > MAX_ID_LEN:
        raise ValidationError(f"The bucket id must have 1 to {MAX_ID_LEN} characters.")
    if not isinstance(body, dict):
        raise ValidationError("The bucket must be an object with client, type and hostname.")
    fields = {"id": bucket_id, "name": body.get("name"), "data": body.get("data") or {}}
    for key in ("type", "client", "hostname"):
        if not isinstance(body.get(key), str) or not body[key] or len(body[key]) > 500:
            raise ValidationError(f"bucket.{key} must be a non-empty string.")
        fields[key] = body[key]
    if body.get("created") is not None:
        fields["created"] = iso(parse_moment(body["created"], "bucket.created"))
    return fields


def data_key(data: dict[str, Any]) -> str:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()

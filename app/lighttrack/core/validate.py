"""Field checks shared by services and channels; each error names the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal, overload

import orjson

from ..errors import ValidationError

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_ID = 64
MAX_BATCH = 5000


def obj(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(f"{field} must be an object.")
    return value


def only(data: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    """Refuse keys of `data` outside `allowed`."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(f"{what}: unknown or read-only field {unknown[0]!r}.")


@overload
def text(value: object, field: str, max_len: int = 500, required: Literal[True] = True) -> str: ...
@overload
def text(value: object, field: str, max_len: int = 500, *, required: bool) -> str | None: ...


def text(value: object, field: str, max_len: int = 500, required: bool = True) -> str | None:
    """A string, stripped; empty or missing only when not required."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string.")
    value = value.strip()
    if not value and required:
        raise ValidationError(f"{field} must not be empty.")
    if len(value) > max_len:
        raise ValidationError(f"{field} is too long ({len(value)} characters, at most {max_len}).")
    return value if value or required else None


def ident(value: object, field: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID:
        raise ValidationError(f"{field} must be an id (a non-empty string of at most {MAX_ID} characters).")
    return value


def ids(value: object, field: str, minimum: int = 1) -> list[str]:
    if not isinstance(value, list):
        raise ValidationError(f"{field} must be a list of ids.")
    if not minimum <= len(value) <= MAX_BATCH:
        raise ValidationError(f"{field} must hold {minimum} to {MAX_BATCH} ids.")
    cleaned = [ident(v, f"{field}[{i}]") for i, v in enumerate(value)]
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(f"{field} names the same id twice.")
    return cleaned


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{field} must be true or false.")
    return value


def number(value: object, field: str, low: float, high: float, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise ValidationError(f"{field} must be {'a whole number' if integer else 'a number'}.")
    if not low <= value <= high:
        raise ValidationError(f"{field} must be between {low:g} and {high:g}.")
    return value


def optional_number(value: object, field: str, low: float, high: float) -> float | None:
    return None if value is None else number(value, field, low, high)


def names(value: object, field: str, max_items: int = 50, max_len: int = 100) -> list[str]:
    """A list of distinct short names (tags), order kept."""
    if not isinstance(value, list):
        raise ValidationError(f"{field} must be a list of strings.")
    if len(value) > max_items:
        raise ValidationError(f"{field} has too many entries (at most {max_items}).")
    cleaned = [text(v, f"{field}[{i}]", max_len) for i, v in enumerate(value)]
    return list(dict.fromkeys(cleaned))


def color(value: object, field: str) -> str:
    if not isinstance(value, str) or not _COLOR.match(value):
        raise ValidationError(f"{field} must be a colour like #00bcd4.")
    return value.lower()


def choice(value: object, field: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValidationError(f"{field} must be one of {', '.join(allowed)}.")
    return value


def metadata(value: object, field: str, max_bytes: int = 65536) -> dict[str, Any]:
    checked = obj(value, field)
    try:
        size = len(orjson.dumps(value))
    except TypeError:
        raise ValidationError(f"{field} must hold only JSON values.") from None
    if size > max_bytes:
        raise ValidationError(f"{field} is too large ({size} bytes, at most {max_bytes}).")
    return checked

"""Argument checks for channel parameters (the services check the fields inside objects)."""

from __future__ import annotations

from typing import Any

from ..core import validate
from ..errors import ValidationError
from .registry import Param


def anything(value: Any, field: str) -> Any:
    return value


def string(value: Any, field: str) -> str:
    if not isinstance(value, str) or len(value) > 10000:
        raise ValidationError(f"{field} must be a string.")
    return value


def nullable_object(value: Any, field: str) -> dict:
    return {} if value is None else validate.obj(value, field)


def ID(name: str = "id") -> Param:
    return Param(name, validate.ident)


def IDS(name: str = "ids", minimum: int = 1) -> Param:
    return Param(name, lambda v, f: validate.ids(v, f, minimum))


def OBJ(name: str, required: bool = True) -> Param:
    return Param(name, validate.obj if required else nullable_object, required)


def TEXT(name: str) -> Param:
    return Param(name, string)


def ANY(name: str, required: bool = True) -> Param:
    return Param(name, anything, required)

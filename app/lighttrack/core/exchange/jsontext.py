"""Reading JSON files for import, with the line of a syntax error and of each item of a top-level list."""

from __future__ import annotations

import json

from .entries import ImportFileError

_WHITESPACE = " \t\r\n"
TOO_DEEP = "the JSON is nested too deeply to be an export."


def load(text: str) -> object:
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"line {exc.lineno}", f"not valid JSON ({exc.msg}).") from None
    except RecursionError:
        raise ImportFileError("file", TOO_DEEP) from None


def list_items(text: str) -> list[tuple[int, object]]:
    """The items of a top-level JSON list, each with the line it starts on."""
    text = text.removeprefix("\ufeff")
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if not text.startswith("[", position):
        raise ImportFileError(f"line {_line(text, position)}", "expected a JSON list of entries.")
    position, items = _skip(text, position + 1), []
    while not text.startswith("]", position):
        try:
            item, following = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"line {exc.lineno}", f"not valid JSON ({exc.msg}).") from None
        except RecursionError:
            raise ImportFileError(f"line {_line(text, position)}", TOO_DEEP) from None
        items.append((_line(text, position), item))
        position = _skip(text, following)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif not text.startswith("]", position):
            raise ImportFileError(f"line {_line(text, position)}", "not valid JSON (expected ',' or ']').")
    if text[_skip(text, position + 1):].strip():
        raise ImportFileError(f"line {_line(text, position + 1)}", "unexpected text after the list.")
    return items


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1

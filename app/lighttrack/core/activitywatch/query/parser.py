"""query2's syntax: statements `name = expression;` over strings, numbers, names, calls, lists and dicts.

The text becomes a tree of small tuples, never code: ("str", v), ("num", v), ("var", name),
("call", name, args), ("list", items), ("dict", pairs). A string's quote is escaped by a backslash
before it (`"a \\"b\\""`); any other backslash stays as written, as aw-server reads it (regexes keep theirs).
"""

from __future__ import annotations

import re
from typing import Any, NoReturn, cast

from ....errors import ValidationError

MAX_DEPTH = 64
TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<num>-?\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<punct>[()\[\]{},:=;])
""", re.VERBOSE | re.DOTALL)


class QuerySyntaxError(ValidationError):
    """The query's text is not query2."""


def tokens(text: str) -> list[tuple[str, object, int]]:
    """The tokens of `text` as (kind, value, offset), spaces left out."""
    found: list[tuple[str, object, int]] = []
    at = 0
    while at < len(text):
        match = TOKEN.match(text, at)
        if match is None:
            raise QuerySyntaxError(f"query: unexpected {text[at:at + 20]!r} at character {at}.")
        kind = cast(str, match.lastgroup)  # every alternative of TOKEN is a named group
        if kind != "space":
            found.append((kind, _value(kind, match.group()), at))
        at = match.end()
    return found


def _value(kind: str, raw: str) -> object:
    if kind == "num":
        return float(raw) if "." in raw else int(raw)
    if kind == "str":
        quote = raw[0]
        return raw[1:-1].replace("\\" + quote, quote)
    return raw


def parse(text: str) -> list[tuple[str, tuple[Any, ...]]]:
    """The statements of a query as (variable, expression tree)."""
    return _Parser(tokens(text)).program()


class _Parser:
    def __init__(self, toks: list[tuple[str, object, int]]) -> None:
        self._toks = toks
        self._at = 0

    def program(self) -> list[tuple[str, tuple[Any, ...]]]:
        statements = []
        while self._peek() is not None:
            if self._accept(";"):
                continue
            statements.append(self._statement())
            if self._peek() is not None:
                self._expect(";")
        return statements

    def _statement(self) -> tuple[str, tuple[Any, ...]]:
        kind, name, _ = self._next("a variable name")
        if kind != "name":
            self._fail(f"a statement must start with a variable name, not {name!r}")
        self._expect("=")
        return str(name), self._expression(0)

    def _expression(self, depth: int) -> tuple[Any, ...]:
        if depth > MAX_DEPTH:
            self._fail(f"the query nests deeper than {MAX_DEPTH} levels")
        kind, value, _ = self._next("a value")
        if kind in ("str", "num"):
            return (kind, value)
        if kind == "name":
            if self._accept("("):
                return ("call", value, self._items(")", depth))
            return ("var", value)
        if value == "[":
            return ("list", self._items("]", depth))
        if value == "{":
            return ("dict", self._pairs(depth))
        self._fail(f"expected a value, found {value!r}")

    def _items(self, closing: str, depth: int) -> list[tuple[Any, ...]]:
        items = []
        while not self._accept(closing):
            items.append(self._expression(depth + 1))
            if not self._accept(","):
                self._expect(closing)
                break
        return items

    def _pairs(self, depth: int) -> list[tuple[str, tuple[Any, ...]]]:
        pairs: list[tuple[str, tuple[Any, ...]]] = []
        while not self._accept("}"):
            kind, key, _ = self._next("a dict key")
            if kind != "str":
                self._fail(f"a dict key must be a string, not {key!r}")
            self._expect(":")
            pairs.append((str(key), self._expression(depth + 1)))
            if not self._accept(","):
                self._expect("}")
                break
        return pairs

    # -- tokens ---------------------------------------------------------------
    def _peek(self) -> tuple[str, object, int] | None:
        return self._toks[self._at] if self._at < len(self._toks) else None

    def _next(self, wanted: str) -> tuple[str, object, int]:
        tok = self._peek()
        if tok is None:
            self._fail(f"the query ends where {wanted} was expected")
        self._at += 1
        return tok

    def _accept(self, punct: str) -> bool:
        tok = self._peek()
        if tok is not None and tok[0] == "punct" and tok[1] == punct:
            self._at += 1
            return True
        return False

    def _expect(self, punct: str) -> None:
        if not self._accept(punct):
            tok = self._peek()
            self._fail(f"expected {punct!r}, found {tok[1]!r}" if tok else f"expected {punct!r} at the end")

    def _fail(self, message: str) -> NoReturn:
        tok = self._peek() or (self._toks[-1] if self._toks else ("", "", 0))
        raise QuerySyntaxError(f"query: {message} (near character {tok[2]}).")

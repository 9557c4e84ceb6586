"""The functions a query may call: name → implementation, with each argument's expected type checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ....errors import ValidationError
from . import transforms as t
from .events import Columns, Event

EVENTS, TEXT, NUMBER, LIST, ANY = "a list of events", "a string", "a number", "a list", "a value"


class QueryFunctionError(ValidationError):
    """A function of the query was called wrongly or failed on its input."""


@dataclass(frozen=True)
class Signature:
    """A query function: its argument types (the last `optional` may be left out) and what runs it.

    `run` takes the query's `Scope` (the bucket source and the time period) and the checked arguments.
    """

    params: tuple[str, ...]
    run: Callable[..., Any]
    optional: int = 0
    columns: bool = False  # takes events as columns (other functions get them as a list)


def _pure(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A transform that needs no scope."""
    return lambda _scope, *args: fn(*args)


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise QueryFunctionError(f"query: {pattern[:80]!r} is not a valid regular expression ({exc}).") from None


def _rules(classes: list[Any], name: str, label_type: type) -> list[tuple[Any, ...]]:
    """`[[label, rule], ...]` as (label, Rule), each part checked."""
    parsed = []
    for i, entry in enumerate(classes):
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict)
                and isinstance(entry[0], label_type)):
            raise QueryFunctionError(f"query: {name}: rule {i} must be [{label_type.__name__}, {{rule}}].")
        spec = entry[1]
        if spec.get("regex") is not None and not isinstance(spec["regex"], str):
            raise QueryFunctionError(f"query: {name}: rule {i} has a regex that is not a string.")
        try:
            parsed.append((entry[0], t.Rule(spec)))
        except re.error as exc:
            raise QueryFunctionError(f"query: {name}: rule {i} has an invalid regex ({exc}).") from None
    return parsed


FUNCTIONS: dict[str, Signature] = {
    "find_bucket": Signature((TEXT, TEXT), lambda scope, text, host=None: scope.find_bucket(text, host), optional=1),
    "query_bucket": Signature((TEXT,), lambda scope, bucket: scope.query_bucket(bucket)),
    "query_bucket_eventcount": Signature((TEXT,), lambda scope, bucket: len(scope.query_bucket(bucket)), columns=True),
    "filter_keyvals": Signature((EVENTS, TEXT, LIST), _pure(t.filter_keyvals)),
    "exclude_keyvals": Signature((EVENTS, TEXT, LIST), _pure(lambda e, k, v: t.filter_keyvals(e, k, v, exclude=True))),
    "filter_keyvals_regex": Signature((EVENTS, TEXT, TEXT),
                                      _pure(lambda e, k, pattern: t.filter_keyvals_regex(e, k, _regex(pattern)))),
    "filter_period_intersect": Signature((EVENTS, EVENTS), _pure(t.filter_period_intersect), columns=True),
    "period_union": Signature((EVENTS, EVENTS), _pure(t.period_union)),
    "union_no_overlap": Signature((EVENTS, EVENTS), _pure(t.union_no_overlap)),
    "concat": Signature((LIST, LIST), _pure(t.concat)),
    "flood": Signature((EVENTS, NUMBER), _pure(t.flood), optional=1, columns=True),
    "merge_events_by_keys": Signature((EVENTS, LIST), _pure(t.merge_events_by_keys), columns=True),
    "chunk_events_by_key": Signature((EVENTS, TEXT), _pure(t.chunk_events_by_key)),
    "sort_by_timestamp": Signature((EVENTS,), _pure(t.sort_by_timestamp)),
    "sort_by_duration": Signature((EVENTS,), _pure(t.sort_by_duration)),
    "limit_events": Signature((EVENTS, NUMBER), _pure(lambda e, n: t.limit_events(e, int(n)))),
    "sum_durations": Signature((EVENTS,), _pure(t.sum_durations), columns=True),
    "split_url_events": Signature((EVENTS,), _pure(t.split_url_events)),
    "simplify_window_titles": Signature((EVENTS, TEXT), _pure(t.simplify_window_titles)),
    "categorize": Signature((EVENTS, LIST), _pure(lambda e, c: t.categorize(e, _rules(c, "categorize", list))),
                            columns=True),
    "tag": Signature((EVENTS, LIST), _pure(lambda e, c: t.tag(e, _rules(c, "tag", str)))),
    "nop": Signature((), lambda _scope: 1),
}


def call(name: str, scope: object, args: list[Any]) -> object:
    """Run the query function `name` on evaluated `args`."""
    signature = FUNCTIONS.get(name)
    if signature is None:
        raise QueryFunctionError(f"query: there's no function named {name!r}.")
    wanted, least = len(signature.params), len(signature.params) - signature.optional
    if not least <= len(args) <= wanted:
        count = str(wanted) if least == wanted else f"{least} to {wanted}"
        raise QueryFunctionError(f"query: {name} takes {count} argument(s), got {len(args)}.")
    if not signature.columns:
        args = [value.events() if isinstance(value, Columns) else value for value in args]
    for position, (kind, value) in enumerate(zip(signature.params, args), start=1):
        if not _is(kind, value):
            raise QueryFunctionError(f"query: argument {position} of {name} must be {kind}.")
    try:
        return signature.run(scope, *args)
    except (AttributeError, TypeError):
        raise QueryFunctionError(f"query: {name} was given a list that is not of events.") from None


def _is(kind: str, value: object) -> bool:
    if kind == EVENTS:  # the ends are checked here (a list of lists reads like events), the rest as read (see `call`)
        return isinstance(value, Columns) or (isinstance(value, list)
                                              and all(isinstance(value[i], Event) for i in (0, -1)[:len(value)]))
    if kind == TEXT:
        return isinstance(value, str)
    if kind == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list)
    return True

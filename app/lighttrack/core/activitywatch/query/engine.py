"""Running a query2 program: one namespace per time period, statements in order, `RETURN` as the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from ....errors import ValidationError
from ..model import parse_moment
from . import functions
from .events import Columns, to_json
from .packs import EventPack, columns_within
from .parser import parse

CONSTANTS = {"true": True, "false": False, "True": True, "False": False}
MAX_PERIODS = 400


class QueryError(ValidationError):
    """The query or its time periods can't be run."""


class EventSource(Protocol):
    """The buckets a query reads."""

    def bucket_ids(self) -> list[str]: ...

    def bucket_hostname(self, bucket_id: str) -> str | None: ...

    def event_packs(self, bucket_id: str, start: datetime, end: datetime) -> list[EventPack] | None:
        """Packs holding the events that overlap [start, end] (and maybe others); None: no bucket.

        Each pack's events start no earlier than those of the packs after it (e.g. one pack a day, newest first)."""


class Scope:
    """What a query's functions see of the world: the buckets and one time period."""

    def __init__(self, source: EventSource, start: datetime, end: datetime) -> None:
        self._source = source
        self.start, self.end = start, end

    def find_bucket(self, text: str, hostname: str | None = None) -> str:
        for bucket_id in self._source.bucket_ids():
            if text in bucket_id and (hostname is None or self._source.bucket_hostname(bucket_id) == hostname):
                return bucket_id
        where = f" on host {hostname!r}" if hostname else ""
        raise QueryError(f"query: there's no bucket whose id contains {text!r}{where}.")

    def query_bucket(self, bucket_id: str) -> Columns:
        """The bucket's events within the period, cut to it, newest first."""
        packs = self._source.event_packs(bucket_id, self.start, self.end)
        if packs is None:
            raise QueryError(f"query: there's no bucket named {bucket_id!r}.")
        low, high = self.start.timestamp(), self.end.timestamp()
        return columns_within(packs, low, high)


def run_query(source: EventSource, query: object, timeperiods: object, name: str = "") -> list[Any]:
    """Run `query` (text, or a list of text joined) once per "start/end" period; the answers as JSON values."""
    text = _query_text(query)
    program = parse(text)
    return [to_json(_run(program, Scope(source, start, end), name)) for start, end in _periods(timeperiods)]


def _run(program: list[tuple[str, tuple[Any, ...]]], scope: Scope, name: str) -> object:
    names: dict[str, object] = {**CONSTANTS, "NAME": name, "STARTTIME": scope.start.isoformat(),
                                "ENDTIME": scope.end.isoformat()}
    for variable, expression in program:
        names[variable] = _evaluate(expression, names, scope)
    if "RETURN" not in names:
        raise QueryError("query: the query doesn't assign RETURN, so there's nothing to answer.")
    return names["RETURN"]


def _evaluate(node: tuple[Any, ...], names: dict[str, Any], scope: Scope) -> object:
    kind = node[0]
    if kind in ("str", "num"):
        return node[1]
    if kind == "var":
        if node[1] not in names:
            raise QueryError(f"query: the variable {node[1]!r} is used before it is assigned.")
        return names[node[1]]
    if kind == "list":
        return [_evaluate(item, names, scope) for item in node[1]]
    if kind == "dict":
        return {key: _evaluate(value, names, scope) for key, value in node[1]}
    return functions.call(node[1], scope, [_evaluate(arg, names, scope) for arg in node[2]])


def _query_text(query: object) -> str:
    if isinstance(query, str):
        return query
    if isinstance(query, list) and all(isinstance(line, str) for line in query):
        return "".join(query)
    raise QueryError("query must be a list of statements (strings).")


def _periods(timeperiods: object) -> list[tuple[datetime, datetime]]:
    if not isinstance(timeperiods, list) or not timeperiods or len(timeperiods) > MAX_PERIODS:
        raise QueryError(f'timeperiods must be a list of 1 to {MAX_PERIODS} "start/end" strings.')
    periods = []
    for i, period in enumerate(timeperiods):
        parts = period.split("/") if isinstance(period, str) else []
        if len(parts) != 2:
            raise QueryError(f'timeperiods[{i}] must be "start/end" (two ISO 8601 times).')
        start, end = (parse_moment(part, f"timeperiods[{i}]") for part in parts)
        if end < start:
            raise QueryError(f"timeperiods[{i}] ends before it starts.")
        periods.append((start, end))
    return periods

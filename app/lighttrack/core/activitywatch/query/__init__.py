"""ActivityWatch's query language (query2), as aw-server answers `POST /api/0/query/`.

`parser` turns the text into a syntax tree (no `eval`), `engine` runs it statement by statement
against an `EventSource`, `functions` is the table of callable names with their argument types,
`transforms` holds the pure event-list functions behind them, `events` the event value and its JSON form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .packs import EventPack, SharedData

if TYPE_CHECKING:
    from .engine import EventSource, QueryError, run_query

__all__ = ["EventPack", "EventSource", "QueryError", "SharedData", "run_query"]
_LANGUAGE = frozenset({"EventSource", "QueryError", "run_query"})


def __getattr__(name: str) -> Any:
    """The language itself (parser, functions, transforms and their patterns) is loaded by the first query, not
    while the app starts: the pack cache needs only the packs."""
    if name not in _LANGUAGE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import engine

    return getattr(engine, name)

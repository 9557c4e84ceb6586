"""ActivityWatch's query language (query2), as aw-server answers `POST /api/0/query/`.

`parser` turns the text into a syntax tree (no `eval`), `engine` runs it statement by statement
against an `EventSource`, `functions` is the table of callable names with their argument types,
`transforms` holds the pure event-list functions behind them, `events` the event value and its JSON form.
"""

from __future__ import annotations

from .engine import EventSource, QueryError, run_query
from .packs import EventPack, SharedData

__all__ = ["EventPack", "EventSource", "QueryError", "SharedData", "run_query"]

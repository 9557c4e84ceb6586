"""timeline:getSummary: where the tracked time went, from the sealed days' summaries plus the raw edge days.

Whole UTC days that are sealed are read from their stored summaries (per app: titles, domains,
files, categories, projects); the partial days at the range's edges, today and any day sealed before
summaries had that detail are summarized from their spans. The privacy settings are applied to the
merged totals, so a change of them shows at once: excluded apps disappear, excluded titles are
hidden (their time stays with the app), redacted titles show as the app.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta, timezone
from typing import Any

from ...store.spandetail import DETAIL_KEYS, SEP, add_detail, streamed_detail
from ...store.spans import SpanStore
from ..tracking.privacy import PrivacyRules
from ..records.projects import CategoryService, ProjectService
from ..records.shapes import Category, Project
from ..records.settings import SettingsService

UTC = timezone.utc
TOP = 200  # rows per list: a year holds tens of thousands of titles, the view shows the top ones
HIDDEN = "(hidden title)"
KEPT_PIECES = 8  # parts of sealed days: a local day's and a week's edges, in a few zones


class TimelineSummary:
    """Totals of the window timeline over a range. Threading contract: any thread may call `summary`."""

    def __init__(self, spans: SpanStore, stream_spans: Callable[[datetime, datetime], Iterable[dict[str, Any]]],
                 settings: SettingsService, projects: ProjectService, categories: CategoryService) -> None:
        self._spans = spans
        self._stream_spans = stream_spans
        self._settings = settings
        self._projects = projects
        self._categories = categories
        self._last: tuple[Any, ...] | None = None  # (range and version, merged details, days covered) of the last read
        self._kept_pieces: OrderedDict[tuple[Any, ...], dict[str, dict[str, int]]] = OrderedDict()
        self._pieces_lock = threading.Lock()

    def summary(self, start: datetime, end: datetime) -> dict[str, Any]:
        """{total, byApp, byTitle, byDomain, byFile, byCategory, byProject}, each list sorted by duration."""
        merged: dict[str, dict[str, int]] = {name: {} for name, _ in DETAIL_KEYS}
        for part in self._parts(start, end):
            add_detail(merged, part)
        return self._public(merged, PrivacyRules.from_settings(self._settings.get_all()))

    def categories(self, start: datetime, end: datetime) -> dict[str, int]:
        """Tracked milliseconds per category id in [start, end), excluded apps left out."""
        merged: dict[str, dict[str, int]] = {}
        for part in self._parts(start, end):
            add_detail(merged, {"categories": part.get("categories", {})})
        privacy = PrivacyRules.from_settings(self._settings.get_all())
        totals: Counter[str] = Counter()
        for (_, category), ms in _visible(merged.get("categories", {}), privacy).items():
            if category:
                totals[category] += ms
        return dict(totals)

    def _parts(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Details covering [start, end): sealed whole days from their files, everything else from spans."""
        first = datetime.combine((start + timedelta(days=1) - timedelta(microseconds=1)).date(), time(), UTC)
        last = datetime.combine(end.date(), time(), UTC)
        if first >= last:
            return [self._detail(start, end)]
        sealed, covered = self._sealed(first.date().isoformat(), (last - timedelta(days=1)).date().isoformat())
        parts = [sealed, self._detail(start, first), self._detail(last, end)]
        parts += [self._detail(run_start, run_end) for run_start, run_end in _runs_outside(first, last, covered)]
        return parts

    def _detail(self, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
        """Where the time of [start, end) went. A part of a sealed day at either end (a local day starts or ends
        inside a UTC day) is kept once worked out: it needs the whole sealed day decoded, which at each look of a
        busy day made the heap grow (spans are stored cut at UTC midnight, so the parts add up exactly)."""
        found: dict[str, dict[str, int]] = {}
        for lo, hi, sealed in self._pieces(start, end):
            add_detail(found, self._sealed_piece(lo, hi) if sealed else self._streamed(lo, hi))
        return found

    def _pieces(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, bool]]:
        """[start, end) as (lo, hi, whether it is part of one sealed day): the partial sealed days at its ends apart."""
        pieces, lo, hi = [], start, end
        head_end = _next_midnight(start)
        if start != _midnight(start) and head_end < end and self._spans.is_sealed(_utc_day(start)):
            pieces.append((start, head_end, True))
            lo = head_end
        tail = None
        tail_start = _midnight(end)
        if end != tail_start and lo < tail_start and self._spans.is_sealed(_utc_day(tail_start)):
            tail, hi = (tail_start, end, True), tail_start
        if lo < hi:
            sealed_day = hi <= _next_midnight(lo) and self._spans.is_sealed(_utc_day(lo))
            pieces.append((lo, hi, sealed_day))
        return pieces + ([tail] if tail else [])

    def _sealed_piece(self, lo: datetime, hi: datetime) -> dict[str, dict[str, int]]:
        key = (lo, hi, self._spans.details_version)
        with self._pieces_lock:
            kept = self._kept_pieces.get(key)
        if kept is None:
            kept = self._streamed(lo, hi)
            with self._pieces_lock:
                self._kept_pieces[key] = kept
                while len(self._kept_pieces) > KEPT_PIECES:
                    self._kept_pieces.popitem(last=False)
        return kept

    def _streamed(self, lo: datetime, hi: datetime) -> dict[str, dict[str, int]]:
        return streamed_detail(lambda: self._stream_spans(lo, hi))

    def _sealed(self, first_day: str, last_day: str) -> tuple[dict[str, Any], set[str]]:
        """The sealed days' details merged, kept until the range or a sealed day changes (one entry)."""
        key = (first_day, last_day, self._spans.details_version)
        if self._last is None or self._last[0] != key:
            parts, covered, version = self._spans.sealed_details(first_day, last_day)
            merged: dict[str, dict[str, int]] = {}
            for part in parts:
                add_detail(merged, part)
            self._last = ((first_day, last_day, version), merged, covered)
        return self._last[1], self._last[2]

    def _public(self, merged: dict[str, dict[str, int]], privacy: PrivacyRules) -> dict[str, Any]:
        rows = {name: _visible(totals, privacy) for name, totals in merged.items()}
        apps: Counter[str] = Counter()
        for (app, _), ms in rows["titles"].items():
            apps[app] += ms
        titles: Counter[tuple[str, str]] = Counter()
        for (app, title), ms in rows["titles"].items():
            titles[(app, _shown_title(app, title, privacy))] += ms
        project_names = {p["id"]: p for p in self._projects.all()}
        category_names = {c["id"]: c for c in self._categories.all(include_deleted=True)}
        return {
            "total": sum(apps.values()),
            "byApp": _listed((app, ms) for app, ms in apps.items()),
            "byTitle": _listed((title, ms) for (app, title), ms in titles.items()),
            "byDomain": _listed(_by_value(rows["domains"])),
            "byFile": _listed(_by_value(rows["files"])),
            "byCategory": [{**row, "name": _category_name(category_names.get(row["key"]), row["key"])}
                           for row in _listed(_by_value(rows["categories"], keep_empty=True))],
            "byProject": [{**row, **_project_fields(project_names.get(row["key"]))}
                          for row in _listed(_by_value(rows["projects"], keep_empty=True))],
        }


def _midnight(moment: datetime) -> datetime:
    """The UTC midnight at or before `moment`."""
    return datetime.combine(moment.astimezone(UTC).date(), time(), UTC)


def _utc_day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def _next_midnight(moment: datetime) -> datetime:
    return _midnight(moment) + timedelta(days=1)


def _runs_outside(first: datetime, last: datetime, covered: set[str]) -> list[tuple[datetime, datetime]]:
    """The stretches of whole days in [first, last) that `covered` leaves out, each read with one call (a year of
    days without sealed details is one read, not 365)."""
    runs: list[tuple[datetime, datetime]] = []
    day, run_start = first, None
    while day < last:
        if day.date().isoformat() in covered:
            if run_start is not None:
                runs.append((run_start, day))
            run_start = None
        elif run_start is None:
            run_start = day
        day += timedelta(days=1)
    return runs + ([(run_start, last)] if run_start is not None else [])


def _visible(totals: dict[str, int], privacy: PrivacyRules) -> dict[tuple[str, str], int]:
    """Rows as (app, value) without the excluded apps."""
    rows: dict[tuple[str, str], int] = {}
    for key, ms in totals.items():
        app, _, value = key.partition(SEP)
        if app.casefold() not in privacy.excluded_apps and ms > 0:
            rows[(app, value)] = ms
    return rows


def _shown_title(app: str, title: str, privacy: PrivacyRules) -> str:
    if privacy.redact or not title:
        return app
    if any(p.search(title) for p in privacy.excluded_titles):
        return HIDDEN
    return title


def _by_value(rows: dict[tuple[str, str], int], keep_empty: bool = False) -> Iterable[tuple[str | None, int]]:
    totals: Counter[str | None] = Counter()
    for (_, value), ms in rows.items():
        if value or keep_empty:
            totals[value or None] += ms
    return totals.items()


def _listed(pairs: Iterable[tuple[str | None, int]]) -> list[dict[str, Any]]:
    totals: Counter[str | None] = Counter()
    for key, ms in pairs:
        totals[key] += ms
    return [{"key": key, "duration": ms} for key, ms in totals.most_common(TOP)]


def _category_name(category: Category | None, key: str) -> str:
    return category["name"] if category is not None else key


def _project_fields(project: Project | None) -> dict[str, Any]:
    if project is None:
        return {"name": None, "parentId": None, "color": None}
    return {"name": project["name"], "parentId": project.get("parentId"), "color": project.get("color")}

"""Toggl Track and Clockify detailed-report CSVs: one time entry per row, times in the user's zone.

Both exports share their columns up to capitalisation (Toggl: `Start date`, Clockify: `Start Date`);
dates come as 2024-03-05, 03/05/2024 or 05/03/2024 (day first when any day exceeds 12) or 05.03.2024,
times as 13:05, 13:05:00 or 1:05:00 PM.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

from ..timing.isotime import localize
from .entries import Entry, ImportFileError

COLUMNS = {
    "description": ("description",), "project": ("project",), "client": ("client",), "tags": ("tags",),
    "billable": ("billable",), "user": ("user", "member", "email"), "task": ("task",),
    "start date": ("start date",), "start time": ("start time",), "end date": ("end date",),
    "end time": ("end time",), "duration": ("duration", "duration (h)"),
}
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")


def rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, {logical column: value}) for every non-blank row; the header is line 1."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
        found = {name: next((header.index(a) for a in aliases if a in header), None) for name, aliases in COLUMNS.items()}
        for missing in ("start date", "start time"):
            if found[missing] is None:
                raise ImportFileError("line 1", f"the header has no {missing.capitalize()!r} column.")
        if found["end time"] is None and found["duration"] is None:
            raise ImportFileError("line 1", "the header has neither an 'End time' nor a 'Duration' column.")
        last = reader.line_num
        for record in reader:
            first, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise ImportFileError(f"line {first}", f"{len(record)} fields where the header has {len(header)}.")
            yield first, {name: record[i].strip() if i is not None else "" for name, i in found.items()}
    except StopIteration:
        raise ImportFileError("line 1", "the file is empty (no header row).") from None
    except csv.Error as exc:
        raise ImportFileError(f"line {reader.line_num}", f"not valid CSV ({exc}).") from None


def day_first(values: list[str]) -> bool:
    """True when slash dates are day/month: some first part is above 12."""
    return any(v.count("/") == 2 and v.split("/")[0].isdigit() and int(v.split("/")[0]) > 12 for v in values)


def parse_date(value: str, dmy: bool, where: str, column: str) -> date:
    try:
        if "-" in value:
            return date.fromisoformat(value)
        sep = "/" if "/" in value else "."
        a, b, c = (int(p) for p in value.split(sep))
        if sep == "/" and a > 31:
            return date(a, b, c)
        return date(c, b, a) if dmy or sep == "." else date(c, a, b)
    except ValueError:
        raise ImportFileError(where, f"{column} is not a date (like 2024-03-01 or 01/03/2024).") from None


def parse_clock(value: str, where: str, column: str) -> time:
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(value.upper(), pattern).time()
        except ValueError:
            continue
    raise ImportFileError(where, f"{column} is not a time of day (like 09:30 or 9:30 AM).")


def parse_duration(value: str, where: str) -> timedelta:
    """'1:30:00', '01:30' (h:mm) or decimal hours '1.5'."""
    try:
        if ":" in value:
            parts = [int(p) for p in value.split(":")]
            hours, minutes, seconds = ([*parts, 0])[:3] if len(parts) == 2 else parts
            return timedelta(hours=hours, minutes=minutes, seconds=seconds)
        return timedelta(hours=float(value))
    except (ValueError, TypeError):
        raise ImportFileError(where, "Duration is not a duration (like 1:30:00 or 1.5).") from None


def entries(text: str, source: str, zone: tzinfo | None) -> list[Entry]:
    """Every row of a Toggl or Clockify detailed CSV as an entry (`source` is 'toggl' or 'clockify')."""
    table = list(rows(text))
    dmy = day_first([r["start date"] for _, r in table] + [r["end date"] for _, r in table])
    return [_entry(line, row, source, dmy, zone) for line, row in table]


def _entry(line: int, row: dict[str, str], source: str, dmy: bool, zone: tzinfo | None) -> Entry:
    where = f"line {line}"
    start = _moment(row["start date"], row["start time"], dmy, where, "Start", zone)
    if row["end time"]:
        end = _moment(row["end date"] or row["start date"], row["end time"], dmy, where, "End", zone)
    elif row["duration"]:
        end = start + parse_duration(row["duration"], where)
    else:
        raise ImportFileError(where, "neither End time nor Duration is given.")
    description, project = row["description"], row["project"] or None
    return Entry(
        source=source, where=where, start=start, end=end,
        key="|".join((row["user"], start.isoformat(), end.isoformat(), description, row["project"], row["task"])),
        name=description or row["task"] or project or "", project=project, client=row["client"] or None,
        description=f"Task: {row['task']}" if row["task"] and description else None,
        tags=list(row["tags"].split(",")), billable=row["billable"].lower() in ("yes", "true", "1") or None,
    )


def _moment(day: str, clock: str, dmy: bool, where: str, what: str, zone: tzinfo | None) -> datetime:
    if not day or not clock:
        raise ImportFileError(where, f"{what} date and {what} time are required.")
    naive = datetime.combine(parse_date(day, dmy, where, f"{what} date"), parse_clock(clock, where, f"{what} time"))
    return localize(naive, zone)

"""A metrics CSV: one row per rep and week, every bad cell located.

Columns: `rep` (name, slug or prefix), `week` (2026-W48) or `date` (any day of the week), then
any of the funnel steps. The records it returns are merged and stored by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from coachcli.core import weeks as isoweeks
from coachcli.core.models import Metric, Rep
from coachcli.core.progress import track
from coachcli.errors import CoachError, Problem, ProblemList
from coachcli.inputs.bounded import METRICS_CAP
from coachcli.inputs.spreadsheet import sniff_delimiter


class MetricProblems(ProblemList):
    """Every bad cell of a metrics CSV, each as `file:line: column 'x': problem`."""

    def __init__(self, path: Path, problems: _Capped) -> None:
        total = problems.total
        super().__init__(
            list(problems),
            hint="fix the lines above and import again",
            summary=f"{path}: {total:,} problem{'' if total == 1 else 's'}; nothing was imported",
            total=total,
        )


def read_metrics_csv(
    path: Path, reps: Sequence[Rep], funnel: Sequence[str], *, today: date
) -> list[Metric]:
    """All rows of a metrics CSV as records, or MetricProblems naming every bad line and column.

    Columns: `rep` (name, slug or prefix), `week` (2026-W48) or `date` (any day of the week),
    then any of the funnel steps. An empty cell leaves that count out of the row. A week more
    than a week after `today` is refused (a typo, not a forecast).
    """
    import csv
    import io

    from coachcli.core.roster import resolve

    text = spreadsheet_text(path)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=sniff_delimiter(text.split("\n", 1)[0].split("\r", 1)[0]),
    )
    problems = _Capped(path)
    try:
        header = next(reader)
    except StopIteration:
        raise CoachError(
            f"{path}: the file is empty", hint="the first line names the columns"
        ) from None
    except csv.Error as exc:
        problems.add(1, str(exc))
        raise MetricProblems(path, problems) from None
    columns = [h.lstrip("\ufeff").strip().lower() for h in header]
    known = {"rep", "week", "date", *funnel}
    for name in columns:
        if name not in known:
            problems.add(1, f"unknown column (use rep, week or date, {', '.join(funnel)})", name)
    if len(set(columns)) != len(columns):
        problems.add(1, "a column appears twice")
    if "rep" not in columns:
        problems.add(1, "missing", "rep")
    if "week" not in columns and "date" not in columns:
        problems.add(1, "missing (or give a 'date' column)", "week")
    if problems:
        raise MetricProblems(path, problems)

    out: dict[tuple[str, str], Metric] = {}
    first_line: dict[tuple[str, str], int] = {}
    rows = track(reader, f"reading {path.name}", unit="rows")
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(reader.line_num, str(exc))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            problems.add(line, "the row has more cells than the header")
            continue
        row = dict(zip(columns, (c.strip() for c in cells), strict=False))
        slug = _row_rep(row, reps, line, problems, resolve)
        week = _row_week(row, line, problems, today)
        counts = _counts(row, funnel, line, problems)
        if counts is None:
            continue
        if slug and week:
            key = (slug, week)
            if key in first_line:
                message = f"{slug} {week} already appears on line {first_line[key]}"
                problems.add(line, message, "rep")
                continue
            first_line[key] = line
            out[key] = Metric(rep=slug, week=week, counts=counts)
    if problems:
        raise MetricProblems(path, problems)
    if not out:
        raise CoachError(
            f"{path}: no rows found", hint="put one row per rep and week under the header"
        )
    return list(out.values())


def _row_rep(
    row: dict[str, str],
    reps: Sequence[Rep],
    line: int,
    problems: _Capped,
    resolve: Any,
) -> str | None:
    ref = row.get("rep", "")
    if not ref:
        problems.add(line, "missing", "rep")
        return None
    try:
        return str(resolve(reps, ref).slug)
    except CoachError as exc:
        problems.add(line, exc.message, "rep")
        return None


def _row_week(row: dict[str, str], line: int, problems: _Capped, today: date) -> str | None:
    week_text, date_text = row.get("week", ""), row.get("date", "")
    week: str | None = None
    if week_text:
        try:
            week = isoweeks.parse_week(week_text)
        except CoachError:
            problems.add(line, f"{week_text!r} is not an ISO week like 2026-W48", "week")
            return None
    if date_text:
        try:
            from_date = isoweeks.week_of(date.fromisoformat(date_text))
        except ValueError:
            problems.add(line, f"{date_text!r} is not a date like 2026-11-23", "date")
            return None
        if week and week != from_date:
            problems.add(line, f"{date_text} is not in week {week}", "date")
            return None
        week = from_date
    if not week:
        problems.add(line, "missing", "week")
    elif isoweeks.monday(week) > isoweeks.latest_import(today):
        problems.add(line, f"{week} is in the future", "week")
        return None
    return week


MAX_COUNT = 1_000_000  # a week's count of any funnel step
KEPT = 50  # problems kept to print; the rest are counted


class _Capped(list[Problem]):
    """The problems of one file: keeps the first KEPT and counts the rest (a 2-million-row
    file with a bad column prints a screenful, not 2 million lines)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = str(path)
        self.total = 0

    def add(self, line: int, message: str, column: str | None = None) -> None:
        """A problem at `line`, in `column` when it is about one (`column 'week': ...`)."""
        self.total += 1
        if len(self) < KEPT:
            field = f"column {column!r}" if column is not None else None
            self.append(Problem(self.path, message, line, None, field))


def spreadsheet_text(path: Path) -> str:
    """The text of a CSV as spreadsheets save it (`inputs.spreadsheet`: UTF-8, UTF-16 with its
    mark, else Windows-1252), the decoder `crm import` uses too."""
    from coachcli.inputs.spreadsheet import read_text

    return read_text(path, METRICS_CAP, "metrics file")[0]


def _counts(
    row: dict[str, str], funnel: Sequence[str], line: int, problems: _Capped
) -> dict[str, int] | None:
    """The row's counts: digits 0-9 only (no `1_000`, no Arabic-Indic or full-width digits),
    at most MAX_COUNT; None when the row has no count at all."""
    counts: dict[str, int] = {}
    for step in funnel:
        value = row.get(step, "")
        if value == "":
            continue
        if value.startswith("-") and value[1:].isascii() and value[1:].isdigit():
            problems.add(line, f"{value} is negative", step)
            continue
        if not (value.isascii() and value.isdigit()):
            problems.add(line, f"{value[:40]!r} is not a whole number", step)
            continue
        if len(value) > 7 or int(value) > MAX_COUNT:
            problems.add(line, f"{value[:40]} is more than {MAX_COUNT:,}", step)
            continue
        counts[step] = int(value)
    if not counts and not any(row.get(step, "") for step in funnel):
        problems.add(line, f"the row has no counts (give at least one of {', '.join(funnel)})")
        return None
    return counts

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
from coachcli.errors import CoachError


class MetricProblems(CoachError):
    """Every bad cell of a metrics CSV, each as `file:line: column: problem`."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(
            f"{path}: {len(problems)} problem{'' if len(problems) == 1 else 's'}; "
            "nothing was imported",
            hint="fix the lines above and import again",
        )
        self.problems = problems


def read_metrics_csv(path: Path, reps: Sequence[Rep], funnel: Sequence[str]) -> list[Metric]:
    """All rows of a metrics CSV as records, or MetricProblems naming every bad line and column.

    Columns: `rep` (name, slug or prefix), `week` (2026-W48) or `date` (any day of the week),
    then any of the funnel steps. An empty cell leaves that count out of the row.
    """
    import csv
    import io

    from coachcli.core.roster import resolve
    from coachcli.inputs.yamlio import read_text

    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    problems: list[str] = []
    try:
        header = next(reader)
    except StopIteration:
        raise CoachError(
            f"{path}: the file is empty", hint="the first line names the columns"
        ) from None
    except csv.Error as exc:
        raise MetricProblems(path, [f"{path}:1: {exc}"]) from None
    columns = [h.lstrip("\ufeff").strip().lower() for h in header]
    known = {"rep", "week", "date", *funnel}
    for name in columns:
        if name not in known:
            problems.append(
                f"{path}:1: column {name!r}: unknown column "
                f"(use rep, week or date, {', '.join(funnel)})"
            )
    if len(set(columns)) != len(columns):
        problems.append(f"{path}:1: a column appears twice")
    if "rep" not in columns:
        problems.append(f"{path}:1: column 'rep': missing")
    if "week" not in columns and "date" not in columns:
        problems.append(f"{path}:1: column 'week': missing (or give a 'date' column)")
    if problems:
        raise MetricProblems(path, problems)

    out: dict[tuple[str, str], Metric] = {}
    first_line: dict[tuple[str, str], int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{path}:{reader.line_num}: {exc}")
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            problems.append(f"{path}:{line}: the row has more cells than the header")
            continue
        row = dict(zip(columns, (c.strip() for c in cells), strict=False))
        slug = _row_rep(row, reps, path, line, problems, resolve)
        week = _row_week(row, path, line, problems)
        counts: dict[str, int] = {}
        for step in funnel:
            value = row.get(step, "")
            if value == "":
                continue
            try:
                number = int(value)
            except ValueError:
                problems.append(f"{path}:{line}: column {step!r}: {value!r} is not a whole number")
                continue
            if number < 0:
                problems.append(f"{path}:{line}: column {step!r}: {number} is negative")
                continue
            counts[step] = number
        if slug and week:
            key = (slug, week)
            if key in first_line:
                problems.append(
                    f"{path}:{line}: column 'rep': {slug} {week} "
                    f"already appears on line {first_line[key]}"
                )
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
    path: Path,
    line: int,
    problems: list[str],
    resolve: Any,
) -> str | None:
    ref = row.get("rep", "")
    if not ref:
        problems.append(f"{path}:{line}: column 'rep': missing")
        return None
    try:
        return str(resolve(reps, ref).slug)
    except CoachError as exc:
        problems.append(f"{path}:{line}: column 'rep': {exc.message}")
        return None


def _row_week(row: dict[str, str], path: Path, line: int, problems: list[str]) -> str | None:
    week_text, date_text = row.get("week", ""), row.get("date", "")
    week: str | None = None
    if week_text:
        try:
            week = isoweeks.parse_week(week_text)
        except CoachError:
            problems.append(
                f"{path}:{line}: column 'week': {week_text!r} is not an ISO week like 2026-W48"
            )
            return None
    if date_text:
        try:
            from_date = isoweeks.week_of(date.fromisoformat(date_text))
        except ValueError:
            problems.append(
                f"{path}:{line}: column 'date': {date_text!r} is not a date like 2026-11-23"
            )
            return None
        if week and week != from_date:
            problems.append(f"{path}:{line}: column 'date': {date_text} is not in week {week}")
            return None
        week = from_date
    if not week:
        problems.append(f"{path}:{line}: column 'week': missing")
    return week

"""CRM report rows -> weekly funnel counts per rep, as the contract defines them.

Pure: rows come in as (line, cells) already read from a file; problems go out as located
`Problem`s (`file:line: column 'X': problem`), all of them, so the caller can refuse the
whole file. Two kinds of export:

- activities: one row per call, email or meeting; a row counts towards every funnel step
  whose conditions (column -> accepted values, case-insensitive) all hold, in the ISO week of
  its date, for its owner. Rows with an id already seen count once.
- stages: one row per stage change of an opportunity; an opportunity counts once per funnel
  step, in the week it first entered that step; entering a later mapped step also counts the
  earlier mapped steps it skipped, in the same week; going back and re-entering counts nothing.

Example: an opportunity that moves Qualification (week 48) -> Closed Won (week 50) counts
`opportunities` in week 48, and `proposals` and `won` in week 50.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from coachcli.core import weeks as isoweeks
from coachcli.errors import SHOWN_PROBLEMS, Problem

Rows = Iterable[tuple[int, list[str]]]
KEPT = SHOWN_PROBLEMS  # problems kept to print; the rest are counted


@dataclass
class MappingSpec:
    """A validated mapping (see `inputs.crm_mapping` for the file format)."""

    id: str
    kind: str  # activities / stages
    headers: list[str]
    rep: str
    date: str
    title: str = ""
    record_id: str | None = None
    stage: str | None = None
    date_format: str | None = None
    delimiter: str | None = None
    count: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    entered: dict[str, str] = field(default_factory=dict)  # date column -> step (wide history)
    source: str = ""  # "shipped" or the file it came from

    def filled_steps(self, funnel: Sequence[str]) -> list[str]:
        """The funnel steps this mapping fills, in funnel order."""
        wanted = self._steps()
        return [step for step in funnel if step in wanted]

    def unknown_steps(self, funnel: Sequence[str]) -> list[str]:
        return sorted(self._steps() - set(funnel))

    def _steps(self) -> set[str]:
        if self.kind == "activities":
            return set(self.count)
        return set(self.stages.values()) | set(self.entered.values())

    def columns(self) -> list[str]:
        """Every column this mapping reads."""
        named = [self.rep, self.date, self.record_id, self.stage, *self.entered]
        named += [column for tests in self.count.values() for column in tests]
        return [c for c in dict.fromkeys(named) if c]

    def fits(self, header: Sequence[str]) -> bool:
        have = {h.strip().casefold() for h in header}
        return all(h.strip().casefold() in have for h in self.headers)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "headers": self.headers,
            "date_format": self.date_format,
            "steps": sorted(self._steps()),
            "source": self.source,
        }


@dataclass
class Tally:
    """What a file adds up to: counts per (rep, week) for the filled steps, and the rest."""

    counts: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    covered: set[tuple[str, str]] = field(default_factory=set)
    unknown: Counter[str] = field(default_factory=Counter)  # owner as written -> rows skipped
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first KEPT of them
    problem_total: int = 0  # all of them: a 2-million-row file of bad dates keeps 50

    def problem(self, problem: Problem) -> None:
        self.problem_total += 1
        if len(self.problems) < KEPT:
            self.problems.append(problem)

    def weekly(self, steps: Sequence[str]) -> dict[tuple[str, str], dict[str, int]]:
        """Every covered rep and week with a count (0 when none) for each filled step."""
        return {
            key: {step: int(self.counts[key][step]) if key in self.counts else 0 for step in steps}
            for key in sorted(self.covered)
        }


class DateReader:
    """Dates as the mapping declares them (else ISO 8601); a datetime's date part is used.

    Exports repeat the same few hundred dates, so each distinct text is parsed once.
    """

    def __init__(self, fmt: str | None) -> None:
        self.fmt = fmt
        self.seen: dict[str, date | None] = {}

    def __call__(self, text: str) -> date | None:
        if text in self.seen:
            return self.seen[text]
        found = self._parse(text)
        self.seen[text] = found
        return found

    def _parse(self, text: str) -> date | None:
        candidates = [text]
        head = text.split()[0].rstrip(",") if text.split() else ""
        if head and head != text:
            candidates.append(head)
        for candidate in candidates:
            try:
                if self.fmt:
                    return datetime.strptime(candidate, self.fmt).date()
                if len(candidate) == 10:
                    return date.fromisoformat(candidate)
                return datetime.fromisoformat(candidate).date()
            except ValueError:
                continue
        return None

    def expected(self) -> str:
        return (
            f"a date like {date(2026, 11, 24).strftime(self.fmt)} ({self.fmt})"
            if self.fmt
            else ("an ISO date like 2026-11-24")
        )


def owner_index(reps: Iterable[tuple[str, Sequence[str]]]) -> dict[str, str | None]:
    """owner text (casefolded) -> slug, from each rep's slug and its names (name, email,
    aliases); a text naming two reps maps to None (ambiguous)."""
    index: dict[str, str | None] = {}
    for slug, names in reps:
        for name in {slug, *names}:
            key = name.strip().casefold()
            if not key:
                continue
            if key in index and index[key] != slug:
                index[key] = None
            else:
                index[key] = slug
    return index


def missing_columns(spec: MappingSpec, header: Sequence[str], file: str) -> list[Problem]:
    have = {h.strip().casefold() for h in header}
    needed = [spec.rep, spec.date, spec.record_id, spec.stage]
    for conditions in spec.count.values():
        needed.extend(conditions)
    problems = [
        Problem(file, f"column {col!r}: not in the file (mapping {spec.id})", 1)
        for col in dict.fromkeys(c for c in needed if c)
        if col.strip().casefold() not in have
    ]
    if spec.entered and not any(c.strip().casefold() in have for c in spec.entered):
        shown = ", ".join(repr(c) for c in list(spec.entered)[:3])
        problems.append(Problem(file, f"no date-entered column of mapping {spec.id} ({shown})", 1))
    return problems


def count_rows(
    spec: MappingSpec,
    header: Sequence[str],
    rows: Rows,
    owners: Mapping[str, str | None],
    funnel: Sequence[str],
    file: str,
    *,
    today: date,
) -> Tally:
    """Count `rows` with `spec`; every bad cell is a problem in the tally, none stops it.

    A date more than a week after `today` is a bad cell (a typo, not a forecast).
    """
    missing = missing_columns(spec, header, file)
    if missing:
        return Tally(problems=missing, problem_total=len(missing))
    counter = _Counter(spec, header, owners, funnel, file, today)
    for line, cells in rows:
        counter.row(line, cells)
    return counter.finish()


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


class _Counter:
    """The state of one count: column positions, parsed dates, ids seen, stage changes."""

    def __init__(
        self,
        spec: MappingSpec,
        header: Sequence[str],
        owners: Mapping[str, str | None],
        funnel: Sequence[str],
        file: str,
        today: date,
    ) -> None:
        col = {h.strip().casefold(): i for i, h in enumerate(header)}

        def at(name: str | None) -> int | None:
            return col[name.strip().casefold()] if name else None

        self.spec, self.owners, self.file, self.width = spec, owners, file, len(header)
        self.tally = Tally()
        self.reader = DateReader(spec.date_format)
        self.today, self.latest = today, isoweeks.latest_import(today)
        self.rep_i, self.date_i = at(spec.rep), at(spec.date)
        self.id_i, self.stage_i = at(spec.record_id), at(spec.stage)
        self.conditions = [
            (step, [(at(c), {v.strip().casefold() for v in vs}) for c, vs in tests.items()])
            for step, tests in spec.count.items()
        ]
        self.steps = spec.filled_steps(funnel)
        self.stage_rank = _stage_ranks(spec, funnel)
        rank_of = {step: i for i, step in enumerate(self.steps)}
        # wide stage history: (column index, column name, rank) of each date-entered column
        self.entered = [
            (col[c.strip().casefold()], c, rank_of[step])
            for c, step in spec.entered.items()
            if c.strip().casefold() in col and step in rank_of
        ]
        self.events: dict[str, list[tuple[date, int, str, int]]] = defaultdict(list)
        self.seen_ids: set[str] = set()
        self.weeks: dict[date, str] = {}

    def problem(self, line: int, column: str | None, message: str) -> None:
        self.tally.problem(Problem(self.file, f"column {column or ''!r}: {message}", line))

    def _owner(self, line: int, cells: list[str]) -> str | None:
        """The rep slug of a row, or None when the row is skipped (unknown owner) or bad."""
        owner = _cell(cells, self.rep_i)
        if not owner:
            self.problem(line, self.spec.rep, "empty: every row needs its owner")
            return None
        if owner.casefold() not in self.owners:
            self.tally.unknown[owner] += 1
            return None
        slug = self.owners[owner.casefold()]
        if slug is None:
            self.problem(line, self.spec.rep, f"{owner!r} names several reps: give each an alias")
        return slug

    def _day(self, line: int, cells: list[str], index: int | None, column: str) -> date | None:
        text = _cell(cells, index)
        day = self.reader(text) if text else None
        if day is None:
            self.problem(line, column, f"{text!r} is not {self.reader.expected()}")
        elif not isoweeks.FIRST_YEAR <= day.year <= isoweeks.LAST_YEAR:
            self.problem(
                line,
                column,
                f"{text!r} is out of range: coach accepts dates in the years "
                f"{isoweeks.FIRST_YEAR} to {isoweeks.LAST_YEAR}",
            )
            return None
        elif day > self.latest:
            after = f"more than a week after today ({self.today.isoformat()})"
            self.problem(line, column, f"{text!r} is {after}")
            return None
        return day

    def _week(self, day: date) -> str:
        return self.weeks.get(day) or self.weeks.setdefault(day, isoweeks.week_of(day))

    def _entered(self, line: int, cells: list[str], slug: str) -> None:
        """A wide stage history row: one opportunity, a date in each stage it entered."""
        record = _cell(cells, self.id_i)
        if not record:
            self.problem(line, self.spec.record_id, "empty")
            return
        for index, column, rank in self.entered:
            if not _cell(cells, index):
                continue
            day = self._day(line, cells, index, column)
            if day is not None:
                self.tally.covered.add((slug, self._week(day)))
                self.events[record].append((day, line, slug, rank))

    def row(self, line: int, cells: list[str]) -> None:
        self.tally.rows += 1
        if len(cells) > self.width:
            self.tally.problem(Problem(self.file, "the row has more cells than the header", line))
            return
        slug = self._owner(line, cells)
        if slug is None:
            return
        if self.entered:
            self._entered(line, cells, slug)
            return
        day = self._day(line, cells, self.date_i, self.spec.date)
        if day is None:
            return
        week = self._week(day)
        record = _cell(cells, self.id_i)
        if self.spec.kind == "stages":
            stage = _cell(cells, self.stage_i)
            if not record or not stage:
                self.problem(line, self.spec.stage if record else self.spec.record_id, "empty")
                return
            self.tally.covered.add((slug, week))
            rank = self.stage_rank.get(stage.casefold())
            if rank is not None:
                self.events[record].append((day, line, slug, rank))
            return
        if record:
            if record in self.seen_ids:
                return
            self.seen_ids.add(record)
        self.tally.covered.add((slug, week))
        counts = self.tally.counts[(slug, week)]
        for step, tests in self.conditions:
            if all(_cell(cells, i).casefold() in accepted for i, accepted in tests):
                counts[step] += 1

    def finish(self) -> Tally:
        if self.spec.kind == "stages":
            _count_entries(self.events, self.steps, self.tally, self.weeks)
        return self.tally


def _stage_ranks(spec: MappingSpec, funnel: Sequence[str]) -> dict[str, int]:
    """CRM stage (casefolded) -> position of its step among the mapped steps, funnel order."""
    steps = spec.filled_steps(funnel)
    return {
        stage.casefold(): steps.index(step) for stage, step in spec.stages.items() if step in steps
    }


def _count_entries(
    events: Mapping[str, list[tuple[date, int, str, int]]],
    steps: Sequence[str],
    tally: Tally,
    weeks: dict[date, str],
) -> None:
    for changes in events.values():
        reached = -1
        for day, _, slug, rank in sorted(changes):
            if rank <= reached:
                continue
            week = weeks[day]
            for k in range(reached + 1, rank + 1):
                tally.counts[(slug, week)][steps[k]] += 1
            reached = rank


def summary(
    tally: Tally, steps: Sequence[str], existing: Callable[[str, str], dict[str, int] | None]
) -> dict[str, object]:
    """What an import changes: per rep and week, the counts before and after, for the JSON
    report and `--dry-run`. `existing(rep, week)` gives the stored counts or None."""
    changes = []
    for (rep, week), counts in tally.weekly(steps).items():
        before = existing(rep, week) or {}
        old = {step: before.get(step) for step in steps}
        changes.append(
            {
                "rep": rep,
                "week": week,
                "before": old,
                "after": counts,
                "changed": any(old[s] != counts[s] for s in steps),
            }
        )
    return {
        "rows": tally.rows,
        "steps": list(steps),
        "weeks": changes,
        "unknown_owners": [{"owner": o, "rows": n} for o, n in sorted(tally.unknown.items())],
    }

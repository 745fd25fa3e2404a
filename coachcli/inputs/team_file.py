"""Team files for `coach rep import`: YAML (see examples/team.yaml) or CSV, validated whole.

Every problem is reported with its line; if there is one, nothing is imported.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from coachcli.core import roster
from coachcli.core.roster import check_bank_id, check_email
from coachcli.errors import CoachError, Problem, ProblemList
from coachcli.inputs.yamlio import Marks, describe_errors, load_yaml, read_text


def _plain(fn: Any, value: Any) -> Any:
    try:
        return fn(value)
    except CoachError as exc:
        raise ValueError(exc.message) from None


class RepInput(BaseModel):
    """One rep as written in a team file or given on the command line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str
    tier: str | None = None
    slot: str | None = None
    email: str | None = None
    focus: str | None = None
    notes: str | None = None
    active: bool | None = None
    aliases: list[str] | None = None  # other names in transcripts and CRM exports

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, v: Any) -> Any:
        """A CSV cell holds them separated by semicolons: `Dana; D. Lee`."""
        if isinstance(v, str):
            v = [part for part in v.split(";") if part.strip()]
        if isinstance(v, list):
            return _plain(roster.normalise_aliases, [str(a) for a in v])
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return str(_plain(roster.normalise_name, v))

    @field_validator("tier")
    @classmethod
    def _tier(cls, v: str | None) -> str | None:
        return _plain(roster.normalise_tier, v) if v else None

    @field_validator("slot")
    @classmethod
    def _slot(cls, v: str | None) -> str | None:
        return _plain(roster.normalise_slot, v) if v else None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        return _plain(check_email, v) if v else None

    @field_validator("focus")
    @classmethod
    def _focus(cls, v: str | None) -> str | None:
        return _plain(check_bank_id, v) if v else None


def read_team_file(path: Path) -> list[RepInput]:
    """All reps in a YAML or CSV team file, or a ProblemList naming every bad line."""
    csv_file = path.suffix.lower() == ".csv"
    if csv_file:
        rows, marks = _csv_rows(path)
        prefix: tuple[str | int, ...] = ()
    else:
        data, marks = load_yaml(path)
        if isinstance(data, dict) and "reps" in data:
            extra = sorted(set(data) - {"reps"})
            if extra:
                line, col = marks.get((extra[0],), (1, 1))
                raise ProblemList([Problem(str(path), "unknown field", line, col, extra[0])])
            data, prefix = data["reps"], ("reps",)
        else:
            prefix = ()
        if not isinstance(data, list):
            raise ProblemList([Problem(str(path), "expected a list of reps", 1, 1, "reps")])
        rows = data
    from pydantic import ValidationError

    reps: list[RepInput] = []
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        try:
            reps.append(RepInput.model_validate(row))
        except ValidationError as exc:
            found = describe_errors(exc, path, marks, (*prefix, i))
            if csv_file:  # a CSV cell is named by its column, not by the row's index
                for problem in found:
                    problem.field = (problem.field or "").removeprefix(f"[{i}].") or None
            problems.extend(found)
    seen: dict[str, int] = {}
    for i, rep in enumerate(reps):
        slug = roster.slugify(rep.name)
        if slug in seen:
            line, col = marks.get((*prefix, i), (1, 1))
            message = f"{rep.name!r} appears twice in the file"
            problems.append(Problem(str(path), message, line, col, "name"))
        seen[slug] = i
    if problems:
        raise ProblemList(problems)
    if not reps:
        raise CoachError(f"{path}: no reps found")
    return reps


def _csv_rows(path: Path) -> tuple[list[dict[str, Any]], Marks]:
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, Any]] = []
    marks: Marks = {}
    columns = {
        name.strip().lower(): number for number, name in enumerate(reader.fieldnames or [], 1)
    }
    for i, row in enumerate(reader):
        if None in row:
            problem = Problem(str(path), "row has more cells than the header", reader.line_num, 1)
            raise ProblemList([problem])
        cleaned = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        rows.append({k: v for k, v in cleaned.items() if v != ""})
        marks[(i,)] = (reader.line_num, 1)
        for name, number in columns.items():
            marks[(i, name)] = (reader.line_num, number)
    return rows, marks

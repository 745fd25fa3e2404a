"""Question banks: load the shipped and user banks, and validate them with located errors.

A bank is a YAML file (see CONTRACT.md, "Question bank file"). Every problem in a file is
reported at once as `file:line:col: field: message`; a bank with any problem is not loaded.
User banks (`<home>/banks/*.yaml`, then each directory of `$COACH_BANKS`) override shipped
banks with the same id. YAML goes through `coachcli.inputs.yamlio` only: safe subset, no aliases, no
duplicate keys, 1 MB cap, strict UTF-8.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from coachcli.errors import CoachError
from coachcli.inputs.yamlio import Marks, Problems, describe_errors, load_yaml_mapping, locate

SHIPPED = "shipped"
DEFAULT_BANK = "weekly-checkin"
FUNNEL = ("calls", "conversations", "meetings", "opportunities", "proposals", "won")
TRANSITIONS = tuple(f"{a}->{b}" for a, b in pairwise(FUNNEL))
MAX_SCALE_SPAN = 100

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
_TRANSITION = re.compile(rf"^{_NAME}->{_NAME}$")
_LOCATED = re.compile(r":(\d+):(\d+): ")


def _kebab(value: str) -> str:
    if not _KEBAB.match(value):
        raise ValueError(f"{value!r} is not kebab-case (lower-case words joined by -)")
    return value


def _question_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    if not value.endswith("?"):
        raise ValueError(f"{_short(value)!r} is not a question: end it with '?'")
    return value


def _focus(value: str) -> str:
    value = value.strip()
    if not _TRANSITION.match(value):
        raise ValueError(
            f"{_short(value)!r} is not a metric transition: use from->to, like {TRANSITIONS[0]}"
        )
    return value


def _non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


Id = Annotated[str, AfterValidator(_kebab)]
QuestionText = Annotated[str, AfterValidator(_question_text)]
Text = Annotated[str, AfterValidator(_non_empty)]


class Question(BaseModel):
    """One question of a bank; `hint` is shown to the manager only."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    ask: QuestionText
    type: Literal["text", "choice", "scale", "confirm"] = "text"
    hint: str | None = None
    follow_ups: list[QuestionText] = []
    # Defaults are validated too, so a missing range or missing choices is reported.
    choices: list[Text] | None = Field(default=None, validate_default=True)
    min: int | None = Field(default=None, validate_default=True, strict=True)
    max: int | None = Field(default=None, validate_default=True, strict=True)

    @field_validator("choices")
    @classmethod
    def _choices(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        kind = info.data.get("type")
        if kind is None:  # the type itself is invalid: already reported
            return value
        if kind != "choice":
            if value is not None:
                raise ValueError(f"only choice questions have choices (this one is {kind})")
            return value
        if not value:
            raise ValueError("a choice question needs at least 2 choices")
        seen: set[str] = set()
        for choice in value:
            if choice.casefold() in seen:
                raise ValueError(f"duplicate choice {_short(choice)!r}")
            seen.add(choice.casefold())
        if len(seen) < 2:
            raise ValueError("a choice question needs at least 2 choices")
        return value

    @field_validator("min", "max")
    @classmethod
    def _range(cls, value: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("type")
        if kind is None:
            return value
        if kind != "scale":
            if value is not None:
                field = info.field_name
                raise ValueError(f"only scale questions have {field} (this one is {kind})")
            return value
        if value is None:
            raise ValueError("a scale question needs min and max, like min: 1, max: 5")
        low = info.data.get("min")
        if info.field_name == "max" and low is not None:
            if value <= low:
                raise ValueError(f"max ({value}) must be greater than min ({low})")
            if value - low > MAX_SCALE_SPAN:
                raise ValueError(f"the scale spans {value - low}; keep it within {MAX_SCALE_SPAN}")
        return value


class Bank(BaseModel):
    """A question bank; `source` is set by the loader ("shipped" or the file's path)."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    title: Text
    summary: str = ""
    tags: list[Text] = []
    focus: list[Annotated[str, AfterValidator(_focus)]] = []
    questions: list[Question] = Field(min_length=1)
    source: str = SHIPPED

    def json_summary(self) -> dict[str, Any]:
        """The `bank list --json` object."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "questions": len(self.questions),
            "focus": list(self.focus),
            "tags": list(self.tags),
            "source": self.source,
        }


# --- reading one file ------------------------------------------------------------------


class _Parsed:
    """One file's outcome: the bank if it is valid, its problems, and its id for duplicates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bank: Bank | None = None
        self.problems: list[str] = []
        self.bank_id: str | None = None
        self.id_mark: tuple[int, int] = (1, 1)


def shipped_dir() -> Path:
    import coachcli.question_banks as shipped

    return Path(shipped.__file__).parent


def _is_shipped(path: Path) -> bool:
    try:
        return path.resolve().parent == shipped_dir().resolve()
    except OSError:
        return False


def _parse(path: Path, shipped: bool) -> _Parsed:
    out = _Parsed(path)
    if not path.exists():
        out.problems.append(f"{path}:1:1: file: no such file")
        return out
    if not path.is_file():  # a FIFO or device would block or never end
        out.problems.append(f"{path}:1:1: file: not a regular file")
        return out
    try:
        data, marks = load_yaml_mapping(path, fast=True)
    except Problems as exc:
        out.problems.extend(_with_field(p) for p in exc.problems)
        return out
    except CoachError as exc:
        out.problems.append(f"{path}:1:1: file: {exc.message.removeprefix(f'{path}: ')}")
        return out
    except RecursionError:
        out.problems.append(f"{path}:1:1: YAML: nested too deeply")
        return out

    def at(loc: tuple[str | int, ...], field: str, message: str) -> str:
        line, col = locate(marks, loc)
        return f"{path}:{line}:{col}: {field}: {message}"

    if isinstance(data.get("id"), str):
        out.bank_id = data["id"].strip()
        out.id_mark = locate(marks, ("id",))
    if "source" in data:
        out.problems.append(at(("source",), "source", "unknown field (coach sets it)"))
        data = {k: v for k, v in data.items() if k != "source"}
    out.problems.extend(_duplicate_question_ids(data, marks, at))
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        out.problems.extend(describe_errors(exc, path, marks))
        bank = None
    if shipped and out.bank_id is not None and out.bank_id != path.stem:
        out.problems.append(
            at(("id",), "id", f"shipped bank {out.bank_id!r} must be in {out.bank_id}.yaml")
        )
    if bank is not None and not out.problems:
        bank.source = SHIPPED if shipped else str(path)
        out.bank = bank
    out.problems.sort(key=_line_col)
    return out


def _with_field(problem: str) -> str:
    """yamlio's whole-file problems (size, encoding) name no field: call it `file`."""
    match = _LOCATED.search(problem)
    if match and problem[match.end() :].startswith(("not UTF-8", "file is ")):
        return f"{problem[: match.end()]}file: {problem[match.end() :]}"
    return problem


def _duplicate_question_ids(data: dict[str, Any], marks: Marks, at: Any) -> list[str]:
    questions = data.get("questions")
    if not isinstance(questions, list):
        return []
    first: dict[str, int] = {}
    problems = []
    for i, question in enumerate(questions):
        if not isinstance(question, dict) or not isinstance(question.get("id"), str):
            continue
        qid = question["id"].strip()
        if qid in first:
            line, _ = locate(marks, ("questions", first[qid], "id"))
            problems.append(
                at(
                    ("questions", i, "id"),
                    f"questions[{i}].id",
                    f"duplicate question id {qid!r} (first at line {line})",
                )
            )
        else:
            first[qid] = i
    return problems


def _line_col(problem: str) -> tuple[int, int]:
    match = _LOCATED.search(problem)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _mark_duplicates(parsed: list[_Parsed]) -> None:
    """Two files with one bank id: both are reported and neither is loaded."""
    by_id: dict[str, list[_Parsed]] = {}
    for item in parsed:
        if item.bank_id is not None:
            by_id.setdefault(item.bank_id, []).append(item)
    for bank_id, items in by_id.items():
        if len(items) < 2:
            continue
        for item in items:
            others = ", ".join(str(o.path) for o in items if o is not item)
            line, col = item.id_mark
            item.problems.append(
                f"{item.path}:{line}:{col}: id: duplicate bank id {bank_id!r} (also in {others})"
            )
            item.bank = None


# --- public API --------------------------------------------------------------------------


def expand_paths(paths: list[Path]) -> list[Path]:
    """The files `validate_files` checks: files as given, directories as their *.yaml."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.yaml")))
        else:
            files.append(path)
    return files


def validate_files(paths: list[Path]) -> list[str]:
    """Every problem in every file (directories expand to their *.yaml), located.

    Shipped files must also be named after their id. Duplicate bank ids across the files are
    reported in each file.
    """
    parsed = [_parse(p, _is_shipped(p)) for p in expand_paths(paths)]
    _mark_duplicates(parsed)
    return [problem for item in parsed for problem in item.problems]


def _user_files(home: Path) -> tuple[list[Path], list[str]]:
    """User bank files in override order, and a problem for each `$COACH_BANKS` entry that
    is not a directory (a typo there would otherwise silently hide the user's banks)."""
    from coachcli.store.paths import BANKS_ENV, extra_bank_dirs

    files: list[Path] = []
    missing: list[str] = []
    seen: set[Path] = set()
    for n, directory in enumerate(extra_bank_dirs(home)):
        if not directory.is_dir():
            if n > 0:  # <home>/banks is optional
                missing.append(f"{directory}:1:1: {BANKS_ENV}: not a directory")
            continue
        for path in sorted(directory.glob("*.yaml")):
            key = path.resolve()
            if key not in seen:  # the same directory listed twice is not a duplicate
                seen.add(key)
                files.append(path)
    return files, missing


def _signature(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for path in files:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


_cache: dict[tuple[Any, ...], tuple[dict[str, Bank], list[str]]] = {}


def _load(home: Path) -> tuple[dict[str, Bank], list[str]]:
    shipped_files = sorted(shipped_dir().glob("*.yaml"))
    user_files, missing = _user_files(home)
    key = (_signature(shipped_files), _signature(user_files), tuple(missing))
    if key in _cache:
        return _cache[key]
    shipped = [_parse(p, True) for p in shipped_files]
    user = [_parse(p, False) for p in user_files]
    _mark_duplicates(shipped)
    _mark_duplicates(user)
    banks: dict[str, Bank] = {}
    problems: list[str] = list(missing)
    for item in [*shipped, *user]:
        if item.bank is not None:
            banks[item.bank.id] = item.bank
        problems.extend(item.problems)
    result = (dict(sorted(banks.items())), problems)
    _cache.clear()
    _cache[key] = result
    _skipped.clear()
    for item in user:  # a skipped user bank, by file name and by id, for `find_bank`
        if item.bank is None and item.problems:
            for name in (item.path.stem.lower(), (item.bank_id or "").lower()):
                if name:
                    _skipped.setdefault(name, item.problems[0])
    return result


# The first problem of each user bank the last `_load` skipped: "unknown bank" says why.
_skipped: dict[str, str] = {}


def skipped_banks() -> dict[str, str]:
    """Skipped user banks of the last load (by file stem and id) -> their first problem."""
    return dict(_skipped)


def load_banks(home: Path) -> dict[str, Bank]:
    """Shipped banks, overridden by valid user banks with the same id; sorted by id.

    Invalid user banks are skipped (see `bank_problems`). Cached while no file changes.
    """
    return dict(_load(home)[0])


def bank_problems(home: Path) -> list[str]:
    """The located problems of banks that `load_banks` skipped (and `$COACH_BANKS` entries
    that are not directories), so commands can warn."""
    return list(_load(home)[1])


def get_bank(home: Path, bank_id: str) -> Bank:
    return find_bank(load_banks(home), bank_id)


def find_bank(banks: dict[str, Bank], bank_id: str) -> Bank:
    """The bank `bank_id` names (any case, spaces around); an unknown one names the known."""
    key = bank_id.strip().lower()
    if key in banks:
        return banks[key]
    if key in _skipped:
        raise CoachError(
            f"unknown bank {bank_id!r}: its file was skipped: {_skipped[key]}",
            hint="fix it; `coach bank validate PATH` lists every problem",
        )
    known = ", ".join(banks) or "none"
    raise CoachError(f"unknown bank {bank_id!r} (known: {known})", hint="see `coach bank list`")


def require_bank(home: Path, bank_id: str) -> None:
    get_bank(home, bank_id)


def normalise_transition(transition: str) -> str:
    """`calls:conversations`, `Calls -> Conversations` and `calls→conversations` all match."""
    text = transition.strip().lower().replace("→", "->")
    if "->" not in text and text.count(":") == 1:
        text = text.replace(":", "->")
    return "->".join(part.strip() for part in text.split("->"))


def banks_for_transition(banks: dict[str, Bank], transition: str) -> list[Bank]:
    """Banks whose `focus` names this metric transition, in id order."""
    wanted = normalise_transition(transition)
    return [bank for bank in banks.values() if wanted in bank.focus]

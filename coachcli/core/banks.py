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
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_serializer,
)

from coachcli.errors import CoachError
from coachcli.inputs.yamlio import Marks, Problems, describe_errors, load_yaml_mapping, locate

SHIPPED = "shipped"
DEFAULT_BANK = "weekly-checkin"
FUNNEL = ("calls", "conversations", "meetings", "opportunities", "proposals", "won")
TRANSITIONS = tuple(f"{a}->{b}" for a, b in pairwise(FUNNEL))
MAX_SCALE_SPAN = 100
SCALE = (1, 5)  # the one scale; another needs a `scale_reason`

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


class Bounds(BaseModel):
    """`when: {at_most: 2}` / `{at_least: 4}` (or both) on a scale question's follow-up."""

    model_config = ConfigDict(extra="forbid")

    at_most: int | None = None
    at_least: int | None = None

    def matches(self, value: int) -> bool:
        low_ok = self.at_least is None or value >= self.at_least
        return low_ok and (self.at_most is None or value <= self.at_most)

    def describe(self) -> str:
        parts = [f"at least {self.at_least}"] if self.at_least is not None else []
        parts += [f"at most {self.at_most}"] if self.at_most is not None else []
        return " and ".join(parts)


def _when(value: Any) -> Any:
    """A choice list or scale bounds; anything else says what `when` takes."""
    if value is None or isinstance(value, Bounds):
        return value
    if isinstance(value, list):
        if not value:
            raise ValueError("name at least one choice, or leave `when` out")
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError("every choice in `when` must be non-empty text")
        return [v.strip() for v in value]
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in ("at_most", "at_least"))
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r}: use at_most or at_least")
        if not value:
            raise ValueError("give at_most, at_least or both")
        for key, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int):
                raise ValueError(f"{key} must be a whole number")
        return Bounds(**value)
    raise ValueError(
        "use a list of choices, like [lead, observer], or {at_most: N} / {at_least: N}"
    )


def _follow_up(value: Any) -> Any:
    return {"ask": value} if isinstance(value, str) else value


class FollowUpSpec(BaseModel):
    """A follow-up; with `when`, asked only if the answer is one of those choices or within
    those bounds. A plain string in the file is a follow-up with no condition."""

    model_config = ConfigDict(extra="forbid")

    ask: QuestionText
    when: Annotated[list[str] | Bounds | None, BeforeValidator(_when)] = None

    @model_serializer(mode="wrap")
    def _plain(self, handler: Any) -> Any:
        # An unconditional follow-up reads back as the string it was written as.
        return self.ask if self.when is None else handler(self)

    def applies(self, answer: object) -> bool:
        """Whether to ask it after `answer` (a choice or a scale number); None: not asked."""
        if self.when is None:
            return True
        if answer is None:
            return False
        if isinstance(self.when, Bounds):
            return isinstance(answer, int) and self.when.matches(answer)
        return str(answer).casefold() in {w.casefold() for w in self.when}

    def condition(self) -> str:
        """`when` for people: "if lead or observer", "if at most 2"; "" with no condition."""
        if self.when is None:
            return ""
        if isinstance(self.when, Bounds):
            return f"if {self.when.describe()}"
        return "if " + " or ".join(self.when)


class Question(BaseModel):
    """One question of a bank; `hint` is shown to the manager only.

    `always` pins it into every session's selection; `opener` marks a question that can open
    a session (see core.selection); `scale_reason` says why a scale is not 1-5.
    """

    model_config = ConfigDict(extra="forbid")

    id: Id
    ask: QuestionText
    type: Literal["text", "choice", "scale", "confirm"] = "text"
    hint: str | None = None
    follow_ups: list[Annotated[FollowUpSpec, BeforeValidator(_follow_up)]] = []
    always: bool = Field(default=False, strict=True)
    opener: bool = Field(default=False, strict=True)
    scale_reason: Text | None = None
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
        self.warnings: list[str] = []  # user banks only: loaded anyway
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
    if bank is not None:
        errors, warnings = _condition_problems(bank, at, shipped)
        out.problems.extend(errors)
        out.warnings.extend(warnings)
    if bank is not None and not out.problems:
        bank.source = SHIPPED if shipped else str(path)
        out.bank = bank
    out.problems.sort(key=_line_col)
    return out


def _condition_problems(bank: Bank, at: Any, shipped: bool) -> tuple[list[str], list[str]]:
    """What the question's type makes wrong in its follow-ups' `when`, and scales off 1-5
    with no `scale_reason` (an error in a shipped bank, a warning in a user bank)."""
    errors: list[str] = []
    warnings: list[str] = []
    for i, q in enumerate(bank.questions):
        for j, follow in enumerate(q.follow_ups):
            loc = ("questions", i, "follow_ups", j, "when")
            field = f"questions[{i}].follow_ups[{j}].when"
            for k, message in _when_problems(q, follow):
                where = (*loc, k) if k is not None else loc
                name = f"{field}[{k}]" if k is not None else field
                errors.append(at(where, name, message))
        if q.type == "scale" and (q.min, q.max) != SCALE and q.scale_reason is None:
            message = (
                f"the scale is {q.min}-{q.max}; coach uses {SCALE[0]}-{SCALE[1]} everywhere: "
                "use min: 1, max: 5, or say why in scale_reason"
            )
            place = ("questions", i, "max")
            (errors if shipped else warnings).append(at(place, f"questions[{i}].max", message))
        if q.scale_reason is not None and q.type != "scale":
            place = ("questions", i, "scale_reason")
            errors.append(
                at(place, f"questions[{i}].scale_reason", f"only scale questions have it ({q.type})")
            )
    return errors, warnings


def _when_problems(q: Question, follow: FollowUpSpec) -> list[tuple[int | None, str]]:
    when = follow.when
    if when is None:
        return []
    if isinstance(when, Bounds):
        if q.type != "scale":
            return [(None, f"at_most/at_least need a scale question (this one is {q.type})")]
        low, high = q.min or 0, q.max or 0
        out: list[tuple[int | None, str]] = []
        for name, value in (("at_least", when.at_least), ("at_most", when.at_most)):
            if value is not None and not low <= value <= high:
                out.append((None, f"{name} {value} is outside the scale {low} to {high}"))
        if not out and when.at_least is not None and when.at_most is not None:
            if when.at_least > when.at_most:
                out.append((None, f"at_least {when.at_least} is above at_most {when.at_most}"))
        return out
    if q.type != "choice":
        return [(None, f"a list of choices needs a choice question (this one is {q.type})")]
    known = {c.casefold() for c in q.choices or []}
    return [
        (k, f"{value!r} is not one of the choices: {', '.join(q.choices or [])}")
        for k, value in enumerate(when)
        if value.casefold() not in known
    ]


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
    return check_files(paths)[0]


def check_files(paths: list[Path]) -> tuple[list[str], list[str]]:
    """`validate_files`' problems, and the warnings of user banks that load anyway (a scale
    other than 1-5 with no `scale_reason`)."""
    parsed = [_parse(p, _is_shipped(p)) for p in expand_paths(paths)]
    _mark_duplicates(parsed)
    problems = [problem for item in parsed for problem in item.problems]
    return problems, [warning for item in parsed for warning in item.warnings]


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

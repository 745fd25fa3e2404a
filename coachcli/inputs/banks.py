"""Question bank files: read the shipped and user banks, with every problem located.

Every problem in a file is reported at once as `file:line:col: field: message`; a bank with any
problem is not loaded. User banks (`<home>/banks/*.yaml`, then each directory of
`$COACH_BANKS`) override shipped banks with the same id. YAML goes through
`coachcli.inputs.yamlio` only: safe subset, no aliases, no duplicate keys, 1 MB cap, strict
UTF-8. The schema is `coachcli.core.banks`; which directories to read is the caller's
(`coachcli.services.banks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import Problem, ProblemList

# Listing the bank files (for the banks cache's key) must stay cheap: YAML, pydantic and the
# bank schema are imported only when a file is actually parsed.
if TYPE_CHECKING:
    from coachcli.core.banks import Bank, Locate
    from coachcli.inputs.yamlio import Marks

# --- reading one file ------------------------------------------------------------------


class _Parsed:
    """One file's outcome: the bank if it is valid, its problems, and its id for duplicates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bank: Bank | None = None
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # user banks only: loaded anyway
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
    from pydantic import ValidationError

    from coachcli.core.banks import SHIPPED, Bank, condition_problems
    from coachcli.inputs.yamlio import describe_errors, load_yaml_mapping, locate

    out = _Parsed(path)
    if not path.exists():
        out.problems.append(Problem(str(path), "no such file", 1, 1, "file"))
        return out
    if not path.is_file():  # a FIFO or device would block or never end
        out.problems.append(Problem(str(path), "not a regular file", 1, 1, "file"))
        return out
    try:
        data, marks = load_yaml_mapping(path, fast=True)
    except ProblemList as exc:
        out.problems.extend(_whole_file(p) for p in exc.items)
        return out
    except RecursionError:
        out.problems.append(Problem(str(path), "nested too deeply", 1, 1, "YAML"))
        return out

    def at(loc: tuple[str | int, ...], field: str, message: str) -> Problem:
        line, col = locate(marks, loc)
        return Problem(str(path), message, line, col, field)

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
        errors, warnings = condition_problems(bank, at, shipped)
        out.problems.extend(errors)
        out.warnings.extend(warnings)
    if bank is not None and not out.problems:
        bank.source = SHIPPED if shipped else str(path)
        out.bank = bank
    out.problems.sort(key=_line_col)
    return out


def _whole_file(problem: Problem) -> Problem:
    """A problem with the file itself (unreadable, too big) is at 1:1 of its `file` field."""
    if problem.line is None:
        return Problem(problem.file, problem.message, 1, 1, problem.field or "file")
    return problem


def _duplicate_question_ids(data: dict[str, Any], marks: Marks, at: Locate) -> list[Problem]:
    from coachcli.inputs.yamlio import locate

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


def _line_col(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


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
            message = f"duplicate bank id {bank_id!r} (also in {others})"
            item.problems.append(Problem(str(item.path), message, line, col, "id"))
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
    return [str(problem) for problem in check_files(paths)[0]]


def check_files(paths: list[Path]) -> tuple[list[Problem], list[Problem]]:
    """`validate_files`' problems, and the warnings of user banks that load anyway (a scale
    other than 1-5 with no `scale_reason`)."""
    parsed = [_parse(p, _is_shipped(p)) for p in expand_paths(paths)]
    _mark_duplicates(parsed)
    problems = [problem for item in parsed for problem in item.problems]
    return problems, [warning for item in parsed for warning in item.warnings]


def _user_files(dirs: Sequence[Path], env: str) -> tuple[list[Path], list[Problem]]:
    """User bank files in override order, and a problem for each `$COACH_BANKS` entry that
    is not a directory (a typo there would otherwise silently hide the user's banks).

    `dirs` is `<home>/banks` (optional) then the entries of the variable `env` names."""
    files: list[Path] = []
    missing: list[Problem] = []
    seen: set[Path] = set()
    for n, directory in enumerate(dirs):
        if not directory.is_dir():
            if n > 0:  # <home>/banks is optional
                missing.append(Problem(str(directory), "not a directory", 1, 1, env))
            continue
        for path in sorted(directory.glob("*.yaml")):
            key = path.resolve()
            if key not in seen:  # the same directory listed twice is not a duplicate
                seen.add(key)
                files.append(path)
    return files, missing


def signature(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """What identifies these files' contents without reading them: path, mtime, size."""
    out = []
    for path in files:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


def bank_files(dirs: Sequence[Path], env: str) -> tuple[list[Path], list[Path], list[Problem]]:
    """The shipped bank files, the user bank files in override order, and a problem for each
    directory of `env` that is not one: what a load reads, listed without reading it."""
    user_files, missing = _user_files(dirs, env)
    return sorted(shipped_dir().glob("*.yaml")), user_files, missing


class Loaded:
    """One load of every bank: the valid ones by id, every problem, and the skipped ones."""

    def __init__(
        self, banks: dict[str, Bank], problems: list[Problem], skipped: dict[str, str]
    ) -> None:
        self.banks = banks
        self.problems = problems
        self.skipped = skipped  # user bank file stem / id -> its first problem


_cache: dict[tuple[Any, ...], Loaded] = {}


def read_all(dirs: Sequence[Path], env: str) -> Loaded:
    """Parse and validate every bank (shipped, then user banks overriding them by id).

    Kept in memory while no file changes; `coachcli.services.banks` also keeps the result on
    disk, so most runs never parse a bank.
    """
    shipped_files, user_files, missing = bank_files(dirs, env)
    key = (signature(shipped_files), signature(user_files), tuple(map(str, missing)))
    if key in _cache:
        return _cache[key]
    shipped = [_parse(p, True) for p in shipped_files]
    user = [_parse(p, False) for p in user_files]
    _mark_duplicates(shipped)
    _mark_duplicates(user)
    banks: dict[str, Bank] = {}
    problems: list[Problem] = list(missing)
    for item in [*shipped, *user]:
        if item.bank is not None:
            banks[item.bank.id] = item.bank
        problems.extend(item.problems)
    skipped: dict[str, str] = {}
    for item in user:  # a skipped user bank, by file name and by id, for `find_bank`
        if item.bank is None and item.problems:
            for name in (item.path.stem.lower(), (item.bank_id or "").lower()):
                if name:
                    skipped.setdefault(name, str(item.problems[0]))
    result = Loaded(dict(sorted(banks.items())), problems, skipped)
    _cache.clear()
    _cache[key] = result
    return result


def load_banks(dirs: Sequence[Path], env: str) -> dict[str, Bank]:
    """Shipped banks, overridden by valid user banks with the same id; sorted by id."""
    return dict(read_all(dirs, env).banks)


def read_files(paths: list[Path]) -> tuple[list[Bank], list[Problem]]:
    """The valid banks of these files (directories expand to their *.yaml), and every
    problem, as `check_files` reports them."""
    parsed = [_parse(p, _is_shipped(p)) for p in expand_paths(paths)]
    _mark_duplicates(parsed)
    problems = [problem for item in parsed for problem in item.problems]
    return [item.bank for item in parsed if item.bank is not None and not item.problems], problems

"""The one exception type for expected failures, and the exit codes it maps to.

Anything a user can cause (unknown rep, bad file, locked store) raises `CoachError`;
the app turns it into one line on stderr and the exit code below, in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of `coach`; documented in the README and relied on by scripts."""

    OK = 0
    USER = 1  # unknown rep, invalid value, bad file
    USAGE = 2  # Click's usage errors
    STORE = 3  # the store cannot be used: corrupt, locked, not writable
    INTERNAL = 4  # a bug in coach: one line, `--debug` for the traceback
    INTERRUPTED = 130  # Ctrl-C, after saving whatever was typed


class CoachError(Exception):
    """An expected failure: a message, an optional hint, and an exit code."""

    def __init__(
        self, message: str, hint: str | None = None, exit_code: ExitCode = ExitCode.USER
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class StoreError(CoachError):
    """The store cannot be used (exit 3); nothing in it has been changed."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint, ExitCode.STORE)


class InvalidValue(CoachError):
    """A value that cannot be taken as given, as data: which field, and why.

    Raised by core checks (text that cannot be stored, a bad date); the message is
    `field: reason`, and callers that locate the value in a file use `reason` and their own
    field path instead of reading the message.
    """

    def __init__(self, field: str, reason: str, hint: str | None = None) -> None:
        super().__init__(f"{field}: {reason}", hint)
        self.field = field
        self.reason = reason


class NotFound(CoachError):
    """A reference that names no record of `kind`, or several (`matches`), as data.

    Core raises it without a hint; the CLI skin (`coachcli.commands._hints`) adds the
    `coach …` command that helps, from `kind`, `matches`, `close` and `known`.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        ref: str,
        matches: list[str] | None = None,
        close: list[str] | None = None,
        known: list[str] | None = None,
        skipped: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.ref = ref
        self.matches = matches or []  # several records match: the ref is ambiguous
        self.close = close or []  # near misses, for "did you mean"
        self.known = known or []  # what exists
        self.skipped = skipped  # a user file of that name was skipped, and why


class Interrupted(CoachError):
    """Ctrl-C or end of input during a prompt; the caller has already saved the draft.

    `paused` names the rep whose session waits in a draft (None: nothing was kept).
    """

    def __init__(
        self, message: str = "Interrupted.", hint: str | None = None, *, paused: str | None = None
    ) -> None:
        super().__init__(message, hint, ExitCode.INTERRUPTED)
        self.paused = paused


class Exists(CoachError):
    """What was asked for is already there, as data: the `kind` of record (`rep`: a rep of
    that name or slug; `status`: a commitment already in that status) and its `ref`."""

    def __init__(self, message: str, *, kind: str, ref: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.ref = ref


class DamagedDraft(CoachError):
    """A session draft that cannot be read back, as data: whose it is (`rep`)."""

    def __init__(self, message: str, *, rep: str) -> None:
        super().__init__(message)
        self.rep = rep


# How many located problems one failure prints; the rest are counted ("… and N more").
SHOWN_PROBLEMS = 50


class Problem:
    """One located problem in a user's file: where it is (file, line, column, field) and what.

    Built where the input is read; printed as `file:line:col: field: message` by the one error
    handler. Carries data so that no caller ever reads message text to decide what happened.
    """

    __slots__ = ("column", "field", "file", "line", "message")

    def __init__(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.column = column
        self.field = field

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class ProblemList(CoachError):
    """Every located problem found in one input (exit 1); nothing was stored.

    `lines()` gives what the error handler prints: at most SHOWN_PROBLEMS problems, then a
    count of the rest, so a two-million-row file with a bad column prints a screenful.
    `summary` (like "2 problems in team.yaml"), when given, is the `coach: error:` line that
    follows the problems; without it each problem is its own `coach: error:` line. `total`
    counts problems a reader stopped keeping (more than it could print).
    """

    def __init__(
        self,
        problems: list[Problem],
        hint: str | None = None,
        *,
        summary: str | None = None,
        total: int | None = None,
    ) -> None:
        if not problems:
            raise ValueError("ProblemList needs at least one problem")
        self.total = max(total or 0, len(problems))
        more = f" (and {self.total - 1:,} more)" if self.total > 1 else ""
        super().__init__(summary or str(problems[0]) + more, hint)
        self.items = problems
        self.summary = summary

    def lines(self) -> list[str]:
        shown = [str(problem) for problem in self.items[:SHOWN_PROBLEMS]]
        rest = self.total - len(shown)
        if rest > 0:
            shown.append(f"… and {rest:,} more")
        return shown

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


class Interrupted(CoachError):
    """Ctrl-C or end of input during a prompt; the caller has already saved the draft."""

    def __init__(self, message: str = "Interrupted.", hint: str | None = None) -> None:
        super().__init__(message, hint, ExitCode.INTERRUPTED)

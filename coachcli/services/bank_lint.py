"""`coach bank lint`: the banks to lint and the context they are compared with.

With no paths: every bank a session could use (shipped, `<home>/banks`, `$COACH_BANKS`).
With paths: those files, each compared with the others and with the loaded banks (a linted
bank replaces a loaded one with the same id); only findings that involve them are reported.
The measures are `coachcli.core.bank_lint`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.core.bank_lint import Finding
    from coachcli.errors import Problem


@dataclass
class LintResult:
    """What `bank lint` reports: files that do not load, else the findings."""

    banks: int = 0  # how many banks were linted
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def lint_banks(home: Path, paths: list[Path]) -> LintResult:
    from coachcli.core.bank_lint import asks_of, lint
    from coachcli.inputs.banks import read_files
    from coachcli.services.banks import load_banks

    loaded = load_banks(home)
    if not paths:
        return LintResult(len(loaded), [], lint(asks_of(loaded.values())))
    given, problems = read_files(paths)
    if problems or not given:
        return LintResult(len(given), problems)
    context = {**loaded, **{bank.id: bank for bank in given}}
    ids = frozenset(bank.id for bank in given)
    return LintResult(len(given), [], lint(asks_of(context.values()), only=ids))

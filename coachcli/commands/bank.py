"""`coach bank ...`: the question banks sessions are built from, and a validator for them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachcli.commands._common import JsonOpt, home
from coachcli.commands._complete import bank_ids
from coachcli.errors import CoachError

if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.errors import Problem

app = typer.Typer(
    help="List, show, validate and lint question banks.", no_args_is_help=True, add_completion=False
)


def _warn_skipped(problems: list[Problem]) -> None:
    from coachcli.ui.render import warn

    for problem in problems:
        warn(str(problem))
    if problems:
        warn("banks with problems were skipped; check them with `coach bank validate PATH`")


@app.command("list")
def list_(json_: JsonOpt = False) -> None:
    """List the question banks: shipped ones and yours (<home>/banks, $COACH_BANKS).

    Example: coach bank list --json
    """
    from coachcli.services.banks import bank_listing
    from coachcli.ui.render import print_json, print_table

    banks, problems = bank_listing(home())
    _warn_skipped(problems)
    if json_:
        print_json([bank.json_summary() for bank in banks.values()])
        return
    print_table(
        ["ID", "Title", "Questions", "Focus", "Applies", "Source"],
        (
            [b.id, b.title, _count(b), ", ".join(b.focus), _applies(b), b.source]
            for b in banks.values()
        ),
    )


def _count(bank: Bank) -> str:
    """The number of questions, marked when the bank is asked whole."""
    return f"{len(bank.questions)} (all)" if bank.ask == "all" else str(len(bank.questions))


def _applies(bank: Bank) -> str:
    from coachcli.core.bank_values import describe_applies

    return "; ".join(describe_applies(bank.applies)) or "always"


@app.command("show")
def show(
    bank_id: Annotated[
        str,
        typer.Argument(metavar="ID", autocompletion=bank_ids, help="Bank id, like early-pipeline."),
    ],
    json_: JsonOpt = False,
) -> None:
    """Show a bank's questions with their types, hints, follow-ups and choices.

    Example: coach bank show joint-call-debrief
    """
    from coachcli.services.banks import get_bank
    from coachcli.ui.render import print_json, print_lines

    bank = get_bank(home(), bank_id)
    if json_:
        print_json(bank.model_dump(mode="json"))
        return
    lines = [f"{bank.id}: {bank.title}  ({bank.source})"]
    if bank.summary:
        lines.append(bank.summary)
    if bank.focus:
        lines.append(f"focus: {', '.join(bank.focus)}")
    if bank.tags:
        lines.append(f"tags: {', '.join(bank.tags)}")
    if bank.ask == "all":
        lines.append("asked whole, in order, every time (ask: all)")
    if bank.applies is not None:
        from coachcli.core.bank_values import describe_applies

        lines.append(f"applies when: {'; '.join(describe_applies(bank.applies))}")
    for number, q in enumerate(bank.questions, 1):
        kind: str = q.type
        if q.type == "scale":
            kind = f"scale {q.min}-{q.max}"
        elif q.type == "choice" and q.choices:
            kind = f"choice: {' / '.join(q.choices)}"
        marks = "".join(f" · {m}" for m in ("opener", "always") if getattr(q, m))
        lines += ["", f"{number}. {q.ask}", f"   id: {q.id}  [{kind}]{marks}"]
        if q.hint:
            lines.append(f"   hint: {q.hint}")
        for f in q.follow_ups:
            lines.append(f"   follow-up: {f.ask}" + (f" ({f.condition()})" if f.when else ""))
            lines += [f"     hint: {f.hint}"] if f.hint else []
    print_lines(lines)


@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Bank files or directories of *.yaml.")],
) -> None:
    """Check bank files; every problem is printed as file:line:col: field: message.

    Exits 1 if there is any problem, so it can guard a CI job or a git hook.

    Example: coach bank validate ~/my-banks/
    """
    from coachcli.services.banks import check_bank_files
    from coachcli.ui.render import message

    n, problems, warnings = check_bank_files(paths)
    for problem in problems:
        message(str(problem))
    for warning in warnings:
        message(f"warning: {warning}")
    if problems:
        bad = len({problem.file for problem in problems})
        raise CoachError(
            f"{len(problems)} problem{'s' * (len(problems) != 1)} in {bad} of {n} "
            f"file{'s' * (n != 1)}"
        )
    if not n:
        raise CoachError("no bank files found", hint="give *.yaml files or their directories")
    message(f"{n} bank{'s' * (n != 1)} OK")


@app.command("lint")
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Bank files or directories of *.yaml; none: every loaded bank."),
    ] = None,
) -> None:
    """Find near copies across banks, by words and by meaning, and closed or stacked asks.

    A near copy shares most of its content words with another question, or asks a known
    intent another bank already asks (the economic buyer, what the rep needs from you, a
    role play...): keep it in the bank whose situation needs it. Exits 1 on any finding.

    Example: coach bank lint ~/my-banks/
    """
    from coachcli.services.bank_lint import lint_banks
    from coachcli.ui.render import message

    result = lint_banks(home(), paths or [])
    for item in [*result.problems, *result.findings]:
        message(str(item))
    if result.problems:
        raise CoachError(
            f"{len(result.problems)} problem{'s' * (len(result.problems) != 1)}: "
            "fix them first (coach bank validate)"
        )
    if paths and not result.banks:
        raise CoachError("no bank files found", hint="give *.yaml files or their directories")
    n = len(result.findings)
    if n:
        raise CoachError(
            f"{n} finding{'s' * (n != 1)} in {result.banks} bank{'s' * (result.banks != 1)}"
        )
    message(f"{result.banks} bank{'s' * (result.banks != 1)}: no near copies, every ask open")

"""`coach rep ...`: the roster of reps the manager coaches."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today

app = typer.Typer(help="Manage the reps you coach.", no_args_is_help=True, add_completion=False)

TierOpt = Annotated[
    str | None, typer.Option("--tier", help="Performance tier: top, core or developing.")
]
SlotOpt = Annotated[
    str | None, typer.Option("--slot", help='Preferred weekly slot, like "tue 10:00".')
]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Email, used for calendar invites.")]
FocusOpt = Annotated[
    str | None, typer.Option("--focus", help="Bank id to focus on, like early-pipeline.")
]
NotesOpt = Annotated[str | None, typer.Option("--notes", help="Free notes about the rep.")]
AliasOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--alias",
        metavar="NAME",
        help="Another name the rep goes by in transcripts and CRM exports (repeatable).",
    ),
]


def _complete_rep(incomplete: str) -> list[str]:
    from coachcli.commands._complete import rep_refs

    return rep_refs(incomplete)


RepArg = Annotated[
    str, typer.Argument(help="Name, slug or unique slug prefix.", autocompletion=_complete_rep)
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help='Full name, like "Dana Lee".')],
    tier: TierOpt = None,
    slot: SlotOpt = None,
    email: EmailOpt = None,
    focus: FocusOpt = None,
    notes: NotesOpt = None,
    alias: AliasOpt = None,
    today_: TodayOpt = None,
) -> None:
    """Add a rep; the slug comes from the name.

    The rep is recorded as added today (`--today`): banks for new reps (`tenure_under_weeks`)
    count their weeks from that date.

    Example: coach rep add "Dana Lee" --tier core --slot "tue 10:00" --focus early-pipeline
    """
    from coachcli.core import roster
    from coachcli.services.reps import add_rep
    from coachcli.ui.render import message

    rep = roster.new_rep(
        name,
        tier=tier,
        slot=slot,
        email=email,
        focus=focus,
        notes=notes,
        created=today(today_).isoformat(),
    )
    rep.aliases = roster.normalise_aliases(alias or [])
    add_rep(home(), rep)
    message(f"added {rep.name} ({rep.slug})")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Team file: YAML (see examples/team.yaml) or CSV.")],
    today_: TodayOpt = None,
) -> None:
    """Add or update many reps from a YAML or CSV team file; a bad file changes nothing.

    New reps are recorded as added today (`--today`); reps already there keep their date.

    Example: coach rep import examples/team.yaml
    """
    from coachcli.services.reps import import_reps
    from coachcli.ui.render import message

    added, updated = import_reps(home(), file, today(today_))
    message(f"imported {file}: {added} added, {updated} updated")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include archived reps.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List reps (active ones unless --all).

    Example: coach rep list --json
    """
    from coachcli.core.roster import rep_json
    from coachcli.services.reps import list_reps
    from coachcli.ui.render import message, print_json, print_table

    reps = list_reps(home(), all_)
    if json_:
        print_json([rep_json(r) for r in reps])
        return
    if not reps:
        message("no reps yet: add one with `coach rep add NAME` or `coach rep import FILE`")
        return
    print_table(
        ["Name", "Slug", "Tier", "Slot", "Focus"] + (["Active"] if all_ else []),
        (
            [r.name, r.slug, r.tier, r.slot or "", r.focus or ""]
            + (["yes" if r.active else "archived"] if all_ else [])
            for r in reps
        ),
    )


@app.command("show")
def show(rep: RepArg, json_: JsonOpt = False) -> None:
    """Show one rep.

    Example: coach rep show dana
    """
    from coachcli.core.roster import rep_json
    from coachcli.services.reps import find_rep
    from coachcli.ui.render import print_json, print_table

    found = find_rep(home(), rep)
    data = rep_json(found)
    if json_:
        print_json(data)
        return
    print_table(
        ["Field", "Value"],
        (
            (k, ", ".join(v) if isinstance(v, list) else "" if v is None else v)
            for k, v in data.items()
        ),
    )


@app.command("edit")
def edit(
    rep: RepArg,
    name: Annotated[str | None, typer.Option("--name", help="New name (the slug stays).")] = None,
    tier: TierOpt = None,
    slot: SlotOpt = None,
    email: EmailOpt = None,
    focus: FocusOpt = None,
    notes: NotesOpt = None,
    alias: AliasOpt = None,
) -> None:
    """Change a rep's details; an empty value ("") clears slot, email, focus or notes.

    --alias adds another name the rep goes by; --alias "" clears them.

    Example: coach rep edit dana --tier top --slot "wed 14:00"
    """
    from coachcli.services.reps import RepChanges, edit_rep
    from coachcli.ui.render import message

    changes = RepChanges(name, tier, slot, email, focus, notes, alias)
    found = edit_rep(home(), rep, changes)
    message(f"updated {found.name} ({found.slug})")


@app.command("archive")
def archive(rep: RepArg) -> None:
    """Archive a rep: history is kept, future plans leave them out.

    Example: coach rep archive dana
    """
    _set_active(rep, False)


@app.command("unarchive")
def unarchive(rep: RepArg) -> None:
    """Bring an archived rep back into plans.

    Example: coach rep unarchive dana
    """
    _set_active(rep, True)


def _set_active(ref: str, active: bool) -> None:
    from coachcli.services.reps import set_active
    from coachcli.ui.render import message

    found = set_active(home(), ref, active)
    message(f"{'restored' if active else 'archived'} {found.name} ({found.slug})")


# A rep's data rights (issue 13): a copy of everything, and erasure.
from coachcli.commands import rep_data  # noqa: E402  (only typer at its module level)

app.command("export-data")(rep_data.export_data)
app.command("forget")(rep_data.forget)

"""`coach call ...`: measure calls from the transcripts Zoom and Teams export; keep no words."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, parse_date, today

app = typer.Typer(
    help="Measure calls from their transcripts: talk share, monologues, questions, roles.",
    no_args_is_help=True,
    add_completion=False,
)

BAR = 24  # characters of the talk-share bar


@app.command("add")
def add(
    rep: Annotated[str, typer.Argument(help="The rep on the call (name, slug or prefix).")],
    file: Annotated[Path, typer.Argument(help="Transcript: WebVTT (.vtt) or SubRip (.srt).")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="joint, coaching or customer (default: customer when you do not speak, "
            "joint when anyone else talks, else coaching).",
        ),
    ] = None,
    date_: Annotated[
        str | None, typer.Option("--date", metavar="D", help="Date of the call (default: today).")
    ] = None,
    session: Annotated[
        str | None, typer.Option("--session", metavar="ID", help="The session this call was.")
    ] = None,
    manager: Annotated[
        str | None,
        typer.Option("--manager", metavar="NAME", help="Your name in the transcript."),
    ] = None,
    today_: TodayOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Measure a call from its transcript and store the figures, never the words.

    Speakers are matched to you (--manager, else `manager:` in config.yaml), to the rep (name,
    alias or first name) and to everyone else; a label that is not name-like (words before a
    colon) is unattributed talk. A call you do not speak in is a customer call. The same
    transcript added again for the same rep is not stored twice. Files over 20 MB are refused.

    Example: coach call add dana examples/joint-call.vtt --manager "Sam Rivera" --date 2026-11-24
    """
    from coachcli.services.calls import add_call
    from coachcli.ui.render import message

    day = parse_date(date_, "--date") if date_ else today(today_)
    data, warnings, stored = add_call(
        home(), rep, file, kind=kind, day=day, session=session, manager=manager
    )
    for text in warnings:
        message(f"warning: {text}")
    if not stored:
        message(
            f"{file}: already added as {data['id']} ({data['name']}, {data['date']}): "
            "nothing stored"
        )
    if json_:
        from coachcli.ui.render import print_json

        print_json(data)
        return
    if stored:
        message(f"measured {file}: call {data['id']} saved (figures only, no words)")
    _render(data)


@app.command("remove")
def remove(
    call_id: Annotated[
        str, typer.Argument(metavar="ID", help="Call id or unique prefix (k- optional).")
    ],
    json_: JsonOpt = False,
) -> None:
    """Remove a measured call from the store and from its backups.

    Example: coach call remove k-3f2a
    """
    from coachcli.services.calls import remove_call
    from coachcli.ui.render import message

    data, rewritten = remove_call(home(), call_id)
    if json_:
        from coachcli.ui.render import print_json

        print_json(data)
        return
    message(
        f"removed call {data['id']} ({data['name']}, {data['date']}, {data['kind']}); "
        f"backups rewritten without it: {rewritten}"
    )


@app.command("list")
def list_(
    rep: Annotated[str | None, typer.Argument(help="Only this rep's calls.")] = None,
    json_: JsonOpt = False,
) -> None:
    """List measured calls, newest first.

    Example: coach call list dana --json
    """
    from coachcli.services.calls import list_calls
    from coachcli.ui.render import message, print_json, print_table

    calls = list_calls(home(), rep)
    if json_:
        print_json(calls)
        return
    if not calls:
        message("no calls yet: measure one with `coach call add REP FILE`")
        return
    print_table(
        ["ID", "Rep", "Date", "Kind", "Min", "You", "Rep talk", "Others", "Your role / ask"],
        (
            [
                c["id"],
                c["name"],
                c["date"],
                c["kind"],
                f"{c['minutes']:g}",
                _pct(c["manager_share"]),
                _pct(c["rep_share"]),
                _pct(c["other_share"]),
                _role_or_ask(c),
            ]
            for c in calls
        ),
    )


@app.command("show")
def show(
    call_id: Annotated[
        str, typer.Argument(metavar="ID", help="Call id or unique prefix (k- optional).")
    ],
    json_: JsonOpt = False,
) -> None:
    """Show one measured call: a talk bar per speaker, monologues, questions, your role.

    Example: coach call show k-3f2a --json
    """
    from coachcli.services.calls import show_call

    data = show_call(home(), call_id)
    if json_:
        from coachcli.ui.render import print_json

        print_json(data)
        return
    _render(data)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _role_or_ask(call: dict[str, Any]) -> str:
    if call["kind"] == "joint":
        return str(call["manager_role"] or "-")
    if call["kind"] == "coaching":
        qps = call["manager_questions_per_statement"]
        return "-" if qps is None else f"{qps:.2f} questions per statement"
    return "-"


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _render(call: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from coachcli.ui.render import console, safe

    head = (
        f"{call['id']}  {call['name']}  {call['date']}  {call['kind']} call, "
        f"{call['minutes']:g} min"
    )
    table = Table(title=safe(head), title_justify="left", box=None, pad_edge=False)
    for column in ("Speaker", "Role", "Talk", "Share", "", "Longest", "Questions"):
        table.add_column(column, no_wrap=column != "Speaker")
    for s in call["speakers"]:
        filled = round(s["share"] * BAR)
        bar = Text("█" * filled, style="cyan")
        bar.append("·" * (BAR - filled), style="dim")
        table.add_row(
            Text(safe(s["name"])),
            s["role"],
            _clock(s["seconds"]),
            _pct(s["share"]),
            bar,
            _clock(s["longest_monologue"]),
            str(s["questions"]),
        )
    unattributed = call.get("unattributed_share") or 0.0
    if unattributed:
        table.add_row(Text("(unattributed)", style="dim"), "-", "", _pct(unattributed), "", "", "")
    out = console()
    out.print(table)
    if call["kind"] == "joint" and call["manager_role"]:
        out.print(f"Your role: {call['manager_role']} (you talked {_pct(call['manager_share'])})")
    elif call["kind"] == "coaching":
        qps = call["manager_questions_per_statement"]
        ratio = "-" if qps is None else f"{qps:.2f}"
        out.print(
            f"You talked {_pct(call['manager_share'])} of the time; "
            f"questions per statement: {ratio}"
        )

"""`coach stats`: coaching quality and consistency, for this store or rolled up over many."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, today
from coachcli.errors import CoachError


def stats(
    weeks: Annotated[
        str, typer.Option("--weeks", metavar="N", help="How many weeks back, this one included.")
    ] = "12",
    today_: TodayOpt = None,
    json_: JsonOpt = False,
    store: Annotated[
        list[str] | None,
        typer.Option(
            "--store",
            metavar="PATH",
            help="A manager's coach home or coach.json to roll up (repeatable); read only.",
        ),
    ] = None,
) -> None:
    """Coaching quality and consistency: cadence, minutes by tier, ask:tell, follow-through.

    With --store (repeatable) it rolls up several managers' stores, one row each plus a total,
    reading them without locking or writing them.

    Example: coach stats --weeks 12 --store ~/teams/ana --store ~/teams/ben/coach.json
    """
    from coachcli.core import stats as core
    from coachcli.store.repository import Store

    window = core.window_for(today(today_), _weeks(weeks))
    focus = core.bank_focus(home())
    if store:
        locations = [(Store.at(Path(p).expanduser()), p) for p in store]
    else:
        locations = [(Store(home()), None)]
    entries: list[dict[str, Any]] = []
    total = core.Tally()
    for where, given in locations:
        # One store at a time: read, tally, drop, so a rollup's memory is one store's.
        if given is not None and not where.exists():
            raise CoachError(f"no coach store at {given}")
        repo = where.read()
        tally = core.gather(
            reps=repo.reps.docs(),
            sessions=repo.sessions.docs(),
            commitments=repo.commitments.docs(),
            plans=repo.plans.docs(),
            metrics=repo.metrics.docs(),
            window=window,
            focus=focus,
        )
        del repo
        label = _label(where.home, given)
        entry = {"store": label, "path": str(where.path)}
        entry |= core.report(tally, window, per_rep=not store)
        entries.append(entry)
        total.add(tally)
    if store:
        result: dict[str, Any] = {
            "from": window.start.isoformat(),
            "to": window.today.isoformat(),
            "weeks": window.weeks,
            "stores": entries,
            "total": {"store": "total"} | core.report(total, window, per_rep=False),
        }
    else:
        result = entries[0]
    if json_:
        from coachcli.render import print_json

        print_json(result)
        return
    _render(result, rollup=bool(store))


def _weeks(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if number < 1:
        raise CoachError(f"invalid --weeks {value!r}: use a whole number of 1 or more")
    return number


def _label(store_home: Path, given: str | None) -> str:
    """The manager's name from that home's config.yaml, else the path the user gave."""
    from coachcli.config import load_config

    try:
        manager = load_config(store_home).manager.strip()
    except CoachError:
        manager = ""
    return manager or (given if given is not None else str(store_home))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _render(result: dict[str, Any], *, rollup: bool) -> None:
    from coachcli.render import message, print_table

    rows = [*result["stores"], result["total"]] if rollup else [result]
    print_table(
        [
            "Store",
            "Planned",
            "Held",
            "Consistency",
            "Days between",
            "Minutes top/core/dev",
            "Ask:tell",
            "Asks/session",
            "Follow-through",
            "Roles lead/passive/silent",
            "Early pipeline",
            "Transitions improved",
        ],
        (
            [
                r["store"],
                r["sessions"]["planned"],
                r["sessions"]["held"],
                _pct(r["sessions"]["consistency"]),
                _num(r["cadence"]["avg_days_between"]),
                " / ".join(_pct(r["minutes"]["share"][t]) for t in ("top", "core", "developing")),
                _num(r["ask_tell"]["ratio"]),
                _num(r["ask_tell"]["asks_per_session"]),
                f"{_pct(r['commitments']['follow_through'])} "
                f"({r['commitments']['done']}/{r['commitments']['due']})",
                " / ".join(
                    str(r["roles"]["counts"][k])
                    for k in ("lead", "passive_participant", "silent_observer")
                ),
                _pct(r["early_pipeline"]["share"]),
                f"{r['transitions']['improved']}/{r['transitions']['measured']}",
            ]
            for r in rows
        ),
        title=f"Coaching {result['from']} to {result['to']} ({result['weeks']} weeks)",
    )
    if not rollup:
        reps = result["cadence"]["reps"]
        if reps:
            print_table(
                ["Rep", "Tier", "Sessions", "Last", "Days between"],
                (
                    [
                        r["name"],
                        r["tier"],
                        r["sessions"],
                        r["last_session"] or "-",
                        _num(r["avg_days_between"]),
                    ]
                    for r in reps
                ),
                title="Cadence per rep",
            )
    moves = result["transitions"].get("reps", []) if not rollup else []
    if moves:
        print_table(
            ["Rep", "Transition", "Bank", "First session", "Before", "After"],
            (
                [
                    t["name"],
                    t["transition"],
                    t["bank"],
                    t["first_session"],
                    _pct(t["before"]),
                    _pct(t["after"]),
                ]
                for t in moves
            ),
            title="Coached transitions: 4 weeks before vs after the first session",
        )
    if not rows[-1]["sessions"]["held"]:
        message("no sessions in this window: widen it with --weeks N")

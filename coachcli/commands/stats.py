"""`coach stats`: coaching quality and consistency, for this store or rolled up over many."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from coachcli.commands._common import JsonOpt, TodayOpt, home, parse_weeks, today, weeks_option
from coachcli.core.models import TIERS

ROLE_KEYS = ("lead", "passive_participant", "silent_observer")


def stats(
    weeks: Annotated[str | None, weeks_option(12)] = None,
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
    """Coaching quality and consistency, one store or many.

    Cadence, minutes by tier, ask:tell, commitment follow-through, joint-call roles, early
    pipeline share, and coached transitions before vs after (with their counts, 16 of 80; under
    config `min_sample`, default 20, of the earlier step on either side a transition gets no
    better/worse verdict).

    With --store (repeatable) it rolls up several managers' stores, one row each plus a total,
    reading them without locking or writing them.

    Example: coach stats --weeks 12 --store ~/teams/ana --store ~/teams/ben/coach.json
    """
    from coachcli.services.stats import coaching_stats

    day = today(today_)
    span = parse_weeks(weeks, day, 12)
    result = coaching_stats(home(), store, today=day, weeks=span)
    if json_:
        from coachcli.core.numbers import rounded
        from coachcli.ui.render import print_json

        print_json(rounded(result))
        return
    _render(result, rollup=bool(store))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _spread(value: dict[str, Any] | None) -> str:
    if not value:
        return "-"
    return f"{value['min']}-{value['max']} (sd {value['stdev']:.1f})"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _figures(r: dict[str, Any]) -> list[tuple[str, str]]:
    """(short label, compact value) for each headline figure: one rollup row."""
    roles = r["roles"]["counts"]
    shares = r["minutes"]["share"]
    return [
        ("Held", str(r["sessions"]["held"])),
        ("Consist.", _pct(r["sessions"]["consistency"])),
        ("Days apart", _num(r["cadence"]["avg_days_between"])),
        (
            "Min% T/C/D",
            "/".join("-" if shares[t] is None else f"{shares[t] * 100:.0f}" for t in TIERS),
        ),
        ("Ask:tell", _num(r["ask_tell"]["ratio"])),
        ("Follow", _pct(r["commitments"]["follow_through"])),
        ("Useful", _num(r["usefulness"]["average"])),
        ("Roles L/P/S", "/".join(str(roles[k]) for k in ROLE_KEYS)),
        ("Early", _pct(r["early_pipeline"]["share"])),
        ("Better", f"{r['transitions']['improved']}/{r['transitions']['measured']}"),
    ]


def _side(t: dict[str, Any], side: str) -> str:
    """`20.0% (16 of 80)`: a coached transition's ratio before or after, with its counts
    (and "not enough data" when the comparison has too few to count as better or worse)."""
    from coachcli.core.numbers import ratio_text

    num, den = t.get(f"{side}_numerator"), t.get(f"{side}_denominator")
    if not isinstance(num, int) or not isinstance(den, int):
        return _pct(t[side])
    return ratio_text(num, den, enough=bool(t.get("enough", True)))


def _changed(result: dict[str, Any]) -> str:
    moves = result["transitions"]
    return f"{moves.get('changed', 0)} of {moves['measured']} measured"


def _counted(share: float | None, part: int, whole: int) -> str:
    """`62% (5 of 8)`: a share with the counts behind it."""
    from coachcli.core.numbers import of

    return _pct(share) if not whole else f"{_pct(share)} ({of(part, whole)})"


def _useful(u: dict[str, Any]) -> str:
    """ "3.6 (5 rated, trend +1.5)": the trend is later half minus earlier half."""
    trend = "" if u.get("trend") is None else f", trend {u['trend']:+.1f}"
    return f"{_num(u['average'])} ({u['rated']} rated{trend})"


def _single_rows(result: dict[str, Any]) -> list[tuple[str, Any]]:
    """The figures of one store, one per row (a declarative table)."""
    c, n, early = result["commitments"], result["sessions"], result["early_pipeline"]
    consistent = _counted(n["consistency"], n["held_as_planned"], n["planned"])
    return [
        ("Sessions planned (due by today)", result["sessions"]["planned"]),
        ("Held as planned", result["sessions"]["held_as_planned"]),
        ("Skipped", result["sessions"]["skipped"]),
        ("Sessions held", result["sessions"]["held"]),
        ("Consistency (held / planned)", consistent),
        ("Average days between sessions", _num(result["cadence"]["avg_days_between"])),
        ("Gaps between sessions (min-max)", _spread(result["cadence"]["gap_spread"])),
        *(
            (
                f"Minutes to {t} performers",
                f"{result['minutes']['by_tier'][t]} ({_pct(result['minutes']['share'][t])})",
            )
            for t in TIERS
        ),
        ("Ask:tell", _num(result["ask_tell"]["ratio"])),
        ("Asks per session", _num(result["ask_tell"]["asks_per_session"])),
        (
            "Observations per session (apart from tells)",
            _num(result["observations"]["per_session"]),
        ),
        (
            "Usefulness as the rep rated it (1-5)",
            _useful(result["usefulness"]),
        ),
        (
            "Focus skills: average change (latest - first)",
            f"{_num(result['focus_skills']['avg_change'])} "
            f"({result['focus_skills']['measured']} measured)",
        ),
        (
            "Commitment follow-through",
            _follow_through(c, result["redated_after_due"]),
        ),
        *(
            (f"Joint calls: manager as {k.replace('_', ' ')}", result["roles"]["counts"][k])
            for k in ROLE_KEYS
        ),
        *(
            (
                f"Measured joint calls: manager as {k.replace('_', ' ')}",
                result["measured_roles"]["counts"][k],
            )
            for k in ROLE_KEYS
        ),
        (
            "Your talk share in measured 1:1s",
            f"{_pct(result['coaching_calls']['avg_manager_share'])} "
            f"({result['coaching_calls']['measured']} measured)",
        ),
        (
            "Sessions on early-stage pipeline",
            _counted(early["share"], early["sessions"], n["held"]),
        ),
        ("Coached steps that changed after coaching (beyond noise)", _changed(result)),
    ]


def _render_cadence(reps: list[dict[str, Any]]) -> None:
    from coachcli.ui.render import print_table

    if reps:
        print_table(
            ["Rep", "Tier", "Sessions", "Last", "Days between", "Gaps (min-max)"],
            (
                [
                    r["name"],
                    r["tier"],
                    r["sessions"],
                    r["last_session"] or "-",
                    _num(r["avg_days_between"]),
                    _spread(r["gap_spread"]),
                ]
                for r in reps
            ),
            title="Cadence per rep",
        )


def _render(result: dict[str, Any], *, rollup: bool) -> None:
    from coachcli.ui.render import message, print_table

    title = f"Coaching {result['from']} to {result['to']} ({result['weeks']} weeks)"
    rows = [*result["stores"], result["total"]] if rollup else [result]
    if rollup:
        print_table(
            ["Store", *(label for label, _ in _figures(rows[0]))],
            ([r["store"], *(value for _, value in _figures(r))] for r in rows),
            title=title,
            caption="Consist.: held / planned. Min%: share of minutes to top/core/developing. "
            "Follow: commitments done / due. Useful: the reps' average rating, 1-5. "
            "Roles: manager on joint calls as lead/passive/silent. "
            "Early: sessions on early pipeline. Better: coached transitions improved / "
            "measured (enough data before and after).",
        )
    else:
        print_table(["Figure", "Value"], _single_rows(result), title=title)
    if not rollup:
        _render_cadence(result["cadence"]["reps"])
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
                    _side(t, "before"),
                    _side(t, "after"),
                ]
                for t in moves
            ),
            title="Coached transitions: 4 weeks before vs after the first session",
        )
    if not rows[-1]["sessions"]["held"]:
        message("no sessions in this window: widen it with --weeks N")


def _follow_through(c: dict[str, Any], moved: int) -> str:
    """`40% (2 done of 5 due; ...; re-dated after due: 1; 1 dropped, not counted)`."""
    redated = f", re-dated after due: {moved}" if moved else ""
    return (
        f"{_pct(c['follow_through'])} ({c['done']} done of {c['due']} due; {c['partial']} "
        f"partial, {c['missed']} missed, {c['open']} open{redated}; {c['dropped']} dropped, "
        "not counted)"
    )

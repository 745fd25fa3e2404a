"""Tables for `coach org stats`: one row per manager a VP can sort, then coaching and results."""

from __future__ import annotations

from typing import Any

from coachcli.core.models import TIERS
from coachcli.core.numbers import of


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _counted(value: float | None, numerator: int | None, denominator: int | None) -> str:
    """A share with the counts behind it, `62% (5 of 8)`, as `coach stats` shows it."""
    if value is None or not denominator:
        return _pct(value)
    return f"{_pct(value)} ({of(int(numerator or 0), int(denominator))})"


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def sort_key(column: str) -> Any:
    def key(m: dict[str, Any]) -> Any:
        value = {
            "manager": m["manager"],
            "consistency": m["sessions"]["consistency"],
            "minutes": m["minutes"]["total"],
            "ask_tell": m["ask_tell"]["ratio"],
            "follow_through": m["commitments"]["follow_through"],
            "talk_share": m["coaching_calls"]["avg_manager_share"],
            "usefulness": m["usefulness"]["average"],
            "sessions": m["sessions"]["held"],
        }[column]
        if column == "manager":
            return (0, str(value).casefold())
        # Highest first; managers without the figure last.
        return (1, 0.0) if value is None else (0, -float(value))

    return key


def _row(m: dict[str, Any]) -> list[str]:
    minutes = m["minutes"]
    talk = m["coaching_calls"]["avg_manager_share"]
    useful = m["usefulness"]["average"]
    return [
        str(m["manager"]),
        str(m["sessions"]["held"]),
        _counted(
            m["sessions"]["consistency"], m["sessions"]["held_as_planned"], m["sessions"]["planned"]
        ),
        "/".join(str(minutes["by_tier"][t]) for t in TIERS),
        _num(m["ask_tell"]["ratio"]),
        _counted(
            m["commitments"]["follow_through"], m["commitments"]["done"], m["commitments"]["due"]
        ),
        _pct(talk),
        _num(useful),
        f"{m['transitions']['improved']}/{m['transitions']['measured']}",
    ]


def _correlation(label: str, c: dict[str, Any]) -> tuple[str, str, str, str]:
    if c["r"] is None:
        return (label, str(c["n"]), c["note"] or "-", "-")
    lo, hi = c["ci90"]
    return (label, str(c["n"]), f"{c['r']:+.2f}", f"{lo:+.2f} to {hi:+.2f}")


def render_stats(result: dict[str, Any], sort: str) -> None:
    from coachcli.ui.render import message, print_table

    managers = sorted(result["managers"], key=sort_key(sort))
    print_table(
        [
            "Manager",
            "Held",
            "Consist.",
            "Min T/C/D",
            "Ask:tell",
            "Follow",
            "Talk",
            "Useful",
            "Better",
        ],
        [*(_row(m) for m in managers), _row(result["total"])],
        title=f"Coaching by manager, {result['from']} to {result['to']} "
        f"({result['weeks']} weeks), sorted by {sort.replace('_', '-')}",
        caption="Consist.: held / planned. Min: minutes to top/core/developing performers. "
        "Follow: commitments done / due. Talk: the manager's measured talk share on calls. "
        "Useful: reps' rating of their sessions (1-5). "
        "Better: coached transitions improved / measured.",
    )
    cr = result["coaching_and_results"]
    print_table(
        ["Coaching dose vs change in coached conversion", "Reps", "Correlation", "90% interval"],
        [
            _correlation("Minutes per month", cr["minutes_per_month"]),
            _correlation("Consistency (held / planned)", cr["consistency"]),
        ],
        title="Coaching and results",
        caption=f"Pearson r across reps; 90% interval by Fisher's z transform; fewer than "
        f"{cr['min_reps']} reps: not enough data.",
    )
    if not result["total"]["sessions"]["held"]:
        message("no sessions in this window: widen it with --weeks N")

"""Charts for `coach report`, drawn by matplotlib's SVG backend: inline SVG text, no network.

matplotlib lays out every axis, bar, line and legend; nothing here computes geometry. Text
stays text (`svg.fonttype: none`), so labels are readable, searchable and printable; math
parsing is off, so a `$` in a rep's name is just a dollar sign, and matplotlib escapes
`<`, `&` and quotes in every label it writes. matplotlib is imported only here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from coachcli.core.report_data import CELL_NAMES

NO_DATA = "no data yet"
COLOURS = {"none": "#eeeeee", "held": "#2e7d32", "missed": "#c62828", "skipped": "#f9a825"}
TIER_COLOURS = {"top": "#1565c0", "core": "#6a1b9a", "developing": "#ef6c00"}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "text.parse_math": False,
            "font.size": 9,
            "svg.hashsalt": "coach",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any, title: str) -> str:
    plt = _pyplot()
    out = io.StringIO()
    # Every chart keeps its 7.5-inch canvas (constrained layout fits labels and legends inside
    # it): a canvas trimmed to its contents was scaled to the page's column by its own width,
    # so panels side by side showed their text at different sizes.
    fig.savefig(out, format="svg", metadata={"Date": None, "Title": title})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg") :]


def _short(weeks: list[str]) -> list[str]:
    return [w[5:] for w in weeks]  # "W48"


def cadence(data: dict[str, Any], weeks: list[str], top: float | None = None) -> str | None:
    if not data["reps"]:
        return None
    plt = _pyplot()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    height = 1.2 + 0.28 * len(data["reps"])
    fig, ax = plt.subplots(figsize=(7.5, height), layout="constrained")
    cmap = ListedColormap([COLOURS[n] for n in CELL_NAMES])
    ax.imshow(data["cells"], cmap=cmap, vmin=0, vmax=len(CELL_NAMES) - 1, aspect="auto")
    ax.set_yticks(range(len(data["reps"])), labels=data["reps"])
    ax.set_xticks(range(len(weeks)), labels=_short(weeks), rotation=90)
    ax.legend(
        handles=[Patch(color=COLOURS[n], label=n) for n in CELL_NAMES],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        frameon=False,
    )
    ax.set_title("Cadence: one-to-ones per rep and week")
    return _svg(fig, "cadence")


def minutes(data: dict[str, Any], weeks: list[str], top: float | None = None) -> str | None:
    by_tier = data["by_tier"]
    if not any(any(v) for v in by_tier.values()):
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 2.8), layout="constrained")
    bottom = [0] * len(weeks)
    for tier, values in by_tier.items():
        ax.bar(_short(weeks), values, bottom=bottom, label=tier, color=TIER_COLOURS[tier])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    if top:
        ax.set_ylim(0, top)
    ax.set_ylabel("minutes")
    ax.tick_params(axis="x", rotation=90)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Coaching minutes by tier per week")
    return _svg(fig, "minutes")


def _lines(
    title: str,
    x: list[str],
    series: dict[str, list[float | None]],
    ylabel: str,
    percent: bool = False,
    top: float | None = None,
) -> str | None:
    if not any(v is not None for values in series.values() for v in values):
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 2.8), layout="constrained")
    for label, values in series.items():
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(x, ys, marker="o", markersize=3, label=label)
    # every week of the report, those without a point too: a manager three weeks in does not
    # get a panel whose three weeks stretch across the width his neighbours give to twelve
    ax.set_xlim(-0.5, len(x) - 0.5)
    if top:
        ax.set_ylim(0, top)
    if percent:
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", rotation=90)
    if len(series) > 1:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(title)
    return _svg(fig, title)


def talk(data: dict[str, Any], weeks: list[str], top: float | None = None) -> str | None:
    return _lines(
        "Ask:tell and observations per session (each week's sessions)",
        _short(weeks),
        {
            "ask:tell (questions per tell)": data["ask_tell"],
            "observations per session": data["observations_per_session"],
        },
        "per session",
        top=top,
    )


def follow_through(data: dict[str, Any], weeks: list[str], top: float | None = None) -> str | None:
    return _lines(
        "Commitment follow-through (done / due), by week due",
        _short(weeks),
        {"follow-through": data["rate"]},
        "done / due",
        percent=True,
        top=1.05,
    )


def conversion(
    items: list[dict[str, Any]], weeks: list[str], top: float | None = None
) -> str | None:
    if not items:
        return None
    plt = _pyplot()
    labels = [
        f"{t['name']}: {t['transition']}" + ("" if t.get("enough", True) else " (small sample)")
        for t in items
    ]
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.35 * len(items)), layout="constrained")
    for side, shift, colour in (("before", 0.2, "#90a4ae"), ("after", -0.2, "#2e7d32")):
        for p, t in enumerate(items):
            ratio = t[side] or 0.0
            faint = not t.get("enough", True)  # under the minimum sample: drawn faint
            ax.barh(
                p + shift,
                ratio,
                height=0.4,
                color=colour,
                alpha=0.35 if faint else 1.0,
            )
            counts = t.get(f"{side}_numerator"), t.get(f"{side}_denominator")
            if counts[1]:
                ax.annotate(
                    f"{counts[0]} of {counts[1]}",
                    (ratio, p + shift),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8.5,  # legible at half a report page wide (two columns)
                    alpha=0.6 if faint else 1.0,
                )
    positions = range(len(items))
    ax.set_yticks(list(positions), labels=labels)
    if top:
        ax.set_xlim(0, top)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color="#90a4ae", label="4 weeks before"),
            Patch(color="#2e7d32", label="4 weeks after"),
        ],
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
    )
    ax.set_title("Coached conversion: before and after the first session")
    return _svg(fig, "conversion")


def _dated(
    title: str,
    points: dict[str, list[tuple[str, float]]],
    ylabel: str,
    weeks: list[str],
    limits: tuple[float, float] | None = None,
    percent: bool = False,
) -> str | None:
    if not any(points.values()):
        return None
    plt = _pyplot()
    from datetime import date, timedelta

    from coachcli.core.weeks import monday

    fig, ax = plt.subplots(figsize=(7.5, 2.8), layout="constrained")
    for label, pairs in points.items():
        ax.plot(
            [date.fromisoformat(d) for d, _ in pairs],
            [v for _, v in pairs],
            marker="o",
            markersize=3,
            label=label,
        )
    ax.set_ylabel(ylabel)
    if weeks:  # the report's weeks, whatever the points (one point alone spans four years)
        ax.set_xlim(monday(weeks[0]), monday(weeks[-1]) + timedelta(days=6))
    if limits:
        ax.set_ylim(*limits)
    if percent:
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.tick_params(axis="x", rotation=45)
    if len(points) > 1:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title(title)
    return _svg(fig, title)


def skills(
    data: dict[str, list[tuple[str, float]]], weeks: list[str], top: float | None = None
) -> str | None:
    return _dated("Skill scores: average rating per rep (1-5)", data, "rating", weeks, (0.8, 5.2))


def talk_share(
    data: list[tuple[str, float]], weeks: list[str], top: float | None = None
) -> str | None:
    return _dated(
        "The manager's measured talk share on coaching calls",
        {"manager talk share": data},
        "share of talk time",
        weeks,
        (0.0, 1.0),
        percent=True,
    )


CHARTS: list[tuple[str, str, Callable[..., str | None]]] = [
    ("cadence", "Cadence", cadence),
    ("minutes", "Minutes by tier", minutes),
    ("talk", "Ask:tell and observations", talk),
    ("follow_through", "Follow-through", follow_through),
    ("conversion", "Conversion before and after", conversion),
    ("skills", "Skill-score trends", skills),
    ("talk_share", "Measured talk share", talk_share),
]


def _top(values: list[float]) -> float | None:
    """The top of a value axis shared by every panel: the largest value, with headroom."""
    return max(values) * 1.08 if values and max(values) > 0 else None


def shared_tops(everyone: list[dict[str, Any]]) -> dict[str, float | None]:
    """Per chart, one value-axis top for all managers, so panels side by side compare."""
    weekly = [
        sum(values)
        for s in everyone
        for values in zip(*s["minutes"]["by_tier"].values(), strict=True)
    ]
    talk = [
        v
        for s in everyone
        for key in ("ask_tell", "observations_per_session")
        for v in s["talk"][key]
        if v is not None
    ]
    rates = [v for s in everyone for t in s["conversion"] for v in (t["before"], t["after"]) if v]
    return {"minutes": _top(weekly), "talk": _top(talk), "conversion": _top(rates)}


def draw(
    series: dict[str, Any], tops: dict[str, float | None] | None = None
) -> list[tuple[str, str, str | None]]:
    """(key, title, SVG or None for "no data yet") for every chart of one manager; `tops`
    (shared_tops) gives every manager's panels the same value axis."""
    tops = tops or {}
    return [
        (key, title, fn(series[key], series["weeks"], tops.get(key))) for key, title, fn in CHARTS
    ]

"""Where each figure of `org stats --json` comes from: one tree, read both ways.

`TREE` maps the JSON keys of one manager's (or the total's) figures to the `org_stats`
column holding them. `figures(row)` shapes a row like `coach stats --json`; `leaves()` lists
the paths (keys joined by `.`) with their columns, for the `org_figures` table that
`coach org sql` builds in every engine, so the JSON and the table cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

Tree = dict[str, Any]

_TIERS = ("top", "core", "developing")
_ROLES = {"lead": "lead", "passive_participant": "passive", "silent_observer": "silent"}

TREE: Tree = {
    "sessions": {
        "planned": "planned",
        "held_as_planned": "held_as_planned",
        "skipped": "skipped",
        "held": "held",
        "consistency": "consistency",
    },
    "cadence": {
        "avg_days_between": "avg_days_between",
        # null as a whole when there is no gap (gap_min is NULL then, and so are the others)
        "gap_spread": {"min": "gap_min", "max": "gap_max", "stdev": "gap_stdev"},
    },
    "minutes": {
        "total": "minutes",
        "by_tier": {t: f"minutes_{t}" for t in _TIERS},
        "share": {t: f"share_{t}" for t in _TIERS},
    },
    "ask_tell": {
        "asked": "asked",
        "told": "told",
        "ratio": "ask_tell",
        "asks_per_session": "asks_per_session",
        "tells_per_session": "tells_per_session",
    },
    "observations": {"count": "observed", "per_session": "observed_per_session"},
    "usefulness": {"rated": "rated", "average": "useful_avg", "trend": "useful_trend"},
    "commitments": {
        "due": "due",
        "done": "done",
        "partial": "partial",
        "missed": "missed",
        "dropped": "dropped",
        "open": "still_open",
        "follow_through": "follow_through",
    },
    "roles": {
        "answers": "role_answers",
        "counts": {k: f"role_{v}" for k, v in _ROLES.items()} | {"other": "role_other"},
        "share": {k: f"role_{v}_share" for k, v in _ROLES.items()} | {"other": "role_other_share"},
    },
    "measured_roles": {
        "calls": "measured_calls",
        "counts": {k: f"measured_{v}" for k, v in _ROLES.items()},
        "share": {k: f"measured_{v}_share" for k, v in _ROLES.items()},
    },
    "coaching_calls": {"measured": "coaching_calls", "avg_manager_share": "avg_manager_share"},
    "early_pipeline": {"sessions": "early_pipeline", "share": "early_share"},
    "transitions": {
        "coached": "coached",
        "measured": "measured",
        "improved": "improved",
        "avg_change": "avg_change",
    },
}
# A subtree shown as null when this column is NULL.
NULL_WHEN = {"cadence.gap_spread": "gap_min"}


def _value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal | float):
        return float(value)
    return value


def _shape(tree: Tree, row: dict[str, Any], path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, leaf in tree.items():
        here = f"{path}.{key}" if path else key
        if isinstance(leaf, dict):
            guard = NULL_WHEN.get(here)
            out[key] = None if guard and row[guard] is None else _shape(leaf, row, here)
        else:
            out[key] = _value(row[leaf])
    return out


def figures(row: dict[str, Any]) -> dict[str, Any]:
    """One `org_stats` row as the figures of `coach stats --json`."""
    return _shape(TREE, row, "")


def leaves(tree: Tree = TREE, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, column) for every figure, in the JSON's order."""
    for key, leaf in tree.items():
        here = f"{path}.{key}" if path else key
        if isinstance(leaf, dict):
            yield from leaves(leaf, here)
        else:
            yield here, leaf

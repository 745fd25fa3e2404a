"""Coaching and results: across reps, does more coaching go with better conversion?

For every rep with a measured change in a coached conversion ratio (`org_rep_results`), the
Pearson correlation between the change and the coaching dose (minutes per month; consistency,
held / planned), with the sample size and a 90% interval from Fisher's z transform (the
textbook interval for r: exact for the same data, linear in the number of reps, standard
library only). Under MIN_REPS reps: "not enough data".
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

MIN_REPS = 10
LEVEL = 0.9
NOT_ENOUGH = "not enough data"


def coaching_and_results(rows: Sequence[tuple[Any, Any, Any]]) -> dict[str, Any]:
    """rows: (minutes_per_month, consistency, change) per rep."""
    return {
        "reps": len(rows),
        "min_reps": MIN_REPS,
        "interval": {"method": "fisher-z", "level": LEVEL},
        "minutes_per_month": correlation([(r[0], r[2]) for r in rows]),
        "consistency": correlation([(r[1], r[2]) for r in rows]),
    }


def correlation(pairs: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    kept = [(float(x), float(y)) for x, y in pairs if x is not None and y is not None]
    out: dict[str, Any] = {"n": len(kept), "r": None, "ci90": None, "note": None}
    if len(kept) < MIN_REPS:
        out["note"] = NOT_ENOUGH
        return out
    xs, ys = [p[0] for p in kept], [p[1] for p in kept]
    if min(xs) == max(xs) or min(ys) == max(ys):
        out["note"] = "no variation to correlate"
        return out
    r = max(-1.0, min(1.0, statistics.correlation(xs, ys)))
    out["r"] = r  # rounded once, where shown (core/numbers.py), as `coach org sql` rounds
    out["ci90"] = list(fisher_interval(r, len(kept)))
    return out


def fisher_interval(r: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """The `level` interval of a Pearson r on n pairs: tanh(atanh(r) ± z / sqrt(n - 3))."""
    if abs(r) >= 1.0:  # a perfect line: atanh is infinite, the interval is the point
        return r, r
    half = statistics.NormalDist().inv_cdf(0.5 + level / 2) / math.sqrt(n - 3)
    z = math.atanh(r)
    return math.tanh(z - half), math.tanh(z + half)

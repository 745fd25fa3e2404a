"""Coaching and results: across reps, does more coaching go with better conversion?

For every rep with a measured change in a coached conversion ratio (`org_rep_results`), the
Pearson correlation between the change and the coaching dose (minutes per month; consistency,
held / planned), with the sample size and a bootstrap 90% interval (percentiles 5 and 95 of
the correlation over resamples of reps, drawn with a fixed seed: the same data give the same
interval). Under MIN_REPS reps: "not enough data". numpy is imported here only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MIN_REPS = 10
RESAMPLES = 2000
SEED = 15
NOT_ENOUGH = "not enough data"


def coaching_and_results(rows: Sequence[tuple[Any, Any, Any]]) -> dict[str, Any]:
    """rows: (minutes_per_month, consistency, change) per rep."""
    return {
        "reps": len(rows),
        "min_reps": MIN_REPS,
        "bootstrap": {"resamples": RESAMPLES, "seed": SEED, "interval": 0.9},
        "minutes_per_month": correlation([(r[0], r[2]) for r in rows]),
        "consistency": correlation([(r[1], r[2]) for r in rows]),
    }


def correlation(pairs: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    import numpy as np

    kept = [(float(x), float(y)) for x, y in pairs if x is not None and y is not None]
    out: dict[str, Any] = {"n": len(kept), "r": None, "ci90": None, "note": None}
    if len(kept) < MIN_REPS:
        out["note"] = NOT_ENOUGH
        return out
    data = np.array(kept)
    x, y = data[:, 0], data[:, 1]
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        out["note"] = "no variation to correlate"
        return out
    out["r"] = round(float(np.corrcoef(x, y)[0, 1]), 4)
    rng = np.random.default_rng(SEED)
    draws = []
    for start in range(0, RESAMPLES, 250):  # in chunks: memory stays small for many reps
        idx = rng.integers(0, len(kept), size=(min(250, RESAMPLES - start), len(kept)))
        draws.append(_rows_corr(x[idx], y[idx]))
    r = np.concatenate(draws)
    r = r[np.isfinite(r)]
    lo, hi = np.percentile(r, [5, 95]) if len(r) else (np.nan, np.nan)
    out["ci90"] = [round(float(lo), 4), round(float(hi), 4)]
    return out


def _rows_corr(x: Any, y: Any) -> Any:
    """Pearson r of each row pair of two 2-D arrays."""
    import numpy as np

    xd = x - x.mean(axis=1, keepdims=True)
    yd = y - y.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xd * yd).sum(axis=1) / np.sqrt((xd * xd).sum(axis=1) * (yd * yd).sum(axis=1))

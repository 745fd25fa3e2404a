"""Rounding in one place: numbers are kept exact and rounded once, where they are shown.

A ratio rounded to 4 places and then formatted as a percentage is rounded twice
(108/309 = 0.349514 -> 0.3495 -> "34.9%"); computing code keeps the exact value, `rounded`
prepares JSON and `percent` the screen, each from the exact value.

JSON figures are rounded as the SQL of `coach org sql` rounds them in every engine
(`ROUND(CAST(x AS DECIMAL(18, 6)), 4)`): to 6 places, then to 4, halves away from zero, from
the shortest decimal form of the float. Python's own `round` would send 0.03125 to 0.0312
(half to even) where PostgreSQL, Spark and DuckDB say 0.0313. NaN and infinities are null:
JSON has no number for them.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

PLACES = 4
_SIX = Decimal("0.000001")
_WIDE = Context(prec=400)  # room for any finite float's digits and 6 decimals


def round_half_up(value: float, places: int = PLACES) -> float | None:
    """`value` to `places` decimals the way the SQL engines round (see the module's doc)."""
    if not math.isfinite(value):
        return None
    six = Decimal(repr(value)).quantize(_SIX, rounding=ROUND_HALF_UP, context=_WIDE)
    return float(six.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, context=_WIDE))


def rounded(value: Any, places: int = PLACES) -> Any:
    """Every float in nested dicts and lists rounded to `places` (for --json output)."""
    if isinstance(value, float):
        return round_half_up(value, places)
    if isinstance(value, dict):
        return {k: rounded(v, places) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, places) for v in value]
    return value


def percent(value: float | None, digits: int = 1, *, sign: bool = False) -> str:
    """`0.349514` -> `35.0%`; None -> `-`."""
    if value is None:
        return "-"
    return f"{value * 100:{'+' if sign else ''}.{digits}f}%"


def of(numerator: int, denominator: int) -> str:
    """The counts behind a ratio: `0 of 2`."""
    return f"{numerator} of {denominator}"


def ratio_text(
    numerator: int, denominator: int, *, enough: bool = True, team: float | None = None
) -> str:
    """A ratio as shown everywhere, with its counts: `8.0% (24 of 300)`, `8.0% (24 of 300;
    team 20.0%)` with the team median; a small sample says so (`0.0% (0 of 2, not enough
    data)`); nothing to divide by is `-`."""
    if not denominator:
        return "-" if team is None else f"- (team {percent(team)})"
    note = "" if enough else ", not enough data"
    median = "" if team is None else f"; team {percent(team)}"
    return f"{percent(numerator / denominator)} ({of(numerator, denominator)}{note}{median})"

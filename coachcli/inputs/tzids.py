"""Time zone names as calendar producers write them, resolved to IANA zones.

icalendar already knows exact IANA names and Windows names (`Eastern Standard Time`). Real
files also carry `america/new_york`, Outlook's display names `(UTC-05:00) Eastern Time (US &
Canada)` and `(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`, and names nobody
knows. `resolve` maps the first three to an IANA name; `None` means "unknown", and the caller
says which zone it assumed instead.
"""

from __future__ import annotations

import re
from functools import cache

_OFFSET = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:([+-])\s*(\d{1,2}):?(\d{2}))?\s*\)\s*(.*)$", re.I)


@cache
def _iana_by_lower() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {name.lower(): name for name in available_timezones()}


@cache
def _iana_by_city() -> dict[str, str]:
    """`berlin` -> `Europe/Berlin`: the last part of each area/city name."""
    out: dict[str, str] = {}
    for name in sorted(_iana_by_lower().values()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            out.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
    return out


@cache
def _windows() -> dict[str, str]:
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - every supported icalendar has it
        return {}
    return {k.lower(): v for k, v in WINDOWS_TO_OLSON.items()}


def known(name: str) -> bool:
    """Whether icalendar resolves `name` by itself (an exact IANA or Windows name)."""
    return name in _iana_by_lower().values() or name.lower() in _windows()


def resolve(name: str) -> str | None:
    """The IANA name `name` stands for, or None when it cannot be told."""
    text = " ".join(name.strip().strip('"').split())
    if not text:
        return None
    lower = text.lower()
    if lower in _iana_by_lower():
        return _iana_by_lower()[lower]
    if lower in _windows():
        return _windows()[lower]
    match = _OFFSET.match(text)
    rest = match.group(4) if match else text
    found = _by_display_name(rest)
    if found:
        return found
    if match and not match.group(1):  # `(UTC) Coordinated Universal Time`
        return "UTC"
    return None


def _by_display_name(text: str) -> str | None:
    """`Eastern Time (US & Canada)` -> Windows `Eastern Standard Time`; a listed city."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    bare = " ".join(bare.replace("&", " ").split()).lower()
    if not bare:
        return None
    candidates = [bare, bare + " standard time", bare.replace(" time", " standard time")]
    for candidate in candidates:
        if candidate in _windows():
            return _windows()[candidate]
    for part in re.split(r"[,/;]", text):
        city = " ".join(re.sub(r"\([^)]*\)", " ", part).split()).lower()
        if city in _iana_by_city():
            return _iana_by_city()[city]
    return None


def fixed_offset(name: str) -> str | None:
    """`(UTC-05:00) Somewhere` with no better match: the Etc zone of that whole-hour offset."""
    match = _OFFSET.match(" ".join(name.strip().strip('"').split()))
    if not match or not match.group(1):
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if minutes or hours > 12:
        return None
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"  # Etc signs are inverted

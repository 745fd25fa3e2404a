"""Ids: the kebab-case ids people write in files (banks, scorecards, mappings), and short
record ids (`s-7f3a2c`, `c-19be04`) resolved from the prefixes users type."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coachcli.errors import NotFound

# A bank, scorecard, skill or mapping id: lower-case words joined by single hyphens.
KEBAB_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def resolve_id(keys: Iterable[str], ref: str, prefix: str, what: str) -> str:
    """The one id among `keys` that `ref` names: a unique prefix, with or without `s-`/`c-`."""
    wanted = ref.strip().lower()
    if not wanted.startswith(prefix + "-"):
        wanted = f"{prefix}-{wanted}"
    matches = [k for k in keys if k.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = ", ".join(sorted(matches)[:10])
        message = f"{ref!r} matches several {what}s: {shown}"
        raise NotFound(message, kind=what, ref=ref, matches=sorted(matches))
    raise NotFound(f"no {what} with id {ref!r}", kind=what, ref=ref)

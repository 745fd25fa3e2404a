"""Short ids (`s-7f3a2c`, `c-19be04`) and resolving the prefixes users type for them."""

from __future__ import annotations

from collections.abc import Iterable

from coachcli.errors import CoachError


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
        raise CoachError(f"{ref!r} matches several {what}s: {shown}", hint="type more of the id")
    raise CoachError(f"no {what} with id {ref!r}", hint=f"list them with `coach {what} list`")

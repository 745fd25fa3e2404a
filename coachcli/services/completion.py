"""Shell completion values, read straight from the store file: no lock, no write, no
validation, no migration. A damaged or missing store completes nothing rather than failing,
so a Tab press never prints an error into the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coachcli.store.paths import STORE_NAME


def _tables(home: Path, names: tuple[str, ...]) -> dict[str, Any]:
    import msgspec

    try:
        raw = (home / STORE_NAME).read_bytes()
        data = msgspec.json.decode(raw)
    except (OSError, msgspec.DecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {n: t for n in names if isinstance(t := data.get(n), dict)}


def _starting(values: list[str], incomplete: str) -> list[str]:
    wanted = incomplete.casefold()
    seen: list[str] = []
    for value in values:
        if value.casefold().startswith(wanted) and value not in seen:
            seen.append(value)
    return seen


def rep_refs(home: Path, incomplete: str) -> list[str]:
    """Slugs of the active reps, then their names (for shells that quote them)."""
    reps = _tables(home, ("reps",)).get("reps", {})
    docs = [d for d in reps.values() if isinstance(d, dict) and d.get("active", True)]
    slugs = sorted(str(d.get("slug", "")) for d in docs)
    names = sorted(str(d.get("name", "")) for d in docs)
    return _starting([*slugs, *names], incomplete)


def session_ids(home: Path, incomplete: str) -> list[str]:
    """Session ids, newest first."""
    sessions = _tables(home, ("sessions",)).get("sessions", {})
    docs = sorted(
        (d for d in sessions.values() if isinstance(d, dict)),
        key=lambda d: (str(d.get("date", "")), str(d.get("started", ""))),
        reverse=True,
    )
    return _starting([str(d.get("id", "")) for d in docs], incomplete)


def commitment_ids(home: Path, incomplete: str) -> list[str]:
    """Commitment ids, open ones first."""
    table = _tables(home, ("commitments",)).get("commitments", {})
    docs = [d for d in table.values() if isinstance(d, dict)]
    docs.sort(key=lambda d: (d.get("status") != "open", str(d.get("id", ""))))
    return _starting([str(d.get("id", "")) for d in docs], incomplete)


def _stems(directories: list[Path]) -> list[str]:
    out: list[str] = []
    for directory in directories:
        try:
            out += sorted(p.stem for p in directory.glob("*.yaml"))
        except OSError:
            continue
    return out


def bank_ids(home: Path, incomplete: str) -> list[str]:
    """Bank ids by file name (shipped banks are named after their id), no YAML parsed."""
    import coachcli.question_banks as shipped
    from coachcli.store.paths import extra_bank_dirs

    dirs = [Path(shipped.__file__).parent, *extra_bank_dirs(home)]
    return _starting(sorted(set(_stems(dirs))), incomplete)


def scorecard_ids(home: Path, incomplete: str) -> list[str]:
    import coachcli.scorecards as shipped

    dirs = [Path(shipped.__file__).parent, home / "scorecards"]
    return _starting(sorted(set(_stems(dirs))), incomplete)

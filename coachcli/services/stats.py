"""`coach stats`: coaching quality and consistency of this store, or rolled up over many.

Every store is read without a lock and never written (not even another home's config cache),
one at a time: read, tally, drop, so a rollup's memory is one store's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError

STORE_HINT = "give a manager's coach home directory or its coach.json"


def coaching_stats(
    home: Path, stores: list[str] | None, *, today: date, weeks: int
) -> dict[str, Any]:
    """The stats report of the store in `home`, or, with `stores` (homes or coach.json
    files), one entry per store and a total."""
    from coachcli.core import stats as core
    from coachcli.core.scorecards import focus_changes
    from coachcli.core.stats_report import report
    from coachcli.services.banks import bank_focus, bank_skills
    from coachcli.store.repository import Store

    window = core.window_for(today, weeks)
    focus = bank_focus(home)
    locations: list[tuple[Store, str | None]] = [
        (Store.at(_existing(p)), p) for p in stores or []
    ] or [(Store(home), None)]
    entries: list[dict[str, Any]] = []
    total = core.Tally()
    skills: dict[str, list[str]] | None = None  # bank -> skills, loaded once when needed
    for where, given in locations:
        if given is not None and not where.exists():
            raise CoachError(f"no coach store at {given}", hint=STORE_HINT)
        tables = where.read_tables(core.StatsTables)
        tally = core.gather_tables(
            tables, window, focus, _min_sample(where.home, own=given is None)
        )
        if tables.get("scores"):
            skills = skills if skills is not None else bank_skills(home)
            tally.skill_changes = focus_changes(
                (tables.get("sessions") or {}).values(),
                tables["scores"].values(),
                window.start.isoformat(),
                window.today.isoformat(),
                skills,
            )
        del tables
        entry = {"store": _label(where.home, given), "path": str(where.path)}
        entry |= report(tally, window, per_rep=not stores)
        entries.append(entry)
        total.add(tally)
    if not stores:
        return entries[0]
    return {
        "from": window.start.isoformat(),
        "to": window.today.isoformat(),
        "weeks": window.weeks,
        "stores": entries,
        "total": {"store": "total"} | report(total, window, per_rep=False),
    }


def _min_sample(store_home: Path, *, own: bool) -> int:
    """That home's config `min_sample` (default core.rules.MIN_SAMPLE); another manager's
    config cache is never written, and a broken config there falls back to the default."""
    from coachcli.core.rules import MIN_SAMPLE
    from coachcli.services.config import config_values

    try:
        value = config_values(store_home, write_cache=own).get("min_sample")
    except CoachError:
        if own:
            raise
        return MIN_SAMPLE
    return int(value) if isinstance(value, int) and value > 0 else MIN_SAMPLE


def _existing(given: str) -> Path:
    path = Path(given).expanduser()
    if not path.exists():
        raise CoachError(f"no coach store at {given}", hint=STORE_HINT)
    return path


def _label(store_home: Path, given: str | None) -> str:
    """The manager's name from that home's config.yaml, else the path the user gave."""
    from coachcli.services.config import config_values

    try:
        # Never write into a home we only read, not even the config cache.
        manager = str(config_values(store_home, write_cache=False).get("manager") or "").strip()
    except CoachError:
        manager = ""
    return manager or (given if given is not None else str(store_home))

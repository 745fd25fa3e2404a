"""The question banks of a home: which directories to read, and lookups that need the files.

The files are read by `coachcli.inputs.banks` (cached while no file changes); the schema and
the pure lookups are `coachcli.core.banks`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coachcli.errors import CoachError
from coachcli.services.home import BANKS_ENV, extra_bank_dirs

# Banks are pydantic models read from YAML: both are imported only when banks are needed, so
# read-only commands that never look at a bank (plan week, stats) stay off them.
if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.core.ports import Records


def load_banks(home: Path) -> dict[str, Bank]:
    """Shipped banks, overridden by valid user banks with the same id; sorted by id.

    Invalid user banks are skipped (see `bank_problems`). Cached while no file changes.
    """
    from coachcli.inputs import banks as files

    return files.load_banks(extra_bank_dirs(home), BANKS_ENV)


def bank_problems(home: Path) -> list[str]:
    """The located problems of banks that `load_banks` skipped (and `$COACH_BANKS` entries
    that are not directories), so commands can warn."""
    from coachcli.inputs import banks as files

    return files.bank_problems(extra_bank_dirs(home), BANKS_ENV)


def skipped_banks() -> dict[str, str]:
    """Skipped user banks of the last load (by file stem and id) -> their first problem."""
    from coachcli.inputs import banks as files

    return files.skipped_banks()


def get_bank(home: Path, bank_id: str) -> Bank:
    from coachcli.core.banks import find_bank

    banks = load_banks(home)
    return find_bank(banks, bank_id, skipped_banks())


def require_bank(home: Path, bank_id: str) -> None:
    get_bank(home, bank_id)


def bank_focus(home: Path) -> dict[str, list[str]]:
    """bank id -> focus transitions. The shipped banks' focus is known without parsing their
    YAML (a test keeps SHIPPED_FOCUS equal to the files); user banks are loaded only if there
    are any, and a broken one falls back to the shipped map rather than stopping stats."""
    from coachcli.core.stats import SHIPPED_FOCUS

    if not any(d.is_dir() and any(d.glob("*.yaml")) for d in extra_bank_dirs(home)):
        return dict(SHIPPED_FOCUS)
    try:
        found = {b.id: list(b.focus) for b in load_banks(home).values()}
    except Exception:  # a broken user bank must not stop stats: fall back
        return dict(SHIPPED_FOCUS)
    return {**SHIPPED_FOCUS, **found}


def suggested_banks(home: Path, transition: str) -> list[str]:
    """Ids of the banks whose `focus` names `transition`, from the banks coach can load (the
    shipped banks' focus if they cannot be loaded)."""
    from coachcli.core.banks import banks_for_transition

    try:
        return [b.id for b in banks_for_transition(load_banks(home), transition)]
    except CoachError:
        from coachcli.core.stats import SHIPPED_FOCUS

        return sorted(bank for bank, focus in SHIPPED_FOCUS.items() if transition in focus)


def weakest_banks(
    home: Path, repo: Records, slugs: list[str], today: date
) -> dict[str, tuple[str, str]]:
    """Each rep's weakest conversion and a bank for it (core.scheduler.weakest_banks), with the
    home's banks and funnel, read only when the store has metrics."""
    if not slugs or not len(repo.metrics):
        return {}
    from coachcli.core import scheduler
    from coachcli.services.config import config_values

    return scheduler.weakest_banks(
        repo, slugs, today, banks=lambda: load_banks(home), funnel=config_values(home)["funnel"]
    )

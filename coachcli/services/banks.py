"""The question banks of a home: which directories to read, and lookups that need the files.

The files are read by `coachcli.inputs.banks`; the schema and the pure lookups are
`coachcli.core.banks`. Validated banks are cached in `<home>/.banks-cache.json`, keyed by
coach's version and every bank file's path, size and mtime (like the config cache), so a run
that needs banks rebuilds them from JSON instead of parsing 13 YAML files and building
pydantic's validators.
"""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from coachcli.errors import CoachError
from coachcli.services.home import BANKS_ENV, extra_bank_dirs

# Banks are pydantic models read from YAML: both are imported only when banks are needed, so
# read-only commands that never look at a bank (plan week, stats) stay off them.
if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.core.plan_history import WeakBank
    from coachcli.errors import Problem
    from coachcli.inputs.banks import Loaded
    from coachcli.store.repository import Repository

CACHE_NAME = ".banks-cache.json"
# The layout of the cached values: a change makes every older cache a miss, even of the same
# coach version (2: follow-ups keep their `hint`; 3: banks keep `ask` and `applies`).
CACHE_FORMAT = 3
_last: dict[str, str] = {}  # skipped user banks of the last load, for `skipped_banks`
_memo: dict[str, Loaded] = {}  # the last load, by its key: one process rebuilds banks once
_on_disk: set[tuple[Path, str]] = set()  # caches known to hold that key


def _loaded(home: Path, *, write_cache: bool = False) -> Loaded:
    import json

    from coachcli import __version__
    from coachcli.inputs import banks as files

    dirs = extra_bank_dirs(home)
    shipped, user, missing = files.bank_files(dirs, BANKS_ENV)
    key = json.dumps(
        [
            CACHE_FORMAT,
            __version__,
            files.signature(shipped),
            files.signature(user),
            [str(m) for m in missing],
        ],
        separators=(",", ":"),
    )
    cache = home / CACHE_NAME
    loaded = _memo.get(key)
    if loaded is None:
        loaded = _from_cache(cache, key)
        if loaded is not None:
            _on_disk.add((cache, key))
    if loaded is None:
        loaded = files.read_all(dirs, BANKS_ENV)
    if write_cache and (cache, key) not in _on_disk:
        _to_cache(cache, key, loaded)
        _on_disk.add((cache, key))
    _memo.clear()
    _memo[key] = loaded
    _last.clear()
    _last.update(loaded.skipped)
    return loaded


def _from_cache(path: Path, key: str) -> Loaded | None:
    import json

    try:
        cached = json.loads(path.read_bytes())
        if not isinstance(cached, dict) or cached.get("key") != key:
            return None
        from coachcli.core.bank_values import bank_from_plain
        from coachcli.errors import Problem
        from coachcli.inputs.banks import Loaded

        # BankValues: the validated banks' fields and methods, read back without pydantic.
        banks = {bank_id: bank_from_plain(data) for bank_id, data in cached["banks"].items()}
        problems = [Problem(**fields) for fields in cached["problems"]]
        return Loaded(cast("dict[str, Bank]", banks), problems, dict(cached["skipped"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, another version's, or damaged: load from the files


def _to_cache(path: Path, key: str, loaded: Loaded) -> None:
    import json

    from coachcli.core.banks import bank_to_plain
    from coachcli.store.files import atomic_write

    doc: dict[str, Any] = {
        "key": key,
        "banks": {bank_id: bank_to_plain(bank) for bank_id, bank in loaded.banks.items()},
        "problems": [
            {name: getattr(p, name) for name in ("file", "message", "line", "column", "field")}
            for p in loaded.problems
        ],
        "skipped": loaded.skipped,
    }
    if path.parent.is_dir():  # a home coach has not created yet gets no cache
        with contextlib.suppress(CoachError, OSError):
            atomic_write(path, json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def load_banks(home: Path, *, write_cache: bool = False) -> dict[str, Bank]:
    """Shipped banks, overridden by valid user banks with the same id; sorted by id.

    Invalid user banks are skipped (see `bank_problems`). A cache written earlier is used
    whenever it matches; `write_cache=True` (commands that write the home anyway: recording a
    session) refreshes it, so read-only commands never write.
    """
    return dict(_loaded(home, write_cache=write_cache).banks)


def bank_problems(home: Path) -> list[Problem]:
    """The located problems of banks that `load_banks` skipped (and `$COACH_BANKS` entries
    that are not directories), so commands can warn."""
    return list(_loaded(home).problems)


def skipped_banks() -> dict[str, str]:
    """Skipped user banks of the last load (by file stem and id) -> their first problem."""
    return dict(_last)


def bank_listing(home: Path) -> tuple[dict[str, Bank], list[Problem]]:
    """`coach bank list`: the banks `load_banks` gives, and the problems of those it skipped."""
    banks = load_banks(home)
    return banks, bank_problems(home)


def check_bank_files(paths: list[Path]) -> tuple[int, list[Problem], list[Problem]]:
    """`coach bank validate`: how many files the paths name, their problems, their warnings."""
    from coachcli.inputs.banks import check_files, expand_paths

    files = expand_paths(paths)
    problems, warnings = check_files(paths)
    return len(files), problems, warnings


def get_bank(home: Path, bank_id: str) -> Bank:
    from coachcli.core.bank_values import find_bank

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
    from coachcli.core.bank_values import banks_for_transition

    try:
        return [b.id for b in banks_for_transition(load_banks(home), transition)]
    except CoachError:
        from coachcli.core.stats import SHIPPED_FOCUS

        return sorted(bank for bank, focus in SHIPPED_FOCUS.items() if transition in focus)


def weakest_banks(repo: Repository, slugs: list[str], today: date) -> dict[str, WeakBank]:
    """Each rep's weakest conversion and a bank for it (core.scheduler.weakest_banks), with the
    banks and funnel of the store's home, read only when the store has metrics."""
    if not slugs or not len(repo.metrics):
        return {}
    from coachcli.core import scheduler
    from coachcli.services.config import config_values

    home = repo.home
    values = config_values(home)
    return scheduler.weakest_banks(
        repo,
        slugs,
        today,
        banks=lambda: load_banks(home),
        funnel=values["funnel"],
        min_sample=values.get("min_sample"),
    )


def bank_skills(home: Path) -> dict[str, list[str]]:
    """bank id -> the scorecard skills it develops (`skills:`); empty when the banks cannot
    be loaded (stats then reports no focus-skill change rather than stopping)."""
    try:
        return {b.id: list(b.skills) for b in load_banks(home).values()}
    except Exception:  # a broken bank must not stop stats
        return {}

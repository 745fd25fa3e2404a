"""The roster in the store: add, import, list, find, edit and archive the reps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachcli.core.models import Rep
    from coachcli.store.repository import Store


def _store(home: Path) -> Store:
    from coachcli.store.repository import Store

    return Store(home)


def check_focus(home: Path, focus: str | None) -> None:
    """A focus names a bank this home has (exit 1 naming the known ones otherwise)."""
    if focus:
        from coachcli.services.banks import require_bank

        require_bank(home, focus)


def add_rep(home: Path, rep: Rep) -> Rep:
    """Store a new rep, refused when its slug or a name is taken or its focus is no bank."""
    from coachcli.core import roster

    check_focus(home, rep.focus)
    with _store(home).write() as repo:
        roster.check_new(repo.reps.all(), rep)
        repo.reps.put(rep)
    return rep


def import_reps(home: Path, file: Path, added_on: date | None = None) -> tuple[int, int]:
    """Add or update the reps of a team file in one transaction: (added, updated); new reps
    are recorded as added on `added_on` (default: the real date)."""
    from coachcli.core import roster
    from coachcli.inputs.team_file import read_team_file

    inputs = read_team_file(file)
    for item in inputs:
        check_focus(home, item.focus)
    added = updated = 0
    with _store(home).write() as repo:
        for item in inputs:
            slug = roster.slugify(item.name)
            existing = repo.reps.get(slug)
            if existing is None:
                rep = roster.new_rep(item.name, created=(added_on or date.today()).isoformat())
                added += 1
            else:
                rep = existing
                updated += 1
            rep.name = item.name
            for field in ("tier", "slot", "email", "focus", "notes", "active", "aliases"):
                value = getattr(item, field)
                if value is not None:
                    setattr(rep, field, value)
            repo.reps.put(rep)
    return added, updated


def list_reps(home: Path, include_archived: bool) -> list[Rep]:
    """The reps by name (case-folded), active ones unless `include_archived`."""
    reps = sorted(_store(home).read().reps.all(), key=lambda r: r.name.casefold())
    return [r for r in reps if include_archived or r.active]


def find_rep(home: Path, ref: str) -> Rep:
    """The one rep `ref` names (name, slug or unique prefix), from one snapshot."""
    from coachcli.core.roster import resolve

    return resolve(_store(home).read().reps.all(), ref)


@dataclass(frozen=True)
class RepChanges:
    """`coach rep edit`'s options as given: None leaves a field, "" clears it."""

    name: str | None = None
    tier: str | None = None
    slot: str | None = None
    email: str | None = None
    focus: str | None = None
    notes: str | None = None
    alias: list[str] | None = None


def edit_rep(home: Path, ref: str, changes: RepChanges) -> Rep:
    """Apply `changes` to the rep `ref` names, in one transaction; returns the rep."""
    from coachcli.core import roster
    from coachcli.core.roster import check_bank_id, check_email
    from coachcli.core.text import clean_text

    if changes.focus:
        check_focus(home, check_bank_id(changes.focus))
    with _store(home).write() as repo:
        found = roster.resolve(repo.reps.all(), ref)
        if changes.name is not None:
            renamed = roster.new_rep(changes.name)
            if renamed.slug != found.slug:
                roster.check_new(repo.reps.all(), renamed)
            found.name = renamed.name
        if changes.tier is not None:
            found.tier = roster.normalise_tier(changes.tier)
        if (slot := changes.slot) is not None:
            found.slot = roster.normalise_slot(slot) if slot.strip() else None
        if (email := changes.email) is not None:
            found.email = check_email(email) if email.strip() else None
        if (focus := changes.focus) is not None:
            found.focus = check_bank_id(focus) if focus.strip() else None
        if changes.notes is not None:
            found.notes = clean_text(changes.notes, field="--notes")
        if changes.alias is not None:
            wanted = [a for a in changes.alias if a.strip()]
            found.aliases = roster.normalise_aliases([*found.aliases, *wanted] if wanted else [])
        repo.reps.put(found)
    return found


def set_active(home: Path, ref: str, active: bool) -> Rep:
    """Archive (`active=False`) or restore the rep `ref` names; returns the rep."""
    from coachcli.core.roster import resolve

    with _store(home).write() as repo:
        found = resolve(repo.reps.all(), ref)
        found.active = active
        repo.reps.put(found)
    return found

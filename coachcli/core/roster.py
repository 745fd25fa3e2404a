"""Reps: names, slugs, tiers, preferred slots, and resolving what the manager typed.

Plain functions over `Rep` records; no store, no terminal.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from coachcli.core.ids import KEBAB_ID
from coachcli.core.models import TIERS, Rep
from coachcli.core.text import clean_line, clean_text
from coachcli.core.weeks import WEEKDAYS
from coachcli.errors import CoachError, Exists, NotFound

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

MAX_NAME = 80
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SLOT = re.compile(r"^\s*([A-Za-z]{2,9})\.?\s+([01]?\d|2[0-3])[:.h]?([0-5]\d)\s*$")


def normalise_name(name: str) -> str:
    """A display name: one line, NFC, no control characters, 1-80 characters."""
    cleaned = clean_line(unicodedata.normalize("NFC", name), field="name")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise CoachError("a rep's name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise CoachError(f"a rep's name is at most {MAX_NAME} characters (got {len(cleaned)})")
    return cleaned


def normalise_aliases(aliases: Iterable[str]) -> list[str]:
    """Other names of a rep (in transcripts, CRM owners): cleaned like names, no repeats."""
    out: list[str] = []
    for alias in aliases:
        clean = normalise_name(alias)
        if clean.casefold() not in {a.casefold() for a in out}:
            out.append(clean)
    return out


def slugify(name: str) -> str:
    """`Dana Lee` -> `dana-lee`; accents folded, so two spellings of a name give one slug."""
    folded = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", name))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.casefold()).strip("-")
    slug = re.sub(r"[^\x00-\x7f]", "", slug)[:MAX_NAME].strip("-")
    if not slug:
        raise CoachError(
            f"cannot make a slug from the name {name!r}",
            hint="use a name with at least one letter or digit",
        )
    return slug


def normalise_tier(tier: str) -> str:
    value = tier.strip().lower()
    if value not in TIERS:
        raise CoachError(f"invalid tier {tier!r}: use one of {', '.join(TIERS)}")
    return value


def normalise_slot(slot: str) -> str:
    """`Tuesday 10:00`, `tue 10.00`, `TUE 1000` -> `tue 10:00`."""
    match = _SLOT.match(slot)
    day = match.group(1).lower() if match else ""
    matches = [WEEKDAYS[i] for i, full in enumerate(DAY_NAMES) if day and full.startswith(day)]
    if not match or len(matches) != 1:
        raise CoachError(f'invalid slot {slot!r}: use a weekday and a time, like "tue 10:00"')
    return f"{matches[0]} {int(match.group(2)):02d}:{match.group(3)}"


def resolve(reps: Iterable[Rep], ref: str, *, include_archived: bool = True) -> Rep:
    """The rep meant by `ref`: a name or slug (any case), or a unique prefix of a slug."""
    pool = [r for r in reps if include_archived or r.active]
    wanted = ref.strip().casefold()
    for rep in pool:
        if wanted in (rep.slug, rep.name.casefold()):
            return rep
    try:
        as_slug = slugify(ref)
    except CoachError:
        as_slug = ""
    exact = [r for r in pool if r.slug == as_slug]
    if exact:
        return exact[0]
    prefixed = [r for r in pool if as_slug and r.slug.startswith(as_slug)]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        slugs = sorted(r.slug for r in prefixed)
        message = f"{ref!r} matches several reps: {', '.join(slugs)}"
        raise NotFound(message, kind="rep", ref=ref, matches=slugs)
    close = difflib.get_close_matches(as_slug, [r.slug for r in pool], n=5, cutoff=0.5)
    known = sorted(r.slug for r in pool)
    raise NotFound(f"no rep matches {ref!r}", kind="rep", ref=ref, close=close, known=known)


def check_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL.match(value):
        raise CoachError(f"invalid email {value!r}")
    return value


def check_bank_id(value: str) -> str:
    value = value.strip()
    if not KEBAB_ID.match(value):
        raise CoachError(f"invalid bank id {value!r}: use kebab-case, like early-pipeline")
    return value


def new_rep(
    name: str,
    *,
    tier: str | None = None,
    slot: str | None = None,
    email: str | None = None,
    focus: str | None = None,
    notes: str | None = None,
    created: str = "",
) -> Rep:
    """A rep from raw values, each normalised and checked."""
    clean = normalise_name(name)
    return Rep(
        name=clean,
        slug=slugify(clean),
        tier=normalise_tier(tier) if tier else "core",
        slot=normalise_slot(slot) if slot else None,
        email=check_email(email) if email else None,
        focus=check_bank_id(focus) if focus else None,
        created=created,
        notes=clean_text(notes, field="notes") if notes else "",
    )


def check_new(existing: Iterable[Rep], rep: Rep) -> None:
    """A duplicate name or slug is an error naming the rep already there."""
    for other in existing:
        if other.slug == rep.slug:
            state = "" if other.active else " (archived)"
            raise Exists(
                f"a rep {other.name!r}{state} already exists as {other.slug}",
                kind="rep",
                ref=other.slug,
            )


def rep_json(rep: Rep) -> dict[str, object]:
    """The documented JSON shape of a rep (`rep list --json`, `rep show --json`)."""
    return {
        "name": rep.name,
        "slug": rep.slug,
        "tier": rep.tier,
        "slot": rep.slot,
        "focus": rep.focus,
        "active": rep.active,
        "email": rep.email,
        "created": rep.created,
        "notes": rep.notes,
        "aliases": list(rep.aliases),
    }

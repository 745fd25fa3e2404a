"""What the planner knows about each rep's coaching so far, read from the store's index.

`gather` reads sessions, open commitments and earlier plans (never session bodies) so the read
path stays cheap; `weakest_banks` maps a rep's weakest conversion to a bank that works on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from coachcli.core import weeks
from coachcli.core.models import Rep, Session, plan_key
from coachcli.core.plans import plan_status

if TYPE_CHECKING:
    from coachcli.core.banks import Bank
    from coachcli.core.fit import FitData
    from coachcli.core.ports import Records

HISTORY_WEEKS = 8  # sessions read first for history; older ones only when these are too few


class WeakBank(NamedTuple):
    """A rep's weakest well-sampled conversion, a bank that works on it, and the figures
    behind it (`24 of 300`) for the plan's reason."""

    bank: str
    transition: str
    figures: str = ""  # `calls->conversations 8.0% (24 of 300; team 20.0%)`

    def describe(self) -> str:
        return self.figures or self.transition


@dataclass
class RepHistory:
    """What the planner knows about one rep's coaching so far."""

    last_session: date | None = None
    open_commitments: int = 0
    overdue: int = 0  # overdue and not reviewed since (`overdue_at`), at today or the slot
    overdue_since: str | None = None  # the earliest due date among those
    # (due, latest session review or "") of each open commitment with a due date
    open_due: list[tuple[str, str]] = field(default_factory=list)
    recent_focus: list[list[str]] = field(default_factory=list)  # last 3, oldest first
    week_session: Session | None = None  # a session already held in the planned week
    weakest: WeakBank | None = None  # from metrics, when known
    fit: FitData | None = None  # the banks and the rep's numbers, when the choice needs them
    last_start: datetime | None = None  # when the last session (or planned slot) began

    def days_since(self, today: date) -> int | None:
        return None if self.last_session is None else (today - self.last_session).days


def gather(
    repo: Records, week: str, today: date, now: datetime, reps: Iterable[Rep]
) -> dict[str, RepHistory]:
    """Each rep's history, from the index only (sessions, open commitments, earlier plans)."""
    slugs = {r.slug for r in reps}
    out = {slug: RepHistory() for slug in slugs}
    monday = weeks.monday(week).isoformat()
    sunday = (weeks.monday(week) + timedelta(days=6)).isoformat()
    todays = today.isoformat()
    past: dict[str, list[tuple[str, list[str]]]] = {slug: [] for slug in slugs}
    # Recent sessions first (records are built only for those); reps with too little recent
    # history are looked up again over their whole history.
    cutoff = (weeks.monday(week) - timedelta(weeks=HISTORY_WEEKS)).isoformat()
    sessions = repo.sessions.where(
        lambda d: d.get("rep") in slugs and d.get("date", "") >= cutoff,
        {"date": (">=", cutoff)},
    )
    recent: dict[str, int] = {}
    for session in sessions:
        if session.date < monday:
            recent[session.rep] = recent.get(session.rep, 0) + 1
    sparse = {slug for slug in slugs if recent.get(slug, 0) < 3}
    if sparse:  # only five fields of the older sessions: no records are built for them
        names = ("rep", "date", "started", "banks", "plan")
        for rep, held, started, banks, slot in repo.sessions.fields(names):
            if rep in sparse and isinstance(held, str) and held < cutoff:
                when = slot_start(repo, rep, held, slot) or started
                _older(out[rep], past[rep], held, when, banks, todays)
    for session in sessions:
        hist = out[session.rep]
        held = date.fromisoformat(session.date)
        if session.date <= todays and (hist.last_session is None or held > hist.last_session):
            hist.last_session = held
        if session.date < monday:
            when = slot_start(repo, session.rep, session.date, session.plan)
            past[session.rep].append((when or session.started or session.date, session.banks))
        elif session.date <= sunday and hist.week_session is None:
            hist.week_session = session
    _count_open(repo, out, todays)
    moment = weeks.fmt_minute(now)
    for slot in repo.plans.where(
        lambda d: (
            d.get("rep") in slugs
            and d.get("week", "") < week
            and not d.get("session")
            and d.get("end", "") > moment
        ),
        {"end": (">=", moment)},
    ):
        if plan_status(slot, now) == "planned" and slot.focus:
            past[slot.rep].append((slot.start, [slot.focus]))
    for slug, items in past.items():
        out[slug].recent_focus = [banks for _, banks in sorted(items)[-3:]]
        out[slug].last_start = _last_start(items)
    return out


def _count_open(repo: Records, out: dict[str, RepHistory], todays: str) -> None:
    """Open commitments per rep, and those overdue today and not reviewed since."""
    for doc in repo.commitments.where(
        lambda d: d.get("status") == "open" and d.get("rep") in out, {"status": {"open"}}
    ):
        hist = out[doc.rep]
        hist.open_commitments += 1
        if doc.due:
            reviews = [h.at[:10] for h in doc.history if h.session]
            hist.open_due.append((doc.due, max(reviews, default="")))
    for hist in out.values():
        set_overdue(hist, todays)


def set_overdue(hist: RepHistory, day: str) -> None:
    """Count the rep's commitments overdue at `day` (the session's date, or today before the
    session is placed): due before it and not reviewed in a session since they fell due (a
    review in a later session counts, even if the commitment stayed open)."""
    late = [due for due, reviewed in hist.open_due if due < day and reviewed < due]
    hist.overdue = len(late)
    hist.overdue_since = min(late, default=None)


def slot_start(repo: Records, rep: str, held: str, plan: Any) -> str | None:
    """When the planned slot a session held began: the plan entry the session names, else
    the one of that week for that rep (a skipped one only if a session held it). The rep's
    regular slot follows this, never the clock time the session happened to be recorded."""
    try:
        day = date.fromisoformat(held)
        key = plan if isinstance(plan, str) and plan else plan_key(weeks.week_of(day), rep)
    except ValueError:  # a hand-edited date: no slot for it
        return None
    slot = repo.plans.get(key)
    if slot is None or slot.rep != rep or (slot.skipped and not slot.session):
        return None
    return slot.start


def _last_start(items: list[tuple[str, list[str]]]) -> datetime | None:
    """When the latest session (or planned slot) began: the rep's stable slot."""
    starts = [when for when, _ in items if len(when) >= 16]
    try:
        return weeks.parse_minute(max(starts)[:16]) if starts else None
    except ValueError:  # a hand-edited store: no stable slot from it
        return None


def _older(
    hist: RepHistory,
    past: list[tuple[str, list[str]]],
    held: str,
    started: Any,
    banks: Any,
    todays: str,
) -> None:
    """An older session, from its index fields only (it is before the planned week)."""
    day = date.fromisoformat(held)
    if held <= todays and (hist.last_session is None or day > hist.last_session):
        hist.last_session = day
    past.append((started or held, list(banks or ())))


def weakest_banks(
    repo: Records,
    slugs: list[str],
    today: date,
    *,
    banks: Callable[[], Mapping[str, Bank]],
    funnel: Sequence[str],
    min_sample: int | None = None,
) -> dict[str, WeakBank]:
    """Each rep's weakest well-sampled conversion mapped to a bank that addresses it.

    Asked only about reps whose focus depends on it, and only when the store has metrics,
    since `banks()` parses the bank files. `min_sample` is the config's (default
    core.rules.MIN_SAMPLE).
    """
    if not slugs or not len(repo.metrics):
        return {}
    from coachcli.core.bank_values import banks_for_transition
    from coachcli.core.metrics import weakest_samples
    from coachcli.core.rules import MIN_SAMPLE
    from coachcli.core.session.selection import least_recently_used

    known = banks()
    out: dict[str, WeakBank] = {}
    sample = MIN_SAMPLE if min_sample is None else min_sample
    weakest = weakest_samples(repo, slugs, today, funnel=funnel, min_sample=sample)
    used = banks_used(repo, list(weakest), today)
    for slug, weak in weakest.items():
        found = banks_for_transition(known, weak.transition)
        if found:
            bank = least_recently_used([b.id for b in found], used[slug])
            out[slug] = WeakBank(bank, weak.transition, weak.describe())
    return out


def banks_used(repo: Records, slugs: list[str], today: date) -> dict[str, dict[str, str]]:
    """Each rep's banks -> the latest date a session up to `today` used it (index only)."""
    out: dict[str, dict[str, str]] = {slug: {} for slug in slugs}
    day = today.isoformat()
    for rep, held, banks in repo.sessions.fields(("rep", "date", "banks")):
        if rep not in out or not isinstance(held, str) or held > day:
            continue
        for bank in banks or ():
            out[rep][bank] = max(out[rep].get(bank, ""), held)
    return out

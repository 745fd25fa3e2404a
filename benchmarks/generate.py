"""Write a realistic coach home for benchmarks, through coach's own store code.

    python benchmarks/generate.py --home DIR --reps 12 --weeks 260 [--seed N] [--end D]
    python benchmarks/generate.py --stores 20 --out DIR [--reps 12 --weeks 260 --jobs 2]

One home holds `--reps` reps with mixed tiers and preferred slots, and `--weeks` weeks of
history ending the week before `--end` (default 2026-11-23, a Monday): a planned 30-minute slot
per rep per week (most held, some missed or skipped), one session per held slot with about 2 KB
of answers to real questions of the shipped banks (tells, reviews of last week's commitments,
manager roles on joint-call debriefs), about two commitments per session that move through every
status with their history, weekly funnel metrics per rep, goals, and a config.yaml.

Everything is derived from `--seed`, so the same arguments give the same store. The data is
written in a few large transactions (Store.write), never one write per record.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
try:  # the installed coach when there is one (a checkout's package lacks its bank data)
    import coachcli  # noqa: F401
except ImportError:  # runnable from a checkout without installing
    sys.path.insert(0, str(REPO))

from coachcli.core.commitments import change_status, new_commitment  # noqa: E402
from coachcli.core.models import (  # noqa: E402
    Answer,
    Commitment,
    FollowUp,
    Goal,
    Metric,
    PlannedSlot,
    Rep,
    Review,
    Session,
)
from coachcli.core.roster import slugify  # noqa: E402
from coachcli.core.weeks import fmt_minute, monday, shift, week_of  # noqa: E402
from coachcli.inputs.config import DEFAULT_CONFIG_TEXT  # noqa: E402
from coachcli.store.files import atomic_write  # noqa: E402
from coachcli.store.paths import CONFIG_NAME, ensure_dir  # noqa: E402
from coachcli.store.repository import Store  # noqa: E402

BANK_DIR = REPO / "question_banks"
DEFAULT_END = "2026-11-23"
FUNNEL = ["calls", "conversations", "meetings", "opportunities", "proposals", "won"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def words(text: str) -> list[str]:
    return text.split()


FIRST = words(
    """
Dana Marco Priya Tomás Aisha Jonas Mei Kwame Sofia Liam Yara Noah Ingrid Ravi Chloé Mateo
Hana Oskar Leila Ben
"""
)
LAST = words(
    """
Lee Rossi Patel García Okafor Berg Chen Mensah Novak Walsh Haddad Kim Larsen Iyer Dubois
Silva Sato Nilsson Farah Cohen
"""
)
MANAGERS = ["Alex Morgan", "Sam Whitaker", "Jordan Reyes", "Robin Hartley", "Casey Lindqvist"]
ACCOUNTS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Foods",
    "Hooli",
    "Vandelay Imports",
    "Soylent Retail",
    "Tyrell Labs",
    "Cyberdyne",
    "Pied Piper",
    "Massive Dynamic",
    "Nakatomi Trading",
    "Oscorp Energy",
    "Wonka Confectionery",
]
CONTACTS = [
    "the ops lead",
    "their CFO",
    "procurement",
    "the head of sales",
    "the IT director",
    "a new VP",
    "the project sponsor",
    "their finance team",
    "the regional manager",
]
OPENERS = [
    "Honestly, I think",
    "Looking back at the week,",
    "What I noticed is that",
    "I would say",
    "The short answer is that",
    "If I am candid,",
    "From the calls this week,",
    "Talking it through now,",
]
MIDDLES = [
    "{acct} is the deal I could still shape most, because {contact} has not settled on a budget",
    "I spent too long on late-stage follow-ups and not enough on new conversations",
    "my discovery calls run long when I skip the agenda at the start",
    "{contact} at {acct} keeps asking for references, which tells me they are worried about risk",
    "I booked {n} meetings but only half of them had a clear next step",
    "the cold-call opener we practised works better when I name a peer company",
    "I let {acct} drift for two weeks and the champion went quiet",
    "my calendar fills up with internal meetings on Mondays and Tuesdays",
    "the pricing conversation with {acct} went better once I asked about their current cost",
    "I am more confident in demos now, but I still rush the summary at the end",
    "{contact} mentioned a competitor, and I did not ask what they liked about them",
    "I followed up within a day on every meeting, which had not happened before",
    "I want to get better at multi-threading, since {acct} depends on a single contact",
    "time blocking the first hour for prospecting made {n} extra conversations possible",
]
CLOSERS = [
    "Next week I want to test that on at least {n} calls.",
    "I will write down the questions before the call this time.",
    "I would like your help preparing for the {acct} meeting on Thursday.",
    "I think it is a habit now, but I want to keep checking.",
    "That is the part I want to practise with you.",
    "I will look at the numbers again on Friday and see whether it moved.",
    "It felt uncomfortable at first, then easier after the third call.",
    "I am not sure yet; I need another week of data.",
]
TELLS = [
    "Bring {contact}'s numbers to the {acct} workshop.",
    "Send the recap email within an hour of each call.",
    "Open with the agenda and confirm the time you have.",
    "Ask for the second meeting before the first one ends.",
    "Put the prospecting block in the calendar as a meeting with yourself.",
    "Ask {contact} who else is affected by the problem.",
    "Stop discounting before they have asked for it.",
    "Use the peer-company story from the {acct} win.",
]
COMMIT_TEXTS = [
    ("Book the {acct} discovery workshop with {contact}", "Invite accepted"),
    ("Make {n} extra prospecting calls before 10:00", "Calls logged in the CRM"),
    ("Send a written recap after every first meeting", "Recaps sent the same day"),
    ("Find a second contact at {acct}", "A meeting booked with someone new"),
    ("Rehearse the pricing conversation for {acct}", "Role play done with a peer"),
    ("Ask for a next step on every discovery call", "Next step logged on each call"),
    ("Clean up the stale opportunities in the pipeline", "No opportunity older than 90 days"),
    ("Prepare three questions about {acct}'s current process", "Questions shared before the call"),
    ("Block two hours of prospecting on Wednesday", "Calendar block kept"),
    ("Ask {contact} at {acct} for a referral", "Referral request sent"),
]
REVIEW_NOTES = {
    "done": ["Booked {n} of {m}.", "Done, and it felt natural by Friday.", "Done early."],
    "partial": ["Did {n} of {m}; ran out of time.", "Started, still waiting on {contact}."],
    "missed": ["Did not get to it: {acct} escalation ate the week.", "Forgot until Friday."],
    "dropped": ["No longer relevant: {acct} paused the project.", "Replaced by a better plan."],
    "open": ["Still in progress; keep it for next week."],
}
KEEP_IT_UP = "Keep the calendar block every week."
SKIP_REASONS = ["on holiday", "sales kick-off", "sick day", "trade show", "public holiday"]
NOTES = [
    "Energy was low today; check in on workload next week.",
    "Good progress on discovery; consider them for peer coaching.",
    "Talked about the promotion path; revisit in the quarterly review.",
    "They led the conversation almost entirely. Keep asking, not telling.",
    "",
    "",
]


@dataclass
class Question:
    id: str
    ask: str
    type: str
    choices: list[str]
    low: int
    high: int
    follow_ups: list[str]


@dataclass
class Bank:
    id: str
    questions: list[Question]


def load_banks(directory: Path = BANK_DIR) -> dict[str, Bank]:
    """The shipped banks, read through coach's safe YAML loader."""
    from coachcli.inputs.yamlio import load_yaml_mapping

    banks: dict[str, Bank] = {}
    for path in sorted(directory.glob("*.yaml")):
        data, _ = load_yaml_mapping(path)
        questions = [
            Question(
                id=q["id"],
                ask=q["ask"],
                type=q.get("type", "text"),
                choices=list(q.get("choices") or []),
                low=int(q.get("min", 1)),
                high=int(q.get("max", 5)),
                follow_ups=list(q.get("follow_ups") or []),
            )
            for q in data["questions"]
        ]
        banks[data["id"]] = Bank(data["id"], questions)
    return banks


class Writer:
    """Random but reproducible content for one home."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def new_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}-{self.rng.getrandbits(24):06x}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def fill(self, template: str) -> str:
        n = self.rng.randint(2, 9)
        return template.format(
            acct=self.rng.choice(ACCOUNTS),
            contact=self.rng.choice(CONTACTS),
            n=n,
            m=n + self.rng.randint(0, 3),
        )

    def text_answer(self) -> str:
        parts = [f"{self.rng.choice(OPENERS)} {self.fill(self.rng.choice(MIDDLES))}."]
        if self.rng.random() < 0.35:
            parts.append(f"Also, {self.fill(self.rng.choice(MIDDLES))}.")
        parts.append(self.fill(self.rng.choice(CLOSERS)))
        return " ".join(parts)

    def answer(self, bank: Bank, question: Question) -> Answer:
        value: str | int | bool
        if question.type == "choice" and question.choices:
            value = self.rng.choice(question.choices)
        elif question.type == "scale":
            value = self.rng.randint(question.low, question.high)
        elif question.type == "confirm":
            value = self.rng.random() < 0.6
        else:
            value = self.text_answer()
        follow_ups = []
        if question.follow_ups and self.rng.random() < 0.25:
            follow_ups.append(
                FollowUp(ask=self.rng.choice(question.follow_ups), answer=self.text_answer())
            )
        return Answer(
            question_id=question.id,
            ask=question.ask,
            answer=value,
            bank=bank.id,
            type=question.type,
            follow_ups=follow_ups,
        )


@dataclass
class RepPlan:
    rep: Rep
    day: int  # 0 = Monday
    hour: int
    minute: int
    focus: str
    rates: list[float]  # step-to-step conversion rates along FUNNEL
    calls: int


TIER_CALLS = {"top": 140, "core": 110, "developing": 80}
TIER_RATES = {
    "top": [0.30, 0.35, 0.55, 0.55, 0.40],
    "core": [0.25, 0.28, 0.45, 0.50, 0.33],
    "developing": [0.18, 0.22, 0.35, 0.45, 0.25],
}
FOCUS_BANKS = [
    "early-pipeline",
    "activity-conversion",
    "deal-strategy",
    "stage-conversion",
    "skill-practice",
    "grow",
    "purpose-goals",
    "motivation",
]


def make_reps(w: Writer, count: int, first_week: str) -> list[RepPlan]:
    rng = w.rng
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names and slugify(name) not in {slugify(n) for n in names}:
            names.append(name)
    tiers = ["top", "core", "core", "developing"]
    # Distinct preferred slots: a manager's week cannot hold two reps at once.
    slots = rng.sample(
        [(d, h, m) for d in range(5) for h in (9, 10, 11, 13, 14, 15, 16) for m in (0, 30)],
        min(count, 70),
    )
    plans = []
    for i, name in enumerate(names):
        tier = tiers[i % len(tiers)]
        day, hour, minute = slots[i % len(slots)]
        ramping = tier == "developing" and rng.random() < 0.5
        focus = "new-rep-ramp" if ramping else rng.choice(FOCUS_BANKS)
        created = monday(first_week) - timedelta(days=rng.randint(1, 60))
        rep = Rep(
            name=name,
            slug=slugify(name),
            tier=tier,
            slot=f"{WEEKDAYS[day]} {hour:02d}:{minute:02d}",
            email=f"{slugify(name).replace('-', '.')}@example.com",
            focus=focus,
            active=True,
            created=created.isoformat(),
            notes=rng.choice(["", "Prefers mornings.", "Joined from a competitor.", "Ramping."]),
        )
        rates = [max(0.05, r * rng.uniform(0.8, 1.2)) for r in TIER_RATES[tier]]
        plans.append(RepPlan(rep, day, hour, minute, focus, rates, TIER_CALLS[tier]))
    return plans


def metric_counts(w: Writer, plan: RepPlan) -> dict[str, int]:
    counts = {"calls": max(0, int(w.rng.gauss(plan.calls, plan.calls * 0.15)))}
    previous = counts["calls"]
    for step, rate in zip(FUNNEL[1:], plan.rates, strict=True):
        value = sum(1 for _ in range(previous) if w.rng.random() < rate)
        counts[step] = value
        previous = value
    return counts


REVIEW_WEIGHTS = [("done", 55), ("partial", 15), ("missed", 15), ("dropped", 5), ("open", 10)]


def pick_review(rng: random.Random) -> str:
    return rng.choices([s for s, _ in REVIEW_WEIGHTS], [wt for _, wt in REVIEW_WEIGHTS])[0]


@dataclass
class History:
    sessions: list[Session]
    commitments: list[Commitment]
    plans: list[PlannedSlot]
    metrics: list[Metric]
    goals: list[Goal]


def make_history(
    w: Writer, reps: list[RepPlan], weeks: list[str], banks: dict[str, Bank]
) -> History:
    rng = w.rng
    out = History([], [], [], [], [])
    for plan in reps:
        slug = plan.rep.slug
        open_ids: list[Commitment] = []
        for week in weeks:
            out.metrics.append(Metric(rep=slug, week=week, counts=metric_counts(w, plan)))
            start = datetime.combine(
                monday(week) + timedelta(days=plan.day), datetime.min.time()
            ).replace(hour=plan.hour, minute=plan.minute)
            joint = rng.random() < 0.15
            focus = "joint-call-debrief" if joint else plan.focus
            slot = PlannedSlot(
                week=week,
                rep=slug,
                start=fmt_minute(start),
                end=fmt_minute(start + timedelta(minutes=30)),
                focus=focus,
                reason="joint call last week" if joint else f"focus of {plan.rep.name}",
            )
            out.plans.append(slot)
            fate = rng.random()
            if fate < 0.03:
                slot.skipped = True
                slot.skip_reason = rng.choice(SKIP_REASONS)
                continue
            if fate < 0.06:
                continue  # missed: the slot passed unused
            if rng.random() < 0.2:  # moved within the week
                start = start + timedelta(days=rng.choice([-1, 1]) if 0 < plan.day < 4 else 0)
            session_id = w.new_id("s")
            slot.session = session_id
            bank_ids = [focus] + (["weekly-checkin"] if rng.random() < 0.3 else [])
            answers: list[Answer] = []
            for bank_id in bank_ids:
                bank = banks[bank_id]
                wanted = 7 if len(bank_ids) == 1 else 4
                chosen = [q for q in bank.questions if rng.random() < wanted / len(bank.questions)]
                if bank_id == "joint-call-debrief":
                    chosen = [q for q in bank.questions if q.id == "manager-role"] + [
                        q for q in chosen if q.id != "manager-role"
                    ]
                answers.extend(w.answer(bank, q) for q in chosen)
            n_tells = rng.choices([0, 1, 2, 3], [40, 35, 18, 7])[0]
            tells = [w.fill(rng.choice(TELLS)) for _ in range(n_tells)]
            reviewed_at = start + timedelta(minutes=5)
            reviews: list[Review] = []
            still_open: list[Commitment] = []
            for c in open_ids:
                status = pick_review(rng)
                note = w.fill(rng.choice(REVIEW_NOTES[status]))
                change_status(c, status, at=reviewed_at, session=session_id, note=note)
                reviews.append(
                    Review(
                        commitment=c.id,
                        status=status,
                        note=note,
                        reinforcement=KEEP_IT_UP if status == "done" else None,
                    )
                )
                if status == "open":
                    still_open.append(c)
            made: list[Commitment] = []
            for _ in range(rng.choices([1, 2, 3], [30, 45, 25])[0]):
                text, measure = rng.choice(COMMIT_TEXTS)
                made.append(
                    new_commitment(
                        w.new_id("c"),
                        slug,
                        w.fill(text),
                        created=start.date(),
                        due=start.date() + timedelta(days=rng.choice([3, 5, 7, 7, 10, 14])),
                        measure=measure,
                        session=session_id,
                        at=start + timedelta(minutes=25),
                    )
                )
            out.commitments.extend(made)
            open_ids = still_open + made
            roles = [str(a.answer) for a in answers if a.question_id == "manager-role"]
            out.sessions.append(
                Session(
                    id=session_id,
                    rep=slug,
                    date=start.date().isoformat(),
                    started=fmt_minute(start),
                    minutes=rng.randint(22, 40),
                    banks=bank_ids,
                    asked=len(answers),
                    told=len(tells),
                    reviewed=len(reviews),
                    commitments=[c.id for c in made],
                    roles=roles,
                    plan=slot.key(),
                    answers=answers,
                    tells=tells,
                    reviews=reviews,
                    notes=rng.choice(NOTES),
                )
            )
        # A few commitments made outside sessions (`coach commit add`), some still open.
        for _ in range(3):
            day = monday(rng.choice(weeks[-8:])) + timedelta(days=rng.randrange(5))
            text, measure = rng.choice(COMMIT_TEXTS)
            c = new_commitment(
                w.new_id("c"),
                slug,
                w.fill(text),
                created=day,
                due=day + timedelta(days=7),
                measure=measure,
                at=datetime.combine(day, datetime.min.time()).replace(hour=17),
            )
            if rng.random() < 0.5:
                done_at = datetime.combine(day + timedelta(days=4), datetime.min.time())
                change_status(c, "done", at=done_at.replace(hour=12))
            out.commitments.append(c)
        out.goals.append(Goal(rep=slug, metric="calls", per_week=float(plan.calls)))
        meetings = float(max(2, plan.calls // 12))
        out.goals.append(Goal(rep=slug, metric="meetings", per_week=meetings))
    return out


def generate_home(home: Path, *, reps: int, weeks: int, seed: int, end: date) -> dict[str, Any]:
    """Write one home; returns counts of what was written."""
    rng = random.Random(seed)
    w = Writer(rng)
    banks = load_banks()
    last = shift(week_of(end), -1)
    week_list = [shift(last, -i) for i in range(weeks - 1, -1, -1)]
    roster = make_reps(w, reps, week_list[0])
    history = make_history(w, roster, week_list, banks)

    ensure_dir(home)
    manager = MANAGERS[seed % len(MANAGERS)]
    config = DEFAULT_CONFIG_TEXT.replace('manager: ""', f'manager: "{manager}"', 1)
    atomic_write(home / CONFIG_NAME, config.encode("utf-8"))

    store = Store(home)
    with store.write() as repo:  # the roster
        repo.reps.put_many(p.rep for p in roster)
    with store.write() as repo:  # the history: sessions (index + bodies), commitments, plans
        repo.save_sessions(history.sessions)  # one index rewrite, not one per session
        repo.commitments.put_many(history.commitments)
        repo.plans.put_many(history.plans)
    with store.write() as repo:  # activity metrics and goals
        repo.metrics.put_many(history.metrics)
        repo.goals.put_many(history.goals)
    statuses: dict[str, int] = {}
    for c in history.commitments:
        statuses[c.status] = statuses.get(c.status, 0) + 1
    return {
        "home": str(home),
        "reps": len(roster),
        "weeks": len(week_list),
        "sessions": len(history.sessions),
        "commitments": len(history.commitments),
        "commitment_statuses": statuses,
        "plans": len(history.plans),
        "metrics": len(history.metrics),
        "store_bytes": store.path.stat().st_size,
    }


def _one(args: tuple[Path, int, int, int, date]) -> dict[str, Any]:
    home, reps, weeks, seed, end = args
    return generate_home(home, reps=reps, weeks=weeks, seed=seed, end=end)


def generate_many(
    out: Path, *, stores: int, reps: int, weeks: int, seed: int, end: date, jobs: int
) -> list[dict[str, Any]]:
    """`stores` homes named store-01, store-02, ... under `out`, one seed each."""
    work = [(out / f"store-{i + 1:02d}", reps, weeks, seed + i, end) for i in range(stores)]
    if jobs <= 1:
        return [_one(item) for item in work]
    from multiprocessing import Pool

    with Pool(jobs) as pool:
        return pool.map(_one, work)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="write one home here")
    parser.add_argument("--stores", type=int, default=0, help="write this many homes under --out")
    parser.add_argument("--out", type=Path, help="directory for --stores")
    parser.add_argument("--reps", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", default=DEFAULT_END, help="history ends the week before")
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: cores)")
    parser.add_argument(
        "--big",
        action="store_true",
        help="the 300-rep home of issue 11: --reps 300 --weeks 200 (about 56,000 sessions)",
    )
    args = parser.parse_args(argv)
    if args.big:
        args.reps, args.weeks = 300, 200
    end = date.fromisoformat(args.end)
    began = time.perf_counter()
    if args.stores:
        if not args.out:
            parser.error("--stores needs --out DIR")
        import os

        jobs = args.jobs or os.cpu_count() or 1
        results = generate_many(
            args.out,
            stores=args.stores,
            reps=args.reps,
            weeks=args.weeks,
            seed=args.seed,
            end=end,
            jobs=jobs,
        )
        total = sum(r["sessions"] for r in results)
        print(f"wrote {len(results)} stores, {total:,} sessions, under {args.out}")
    elif args.home:
        stats = generate_home(args.home, reps=args.reps, weeks=args.weeks, seed=args.seed, end=end)
        print(
            f"wrote {args.home}: {stats['reps']} reps, {stats['sessions']:,} sessions, "
            f"{stats['commitments']:,} commitments {stats['commitment_statuses']}, "
            f"{stats['plans']:,} planned slots, {stats['metrics']:,} metric weeks, "
            f"store {stats['store_bytes'] / 1e6:.1f} MB"
        )
    else:
        parser.error("give --home DIR, or --stores K --out DIR")
    print(f"in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

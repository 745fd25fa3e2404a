"""Org exports for the organisation benchmark: N managers x R reps x W weeks, written directly
as `coach export --audience org` files (the same record types and fields; see
docs/jsonl-schema.md), so 500 managers need no 500 coach homes.

    python benchmarks/org_generate.py --managers 500 --out /tmp/org500   # ~1.5 M sessions

Deterministic: the same arguments give the same bytes. Per rep and week: a planned slot, held
~94% (a session of 20-60 minutes on one or two banks, asked/told/observed counts, roles on
joint-call debriefs), missed ~3%, skipped ~3%; two commitments per session, reviewed into
done/partial/missed/dropped/open; weekly funnel counts; the rep's rating of ~60% of sessions;
a measured call now and then and a skill score on a fifth of the sessions (`--plain`: none of
those three). Every key a real export writes is written (a test checks it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

BANKS = {
    "activity-conversion": ["calls->conversations", "conversations->meetings"],
    "deal-strategy": ["opportunities->proposals", "proposals->won"],
    "early-pipeline": ["conversations->meetings", "meetings->opportunities"],
    "new-rep-ramp": ["calls->conversations", "conversations->meetings"],
    "skill-practice": ["calls->conversations", "meetings->opportunities"],
    "stage-conversion": ["meetings->opportunities", "opportunities->proposals", "proposals->won"],
    "weekly-check-in": [],
    "joint-call-debrief": [],
}
ROLES = ["lead", "passive participant", "silent observer"]
STATUSES = ["done"] * 6 + ["partial"] * 2 + ["missed"] * 2 + ["dropped", "open"]
TIERS = ["top", "core", "core", "developing"]
STAGES = ["calls", "conversations", "meetings", "opportunities", "proposals", "won"]
EPOCH = date(1970, 1, 5)


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def manager_file(
    out: Path, index: int, reps: int, weeks: int, end: date, plain: bool = False
) -> int:
    """One manager's export; `plain`: no measured calls, no ratings, no skill scores."""
    rng = random.Random(index * 7919 + 1)
    manager = f"Manager {index:04d}"
    lines: list[str] = []

    def emit(record: dict[str, object]) -> None:
        lines.append(json.dumps({"type": record.pop("type"), "manager": manager, **record}))

    emit(
        {
            "type": "export",
            "schema": "coach-org",
            "schema_version": 1,
            "exported": end.isoformat(),
            "pseudonymized": True,
        }
    )
    for bank, transitions in sorted(BANKS.items()):
        for t in transitions:
            a, _, b = t.partition("->")
            emit({"type": "bank", "bank": bank, "transition": t, "stage_from": a, "stage_to": b})
    first_monday = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks)
    sessions = 0
    for r in range(reps):
        rep = f"rep-{index:04d}{r:02d}{rng.randrange(16**6):06x}"
        emit({"type": "rep", "rep": rep, "name": rep, "tier": TIERS[r % 4], "active": True})
        rates = [rng.uniform(0.15, 0.6) for _ in STAGES[1:]]
        weekday = rng.randrange(5)
        for w in range(weeks):
            monday = first_monday + timedelta(weeks=w)
            day = monday + timedelta(days=weekday)
            label = week_label(monday)
            week_no = (monday - EPOCH).days // 7
            roll = rng.random()
            sid = f"s-{rng.randrange(16**6):06x}{r:02d}{w:03d}"
            held = roll < 0.94
            skipped = roll >= 0.97
            emit(
                {
                    "type": "plan",
                    "week": label,
                    "week_no": week_no,
                    "rep": rep,
                    "start": f"{day.isoformat()}T10:00",
                    "end": f"{day.isoformat()}T10:30",
                    "focus": None,
                    "skipped": skipped,
                    "session": sid if held else None,
                }
            )
            counts = [rng.randint(40, 80)]
            for rate in rates:
                counts.append(int(counts[-1] * rate * rng.uniform(0.8, 1.2)))
            emit(
                {
                    "type": "metric",
                    "rep": rep,
                    "week": label,
                    "week_no": week_no,
                    "counts": [
                        {"stage": s, "count": c} for s, c in zip(STAGES, counts, strict=True)
                    ],
                }
            )
            if not held:
                continue
            sessions += 1
            banks = rng.sample(sorted(BANKS), rng.choice((1, 1, 2)))
            debrief = "joint-call-debrief" in banks
            emit(
                {
                    "type": "session",
                    "id": sid,
                    "rep": rep,
                    "date": day.isoformat(),
                    "week_no": week_no,
                    "minutes": rng.choice((20, 30, 30, 30, 45, 60)),
                    "banks": banks,
                    "asked": rng.randint(3, 10),
                    "told": rng.randint(0, 3),
                    "observed": rng.randint(0, 2),
                    "reviewed": 2,
                    "commitments_made": 2,
                    "roles": [rng.choice(ROLES)] if debrief else [],
                    "plan": f"{label}:{rep}",
                    "useful": None if plain or rng.random() < 0.4 else rng.randint(1, 5),
                }
            )
            for c in range(2):
                due = day + timedelta(days=7)
                emit(
                    {
                        "type": "commitment",
                        "id": f"c-{sid[2:]}{c}",
                        "rep": rep,
                        "due": due.isoformat(),
                        "status": rng.choice(STATUSES) if due <= end else "open",
                        "created": day.isoformat(),
                        "session": sid,
                    }
                )
            if not plain and rng.random() < 0.1:
                emit(_call(rng, sid, rep, day))
            if not plain and rng.random() < 0.2:
                emit(
                    {
                        "type": "score",
                        "rep": rep,
                        "date": day.isoformat(),
                        "scorecard": "discovery",
                        "session": sid,
                        "ratings": [
                            {"skill": s, "rating": rng.randint(1, 5)}
                            for s in ("questions", "listening", "next-step")
                        ],
                    }
                )
    (out / f"org-manager-{index:04d}.jsonl").write_text("\n".join(lines) + "\n")
    return sessions


def _call(rng: random.Random, sid: str, rep: str, day: date) -> dict[str, object]:
    """A measured call (`coach call add`): every key a real export writes."""
    manager = round(rng.uniform(0.2, 0.7), 4)
    rep_share = round((1 - manager) * rng.uniform(0.7, 1.0), 4)
    return {
        "type": "call",
        "id": f"k-{sid[2:]}",
        "rep": rep,
        "date": day.isoformat(),
        "kind": "coaching" if rng.random() < 0.5 else "joint",
        "call_minutes": float(rng.choice((20, 30, 45))),
        "session": sid,
        "manager_share": manager,
        "rep_share": rep_share,
        "other_share": round(1 - manager - rep_share, 4),
        "manager_role": rng.choice(ROLES),
        "manager_questions_per_statement": round(rng.uniform(0.1, 1.5), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--managers", type=int, default=500)
    parser.add_argument("--reps", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--end", default="2026-11-23")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--plain", action="store_true", help="no measured calls, ratings or skill scores"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    end = date.fromisoformat(args.end)
    with ProcessPoolExecutor(args.jobs) as pool:
        total = sum(
            pool.map(
                manager_file,
                [args.out] * args.managers,
                range(args.managers),
                [args.reps] * args.managers,
                [args.weeks] * args.managers,
                [end] * args.managers,
                [args.plain] * args.managers,
            )
        )
    sys.stdout.write(f"{args.managers} org exports, {total:,} sessions, in {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time between questions in an interactive session, with a 3,000-session store.

    python benchmarks/session_latency.py [--work DIR] [--rounds N] [--json]

Typing into a session must never wait on the store: the store is read once before the first
prompt, and each answer rewrites only the small draft file. This drives the real session flow
(core.session) with a prompter that answers at once, on a home written by generate.py (12 reps x
260 weeks, about 3,000 sessions), and reports the time from one prompt returning to the next
prompt being shown: everything the flow does between questions (validation, the timer, the
draft write with its fsync). Target: under 50 ms. Also reported: the time to the first prompt
(one store read) and the final save (one store write).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.generate import generate_home  # noqa: E402
from coachcli.core import drafts  # noqa: E402
from coachcli.core import session as flow  # noqa: E402
from coachcli.store.repository import Store  # noqa: E402

TARGET_MS = 50.0
TODAY = date(2026, 11, 24)


class TimingPrompter:
    """Answers every prompt at once and records when each prompt is called and returns."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.returns: list[float] = []
        self.made = 0

    def _in(self) -> None:
        self.calls.append(time.perf_counter())

    def _out(self) -> None:
        self.returns.append(time.perf_counter())

    def note(self, text: str, *, style: str = "") -> None:
        pass

    def text(
        self, message: str, *, hint: str | None = None, default: str = "", validate: Any = None
    ) -> str:
        self._in()
        if message.startswith("Commitment"):
            self.made += 1
            answer = "Book the discovery workshop with the ops lead" if self.made <= 2 else ""
        elif message.startswith("By when"):
            answer = default
        else:
            answer = "A few sentences in the rep's own words about the deal and the next step."
        if validate is not None and validate(answer) is not None:
            answer = "3"  # a scale question
            assert validate(answer) is None, (message, answer)
        self._out()
        return answer

    def select(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        self._in()
        answer = default or options[0][0]
        self._out()
        return answer

    def confirm(self, message: str, *, default: bool = True) -> bool:
        self._in()
        self._out()
        return True

    def gaps_ms(self) -> list[float]:
        return [(c - r) * 1000 for r, c in zip(self.returns, self.calls[1:], strict=False)]


def measure(home: Path, rep: str, bank: str) -> dict[str, Any]:
    prompter = TimingPrompter()
    begin = time.perf_counter()
    original_save = flow.save
    saved_at: list[float] = []

    def timed_save(*args: Any, **kwargs: Any) -> Any:
        saved_at.append(time.perf_counter())
        result = original_save(*args, **kwargs)
        saved_at.append(time.perf_counter())
        return result

    flow.save = timed_save  # type: ignore[assignment]
    try:
        drafts.discard_draft(home, rep)
        result = flow.start_interactive(
            Store(home), home, rep, today=TODAY, prompter=prompter, banks=[bank]
        )
    finally:
        flow.save = original_save  # type: ignore[assignment]
    assert result is not None
    gaps = prompter.gaps_ms()
    return {
        "prompts": len(prompter.calls),
        "gap_median_ms": statistics.median(gaps),
        "gap_p95_ms": sorted(gaps)[int(len(gaps) * 0.95) - 1],
        "gap_max_ms": max(gaps),
        "first_prompt_ms": (prompter.calls[0] - begin) * 1000,
        "save_ms": (saved_at[1] - saved_at[0]) * 1000,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="keep the generated home here")
    parser.add_argument("--rounds", type=int, default=3, help="sessions to time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="coach-session-bench-"))
    home = work / "home"
    if not (home / "coach.json").exists():
        info = generate_home(home, reps=12, weeks=260, seed=1, end=date(2026, 11, 23))
        print(f"generated {info['sessions']} sessions in {home}", file=sys.stderr)
    repo = Store(home).read()
    rep = sorted(r.slug for r in repo.reps.all())[0]
    sessions = len(repo.sessions)
    runs = [measure(home, rep, "weekly-checkin") for _ in range(args.rounds)]
    worst = max(r["gap_max_ms"] for r in runs)
    report = {
        "sessions_in_store": sessions,
        "runs": runs,
        "gap_max_ms": worst,
        "target_ms": TARGET_MS,
        "verdict": "PASS" if worst < TARGET_MS else "MISS",
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"store: {sessions} sessions; {runs[0]['prompts']} prompts per session")
        for i, r in enumerate(runs, 1):
            print(
                f"run {i}: between questions median {r['gap_median_ms']:.2f} ms, "
                f"p95 {r['gap_p95_ms']:.2f} ms, max {r['gap_max_ms']:.2f} ms; "
                f"first prompt {r['first_prompt_ms']:.0f} ms; save {r['save_ms']:.0f} ms"
            )
        print(f"target < {TARGET_MS:.0f} ms between questions: {report['verdict']}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

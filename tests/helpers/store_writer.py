"""A writer that loops over store transactions until it is killed.

    python tests/helpers/store_writer.py HOME START COUNT

Each transaction adds rep `writer-N`, its commitment and a session (index row and body file)
together, with contents the test can predict, so a half-written transaction would show.
Prints `ready` once the imports are done, so the kills land in writes, not in start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coachcli.core.models import Answer, Commitment, Rep, Session, StatusChange
from coachcli.store.repository import Store

BASE = 0xA00000


def expected_rep(n: int) -> Rep:
    # A long note makes the transaction big enough to be caught mid-write.
    return Rep(name=f"Writer {n}", slug=f"writer-{n}", tier="core", notes=f"note {n} " * 400)


def expected_commitment(n: int) -> Commitment:
    return Commitment(
        id=f"c-{BASE + n:06x}",
        rep=f"writer-{n}",
        text=f"Commitment number {n}",
        due="2026-12-04",
        created="2026-11-23",
        history=[StatusChange(at="2026-11-23T10:00", status="open")],
    )


def expected_session(n: int) -> Session:
    return Session(
        id=f"s-{BASE + n:06x}",
        rep=f"writer-{n}",
        date="2026-11-23",
        asked=1,
        commitments=[expected_commitment(n).id],
        answers=[Answer(question_id="wins", ask="What went well?", answer=f"answer {n} " * 200)],
        notes=f"private notes {n}",
    )


def main(argv: list[str]) -> int:
    home, start, count = Path(argv[0]), int(argv[1]), int(argv[2])
    store = Store(home)
    import filelock  # noqa: F401  (what the first write would import, so kills land in writes)

    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for n in range(start, start + count):
        with store.write() as repo:
            repo.reps.put(expected_rep(n))
            repo.commitments.put(expected_commitment(n))
            repo.save_session(expected_session(n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""A writer that loops over store transactions until it is killed.

    python tests/helpers/store_writer.py HOME START COUNT

Each transaction adds rep `writer-N` and commitment `expected_commitment(N).id` together, with
contents the test can predict, so a half-written transaction would show. Prints `ready` once
the imports are done, so the test's kill lands during writes rather than during start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

from coachcli.core.models import Commitment, Rep, StatusChange
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Add COUNT reps named "PREFIX i", one locked transaction each, as `coach rep add` does.

    python tests/helpers/cli_loop.py PREFIX COUNT

Uses the roster and store functions the command calls (without Typer's per-call start-up, so
two of these contend for the lock far more often). Stops at the first expected error, prints
it as the app would, and exits with its code (3 when the store stayed locked).
"""

from __future__ import annotations

import sys

from coachcli.core import roster
from coachcli.errors import CoachError
from coachcli.services.home import resolve_home
from coachcli.store.repository import Store


def main() -> int:
    prefix, count = sys.argv[1], int(sys.argv[2])
    store = Store(resolve_home())
    try:
        for i in range(count):
            rep = roster.new_rep(f"{prefix} {i}", created="2026-11-23")
            with store.write() as repo:
                roster.check_new(repo.reps.all(), rep)
                repo.reps.put(rep)
    except CoachError as exc:
        sys.stderr.write(f"coach: error: {exc.message}\n")
        return int(exc.exit_code)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

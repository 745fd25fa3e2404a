"""CPU time and peak memory of reading each hostile calendar (target about 2 s, < 200 MB).

The calendars are the ones tests/test_calendar_bounds.py and tests/test_calendar_rule_walk.py
generate (tests/helpers/hostile_ics.py); each is read by `coachcli.inputs.calendar.read_busy`
in its own process, as `plan week --busy` reads it, 3 times; the median CPU (user + system of
that process) and the largest peak RSS (VmHWM) are printed. The tests only check the stop
the README promises (10 s); the figure the README quotes is measured here.

    python benchmarks/hostile_calendars.py [--runs 3] [KIND ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers.hostile_ics import HOSTILE, hostile  # noqa: E402

READ = """
import resource, sys
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo
from coachcli.errors import CoachError
from coachcli.inputs.calendar import read_busy
try:
    read_busy(Path(sys.argv[1]), date(2026, 11, 30), date(2026, 12, 6), ZoneInfo("Europe/Berlin"))
    what = "read"
except CoachError:
    what = "refused"
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = 0
with open("/proc/self/status", encoding="ascii") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
print(usage.ru_utime + usage.ru_stime, peak, what)
"""


def measure(path: Path) -> tuple[float, int, str]:
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, check=True
    )
    cpu, peak, what = done.stdout.split()
    return float(cpu), int(peak), what


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("kinds", nargs="*", default=HOSTILE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            path = Path(tmp) / f"{kind}.ics"
            path.write_text(hostile(kind), encoding="utf-8", newline="")
            runs = [measure(path) for _ in range(args.runs)]
            cpu = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs) // 1024
            verdict = "pass" if cpu <= 2.0 and peak < 200 else "MISS"
            print(
                f"{kind:15} {path.stat().st_size / 1e6:6.1f} MB  {runs[0][2]:8}  "
                f"CPU {cpu:5.2f} s  peak {peak:4} MiB  {verdict}"
            )


if __name__ == "__main__":
    main()

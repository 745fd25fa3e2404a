"""Time `coach crm import` on a Salesforce activities export (target < 5 s for 200,000 rows;
memory flat: at most 300 MiB whatever the size, up to the 256 MB cap).

Generates the export (quoted fields, US dates, 12 owners of whom 10 are reps; `--emoji` puts
one in every subject, as the issue's 60 MB export had), then runs the installed `coach crm
import` as a whole process in a fresh home, `--runs` times; prints the median wall time and
the largest peak RSS (`wait4` of the child, from a small forking parent).

    python benchmarks/crm.py [--rows 200000] [--emoji] [--runs 3]
    python benchmarks/crm.py --rows 2500000 --runs 1      # about 240 MB
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from process import measure

REPS = [f"Rep Number{i}" for i in range(10)]
OWNERS = [*REPS, "Pat Jones", "Lee Unknown"]
TYPES = ["Call"] * 6 + ["Email"] * 3 + ["Meeting"]
RESULTS = ["Connected", "Left Voicemail", "No Answer", ""]


def write_export(path: Path, rows: int, *, emoji: bool = False, seed: int = 1) -> None:
    """The export, written a block at a time (a 240 MB file is never one string here)."""
    rng = random.Random(seed)
    start = date(2025, 12, 1)
    mark = " \U0001f4de" if emoji else ""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('"Assigned","Subject","Date","Type","Call Result","Company / Account","Status"')
        block = []
        for i in range(rows):
            day = start + timedelta(days=rng.randrange(364))
            kind = rng.choice(TYPES)
            result = rng.choice(RESULTS) if kind == "Call" else ""
            block.append(
                f'\r\n"{rng.choice(OWNERS)}","{kind}: touch {i}{mark}","{day:%m/%d/%Y}","{kind}",'
                f'"{result}","Account {i % 997}, Inc.","Completed"'
            )
            if len(block) == 10_000:
                out.write("".join(block))
                block = []
        out.write("".join(block) + "\r\n")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one process (it must succeed)."""
    seconds, mib, code = measure(args, env)
    if code != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return seconds, mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--emoji", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    coach = str(Path(sys.executable).with_name("coach"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.csv"
        write_export(path, args.rows, emoji=args.emoji)
        times, peaks = [], []
        for run in range(args.runs):
            home = Path(tmp) / f"home{run}"
            env = {**os.environ, "COACH_HOME": str(home)}
            for name in REPS:
                add = [coach, "rep", "add", name]
                subprocess.run(add, env=env, check=True, capture_output=True)
            seconds, mib = timed([coach, "crm", "import", str(path)], env)
            times.append(seconds)
            peaks.append(mib)
        size = path.stat().st_size
    median = statistics.median(times)
    verdict = "pass" if median < 5 * max(1, args.rows / 200_000) and max(peaks) <= 300 else "MISS"
    print(
        f"{args.rows:,} rows ({size / 1e6:.1f} MB{', an emoji a row' if args.emoji else ''}): "
        f"median {median:.2f} s over {args.runs} imports, peak {max(peaks):.0f} MiB "
        f"(target < 5 s per 200,000 rows, <= 300 MiB): {verdict}"
    )


if __name__ == "__main__":
    main()

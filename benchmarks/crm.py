"""Time `coach crm import` on a 200,000-row Salesforce activities export (target < 5 s).

Generates the export (quoted fields, US dates, 12 owners of whom 10 are reps), then runs the
installed `coach crm import` as a whole process in a fresh home, 3 times; prints the median.

    python benchmarks/crm.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPS = [f"Rep Number{i}" for i in range(10)]
OWNERS = [*REPS, "Pat Jones", "Lee Unknown"]
TYPES = ["Call"] * 6 + ["Email"] * 3 + ["Meeting"]
RESULTS = ["Connected", "Left Voicemail", "No Answer", ""]


def export(rows: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    start = date(2025, 12, 1)
    out = ['"Assigned","Subject","Date","Type","Call Result","Company / Account","Status"']
    for i in range(rows):
        day = start + timedelta(days=rng.randrange(364))
        kind = rng.choice(TYPES)
        result = rng.choice(RESULTS) if kind == "Call" else ""
        out.append(
            f'"{rng.choice(OWNERS)}","{kind}: touch {i}","{day:%m/%d/%Y}","{kind}",'
            f'"{result}","Account {i % 997}, Inc.","Completed"'
        )
    return "\r\n".join(out) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.csv"
        path.write_text(export(args.rows), encoding="utf-8")
        times = []
        for run in range(3):
            home = Path(tmp) / f"home{run}"
            env = {**os.environ, "COACH_HOME": str(home)}
            for name in REPS:
                subprocess.run(
                    ["coach", "rep", "add", name], env=env, check=True, capture_output=True
                )
            began = time.perf_counter()
            subprocess.run(
                ["coach", "crm", "import", str(path)], env=env, check=True, capture_output=True
            )
            times.append(time.perf_counter() - began)
        size = path.stat().st_size
    median = statistics.median(times)
    verdict = "pass" if median < 5 else "MISS"
    print(
        f"{args.rows:,} rows ({size / 1e6:.1f} MB): median {median:.2f} s over 3 imports "
        f"(target < 5 s): {verdict}"
    )


if __name__ == "__main__":
    main()

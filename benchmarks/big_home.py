"""Every command on the 300-rep home (issue 11): wall time and peak memory of each, as whole
processes, against the targets (1.5 s and 300 MiB; a whole export streams in 30 s; `rep forget`,
which rewrites the store and every backup, takes 3 s).

    python benchmarks/generate.py --big --home /tmp/coach-big      # once: about 5 minutes
    python benchmarks/big_home.py /tmp/coach-big                    # a copy is measured
    python benchmarks/big_home.py /tmp/coach-big report "session list"   # only these

The home is copied first (commands write to it). Peak memory is the child's peak RSS as
`wait4` reports it; the process that forks is small, so it does not inflate the figure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from process import measure

TODAY = "2026-11-30"
TARGET_S, TARGET_MIB, EXPORT_S = 1.5, 300, 30.0
FORGET_S = 3.0  # `rep forget` rewrites the store and its five backups (issue 19)


def commands(first_rep: str, answers: Path, export: Path) -> list[list[str]]:
    out = export.parent
    return [
        ["rep", "list", "--json"],
        ["rep", "add", "Zed Newcomer"],
        ["plan", "week", "--today", TODAY, "--json"],
        ["session", "list", first_rep, "--json"],
        ["session", "start", first_rep, "--answers", str(answers), "--today", TODAY],
        ["commit", "list", "--json"],
        ["remind", "--today", TODAY, "--json"],
        ["stats", "--today", TODAY, "--json"],
        ["metrics", "show", "--today", TODAY, "--json"],
        ["session", "list", "--json"],
        ["session", "list"],
        ["export", "--audience", "org", "-o", str(out / "org.jsonl")],
        ["report", "-o", str(out / "report.html"), "--today", TODAY, "--force"],
        ["rep", "export-data", first_rep, "-o", str(out / "rep.json")],
        ["export", "--format", "jsonl", "-o", str(export)],
        ["rep", "forget", first_rep, "--yes"],  # last: it erases the rep the others use
    ]


def run(coach: str, args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one `coach ARGS` process."""
    return measure([coach, *args], env)


def main() -> int:
    source = Path(sys.argv[1])
    coach = str(Path(sys.executable).with_name("coach"))
    with tempfile.TemporaryDirectory() as work:
        home = Path(work) / "home"
        shutil.copytree(source, home, symlinks=True)
        env = dict(os.environ, COACH_HOME=str(home), NO_COLOR="1")
        listed = subprocess.run(
            [coach, "rep", "list", "--json"], env=env, capture_output=True, check=True
        )
        first = json.loads(listed.stdout)[0]["slug"]
        answers = Path(work) / "answers.yaml"
        answers.write_text("bank: weekly-checkin\nanswers: {}\n", encoding="utf-8")
        # Untimed: the first write moves a store written by an older coach to the one-table-
        # per-line layout (once per home; it then costs what `rep add` cost before).
        run(coach, ["rep", "add", "Warm Up"], env)
        rows = []
        only = sys.argv[2:]
        for args in commands(first, answers, Path(work) / "export.jsonl"):
            if only and not any(" ".join(args).startswith(o) for o in only):
                continue
            seconds, mib, code = run(coach, args, env)
            limit = {"export": EXPORT_S, "rep forget": FORGET_S}.get(" ".join(args[:2]), TARGET_S)
            ok = code == 0 and seconds <= limit and mib <= TARGET_MIB
            rows.append((" ".join(args[:2]), seconds, mib, "pass" if ok else "MISS"))
            print(f"{' '.join(args)[:58]:58} {seconds:6.2f} s {mib:6.0f} MiB  {rows[-1][3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

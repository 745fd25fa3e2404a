"""Time to the first question of an interactive session, in a pseudo-terminal (target ≤ 0.25 s).

Spawns the installed `coach session start REP` in a pty (pexpect) on a copy of the first
generated benchmark home (about 3,000 sessions) and measures the wall time from spawn until
questionary draws its first prompt (`? …`). Then it presses Ctrl-C: nothing was typed, so
nothing is kept. Median of N runs (default 9) after one untimed warm-up, beside the median of
`python -c pass` runs paired with them, and the median CPU time (user + system) the process
had used when its first question was drawn (from /proc, in clock ticks; elsewhere the CPU of
the whole run, Ctrl-C and exit included).
Python's bytecode caches are used as in a real install: PYTHONDONTWRITEBYTECODE is dropped
from the child's environment (with it, every run compiles coach from source: ~20 ms more).

    python benchmarks/first_question.py [-n N] [--work DIR | --home DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 0.25
FIRST_PROMPT = r"\?(\x1b\[[0-9;]*m)* \S"  # questionary's qmark, styled, then the question


def first_question(coach: str, home: Path, rep: str, today: str) -> tuple[float, float]:
    """Seconds to the first prompt, and the CPU seconds of the whole run."""
    import resource

    import pexpect

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env.update(COACH_HOME=str(home), TERM="xterm-256color", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    began = time.perf_counter()
    child = pexpect.spawn(
        coach,
        ["session", "start", rep, "--today", today],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )
    child.expect(FIRST_PROMPT)
    seconds = time.perf_counter() - began
    cpu = _cpu_so_far(child.pid)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus not in (130, None) and child.signalstatus is None:
        raise SystemExit(f"coach exited {child.exitstatus} after Ctrl-C:\n{child.before}")
    if cpu is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def _cpu_so_far(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux /proc), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def python_pass() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    import run  # the benchmark stores and the console script, as run.py finds them

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=9)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "coach-bench")
    parser.add_argument("--today", default=run.TODAY)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--home", type=Path, help="time on a copy of this home instead")
    args = parser.parse_args(argv)
    homes = [args.home] if args.home else run.ensure_stores(args.work)
    coach = str(run.coach_executable())
    with tempfile.TemporaryDirectory() as tmp:
        home = run.fresh_copy(homes[0], Path(tmp) / "home")
        rep = run.rep_slugs(home)[0]
        first_question(coach, home, rep, args.today)  # warm-up: page cache, .pyc files
        times, cpus, baseline = [], [], []
        for _ in range(args.n):
            baseline.append(python_pass())
            seconds, cpu = first_question(coach, home, rep, args.today)
            times.append(seconds)
            cpus.append(cpu)
    median, base = statistics.median(times), statistics.median(baseline)
    cpu_median = statistics.median(cpus)
    verdict = "PASS" if median <= TARGET_S else "MISS"
    if args.json:
        doc = {"median_s": median, "cpu_s": cpu_median, "python_pass_s": base, "samples": times}
        print(json.dumps(doc))
    else:
        print(
            f"time to the first question: {median:.3f} s median of {args.n} "
            f"({median / base:.1f}x `python -c pass` {base:.3f} s; CPU {cpu_median:.3f} s), "
            f"target <= {TARGET_S} s: "
            f"{verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time coach's main commands as whole processes, against `python -c pass` and the targets.

    python benchmarks/run.py [--quick] [-n N] [--json] [--work DIR] [--today D] [--strict]

Generated homes (benchmarks/generate.py: 20 stores of 12 reps x 260 weeks, about 3,000
sessions each) are cached under --work (default: a directory in the system temp dir) and
regenerated when generate.py changes. Each timed command runs N times (default 15, 5 with
--quick) after one untimed warm-up run; the figure is the median wall time of the whole
process, with its ratio to the median of `python -c pass` runs made just before each of its
runs (so both see the same load), the target beside it, and PASS or MISS. A command that
does not exist yet prints "n/a (not built yet)" instead of failing, so this script keeps
working while features land. Peak memory is the peak RSS of one more run (wait4, from a
small launcher). The time between questions is measured in-process, through
coachcli.services.sessions with a scripted prompter.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-23"  # generate.py's default end: a Monday, the day `plan week` is run
STORES = 20
REPS = 12
WEEKS = 260
MiB = 1024 * 1024


@dataclass
class Figure:
    name: str
    target: str
    median: float | None = None  # seconds
    ratio: float | None = None  # median / median of `python -c pass`
    peak_mib: float | None = None
    verdict: str = "n/a"  # PASS, MISS, n/a, ERROR
    note: str = ""
    samples: list[float] = field(default_factory=list)


@dataclass
class Run:
    seconds: float
    code: int
    stdout: bytes
    stderr: bytes


def coach_executable() -> Path:
    """The installed console script beside this interpreter (the one users run)."""
    name = "coach.exe" if os.name == "nt" else "coach"
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return beside
    found = shutil.which("coach")
    if not found:
        raise SystemExit("no `coach` console script: run `pip install -e .` first")
    return Path(found)


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """One whole process: wall time from spawn until it is reaped, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.run(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        seconds = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        return Run(seconds, proc.returncode, out.read(), err.read())


# Linux counts the parent's memory at fork in the child's peak RSS, so the child is started
# by this small interpreter rather than by the benchmark process (which holds much more).
_PEAK_WRAPPER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
scale = 1 if sys.platform == "darwin" else 1024
print(proc.returncode, usage.ru_maxrss * scale)
"""


def peak_rss(argv: Sequence[str], env: dict[str, str]) -> int | None:
    """Peak resident memory of one run of `argv`, in bytes (None where wait4 is missing)."""
    if not hasattr(os, "wait4"):  # pragma: no cover - Windows
        return None
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[1])


def not_built(run: Run) -> bool:
    """Click's usage errors for a missing command or option: the feature is not there yet."""
    text = run.stderr.decode("utf-8", "replace")
    return run.code == 2 and ("No such command" in text or "No such option" in text)


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(COACH_HOME=str(home), NO_COLOR="1", COLUMNS="120", COACH_LOCK_TIMEOUT="30")
    return env


def first_line(data: bytes) -> str:
    lines = data.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:160] if lines else ""


class Bench:
    def __init__(self, repeat: int, work: Path, today: str) -> None:
        self.repeat = repeat
        self.work = work
        self.today = today
        self.coach = str(coach_executable())
        self.baseline: float = 0.0
        self.pass_argv = [sys.executable, "-c", "pass"]
        self.pass_samples: list[float] = []
        self.figures: list[Figure] = []

    # measuring --------------------------------------------------------------------------
    def measure(
        self,
        name: str,
        target: str,
        argv: Sequence[str],
        env: dict[str, str],
        *,
        limit_s: float | None = None,
        limit_ratio: float | None = None,
        limit_mib: float | None = None,
        check: Callable[[Run], str | None] | None = None,
        vary: Callable[[int], Sequence[str]] | None = None,
    ) -> Figure:
        """Warm up once (and check the output is real), then time `repeat` runs."""
        figure = Figure(name, target)
        self.figures.append(figure)
        warm = run_once(vary(-1) if vary else argv, env)
        if not_built(warm):
            figure.note = "not built yet"
            return figure
        problem = None if warm.code == 0 else f"exit {warm.code}: {first_line(warm.stderr)}"
        if problem is None and check is not None:
            problem = check(warm)
        if problem:
            figure.verdict = "n/a" if problem.startswith("stub") else "ERROR"
            figure.note = problem
            return figure
        # Each run is paired with a `python -c pass` just before it, so the ratio compares
        # runs made under the same load (the machine may be shared).
        runs, paired = [], []
        for i in range(self.repeat):
            paired.append(run_once(self.pass_argv, env).seconds)
            runs.append(run_once(vary(i) if vary else argv, env))
        self.pass_samples.extend(paired)
        failed = [r for r in runs if r.code != 0]
        if failed:
            figure.verdict = "ERROR"
            figure.note = f"exit {failed[0].code}: {first_line(failed[0].stderr)}"
            return figure
        figure.samples = [r.seconds for r in runs]
        figure.median = statistics.median(figure.samples)
        figure.ratio = figure.median / statistics.median(paired)
        peak = peak_rss(vary(0) if vary else argv, env)
        figure.peak_mib = None if peak is None else peak / MiB
        ok = True
        if limit_s is not None:
            ok = ok and figure.median <= limit_s
        if limit_ratio is not None and figure.ratio is not None:
            ok = ok and figure.ratio <= limit_ratio
        if limit_mib is not None and figure.peak_mib is not None:
            ok = ok and figure.peak_mib < limit_mib
        figure.verdict = "PASS" if ok else "MISS"
        return figure

    def python_baseline(self) -> Figure:
        """The first row: `python -c pass`; its figure is updated with every paired run."""
        env = base_env(self.work)
        run_once(self.pass_argv, env)
        self.pass_samples.extend(run_once(self.pass_argv, env).seconds for _ in range(self.repeat))
        figure = Figure("python -c pass", "baseline", verdict="-")
        self.figures.append(figure)
        self.settle_baseline(figure)
        return figure

    def settle_baseline(self, figure: Figure) -> None:
        figure.samples = list(self.pass_samples)
        figure.median = self.baseline = statistics.median(self.pass_samples)
        figure.ratio = 1.0


# checks that tell a stub from the real thing ----------------------------------------------


def expect_json(run: Run) -> str | None:
    if not run.stdout.strip():
        return "stub (no output yet)"
    try:
        json.loads(run.stdout)
    except ValueError:
        return "stub (output is not JSON yet)"
    return None


def expect_output(run: Run) -> str | None:
    if not (run.stdout.strip() or run.stderr.strip()):
        return "stub (no output yet)"
    return None


def expect_version(run: Run) -> str | None:
    return (
        None
        if run.stdout.startswith(b"coach ")
        else f"unexpected output {first_line(run.stdout)!r}"
    )


# the generated homes ------------------------------------------------------------------------


def _generator_stamp() -> str:
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]
    return f"{digest}-{STORES}x{REPS}x{WEEKS}"


def ensure_stores(work: Path) -> list[Path]:
    """The cached generated stores, regenerated when generate.py changed."""
    stamp_file = work / "STAMP"
    homes = [work / "stores" / f"store-{i + 1:02d}" for i in range(STORES)]
    if stamp_file.exists() and stamp_file.read_text() == _generator_stamp():
        return homes
    shutil.rmtree(work / "stores", ignore_errors=True)
    print(f"generating {STORES} stores under {work} (once; cached) ...", file=sys.stderr)
    began = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--stores",
            str(STORES),
            "--out",
            str(work / "stores"),
            "--reps",
            str(REPS),
            "--weeks",
            str(WEEKS),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stamp_file.write_text(_generator_stamp())
    print(f"generated in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return homes


def fresh_copy(source: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, symlinks=True)
    return dest


def answers_file(path: Path) -> Path:
    """An answers file for `session start --answers`, from a shipped bank's real questions."""
    sys.path.insert(0, str(HERE))
    from generate import load_banks  # type: ignore[import-not-found]

    bank = load_banks()["weekly-checkin"]
    lines = ["bank: weekly-checkin", "minutes: 28", "answers:"]
    for q in bank.questions:
        if q.type == "text":
            text = f"Benchmark answer to {q.id}: we talked it through and agreed a next step."
            lines.append(f"  {q.id}: {json.dumps(text)}")
        elif q.type == "scale":
            lines.append(f"  {q.id}: {q.low}")
        elif q.type == "choice" and q.choices:
            lines.append(f"  {q.id}: {json.dumps(q.choices[0])}")
        elif q.type == "confirm":
            lines.append(f"  {q.id}: true")
    lines += [
        "tells:",
        '  - "Open with the agenda."',
        "commitments:",
        '  - text: "Book two discovery calls"',
        f"    due: {TODAY}",
        '    measure: "Calls in the CRM"',
        'notes: "Benchmark session."',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rep_slugs(home: Path) -> list[str]:
    data = json.loads((home / "coach.json").read_bytes())
    return sorted(data.get("reps", {}))


# the interactive session, measured in-process ---------------------------------------------


class TimingPrompter:
    """A scripted prompter that answers at once and records the gap before each question.

    The gap is the time from handing back one answer to being asked the next question: what
    the manager would wait for while the flow records the answer (draft write included).
    """

    MAX_PROMPTS = 1000

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last: float | None = None
        self.prompts = 0

    def _asked(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self.prompts += 1
        if self.prompts > self.MAX_PROMPTS:
            raise RuntimeError("the session kept asking; the scripted answers do not fit it")

    def _answered(self) -> None:
        self._last = time.perf_counter()

    def note(self, text: str, *, style: str = "") -> None:
        pass

    def text(
        self,
        message: str,
        *,
        hint: str | None = None,
        default: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> str:
        self._asked()
        answer = "We talked it through; next I will call the ops lead and book the workshop."
        if message.startswith("Commitment ") and not message.startswith(
            ("Commitment 1", "Commitment 2")
        ):
            answer = ""  # two commitments, then an empty line ends the list
        elif message.startswith("By when"):
            answer = default
        if validate is not None and validate(answer) is not None:
            answer = default if validate(default) is None else ""
        self._answered()
        return answer

    def select(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        self._asked()
        values = [value for value, _ in options if not value.startswith("/")]
        pick = "done" if "done" in values else default if default in values else values[0]
        self._answered()
        return pick

    def confirm(self, message: str, *, default: bool = True) -> bool:
        self._asked()
        self._answered()
        return True


def interactive_latency(home: Path, today: str) -> tuple[list[float], list[float], str]:
    """Gaps between questions of one interactive session on `home`, through the session API,
    and the time of its save at the end (the one locked store write).

    Returns (gaps in seconds, save times, note); nothing and a note when the module is absent.
    """
    try:
        from coachcli.services import sessions as flow
    except ImportError:
        return [], [], "not built yet"
    if not hasattr(flow, "start_interactive"):
        return [], [], "not built yet (no core.session.start_interactive)"
    from datetime import date

    prompter = TimingPrompter()
    slug = rep_slugs(home)[0]
    saves: list[float] = []
    real_save = flow.save_and_clear

    def timed_save(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real_save(*args, **kwargs)
        finally:
            saves.append(time.perf_counter() - start)

    flow.save_and_clear = timed_save  # type: ignore[assignment]
    try:
        flow.start_interactive(home, slug, today=date.fromisoformat(today), prompter=prompter)
    finally:
        flow.save_and_clear = real_save  # type: ignore[assignment]
    return prompter.gaps, saves, f"{len(prompter.gaps)} gaps"


# the report ----------------------------------------------------------------------------------


def fmt_seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f} s"


def print_report(bench: Bench, header: dict[str, Any]) -> None:
    print(
        f"coach benchmarks: python {header['python']} on {header['platform']}, "
        f"{header['cpus']} CPUs, {header['repeat']} runs each (median), "
        f"coach {header['coach_version']}"
    )
    print(f"stores: {header['stores']}")
    print()
    print(f"{'what':<46} {'median':>9} {'x pass':>7} {'peak':>9}  {'target':<34} verdict")
    for f in bench.figures:
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        peak = "-" if f.peak_mib is None else f"{f.peak_mib:.0f} MiB"
        verdict = f.verdict
        if verdict == "n/a":
            verdict = f"n/a ({f.note})" if f.note else "n/a"
        elif f.note:
            verdict = f"{verdict} ({f.note})"
        median = fmt_seconds(f.median)
        if f.name.startswith("time between questions") and f.median is not None:
            median = f"{f.median * 1000:.1f} ms"
        print(f"{f.name:<46} {median:>9} {ratio:>7} {peak:>9}  {f.target:<34} {verdict}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--repeat", type=int, default=15, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="5 runs per command")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--work", type=Path, help="where generated stores are cached")
    parser.add_argument("--today", default=TODAY, help="the --today given to dated commands")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any MISS or ERROR")
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else args.repeat
    work = args.work or Path(tempfile.gettempdir()) / "coach-bench"
    work.mkdir(parents=True, exist_ok=True)

    homes = ensure_stores(work)
    scratch = work / "scratch"
    main_home = fresh_copy(homes[0], scratch / "home")
    sessions = len(json.loads((main_home / "coach.json").read_bytes()).get("sessions", {}))
    total = sum(len(json.loads((h / "coach.json").read_bytes()).get("sessions", {})) for h in homes)
    bench = Bench(repeat, work, args.today)
    coach = bench.coach
    env = base_env(main_home)
    version = run_once([coach, "--version"], env).stdout.decode().strip()
    header = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "repeat": repeat,
        "coach_version": version.removeprefix("coach "),
        "stores": f"1 home of {sessions:,} sessions; rollup of {len(homes)} stores, "
        f"{total:,} sessions",
    }
    today = args.today

    baseline = bench.python_baseline()
    bench.measure(
        "coach --version",
        "<= 1.3x python -c pass",
        [coach, "--version"],
        env,
        limit_ratio=1.3,
        check=expect_version,
    )
    bench.measure(
        "coach --help", "<= 0.12 s", [coach, "--help"], env, limit_s=0.12, check=expect_output
    )
    bench.measure(
        f"plan week --json ({sessions:,} sessions)",
        "<= 0.35 s",
        [coach, "plan", "week", "--today", today, "--json"],
        env,
        limit_s=0.35,
        check=expect_json,
    )
    bench.measure(
        f"remind ({sessions:,} sessions)",
        "<= 0.35 s",
        [coach, "remind", "--today", today],
        env,
        limit_s=0.35,
        check=lambda r: expect_json(run_once([coach, "remind", "--today", today, "--json"], env)),
    )
    stores = [a for h in homes for a in ("--store", str(h))]
    bench.measure(
        f"stats rollup ({len(homes)} stores, {total:,} sessions)",
        "<= 1.5 s, < 300 MiB",
        [coach, "stats", "--today", today, "--json", *stores],
        env,
        limit_s=1.5,
        limit_mib=300,
        check=expect_json,
    )
    answers = answers_file(scratch / "answers.yaml")
    slugs = rep_slugs(main_home)
    bench.measure(
        f"session start --answers ({sessions:,} sessions)",
        "<= 0.4 s",
        [coach, "session", "start", slugs[0], "--answers", str(answers), "--today", today],
        env,
        limit_s=0.4,
        vary=lambda i: [
            coach,
            "session",
            "start",
            slugs[i % len(slugs)],
            "--answers",
            str(answers),
            "--today",
            today,
        ],
    )
    # Shell completion (issue 13.6): what one Tab press costs, through the same environment
    # variables the installed bash script sets.
    for words, what in (
        (f"coach session start {slugs[0][:2]}", "rep"),
        ("coach session show s-", "session id"),
        ("coach commit done c-", "commitment id"),
    ):
        complete_env = dict(
            env,
            _COACH_COMPLETE="complete_bash",
            COMP_WORDS=words,
            COMP_CWORD=str(len(words.split()) - 1),
        )
        bench.measure(
            f"completion of a {what} ({sessions:,} sessions)",
            "<= 0.15 s",
            [coach],
            complete_env,
            limit_s=0.15,
            check=expect_output,
        )
    bench.settle_baseline(baseline)
    figure = Figure("time between questions (in-process, max)", "< 50 ms")
    save = Figure("session save at the end (in-process)", "<= 0.4 s")
    bench.figures += [figure, save]
    try:
        gaps, saves, note = interactive_latency(
            fresh_copy(homes[0], scratch / "interactive"), today
        )
    except Exception as exc:  # a half-built module must not stop the report
        gaps, saves, note = [], [], f"{type(exc).__name__}: {exc}"
        figure.verdict = save.verdict = "ERROR"
    if saves:
        save.median, save.samples = max(saves), saves
        save.verdict = "PASS" if max(saves) <= 0.4 else "MISS"
    figure.note = note
    if gaps:
        figure.samples = gaps
        figure.median = max(gaps)
        figure.note = f"{note}, median {statistics.median(gaps) * 1000:.1f} ms"
        figure.verdict = "PASS" if max(gaps) < 0.05 else "MISS"

    if args.json:
        out = {
            **header,
            "baseline_s": bench.baseline,
            "figures": [
                {
                    "name": f.name,
                    "target": f.target,
                    "median_s": f.median,
                    "ratio": f.ratio,
                    "peak_mib": f.peak_mib,
                    "verdict": f.verdict,
                    "note": f.note,
                    "samples_s": f.samples,
                }
                for f in bench.figures
            ],
        }
        print(json.dumps(out, indent=2))
    else:
        print_report(bench, header)
        print()
        print("Whole-process medians; the machine may be shared, so figures are noisy.")
    if args.strict and any(f.verdict in ("MISS", "ERROR") for f in bench.figures):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

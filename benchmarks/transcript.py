"""Time measuring transcripts the way `coach call add` does, before it writes one record.

Two cases:

- a two-hour call: 3,000 cues, Zoom-style WebVTT (target < 0.5 s), median of 7 runs
  in-process;
- `--big`: a file of 400,000 short cues (about 18 MB, under the 20 MB cap), and 100,000 and
  200,000 to show the time grows linearly; each measured once in a fresh process, with its
  CPU time and peak RSS (target ≤ 6 s and ≤ 400 MiB for 400,000 cues; the verdict reads the
  CPU time, which a busy shared machine inflates far less than the wall time).

    python benchmarks/transcript.py [--cues 3000] [--srt]
    python benchmarks/transcript.py --big [--srt]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coachcli.core import talk
from coachcli.core.speaker_labels import LabelRule
from coachcli.core.talk_tally import Tally
from coachcli.inputs.transcripts import open_transcript

SPEAKERS = ["Alex Morgan", "Dana Lee", "Chris Patel", "Jo Buyer"]
LINES = [
    "What would have to be true for this to move forward?",
    "Our renewal is in March, and the ops team spends two days a month on exports.",
    "Let me show you how other teams removed that step. It usually takes a week.",
    "Who else should be in the room when we decide?",
]
SHORT = ["Yes, 3.5 million.", "Why now?", "Go on.", "Fair."]
BIG = (100_000, 200_000, 400_000)


def stamp(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_transcript(path: Path, cues: int, srt: bool, short: bool = False) -> None:
    """A transcript of `cues` cues, written as it is made (never whole in memory)."""
    sep = "," if srt else "."
    step = 1000 if short else 7_200_000 // cues
    with path.open("w", encoding="utf-8") as out:
        if not srt:
            out.write("WEBVTT\n\n")
        for i in range(cues):
            who = SPEAKERS[(i * 7 + i // 3) % len(SPEAKERS)]
            text = f"{who.split()[0]}: {SHORT[i % 4]}" if short else f"{who}: {LINES[i % 4]}"
            index = f"{i + 1}\n" if srt or not short else ""
            start = i * step
            out.write(f"{index}{stamp(start, sep)} --> {stamp(start + step - 100, sep)}\n")
            out.write(f"{text}\n\n")


def measure(path: Path) -> talk.Figures:
    """What `call add` does with the file: stream, find speakers, measure."""
    _, cues = open_transcript(path, LabelRule(["Alex Morgan", "Dana Lee"]))
    tally = Tally()
    for cue in cues:
        tally.add(cue)
    roles = talk.assign_roles(tally.speaker_names(), ["Alex Morgan"], ["Dana Lee"])
    return tally.figures(roles, "joint")


def one_run(path: Path) -> None:
    """Measure once in this (fresh) process; print seconds and peak RSS as JSON."""
    began = time.perf_counter()
    cpu = time.process_time()
    figures = measure(path)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - began,
                "cpu": time.process_time() - cpu,
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "cues": figures.cues,
            }
        )
    )


def big(srt: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for cues in BIG:
            path = Path(tmp) / ("big.srt" if srt else "big.vtt")
            write_transcript(path, cues, srt, short=True)
            size = path.stat().st_size
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(child.stdout)
            verdict = ""
            if cues == BIG[-1]:
                # CPU seconds: on a shared machine the wall time is mostly waiting for a core.
                good = got["cpu"] <= 6 and got["peak_mib"] <= 400
                verdict = f" (target ≤ 6 s CPU, ≤ 400 MiB): {'pass' if good else 'MISS'}"
            print(
                f"{cues:,} cues ({size / 1e6:.1f} MB, {path.suffix[1:]}): {got['seconds']:.2f} s "
                f"({got['cpu']:.2f} s CPU), peak RSS {got['peak_mib']:.0f} MiB{verdict}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cues", type=int, default=3000)
    parser.add_argument("--srt", action="store_true", help="SubRip instead of WebVTT")
    parser.add_argument("--big", action="store_true", help="100,000 to 400,000 short cues")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.one)
        return
    if args.big:
        big(args.srt)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("call.srt" if args.srt else "call.vtt")
        write_transcript(path, args.cues, args.srt)
        times = []
        for _ in range(7):
            began = time.perf_counter()
            figures = measure(path)
            times.append(time.perf_counter() - began)
        median = statistics.median(times)
        size = path.stat().st_size
    verdict = "pass" if median < 0.5 else "MISS"
    print(
        f"{args.cues} cues ({size / 1e6:.2f} MB, {'srt' if args.srt else 'vtt'}): "
        f"median {median:.3f} s over 7 runs (target < 0.5 s): {verdict}; "
        f"manager share {figures.shares['manager']:.2f}, role {figures.manager_role}"
    )


if __name__ == "__main__":
    main()

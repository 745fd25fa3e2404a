"""Time measuring a two-hour transcript: 3,000 cues, Zoom-style WebVTT (target < 0.5 s).

Times what `coach call add` does with the file before it writes one small record: read,
decode, parse with webvtt-py, find speakers, measure. Median of 7 runs, in-process.

    python benchmarks/transcript.py [--cues 3000] [--srt]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from coachcli.core import talk
from coachcli.inputs.transcripts import read_transcript

SPEAKERS = ["Alex Morgan", "Dana Lee", "Chris Patel", "Jo Buyer"]
LINES = [
    "What would have to be true for this to move forward?",
    "Our renewal is in March, and the ops team spends two days a month on exports.",
    "Let me show you how other teams removed that step. It usually takes a week.",
    "Who else should be in the room when we decide?",
]


def stamp(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def transcript(cues: int, srt: bool) -> str:
    sep = "," if srt else "."
    out = [] if srt else ["WEBVTT", ""]
    step = 7_200_000 // cues  # two hours
    for i in range(cues):
        who = SPEAKERS[(i * 7 + i // 3) % len(SPEAKERS)]
        start = i * step
        out += [
            str(i + 1),
            f"{stamp(start, sep)} --> {stamp(start + step - 100, sep)}",
            f"{who}: {LINES[i % len(LINES)]}",
            "",
        ]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=3000)
    parser.add_argument("--srt", action="store_true", help="SubRip instead of WebVTT")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("call.srt" if args.srt else "call.vtt")
        path.write_text(transcript(args.cues, args.srt), encoding="utf-8")
        times = []
        for _ in range(7):
            began = time.perf_counter()
            _, cues = read_transcript(path)
            names = talk.speaker_names(cues)
            roles = talk.assign_roles(names, ["Alex Morgan"], ["Dana Lee"])
            figures = talk.measure(cues, roles, "joint")
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

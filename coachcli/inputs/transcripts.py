"""Transcript files (WebVTT from Zoom or Teams, SubRip) -> a stream of cues, in memory one at a
time.

The file is read in bounded chunks (inputs.transcript_lines) and cut into cue blocks at blank
lines; each block's timings are parsed by the `srt` library (`srt_timestamp_to_timedelta`,
which also reads WebVTT's `00:01:02.500`), and its text goes to the caller's measure and is
dropped. webvtt-py builds a caption object per cue and has no streaming interface (40 s for
400,000 cues on a busy machine, see benchmarks/README.md), so WebVTT's block rules are kept
here: the `WEBVTT` header block, `NOTE`, `STYLE` and `REGION` blocks and cue ids are skipped.

Speakers (core.speaker_labels decides what a label is):

- Zoom writes `Dana Lee: text` in the cue; SubRip exports do the same; Teams writes
  `<v Dana Lee>text</v>` (closing tag optional). Several voices in one cue
  (`<v A>…</v> <v B>…</v>`) each get their own words, and the cue's time is split between
  them by their number of words.
- A cue with no label continues the previous speaker's turn (a sentence split in two cues).
- A cue whose text starts with something that is not a speaker label, then a colon
  (`Acme will pay 250k: we sign Friday`, Zoom's `Meeting title: …`), is unattributed talk
  (speaker None), as is talk before the first label. The label is never kept.

Every problem is located at `file:line`; no error message quotes the words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import srt  # type: ignore[import-untyped]  # no stubs, no py.typed

from coachcli.core.progress import track
from coachcli.core.talk import Cue
from coachcli.errors import Problem, ProblemList
from coachcli.inputs.bounded import TRANSCRIPT_CAP
from coachcli.inputs.transcript_lines import stream_lines

WHAT = "transcript"
MAX_PROBLEMS = 20
_LABEL = re.compile(r"([^:<>\n]{1,80}?):\s+(.*)", re.DOTALL)
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>")
_TAG = re.compile(r"<[^>]*>")
_SKIPPED = ("NOTE", "STYLE", "REGION")
Block = tuple[int, list[str]]  # (line of the block's first line, its lines)
Segment = tuple[str | None, str]  # (speaker or None, words)


def open_transcript(path: Path, is_label: Callable[[str], bool]) -> tuple[str, Iterator[Cue]]:
    """(format, cues) of a WebVTT or SubRip file; reading stops at the first structural
    problem, timing problems are gathered and raised (a ProblemList) when the file ends."""
    name = str(path)
    lines = stream_lines(path, TRANSCRIPT_CAP, WHAT)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if not head or not head[-1].strip():
        raise ProblemList([Problem(name, "the file is empty: expected a WebVTT or SubRip file")])
    if head[0].lstrip().startswith("WEBVTT"):
        fmt = "vtt"
    elif path.suffix.lower() == ".vtt":
        raise ProblemList([Problem(name, "not a WebVTT file: its first line must be WEBVTT", 1, 1)])
    elif head[-1].strip().isdigit() or "-->" in head[-1]:
        fmt = "srt"
    else:
        raise ProblemList(
            [
                Problem(
                    name,
                    "not a transcript: expected WebVTT (first line WEBVTT) or SubRip "
                    "(numbered cues with `00:00:01,000 --> 00:00:04,000` timings)",
                    1,
                    1,
                )
            ]
        )
    return fmt, _cues(name, fmt, _blocks(chain(head, lines)), is_label)


def read_transcript(path: Path, is_label: Callable[[str], bool]) -> tuple[str, list[Cue]]:
    """`open_transcript` with the cues in a list (small files and tests)."""
    fmt, cues = open_transcript(path, is_label)
    return fmt, list(cues)


# blocks ----------------------------------------------------------------------------------------
def _blocks(lines: Iterable[str]) -> Iterator[Block]:
    """Blocks of non-blank lines; a timing line after a block's own timing starts a new one."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if not line or line.isspace():
            if block:
                yield start, block
                block = []
            continue
        if block and "-->" in line and any("-->" in b for b in block[:2]):
            carried = [block.pop()] if len(block) > 2 and block[-1].strip().isdigit() else []
            yield start, block
            block, start = carried, number - len(carried)
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def _seconds(stamp: str) -> float:
    """Seconds of `00:01:02.500` (WebVTT), `00:01:02,500` (SubRip) or `01:02.500`."""
    if stamp.count(":") == 1:
        stamp = "00:" + stamp
    return float(srt.srt_timestamp_to_timedelta(stamp).total_seconds())


def _timing(line: str) -> tuple[float, float] | None:
    left, _, right = line.partition("-->")
    end = right.split(None, 1)
    try:
        return _seconds(left.strip()), _seconds(end[0] if end else "")
    except (ValueError, srt.TimestampParseError):
        return None


def _malformed(line: str, sep: str) -> str:
    shown = " --> ".join(s.strip()[:20] for s in line.split("-->")[:2])
    return f"malformed timestamp {shown!r}: use 00:01:02{sep}500"


# cues ------------------------------------------------------------------------------------------
class _Reader:
    """The state of one pass over the blocks: the current speaker and the problems."""

    def __init__(self, name: str, fmt: str, is_label: Callable[[str], bool]) -> None:
        self.name, self.fmt, self.is_label = name, fmt, is_label
        self.current: str | None = None
        self.problems: list[Problem] = []
        self.more = 0
        self.timed = self.named = 0

    def problem(self, message: str, line: int) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.name, message, line, 1))
        else:
            self.more += 1

    def cues(self, start: int, block: list[str]) -> list[Cue]:
        """The cues of one block (several when voices share it); [] for a skipped block."""
        at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else -1
        if at < 0:
            if self.fmt == "srt":
                self.problem("not a SubRip cue: expected a number, then a timing line", start)
            return []
        if self.fmt == "vtt" and (start == 1 or block[0].startswith(_SKIPPED)):
            return []
        timing = _timing(block[at])
        if timing is None:
            self.problem(_malformed(block[at], "." if self.fmt == "vtt" else ","), start + at)
            return []
        begin, end = timing
        if end < begin:
            self.problem("the cue ends before it starts", start + at)
            return []
        self.timed += 1
        parts = self.segments(" ".join(block[at + 1 :]))
        return _split(begin, end, parts)

    def segments(self, text: str) -> list[Segment]:
        """(speaker, words) of a cue's text: its voices, its `Name:` label, or the turn."""
        if "<" in text:
            if "<v" in text:
                return self.voices(text)
            text = _TAG.sub("", text)
        if "&" in text:
            text = html.unescape(text)
        found = _LABEL.match(text)
        if found is not None:
            label = " ".join(found.group(1).split())
            if self.is_label(label):
                self.current = label
                self.named += 1
                return [(label, found.group(2))]
            self.current = None
            return [(None, text)]
        return [(self.current, text)]

    def voices(self, text: str) -> list[Segment]:
        pieces = _VOICE.split(text)
        out: list[Segment] = []
        if pieces[0].strip():
            out.append((self.current, _clean(pieces[0])))
        for voice, words in zip(pieces[1::2], pieces[2::2], strict=True):
            label = " ".join((voice or "").split())
            speaker = label if label and self.is_label(label) else None
            self.named += speaker is not None
            self.current = speaker
            out.append((speaker, _clean(words)))
        return out


def _clean(text: str) -> str:
    text = _TAG.sub("", text)
    return html.unescape(text) if "&" in text else text


def _split(begin: float, end: float, parts: list[Segment]) -> list[Cue]:
    """One cue per segment, the block's time split between them by their words."""
    if len(parts) == 1:
        return [Cue(begin, end, parts[0][0], parts[0][1])]
    weights = [len(words.split()) for _, words in parts]
    total = sum(weights) or len(parts)
    weights = weights if sum(weights) else [1] * len(parts)
    out, at, done = [], begin, 0
    for index, ((speaker, words), weight) in enumerate(zip(parts, weights, strict=True)):
        done += weight
        until = begin + (end - begin) * done / total
        out.append(Cue(at, until, speaker, words, part=index))
        at = until
    return out


def _cues(
    name: str, fmt: str, blocks: Iterator[Block], is_label: Callable[[str], bool]
) -> Iterator[Cue]:
    reader = _Reader(name, fmt, is_label)
    for start, block in track(blocks, f"reading {Path(name).name}", unit="cues"):
        if reader.problems:
            reader.cues(start, block)  # keep checking the timings, measure nothing more
            continue
        yield from reader.cues(start, block)
    if reader.problems:
        if reader.more:
            reader.problems.append(Problem(name, f"... and {reader.more} more problem(s)"))
        raise ProblemList(reader.problems)
    if not reader.timed:
        raise ProblemList([Problem(name, "no cues found: the file has no timed text")])
    if not reader.named:
        raise ProblemList(
            [
                Problem(
                    name,
                    "no speaker names found: expected cues like `Dana Lee: text` (Zoom, "
                    "SubRip) or `<v Dana Lee>text</v>` (Teams)",
                )
            ]
        )

"""Transcript files (WebVTT from Zoom or Teams, SubRip) -> cues with speakers, in memory only.

Parsing is the subtitle libraries' (webvtt-py, srt); this module only checks what they let
through silently (a timing line they skip, a cue ending before it starts), locates every
problem at `file:line`, and finds the speaker of each cue:

- Zoom writes `Dana Lee: text` in the cue; Teams writes `<v Dana Lee>text</v>` (the closing
  tag is optional) and puts a GUID as the cue id; SubRip exports use `Name: text`;
- a cue with no speaker continues the previous speaker's turn (a sentence split in two cues).

The words are returned to the caller to be counted and dropped: nothing here writes them
anywhere, and no error message quotes them.
"""

from __future__ import annotations

import re
from pathlib import Path

from coachcli.core.talk import Cue
from coachcli.errors import Problem, ProblemList
from coachcli.inputs.bounded import decode_utf8, read_bounded

# (line of the timing, start s, end s, text, Teams voice or None)
Timed = tuple[int, float, float, str, str | None]

TRANSCRIPT_CAP = 20 * 1024 * 1024  # 20 MB: a ten-hour transcript is under 3 MB
WHAT = "transcript"
# `Dana Lee: text`: a name of one to six words before the first colon, no sentence marks.
_NAMED = re.compile(r"^\s*([^\s:<>?!.][^:<>?!]{0,59}?)\s*:\s+(.*)$", re.DOTALL)
UNKNOWN = "(unnamed)"


def read_transcript(path: Path) -> tuple[str, list[Cue]]:
    """(format, cues) of a WebVTT or SubRip file, or ProblemList locating every problem."""
    text = decode_utf8(path, read_bounded(path, TRANSCRIPT_CAP, WHAT), WHAT)
    name = str(path)
    if not text.strip():
        raise ProblemList([Problem(name, "the file is empty: expected a WebVTT or SubRip file")])
    lines = text.splitlines()
    if lines[0].lstrip().startswith("WEBVTT"):
        fmt, timed = "vtt", _read_vtt(name, text, lines)
    elif path.suffix.lower() == ".vtt":
        raise ProblemList([Problem(name, "not a WebVTT file: its first line must be WEBVTT", 1, 1)])
    elif _looks_like_srt(lines):
        fmt, timed = "srt", _read_srt(name, text, lines)
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
    return fmt, _with_speakers(name, timed)


# timings ---------------------------------------------------------------------------------------
def _arrow_lines(lines: list[str]) -> list[int]:
    return [i + 1 for i, line in enumerate(lines) if "-->" in line]


def _check_order(name: str, timed: list[Timed]) -> None:
    problems = [
        Problem(name, "the cue ends before it starts", line, 1)
        for line, start, end, _, _ in timed
        if end < start
    ]
    if problems:
        raise ProblemList(problems)


def _read_vtt(name: str, text: str, lines: list[str]) -> list[Timed]:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError
    from webvtt.models import Timestamp
    from webvtt.vtt import WebVTTCueBlock

    problems: list[Problem] = []
    arrows = _arrow_lines(lines)
    for number in arrows:
        line = lines[number - 1]
        match = WebVTTCueBlock.CUE_TIMINGS_PATTERN.match(line)
        stamps = line.split("-->")
        try:
            if not match:
                raise MalformedCaptionError(line)
            Timestamp.from_string(match.group(1))
            Timestamp.from_string(match.group(2))
        except MalformedCaptionError:
            shown = " --> ".join(s.strip()[:20] for s in stamps[:2])
            problems.append(
                Problem(name, f"malformed timestamp {shown!r}: use 00:01:02.500", number, 1)
            )
    if problems:
        raise ProblemList(problems)
    try:
        captions = webvtt.from_string(text).captions
    except MalformedFileError:
        raise ProblemList([Problem(name, "not a WebVTT file", 1, 1)]) from None
    if not captions:
        raise ProblemList([Problem(name, "no cues found: the file has no timed text")])
    located = len(captions) == len(arrows)
    timed = [
        (
            arrows[i] if located else 0,
            c.start_time.in_milliseconds() / 1000,
            c.end_time.in_milliseconds() / 1000,
            " ".join(c.text.split()),
            c.voice.strip() if c.voice else None,
        )
        for i, c in enumerate(captions)
    ]
    _check_order(name, timed)
    return timed


def _looks_like_srt(lines: list[str]) -> bool:
    first = next((line.strip() for line in lines if line.strip()), "")
    return first.isdigit() or "-->" in first


def _read_srt(name: str, text: str, lines: list[str]) -> list[Timed]:
    import srt  # type: ignore[import-untyped]  # no stubs, no py.typed

    problems: list[Problem] = []
    arrows = _arrow_lines(lines)
    for number in arrows:
        parts = lines[number - 1].split("-->")
        stamps = [p.strip().split()[0] if p.strip() else "" for p in parts[:2]]
        if len(parts) != 2 or not all(srt.TS_REGEX.match(s) for s in stamps):
            shown = " --> ".join(s[:20] for s in stamps)
            problems.append(
                Problem(name, f"malformed timestamp {shown!r}: use 00:01:02,500", number, 1)
            )
    if problems:
        raise ProblemList(problems)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        line = text[: exc.expected_start].count("\n") + 1
        raise ProblemList(
            [Problem(name, "not a SubRip cue: expected a number, then a timing line", line, 1)]
        ) from None
    if not subtitles:
        raise ProblemList([Problem(name, "no cues found: the file has no timed text")])
    located = len(subtitles) == len(arrows)
    timed: list[Timed] = [
        (
            arrows[i] if located else 0,
            s.start.total_seconds(),
            s.end.total_seconds(),
            " ".join(re.sub(r"<[^>]*>", "", s.content).split()),
            None,
        )
        for i, s in enumerate(subtitles)
    ]
    _check_order(name, timed)
    return timed


# speakers --------------------------------------------------------------------------------------
def _with_speakers(name: str, timed: list[Timed]) -> list[Cue]:
    cues: list[Cue] = []
    current: str | None = None
    named = 0
    for _, start, end, text, voice in timed:
        speaker, words = voice, text
        if speaker is None:
            match = _NAMED.match(text)
            if match and len(match.group(1).split()) <= 6:
                speaker, words = match.group(1), match.group(2)
        if speaker:
            speaker = " ".join(speaker.split())
            current = speaker
            named += 1
        cues.append(Cue(start, end, current or UNKNOWN, words))
    if not named:
        raise ProblemList(
            [
                Problem(
                    name,
                    "no speaker names found: expected cues like `Dana Lee: text` (Zoom, "
                    "SubRip) or `<v Dana Lee>text</v>` (Teams)",
                )
            ]
        )
    return cues

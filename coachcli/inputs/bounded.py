"""Read a user's file without trusting its size: pipes, devices and process substitutions
report `st_size` 0, so the cap is enforced on the bytes actually read (at most cap + 1)."""

from __future__ import annotations

import stat
from pathlib import Path

from coachcli.errors import Problem, ProblemList

CHUNK = 1 << 16

# How much of each kind of user file coach reads, in bytes (docs/limits.md says the same).
YAML_CAP = 1_000_000  # banks, answers, team, ratings, scorecards, mappings, config.yaml
FORM_CAP = 1_000_000  # a prep form the rep sends back
CALENDAR_CAP = 20_000_000  # a busy calendar (--busy)
METRICS_CAP = 20_000_000  # a metrics CSV: about 250,000 rows
TRANSCRIPT_CAP = 20 * 1024 * 1024  # a transcript: a ten-hour call is under 3 MB
CSV_CAP = 256 * 1024 * 1024  # a CRM export: a million-row activity export is about 150 MB


def read_bounded(path: Path, cap: int, what: str = "file") -> bytes:
    """The bytes of `path`, refusing more than `cap` of them without reading past cap + 1.

    Works the same on a regular file, a FIFO, `/dev/stdin` or `<(...)`; a directory, a missing
    file or a permission problem is one clear problem with no line (a ProblemList).
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise unreadable(path, f"is a directory, not a {what}")
        if stat.S_ISREG(mode) and path.stat().st_size > cap:
            raise too_big(path, cap, what)
        with path.open("rb") as handle:
            chunks: list[bytes] = []
            total = 0
            while total <= cap:
                chunk = handle.read(min(CHUNK, cap + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except FileNotFoundError:
        raise unreadable(path, "no such file") from None
    except IsADirectoryError:
        raise unreadable(path, f"is a directory, not a {what}") from None
    except PermissionError:
        raise unreadable(path, "permission denied") from None
    except OSError as exc:
        raise unreadable(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if total > cap:
        raise too_big(path, cap, what)
    return b"".join(chunks)


def unreadable(path: Path, why: str) -> ProblemList:
    """The file cannot be read at all: a problem with no line (printed `path: why`)."""
    return ProblemList([Problem(str(path), why)])


def too_big(path: Path, cap: int, what: str) -> ProblemList:
    return ProblemList([Problem(str(path), f"{what} is over the limit of {cap:,} bytes", 1, 1)])


def decode_utf8(path: Path, raw: bytes, what: str = "file") -> str:
    """UTF-8 text (a byte-order mark dropped), or a problem at the line of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemList(
            [Problem(str(path), f"{what} is not UTF-8 text (byte {exc.start:,})", line, 1)]
        ) from None
    return text.removeprefix("\ufeff")

"""The lines of a transcript, read in bounded chunks: never the whole file in memory at once.

A transcript may be up to 20 MB; holding it whole, then its lines, then a parsed object per cue
cost 530 MiB for 400,000 cues. Here the file is read a megabyte at a time, cut after its last
line end, decoded as strict UTF-8 (a bad byte is located at its line), and handed on line by
line. `\\r\\n` and a lone `\\r` end a line as `\\n` does; a byte-order mark is dropped.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coachcli.errors import Problem, ProblemList

CHUNK = 1 << 20


def stream_lines(path: Path, cap: int, what: str) -> Iterator[str]:
    """The lines of `path` (without their line ends), refusing more than `cap` bytes."""
    handle = _open(path, cap, what)
    with handle:
        yield from _lines(path, handle, cap, what)


def _lines(path: Path, handle: BinaryIO, cap: int, what: str) -> Iterator[str]:
    total = offset = line = 0
    rest = b""
    first = True
    while True:
        block = _read(path, handle, min(CHUNK, cap + 1 - total))
        total += len(block)
        if total > cap:
            raise ProblemList(
                [Problem(str(path), f"{what} is over the limit of {cap:,} bytes", 1, 1)]
            )
        data = rest + block
        cut = (data.rfind(b"\n") + 1 or data.rfind(b"\r") + 1) if block else len(data)
        piece, rest = data[:cut], data[cut:]
        if piece:
            text = _decode(path, piece, offset, line, what)
            offset += len(piece)
            if first:
                text, first = text.removeprefix("\ufeff"), False
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            line += len(lines)
            yield from lines
        if not block:
            return


def _decode(path: Path, piece: bytes, offset: int, line: int, what: str) -> str:
    try:
        return piece.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = line + piece[: exc.start].count(b"\n") + 1
        raise ProblemList(
            [
                Problem(
                    str(path), f"{what} is not UTF-8 text (byte {offset + exc.start:,})", where, 1
                )
            ]
        ) from None


def _open(path: Path, cap: int, what: str) -> BinaryIO:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _unreadable(path, f"is a directory, not a {what}")
        if stat.S_ISREG(mode) and path.stat().st_size > cap:
            raise _too_big(path, cap, what)
        return path.open("rb")
    except FileNotFoundError:
        raise _unreadable(path, "no such file") from None
    except IsADirectoryError:
        raise _unreadable(path, f"is a directory, not a {what}") from None
    except PermissionError:
        raise _unreadable(path, "permission denied") from None
    except OSError as exc:
        raise _unreadable(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None


def _read(path: Path, handle: BinaryIO, size: int) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:
        raise _unreadable(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None


def _too_big(path: Path, cap: int, what: str) -> ProblemList:
    return ProblemList([Problem(str(path), f"{what} is over the limit of {cap:,} bytes", 1, 1)])


def _unreadable(path: Path, why: str) -> ProblemList:
    return ProblemList([Problem(str(path), why)])

"""A CSV as spreadsheets and CRMs save it, decoded one way for `metrics import` and `crm import`.

Encodings, in the order they are recognised:

- UTF-8 with a byte-order mark, UTF-16 with its mark (Excel's "Unicode text");
- UTF-16 without a mark: refused, named as such (its bytes alternate with NULs);
- UTF-8, when every byte of the file is valid UTF-8;
- else Windows-1252 (Latin-1 with the curly quotes and euro sign of Windows): Salesforce's
  default export encoding ("ISO-8859-1") in many orgs, and Excel's plain "CSV" on Windows.

The file is streamed, never held whole: `open_text` checks the encoding in one bounded pass,
then gives a text stream whose lines end only at CR, LF or CRLF (`newline=""`, the csv
module's own line handling), so a U+2028 or U+0085 inside a cell stays in its cell. A pipe
cannot be read twice: its bytes (at most the cap) are kept in memory instead.

Example: `with open_text(path, CSV_CAP, "CSV export") as (stream, encoding):` then
`csv.reader(stream)`; `encoding.label` is "UTF-8", "UTF-16" or "Windows-1252 (Latin-1)".
"""

from __future__ import annotations

import codecs
import io
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, TextIO

from coachcli.errors import CoachError
from coachcli.inputs.bounded import read_bounded, too_big, unreadable

SAVE_AS = 'save it from your spreadsheet as "CSV UTF-8 (comma delimited)"'
CHUNK = 1 << 20


@dataclass(frozen=True)
class Encoding:
    codec: str  # Python's name for it
    label: str  # the user's name for it, as messages print it


UTF8 = Encoding("utf-8-sig", "UTF-8")
UTF16 = Encoding("utf-16", "UTF-16")
WINDOWS = Encoding("cp1252", "Windows-1252 (Latin-1)")


class _Capped(io.RawIOBase):
    """A file read through a byte cap: more than `cap` bytes is the file's too-big problem."""

    def __init__(self, handle: IO[bytes], path: Path, cap: int, what: str) -> None:
        self.handle, self.path, self.cap, self.what, self.seen = handle, path, cap, what, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.seen = self.handle.seek(offset, whence)
        return self.seen

    def tell(self) -> int:
        return self.handle.tell()

    def close(self) -> None:
        self.handle.close()
        super().close()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        got = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.seen += got or 0
        if self.seen > self.cap:
            raise too_big(self.path, self.cap, self.what)
        return got or 0


def _encoding(data: BinaryIO, path: Path) -> Encoding:
    """The file's encoding, from its first bytes and (for UTF-8) one pass over all of them."""
    head = data.read(200)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UTF16
    if head.count(b"\x00") > len(head) // 4:
        raise CoachError(f"{path}: UTF-16 text without a byte-order mark", hint=SAVE_AS)
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = data.read(CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return WINDOWS
    return UTF8


def _binary(path: Path, cap: int, what: str) -> BinaryIO:
    """The file's bytes as a seekable stream: the file itself, or a pipe's bytes in memory."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise unreadable(path, f"is a directory, not a {what}")
        if not stat.S_ISREG(mode):
            return io.BytesIO(read_bounded(path, cap, what))
        if path.stat().st_size > cap:
            raise too_big(path, cap, what)
        return io.BufferedReader(_Capped(path.open("rb"), path, cap, what), CHUNK)
    except FileNotFoundError:
        raise unreadable(path, "no such file") from None
    except PermissionError:
        raise unreadable(path, "permission denied") from None
    except OSError as exc:
        raise unreadable(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None


@contextmanager
def open_text(path: Path, cap: int, what: str) -> Iterator[tuple[TextIO, Encoding]]:
    """The file as text lines for the csv module, and the encoding it was read in."""
    data = _binary(path, cap, what)
    try:
        encoding = _encoding(data, path)
        data.seek(0)
        errors = "strict" if encoding is UTF16 else "replace"  # cp1252 leaves 5 bytes unnamed
        text = io.TextIOWrapper(data, encoding=encoding.codec, errors=errors, newline="")
        yield text, encoding
    finally:
        data.close()


def read_text(path: Path, cap: int, what: str) -> tuple[str, Encoding]:
    """All of a small file's text (a metrics CSV), and its encoding."""
    with open_text(path, cap, what) as (stream, encoding):
        try:
            return stream.read(), encoding
        except UnicodeDecodeError:
            raise CoachError(f"{path}: broken {encoding.label} text", hint=SAVE_AS) from None


def sniff_delimiter(first_line: str) -> str:
    """The separator of a header line: the most frequent of , ; and tab outside quotes (a
    spreadsheet in a locale with decimal commas saves `;`), a comma when none is there."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","

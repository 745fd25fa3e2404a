"""The store file laid out one table per line, and tables parsed only when used.

`coach.json` is still one JSON document, written as

    {"meta":{...},
    "reps":{...},
    "sessions":{...}
    }

JSON text never holds a raw newline inside a value, so each line is one table. Reading finds
the lines (no parsing) and parses a table on first use: `rep list` on a 300-rep home with
61,000 sessions parses 70 KB instead of 88 MB. A write copies the bytes of every table it never
looked at and encodes the others. A file in any other layout (older coach, a hand edit) is
parsed whole, as before, and written in this layout by the next write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_NAME = re.compile(rb'"([A-Za-z0-9_\-]{1,64})":')


class _Unparsed:
    __slots__ = ()


UNPARSED = _Unparsed()


def split(raw: bytes) -> dict[str, memoryview] | None:
    """Each table's bytes (zero-copy) when `raw` has the one-table-per-line layout."""
    if not raw.startswith(b'{"') or not raw.endswith(b"\n}"):
        return None
    view = memoryview(raw)
    out: dict[str, memoryview] = {}
    start, end = 1, len(raw) - 2
    while start < end:
        stop = raw.find(b"\n", start, end)
        stop = end if stop < 0 else stop
        line_end = stop - 1 if stop < end else stop  # drop the `,` that ends every line but one
        if stop < end and raw[line_end : line_end + 1] != b",":
            return None
        match = _NAME.match(raw, start, line_end)
        if match is None:
            return None
        value = view[match.end() : line_end]
        if not (bytes(value[:1]) == b"{" and bytes(value[-1:]) == b"}"):
            return None
        out[match.group(1).decode("ascii")] = value
        start = stop + 1
    return out


class LazyTables(dict[str, Any]):
    """The store's tables by name; each parsed on first use by `decode` (which may raise)."""

    def __init__(self, raw: dict[str, memoryview], decode: Callable[[memoryview], Any]) -> None:
        super().__init__((name, UNPARSED) for name in raw)
        self.raw = raw
        self._decode = decode

    def _load(self, name: str) -> Any:
        value = dict.__getitem__(self, name)
        if value is UNPARSED:
            value = self._decode(self.raw[name])
            dict.__setitem__(self, name, value)
        return value

    def unparsed(self, name: str) -> bool:
        return dict.get(self, name) is UNPARSED

    def __getitem__(self, name: str) -> Any:
        return self._load(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._load(name) if name in self else default

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self._load(name)
        dict.__setitem__(self, name, default)
        return default

    def pop(self, name: str, *default: Any) -> Any:
        if name in self:
            value = self._load(name)
            dict.__delitem__(self, name)
            return value
        if default:
            return default[0]
        raise KeyError(name)

    def items(self) -> Any:  # type: ignore[override]
        return [(name, self._load(name)) for name in list(dict.keys(self))]

    def values(self) -> Any:  # type: ignore[override]
        return [self._load(name) for name in list(dict.keys(self))]

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __iter__(self) -> Iterator[str]:
        return iter(list(dict.keys(self)))


def encode(data: dict[str, Any]) -> bytes:
    """The store in the one-table-per-line layout; tables never parsed keep their bytes."""
    import msgspec

    lines = []
    for name in list(dict.keys(data)):
        if isinstance(data, LazyTables) and data.unparsed(name):
            value = bytes(data.raw[name])
        else:
            value = msgspec.json.encode(dict.__getitem__(data, name))
        lines.append(msgspec.json.encode(name) + b":" + value)
    return b"{" + b",\n".join(lines) + b"\n}"

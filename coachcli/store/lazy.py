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


LEAN_CACHED = 20_000  # a lean decode of a bigger table is used once and dropped


class _Unparsed:
    __slots__ = ()


UNPARSED = _Unparsed()


def split(raw: bytes) -> dict[str, memoryview] | None:
    """Each table's bytes (zero-copy) when `raw` has the one-table-per-line layout."""
    if raw[:2] != b'{"' or raw[-2:] != b"\n}":  # slices: `raw` may be an mmap too
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
        self._rows_seen: dict[str, Any] = {}
        self._lean: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}

    def _load(self, name: str) -> Any:
        value = dict.__getitem__(self, name)
        if value is UNPARSED:
            value = self._decode(self.raw[name])
            dict.__setitem__(self, name, value)
        return value

    def rows(self, name: str) -> dict[str, Any]:
        """The table with each record still as its JSON bytes (`msgspec.Raw`) until decoded
        by `doc`: the repository reads records this way, so a query over 100,000 commitments
        decodes only those its prefilter lets through. TinyDB writes such a table as it is
        (records it did not change stay bytes, and are written back as they were)."""
        value = dict.__getitem__(self, name)
        if value is UNPARSED:
            value = self._decode_rows(self.raw[name])
            dict.__setitem__(self, name, value)
            self._rows_seen[name] = value
        return value  # type: ignore[no-any-return]

    def _decode_rows(self, raw: memoryview) -> dict[str, Any]:
        import msgspec

        try:
            return msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
        except (msgspec.DecodeError, msgspec.ValidationError):
            return self._decode(raw)  # type: ignore[no-any-return]  # raises the store's error

    def lean(self, name: str, fields: tuple[str, ...]) -> dict[str, Any] | None:
        """Each record's `fields` only, decoded in one pass in C, while the table is as read;
        None once it has changed (then the records themselves are looked at)."""
        rows = dict.get(self, name)
        if rows is None or rows is UNPARSED or rows is not self._rows_seen.get(name):
            return None
        import msgspec

        cached = self._lean.get((name, fields))
        if cached is None:
            shape = _shape(fields)
            try:
                kind: Any = dict[str, shape]  # type: ignore[valid-type]
                cached = msgspec.json.decode(self.raw[name], type=kind)
            except (msgspec.DecodeError, msgspec.ValidationError):
                return None
            if len(cached) < LEAN_CACHED:  # small tables asked again and again (goals)
                self._lean[(name, fields)] = cached
        return cached

    def matching(self, name: str, field: str, value: str) -> list[dict[str, Any]] | None:
        """The records of table `name` whose `field` is `value`, decoded only those (a lean
        pass over that one field finds them); None when the table is not a table of
        records as read (then the caller looks at it whole)."""
        if not isinstance(dict.get(self, name), (dict, _Unparsed)):
            return None
        rows = self.rows(name)
        if not isinstance(rows, dict):
            return None
        lean = self.lean(name, (field,))
        if lean is None:
            return None
        return [doc(rows[key]) for key, row in lean.items() if row.f0 == value]

    def _whole(self, name: str) -> Any:
        """The table with every record decoded (for code that walks all tables)."""
        table = self._load(name)
        if isinstance(table, dict):
            for key, value in list(table.items()):
                if not isinstance(value, dict):
                    table[key] = doc(value)
        return table

    def replace_raw(self, name: str, raw: bytes) -> None:
        """Give a table not yet parsed new JSON bytes (a rewrite that never decoded it)."""
        if not self.unparsed(name):
            raise ValueError(f"table {name} is already parsed")
        self.raw[name] = memoryview(raw)
        self._lean = {k: v for k, v in self._lean.items() if k[0] != name}

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

    def items(self) -> Any:
        return [(name, self._whole(name)) for name in list(dict.keys(self))]

    def values(self) -> Any:
        return [self._whole(name) for name in list(dict.keys(self))]

    def copy(self) -> dict[str, Any]:
        return dict(self.items())

    def __iter__(self) -> Iterator[str]:
        return iter(list(dict.keys(self)))


def encode(data: dict[str, Any]) -> Iterator[bytes | memoryview]:
    """The store in the one-table-per-line layout, as chunks to write in turn; tables never
    parsed are their bytes as read (no copy)."""
    import msgspec

    for index, name in enumerate(list(dict.keys(data))):
        yield (b"{" if index == 0 else b",\n") + msgspec.json.encode(name) + b":"
        if isinstance(data, LazyTables) and data.unparsed(name):
            yield data.raw[name]
        else:
            yield msgspec.json.encode(dict.__getitem__(data, name))
    yield b"\n}" if dict.__len__(data) else b"{\n}"


def doc(value: Any) -> dict[str, Any]:
    """A record as a dict, decoding it if it is still JSON bytes."""
    if isinstance(value, dict):
        return value
    import msgspec

    decoded = msgspec.json.decode(value)
    return decoded if isinstance(decoded, dict) else {}


_SUBSETS: dict[tuple[str, ...], Callable[[bytes], list[dict[str, Any]]]] = {}
BATCH = 1024  # records decoded by one call of `in_key_order`


def in_key_order(
    tables: LazyTables, name: str, fields: tuple[str, ...] | None = None
) -> Iterator[dict[str, Any]]:
    """The records of table `name` in key order, each a dict, decoded `BATCH` at a time.

    With `fields`, a record holds just those of `fields` it has, the others skipped in C and
    never made Python objects: `.get` on it answers as on the whole record for those fields.
    """
    rows = tables.rows(name)
    if not isinstance(rows, dict):
        return
    keys = sorted(rows)
    many = _subset_list(fields) if fields is not None else None
    for start in range(0, len(keys), BATCH):
        batch = [rows[key] for key in keys[start : start + BATCH]]
        if many is not None:
            try:
                yield from many(b"[" + b",".join(batch) + b"]")
                continue
            except (TypeError, ValueError):  # a record decoded already, or not an object
                pass
        yield from map(doc, batch)


def _subset_list(fields: tuple[str, ...]) -> Callable[[bytes], list[dict[str, Any]]]:
    """A decoder of a JSON array of records into dicts of just `fields` (msgspec's errors
    are ValueErrors: an item that is not an object raises one)."""
    decode = _SUBSETS.get(fields)
    if decode is None:
        from typing import TypedDict

        import msgspec

        subset: Any = TypedDict("Subset", dict.fromkeys(fields, Any), total=False)  # type: ignore[misc]
        decoder: Any = msgspec.json.Decoder(list[subset])
        decode = _SUBSETS[fields] = decoder.decode
    return decode


Prefilter = Callable[[bytes], bool]


def top_value(raw: bytes, field: str) -> str | None:
    """The string value of a top-level `field` of a record's JSON bytes, when it can be told
    without decoding (it comes before any nested list or object); None when it cannot."""
    key = b'"' + field.encode() + b'":"'
    nested = min((i for i in (raw.find(b"[", 1), raw.find(b"{", 1)) if i >= 0), default=len(raw))
    pos = raw.find(key, 0, nested)
    if pos < 0:
        return None
    start = pos + len(key)
    end = raw.find(b'"', start)
    if end < 0 or b"\\" in raw[start:end]:
        return None
    return raw[start:end].decode("utf-8", "replace")


def prefilter(hint: Any) -> Prefilter:
    """A prefilter from a plain hint, so the pure core can ask without importing this:

    a dict is AND over its fields, a list is OR over its items; a field's condition is a set
    (one of these values), `(">=", low)`, `("<=", high)` or `("between", low, high)` on
    ISO text. A record passes unless some condition surely fails on its top-level fields.
    """
    if isinstance(hint, list):
        tests = [prefilter(item) for item in hint]
        return lambda raw: any(t(raw) for t in tests)
    conditions = list(hint.items())

    def test(raw: bytes) -> bool:
        for field, cond in conditions:
            found = top_value(raw, field)
            if found is not None and not _holds(found, cond):
                return False
        return True

    return test


def _holds(found: Any, cond: Any) -> bool:
    """One hint condition on a known value: a set of values, `>=`, `<=` or a closed range."""
    if isinstance(cond, (set, frozenset)):
        return found in cond
    if cond[0] == ">=":
        return bool(found >= cond[1])
    if cond[0] == "<=":
        return bool(found <= cond[1])
    return bool(cond[1] <= found <= cond[2])


_SHAPES: dict[tuple[str, ...], type] = {}


def shape(fields: tuple[str, ...]) -> type:
    """The msgspec Struct type of a lean decode of `fields` (attributes f0, f1, ...)."""
    return _shape(fields)


def _shape(fields: tuple[str, ...]) -> type:
    """A msgspec Struct holding just `fields` of a record (anything else is skipped in C)."""
    shape = _SHAPES.get(fields)
    if shape is None:
        import msgspec

        spec = [(f"f{i}", Any, None) for i in range(len(fields))]
        shape = msgspec.defstruct(
            "Lean", spec, rename=dict(zip([s[0] for s in spec], fields, strict=True))
        )
        _SHAPES[fields] = shape
    return shape


def passes(values: tuple[Any, ...], conditions: list[tuple[str, Any]]) -> bool:
    """`prefilter`'s verdict on known top-level values (None: unknown, so it passes)."""
    for found, (_, cond) in zip(values, conditions, strict=True):
        if isinstance(found, str) and not _holds(found, cond):
            return False
    return True

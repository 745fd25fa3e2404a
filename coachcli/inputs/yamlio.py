"""Safe YAML for every file a user hands coach: config, banks, answers files, team files.

Only YAML's safe subset, no aliases (alias bombs fail at once), no duplicate keys, a size cap,
strict UTF-8, and a map from each value's path to its line and column so that pydantic's
errors can be reported as `file:line:col: field: message`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from coachcli.errors import Problem, ProblemList
from coachcli.inputs.bounded import YAML_CAP

Loc = tuple[str | int, ...]
Marks = dict[Loc, tuple[int, int]]
M = TypeVar("M", bound=BaseModel)


# Every problem of a YAML input is a `coachcli.errors.Problem` raised in a ProblemList; the
# old name stays for readers that catch it.
Problems = ProblemList


MAX_DEPTH = 64  # PyYAML's scanner slows quadratically with nesting: stop long before
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_text(path: Path, max_bytes: int = YAML_CAP) -> str:
    """The file's text, reading at most max_bytes + 1 bytes (pipes and devices included) and
    refusing non-UTF-8 bytes."""
    from coachcli.inputs.bounded import read_bounded

    try:
        raw = read_bounded(path, max_bytes, "file")
    except ProblemList as exc:
        if exc.items[0].line is None:  # cannot be read at all: said as it is
            raise
        # too big: reported like every other problem of this file
        problem = Problem(str(path), f"too big; the limit is {max_bytes:,} bytes", 1, 1, "file")
        raise ProblemList([problem]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(str(path), f"not UTF-8 text (byte {exc.start})", line, 1, "file")
        raise ProblemList([problem]) from None


# What YAML refuses in a file (its printable set, as PyYAML checks it): C0 controls other
# than tab and line breaks, DEL and C1 controls other than NEL, surrogates, U+FFFE, U+FFFF.
_REFUSED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAMES = {
    "\x00": "a NUL byte",
    "\x0b": "a vertical tab (Word's soft line break, Shift+Enter)",
    "\x0c": "a form feed (a page break)",
    "\x1b": "an escape character",
    "\ufffe": "a noncharacter (often a byte-swapped BOM)",
}


def _refused_character(path: Path, text: str) -> None:
    """A character YAML cannot hold is a located problem, like every other (not a crash)."""
    found = _REFUSED.search(text)
    if found is None:
        return
    char, at = found.group(), found.start()
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    what = _NAMES.get(char, "a control character")
    message = (
        f"U+{ord(char):04X}, {what}, is not allowed in YAML: delete it, or retype the line "
        "in a plain text editor"
    )
    raise ProblemList([Problem(str(path), message, line, col, "YAML")])


def _precheck_events(text: str) -> None:
    """Refuse aliases and deep nesting from libyaml's event stream, before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed",
                # libyaml's marks work here too; the stubs accept only yaml.error.Mark.
                event.start_mark,  # type: ignore[arg-type]
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested more than {MAX_DEPTH} levels deep",
                    event.start_mark,  # type: ignore[arg-type]  # a libyaml mark, as above
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(path: Path, max_bytes: int = YAML_CAP, *, fast: bool = False) -> tuple[Any, Marks]:
    """Parse one YAML document; returns the data and the line/column of every value.

    `fast=True` composes with libyaml (about 20x faster) after checking its event stream for
    aliases and depth; the same rules apply. Without libyaml it falls back to the pure loader.
    """
    text = read_text(path, max_bytes)
    _refused_character(path, text)
    fast = fast and yaml.__with_libyaml__
    loader: Any = yaml.CSafeLoader(text) if fast else _Loader(text)
    try:
        if fast:
            _precheck_events(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}
        marks: Marks = {}
        problems: list[Problem] = []
        data = _build(loader, node, (), marks, problems, path)
    except yaml.MarkedYAMLError as exc:
        if fast:  # libyaml words errors more vaguely: let the pure loader find and word it
            return load_yaml(path, max_bytes)
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = str(exc.problem or exc.context)
        raise ProblemList([Problem(str(path), what, line, col, "YAML")]) from None
    except yaml.YAMLError as exc:
        raise ProblemList([Problem(str(path), str(exc), 1, 1, "YAML")]) from None
    finally:
        loader.dispose()
    if problems:
        raise ProblemList(problems)
    return data, marks


def _build(
    loader: _Loader, node: yaml.Node, loc: Loc, marks: Marks, problems: list[Problem], path: Path
) -> Any:
    marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
        # Scalars with unknown tags fail in construct_object; collections are built here.
        line, col = marks[loc]
        field = _dotted(loc) or "document"
        problems.append(Problem(str(path), f"tag {node.tag} is not allowed", line, col, field))
        return None
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) or key is None:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                field = _dotted(loc) or "document"
                problems.append(Problem(str(path), "keys must be plain names", line, col, field))
                continue
            if key in out:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                field = _dotted((*loc, str(key)))
                problems.append(Problem(str(path), f"duplicate key {key!r}", line, col, field))
                continue
            out[key] = _build(loader, value_node, (*loc, str(key)), marks, problems, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*loc, i), marks, problems, path)
            for i, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a timestamp that is no date: 2026-13-01
        line, col = marks[loc]
        problems.append(Problem(str(path), str(exc), line, col, _dotted(loc) or "document"))
        return None


def load_yaml_mapping(
    path: Path, max_bytes: int = YAML_CAP, *, fast: bool = False
) -> tuple[dict[str, Any], Marks]:
    data, marks = load_yaml(path, max_bytes, fast=fast)
    if data is None:
        return {}, marks
    if not isinstance(data, dict):
        problem = Problem(str(path), "expected a mapping of fields", 1, 1, "document")
        raise ProblemList([problem])
    return data, marks


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def locate(marks: Marks, loc: Loc) -> tuple[int, int]:
    """The line and column of `loc`, or of its nearest located parent."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in marks:
            return marks[loc[:end]]
    return (1, 1)


def describe_errors(
    exc: ValidationError, path: Path, marks: Marks, prefix: Loc = ()
) -> list[Problem]:
    """One located problem per pydantic error (`file:line:col: field: message`)."""
    lines = []
    for error in exc.errors(include_url=False):
        loc: Loc = (*prefix, *(p for p in error["loc"] if not str(p).startswith("function-")))
        line, col = locate(marks, loc)
        field = _dotted(loc) or "document"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        lines.append(Problem(str(path), message, line, col, field))
    return lines


def validate(model: type[M], data: Any, path: Path, marks: Marks, prefix: Loc = ()) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ProblemList(describe_errors(exc, path, marks, prefix)) from None

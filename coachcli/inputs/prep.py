"""A filled-in prep form -> `core.prep.FilledForm`, every problem located (file:line).

Forgiving of what editors and mail clients do to a text file: CRLF or CR line ends, a
byte-order mark, trailing spaces, non-breaking spaces, tabs, a reply quoted with `> `, a
greeting above the form, a signature (after `-- `) or "Sent from my iPhone" below it. Line
numbers in problems are the file's. Strict about what matters: the front matter must say
`type: coach-prep` and name the rep; each commitment heading starts with its id; a status is
one the rep may report.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from coachcli.core.prep import (
    COMMITMENTS,
    FEEDBACK_PREFIX,
    FORM_TYPE,
    PREP_STATUSES,
    FilledForm,
    Located,
    ReportedStatus,
)
from coachcli.errors import Problem, ProblemList
from coachcli.inputs.bounded import FORM_CAP, decode_utf8, read_bounded

MAX_ANSWER = 5_000
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ESCAPED = re.compile(r"\\([\\`*_\[\]|!~#+\-=:.()>])")
_QUOTE = re.compile(r"^> ?")
_FIELD = re.compile(r"^(status|note|useful)\s*:\s?(.*)$", re.I)


_TRAILER = re.compile(
    r"^(sent from my \S.*|sent from (mail|outlook|yahoo mail)\b.*|get outlook for \S.*|"
    r"sent via \S.*|sent with \S.*)$",
    re.I,
)
_SIGNATURE_LINES = 12  # a `-- ` line this close to the end starts a signature


def _normalise(text: str) -> list[str]:
    """The file's lines as the form's lines, numbered as in the file: what a mail client adds
    around the form (a greeting above it, a signature or "Sent from my iPhone" below it)
    becomes blank, and a quoted reply (`> `) is unquoted from the front matter on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    # Comments go, but their lines stay, so line numbers match the file.
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    lines = [line.rstrip() for line in text.split("\n")]
    start = _front_matter_start(lines)
    if start is not None:
        quoted = bool(_QUOTE.match(lines[start]))
        lines[:start] = [""] * start  # a greeting, "On Monday Alex wrote:"
        if quoted:
            lines[start:] = [_QUOTE.sub("", line) for line in lines[start:]]
    _blank_trailers(lines)
    return lines


def _front_matter_start(lines: list[str]) -> int | None:
    """The line of the `---` that opens the form (its next line says `type:`), quoted or not."""
    for i, line in enumerate(lines):
        if _QUOTE.sub("", line).strip() != "---":
            continue
        after = next((x for x in lines[i + 1 :] if _QUOTE.sub("", x).strip()), "")
        if _QUOTE.sub("", after).strip().lower().startswith("type:"):
            return i
    return None


def _blank_trailers(lines: list[str]) -> None:
    """A signature (from a `-- ` line near the end) and "Sent from my iPhone" lines at the end
    are the mail client's, not the rep's answer."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    tail = filled[-_SIGNATURE_LINES:]
    cut = next((i for i in tail if lines[i].strip() == "--"), None)
    if cut is not None:
        lines[cut:] = [""] * (len(lines) - cut)
    for i in reversed(range(len(lines))):
        if not lines[i].strip():
            continue
        if not _TRAILER.match(lines[i].strip()):
            break
        lines[i] = ""


def _plain(text: str) -> str:
    """Heading text as written by coach (markdown-escaped) back to what it said."""
    return html.unescape(_ESCAPED.sub(r"\1", text)).strip()


class _Reader:
    def __init__(self, path: Path, lines: list[str]) -> None:
        self.where = str(path)
        self.lines = lines
        self.problems: list[Problem] = []
        self.start = 1  # the line of the front matter's opening `---`

    def fail(self, line: int, message: str, field: str | None = None) -> None:
        self.problems.append(Problem(self.where, message, line, 1, field))

    def front_matter(self) -> tuple[dict[str, tuple[str, int]], int]:
        """`key: value` pairs of the front matter with their lines; the first body line."""
        start = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if start is None or self.lines[start].strip() != "---":
            self.fail(
                (start or 0) + 1, "not a coach prep form: it must start with front matter (---)"
            )
            return {}, 0
        self.start = start + 1
        values: dict[str, tuple[str, int]] = {}
        for i in range(start + 1, len(self.lines)):
            line = self.lines[i].strip()
            if line == "---":
                return values, i + 1
            key, sep, value = line.partition(":")
            if sep and key.strip():
                raw = value.strip()
                if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
                    raw = raw[1:-1]
                values[key.strip().lower()] = (raw, i + 1)
        self.fail(start + 1, "the front matter is not closed with ---")
        return values, len(self.lines)

    def sections(self, first: int) -> list[tuple[str, int, list[tuple[int, str]]]]:
        """(heading, line, body lines with their numbers) of each `## ` section."""
        out: list[tuple[str, int, list[tuple[int, str]]]] = []
        for i in range(first, len(self.lines)):
            line = self.lines[i]
            if line.startswith("## "):
                out.append((_plain(line[3:]), i + 1, []))
            elif out:
                out[-1][2].append((i + 1, line))
        return out


def _text(body: list[tuple[int, str]]) -> str:
    text = "\n".join(line for _, line in body).strip()
    return re.sub(r"\n{3,}", "\n\n", text)[:MAX_ANSWER]


def _commitments(reader: _Reader, body: list[tuple[int, str]]) -> list[ReportedStatus]:
    found: list[ReportedStatus] = []
    current: ReportedStatus | None = None
    notes: list[str] = []

    def close() -> None:
        if current is not None:
            current.note = "\n".join(notes).strip()[:MAX_ANSWER] or None
            found.append(current)

    for number, line in body:
        if line.startswith("### "):
            close()
            notes = []
            cid = _plain(line[4:]).split(" ", 1)[0].lower()
            if not re.fullmatch(r"c-[0-9a-f]+", cid):
                reader.fail(number, f"{cid!r} is not a commitment id (c-…)", "commitment")
                current = None
                continue
            current = ReportedStatus(cid, "open", None, number, number)
            continue
        if current is None:
            continue
        match = _FIELD.match(line.strip())
        if match and match.group(1).lower() == "status":
            status = match.group(2).strip().lower() or "open"
            if status not in PREP_STATUSES:
                known = ", ".join(PREP_STATUSES)
                reader.fail(number, f"status {status!r}: use one of {known}", "status")
            current.status, current.status_line = status, number
        elif match and match.group(1).lower() == "note":
            notes.append(match.group(2))
        elif notes or line.strip():
            notes.append(line)
    close()
    return found


def _feedback(reader: _Reader, body: list[tuple[int, str]]) -> tuple[int | None, str | None]:
    useful: int | None = None
    rest: list[str] = []
    for number, line in body:
        match = _FIELD.match(line.strip())
        if match and match.group(1).lower() == "useful":
            value = match.group(2).strip().split("/")[0].strip()
            if value:
                if value.isdigit() and 1 <= int(value) <= 5:
                    useful = int(value)
                else:
                    reader.fail(number, f"useful {value!r}: a number from 1 to 5", "useful")
            continue
        rest.append(line)
    comment = "\n".join(rest).strip()[:MAX_ANSWER]
    return useful, comment or None


def read_prep(path: Path) -> FilledForm:
    """The filled-in form at `path`; ProblemList with every problem found."""
    raw = read_bounded(path, FORM_CAP, "prep form")
    reader = _Reader(path, _normalise(decode_utf8(path, raw, "prep form")))
    meta, first = reader.front_matter()
    if reader.problems:
        raise ProblemList(reader.problems, hint="nothing was imported")
    kind = meta.get("type", ("", 1))
    if kind[0] != FORM_TYPE:
        reader.fail(kind[1], f"type must be {FORM_TYPE} (is this a coach prep form?)", "type")
    rep = meta.get("rep")
    if rep is None or not rep[0]:
        reader.fail(reader.start, "the front matter must name the rep (rep: slug)", "rep")
    answers: list[tuple[str, str]] = []
    statuses: list[ReportedStatus] = []
    useful, comment, feedback_line = None, None, 0
    for heading, line, body in reader.sections(first):
        if heading == COMMITMENTS:
            statuses += _commitments(reader, body)
        elif heading.startswith(FEEDBACK_PREFIX):
            useful, comment = _feedback(reader, body)
            feedback_line = line
        elif text := _text(body):
            answers.append((heading, text))
    if reader.problems or rep is None:
        raise ProblemList(reader.problems, hint="nothing was imported")
    session = meta.get("session", ("", 0))[0] or None
    token = meta.get("token")
    return FilledForm(
        Located(rep[0], rep[1]),
        session,
        answers,
        statuses,
        useful,
        comment,
        feedback_line,
        token=Located(token[0], token[1]) if token and token[0] else None,
        last=meta.get("last", ("", 0))[0] or None,
        front_line=reader.start,
    )

"""Text that users type: rejected at input if it cannot be stored and shown safely."""

from __future__ import annotations

import re

from coachcli.errors import InvalidValue

MAX_TEXT = 20_000  # characters in one answer, note or commitment; documented in the README
# Characters that must never reach a terminal or a document: C0/C1 controls (tab and newline
# kept) and the bidirectional overrides that can disguise text. One source for core, the
# exporters and the terminal renderer.
CONTROL_CHARS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(value: str, *, field: str, max_chars: int = MAX_TEXT) -> str:
    """Multi-line text: invalid UTF-8 refused, control characters dropped, size capped."""
    if _SURROGATE.search(value):
        raise InvalidValue(field, "not valid UTF-8 text", "retype it or fix the file's encoding")
    if len(value) > max_chars:
        raise InvalidValue(
            field,
            f"{len(value):,} characters is over the limit of {max_chars:,}",
            "shorten it; long material belongs in a linked document",
        )
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", value).strip()


def clean_line(value: str, *, field: str, max_chars: int = 500) -> str:
    """One line of text (names, commitments, measures): newlines folded to spaces."""
    return " ".join(clean_text(value, field=field, max_chars=max_chars).split())

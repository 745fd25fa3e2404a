"""The seam for interactive input: the few operations a coaching session needs.

`core.session.flow` asks through a `Prompter` (core.ports) and never knows who answers:
`QuestionaryPrompter` in real use, a scripted fake in tests. Every prompt raises
`KeyboardInterrupt` on Ctrl-C and `EOFError` at the end of input (questionary's
`.unsafe_ask()`), so the flow can save its draft in one place. Prompts and notes go to
stderr; stdout stays for data.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from coachcli.core.ports import Option, Prompter, Validator

__all__ = ["Option", "Prompter", "QuestionaryPrompter", "Validator", "terminal_prompter"]

_STYLE = [
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("instruction", "fg:ansibrightblack italic"),
    ("answer", "fg:ansigreen"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan"),
]


class TypedInterrupt(KeyboardInterrupt):
    """Ctrl-C at a text prompt, carrying what was typed in it (`typed`)."""

    def __init__(self, typed: str) -> None:
        super().__init__()
        self.typed = typed


class QuestionaryPrompter:
    """The real prompter: questionary prompts on the terminal, notes on stderr.

    `output` is a prompt_toolkit Output (default: the one prompt_toolkit picks for the current
    app session; the command passes one writing to stderr). Tests drive it with a pipe input.
    """

    def __init__(self, output: Any = None, stream: TextIO | None = None) -> None:
        self._output = output
        self._stream = stream
        import questionary

        self._q = questionary
        self._style = questionary.Style(_STYLE)

    def _kw(self) -> dict[str, Any]:
        kw: dict[str, Any] = {"style": self._style, "qmark": "?"}
        if self._output is not None:
            kw["output"] = self._output
        return kw

    def _colour(self) -> bool:
        stream = self._stream or sys.stderr
        return stream.isatty() and not os.environ.get("NO_COLOR")

    def note(self, text: str, *, style: str = "") -> None:
        from coachcli.ui.render import safe

        stream = self._stream or sys.stderr
        line = safe(text)
        if style and self._colour():
            code = {"dim": "2", "bold": "1"}.get(style, "0")
            line = f"\x1b[{code}m{line}\x1b[0m"
        stream.write(line + "\n")
        stream.flush()

    @staticmethod
    def _instruction(hint: str | None, arrow: str = " \u203a") -> str | None:
        """The hint dimmed under the question, wrapped to the terminal (prompt_toolkit cuts
        long lines of a prompt's message instead of wrapping them), then the input line."""
        import shutil
        import textwrap

        from coachcli.ui.render import safe

        if not hint:
            return None
        width = max(shutil.get_terminal_size((100, 24)).columns - 4, 30)
        lines = textwrap.wrap(safe(hint), width=width) or [""]
        return "".join(f"\n  {line}" for line in lines) + (f"\n{arrow}" if arrow else "")

    def text(
        self,
        message: str,
        *,
        hint: str | None = None,
        default: str = "",
        validate: Validator | None = None,
    ) -> str:
        check = None
        if validate is not None:
            rule = validate

            def check(value: str) -> bool | str:
                problem = rule(value)
                return True if problem is None else problem

        question = self._q.text(
            message,
            default=default,
            validate=check,
            instruction=self._instruction(hint),
            **self._kw(),
        )
        try:
            return str(question.unsafe_ask())
        except KeyboardInterrupt:
            # What was in the input line when Ctrl-C came: the session keeps it in its draft.
            raise TypedInterrupt(question.application.current_buffer.text) from None

    def select(
        self,
        message: str,
        options: Sequence[Option],
        *,
        hint: str | None = None,
        default: str | None = None,
    ) -> str:
        keys = shortcut_keys(options)
        choices = [
            self._q.Choice(title=label, value=value, shortcut_key=key or False)
            for (value, label), key in zip(options, keys, strict=True)
        ]
        known = {value for value, _ in options}
        question = self._q.select(
            message,
            choices=choices,
            default=default if default in known else None,
            use_jk_keys=False,
            instruction=self._instruction(hint, arrow="") or "(↑↓ or a number, Enter)",
            use_shortcuts=any(keys),
            **self._kw(),
        )
        return str(question.unsafe_ask())

    def confirm(self, message: str, *, default: bool = True) -> bool:
        question = self._q.confirm(message, default=default, auto_enter=True, **self._kw())
        return bool(question.unsafe_ask())


# The keys questionary can show in front of a choice, in the order it hands them out.
SHORTCUTS = "1234567890abcdefghijklmnopqrstuvwxyz"


def shortcut_keys(options: Sequence[Option]) -> list[str]:
    """The key typed for each option: a one-digit value is its own key (typing 4 picks the
    option worth 4, wherever it is listed), the empty value (skip) is 0, the others take the
    free keys in order. More options than keys: none has a key (arrows only)."""
    if len(options) > len(SHORTCUTS):
        return [""] * len(options)
    own = [value if len(value) == 1 and value.isdigit() else "" for value, _ in options]
    if "0" not in own and "" in (value for value, _ in options):
        own[[value for value, _ in options].index("")] = "0"
    free = iter(key for key in SHORTCUTS if key not in own)
    return [key or next(free) for key in own]


def terminal_prompter() -> QuestionaryPrompter:
    """Prompts drawn on stderr, so `coach session start ... > file` still shows them."""
    from prompt_toolkit.output import create_output

    return QuestionaryPrompter(output=create_output(stdout=sys.stderr))

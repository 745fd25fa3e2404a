"""The one place coach uses typer's private, vendored click (`typer._click`).

Typer 0.28 vendors click as `typer._click` and its groups take that module's `Context`; coach
needs the running context (`env.current`), completion items and a group whose first argument
may be a default subcommand (`coach score REP`, `coach prep REP`). Everything that reaches
into the private module does it through the names below, and `tests/test_typer_private.py`
fails when a typer upgrade moves them. pyproject pins typer below 0.29 because 0.29 imports
pydantic to coerce every command's arguments (~0.1 s on each run of every command).
"""

from __future__ import annotations

from typing import Any, ClassVar

from typer._click import Context
from typer._click.globals import get_current_context
from typer._click.shell_completion import CompletionItem
from typer.core import TyperGroup

__all__ = ["CompletionItem", "Context", "DefaultSubcommandGroup", "get_current_context"]


class DefaultSubcommandGroup(TyperGroup):
    """A group whose arguments go to `default` unless they start with a subcommand's name.

    Subclasses set `default` and may add to completion with `extra_completions`.
    """

    default: ClassVar[str]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def extra_completions(self, incomplete: str) -> list[str]:
        """Values offered beside the subcommands when the group's first word is completed."""
        return []

    def shell_complete(self, ctx: Context, incomplete: str) -> list[Any]:
        found = list(super().shell_complete(ctx, incomplete))
        return found + [CompletionItem(v) for v in self.extra_completions(incomplete)]

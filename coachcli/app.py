"""The `coach` Typer app: global options, the command groups, and the one place where
expected errors, Ctrl-C and the unexpected become output and exit codes.

Command modules import only typer and the standard library at module level, so that
`coach --help` stays fast; each command imports what it needs when it runs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from coachcli import __version__
from coachcli.env import Env
from coachcli.errors import CoachError, ExitCode, Interrupted

if TYPE_CHECKING:
    from coachcli.typer_private import Context as ClickContext


def report(exc: CoachError) -> None:
    """The one place an expected failure is printed: `coach: error: MESSAGE; HINT` on stderr.

    A ProblemList prints every problem it holds (capped, see `ProblemList.lines`): each as its
    own `coach: error:` line, or, when it has a summary, as plain `file:line:col: field:
    message` lines followed by `coach: error: SUMMARY; HINT`.
    """
    from coachcli.commands._hints import hint_for
    from coachcli.errors import ProblemList
    from coachcli.ui.render import safe

    if exc.hint is None:
        exc.hint = hint_for(exc)
    lines = exc.lines() if isinstance(exc, ProblemList) else [exc.message]
    if isinstance(exc, ProblemList) and exc.summary:
        for line in lines:
            sys.stderr.write(f"{safe(line)}\n")
        lines = [exc.summary]
    for line in lines[:-1]:
        sys.stderr.write(f"coach: error: {safe(line)}\n")
    text = safe(lines[-1])
    if exc.hint:
        text = f"{text}; {safe(exc.hint)}"
    # A pause is not an error: "coach: Paused. ...", still exit 130.
    kind = "" if isinstance(exc, Interrupted) else "error: "
    sys.stderr.write(f"coach: {kind}{text}\n")


# name: (module, attribute, one-line help). Command modules are imported only when their
# command runs, so `coach remind` does not build the other thirty commands and `coach --help`
# builds none; the one-line help here is checked against each command's docstring by a test.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        "coachcli.commands.init",
        "init",
        "Create the data home, a default config.yaml and an empty store; safe to run again.",
    ),
    "rep": ("coachcli.commands.rep", "app", "Manage the reps you coach."),
    "plan": ("coachcli.commands.plan", "app", "Plan the week's one-to-ones."),
    "session": (
        "coachcli.commands.session",
        "app",
        "Run coaching sessions and read their history.",
    ),
    "commit": (
        "coachcli.commands.commit",
        "app",
        "Commitments: concrete actions a rep agreed to, and how they turned out.",
    ),
    "remind": (
        "coachcli.commands.remind",
        "remind",
        "Follow-ups to act on today; prints nothing when there is nothing to do.",
    ),
    "export": (
        "coachcli.commands.export",
        "export",
        "Export session notes as markdown with front matter, or as JSON Lines.",
    ),
    "bank": ("coachcli.commands.bank", "app", "List, show, validate and lint question banks."),
    "stats": (
        "coachcli.commands.stats",
        "stats",
        "Coaching quality and consistency, one store or many.",
    ),
    "metrics": (
        "coachcli.commands.metrics",
        "app",
        "Weekly activity metrics and conversion ratios per rep.",
    ),
    "goal": ("coachcli.commands.metrics", "goal_app", "Weekly activity goals per rep."),
    "call": (
        "coachcli.commands.call",
        "app",
        "Measure calls from their transcripts: talk share, monologues, questions, roles.",
    ),
    "crm": (
        "coachcli.commands.crm",
        "app",
        "Import the CRM's report exports into the weekly funnel counts.",
    ),
    "report": (
        "coachcli.commands.report",
        "report",
        "One self-contained HTML page of coaching charts (no network, no JavaScript).",
    ),
    "org": (
        "coachcli.commands.org",
        "app",
        "The organisation's view: coaching figures over managers' org exports, on DuckDB.",
    ),
    "prep": (
        "coachcli.commands.prep",
        "app",
        "The rep's prep form: write it before a session, read it back.",
    ),
    "recap": (
        "coachcli.commands.recap",
        "recap",
        "What to send the rep after a session: answers, commitments, next 1:1.",
    ),
    "scorecard": ("coachcli.commands.scorecard", "app", "List and show skill scorecards."),
    "score": (
        "coachcli.commands.score",
        "app",
        "Rate a rep's skills on a scorecard, and show the trend.",
    ),
}


def load_command(name: str) -> Any:
    """The click command for `name`, built from its module on first use."""
    import importlib

    module, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _plain_help(command)
    return command


def _plain_help(command: Any) -> None:
    """Click's plain help everywhere: Rich-formatted help costs ~0.2 s of imports."""
    command.rich_markup_mode = None
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


class CoachGroup(TyperGroup):
    """The root group: resolves subcommands lazily from COMMANDS, and turns every failure
    below it into one line and an exit code."""

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: ClickContext, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: ClickContext, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry[2]) for name, entry in COMMANDS.items()])

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            report(exc)
            ctx.exit(int(exc.exit_code))
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D / a closed terminal
            sys.stderr.write("\ncoach: interrupted\n")
            ctx.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            # The reader went away (`coach ... | head -1`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            debug = isinstance(ctx.obj, Env) and ctx.obj.debug
            if debug or os.environ.get("COACH_DEBUG"):
                import traceback

                traceback.print_exc()
            # The type only: the message could quote private notes.
            sys.stderr.write(
                f"coach: internal error ({type(exc).__name__}); nothing more was written. "
                "Run again with --debug for the traceback and report it.\n"
            )
            ctx.exit(int(ExitCode.INTERNAL))


app = typer.Typer(
    cls=CoachGroup,
    name="coach",
    help="Weekly one-to-one coaching for sales managers: plan, ask, commit, follow up.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            metavar="DIR",
            help="Data home (default: $COACH_HOME, else the platform's data dir).",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bars (shown only on a terminal, on stderr)."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Weekly one-to-one coaching for sales managers: plan, ask, commit, follow up."""
    from coachcli.core.progress import listening
    from coachcli.ui.progress import meter_for

    ctx.obj = Env(home_flag=home, debug=debug)
    # Long work (imports, exports, org analytics) reports progress to this meter, if any.
    ctx.with_resource(listening(meter_for(quiet)))


def run() -> None:
    app(prog_name="coach")

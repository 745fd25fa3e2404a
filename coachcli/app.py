"""The `coach` Typer app: global options, the command groups, and the one place where
expected errors, Ctrl-C and the unexpected become output and exit codes.

Command modules import only typer and the standard library at module level, so that
`coach --help` stays fast; each command imports what it needs when it runs.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from coachcli import __version__
from coachcli.errors import CoachError, ExitCode
from coachcli.state import GLOBALS


def report(exc: CoachError) -> None:
    from coachcli.render import safe

    text = safe(exc.message)
    if exc.hint:
        text = f"{text}; {safe(exc.hint)}"
    sys.stderr.write(f"coach: error: {text}\n")


class CoachGroup(TyperGroup):
    """The root group: turns every failure below it into one line and an exit code."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as exc:
            report(exc)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
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
            if GLOBALS.debug or os.environ.get("COACH_DEBUG"):
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
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Weekly one-to-one coaching for sales managers: plan, ask, commit, follow up."""
    GLOBALS.home_flag = home
    GLOBALS.debug = debug


def _wire() -> None:
    from coachcli.commands import bank, commit, export, init, metrics, plan, remind, rep, session, stats

    app.command("init")(init.init)
    app.add_typer(rep.app, name="rep")
    app.add_typer(plan.app, name="plan")
    app.add_typer(session.app, name="session")
    app.add_typer(commit.app, name="commit")
    app.command("remind")(remind.remind)
    app.command("export")(export.export)
    app.add_typer(bank.app, name="bank")
    app.command("stats")(stats.stats)
    app.add_typer(metrics.app, name="metrics")
    app.add_typer(metrics.goal_app, name="goal")


_wire()


def run() -> None:
    app(prog_name="coach")

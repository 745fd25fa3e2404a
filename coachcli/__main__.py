"""Entry point of `coach` and `python -m coachcli`.

`--version` is answered here, before typer, rich or pydantic are imported.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        _dispatch()
    except KeyboardInterrupt:
        # Ctrl-C while coach is still starting (imports), before the app can catch it.
        sys.stderr.write("\ncoach: interrupted\n")
        sys.exit(130)


def _dispatch() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from coachcli import __version__

        sys.stdout.write(f"coach {__version__}\n")
        return
    if "remind" in sys.argv[1:5]:
        # Shell start-up files run `coach remind`: skip Typer's startup (see remind_fast).
        from coachcli.commands.remind_fast import fast_main

        code = fast_main(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    if "plan" in sys.argv[1:5] and "week" in sys.argv[1:6]:
        # The Monday command on years of history: skip Typer's startup too (see plan_fast).
        from coachcli.commands.plan_fast import fast_main as plan_fast_main

        code = plan_fast_main(sys.argv[1:])
        if code is not None:
            sys.exit(code)
    from coachcli.app import run

    run()


if __name__ == "__main__":
    main()

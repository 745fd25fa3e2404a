"""Entry point of `coach` and `python -m coachcli`.

`--version` is answered here, before typer, rich or pydantic are imported.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    try:
        _dispatch()
    except KeyboardInterrupt:
        # Ctrl-C while coach is still starting (imports), before the app can catch it.
        sys.stderr.write("\ncoach: interrupted\n")
        sys.exit(130)


def _dispatch() -> None:
    # coach loads no pydantic plugins; skip pydantic's scan of every installed package's
    # entry points for them (~25 ms on each command that validates a file).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if sys.argv[1:] in (["--version"], ["-V"]):
        from coachcli import __version__

        sys.stdout.write(f"coach {__version__}\n")
        return
    if sys.argv[1:] in (["--help"], ["-h"]) and _columns() >= 80:
        from coachcli.roothelp import ROOT_HELP

        sys.stdout.write(ROOT_HELP)
        return
    from coachcli.app import run

    run()


def _columns() -> int:
    """The terminal width as Click sees it (shutil's rule, without importing shutil)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


if __name__ == "__main__":
    main()

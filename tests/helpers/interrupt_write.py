"""Run `coach ARGS...` and send this process a real SIGINT at the K-th call of one function.

    python tests/helpers/interrupt_write.py FUNCTION K ARGS...

FUNCTION is one of the steps of an atomic write (`fsync`, `replace`, `link`, `mkstemp`,
`encode`) or a removal (`unlink`), so Ctrl-C lands at a chosen point inside the write instead
of wherever a timer happens to fall. `kill:FUNCTION` sends SIGKILL instead: the process dies
there, before that call, as in a power cut or an OOM kill.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import msgspec

TARGETS: dict[str, tuple[Any, str]] = {
    "fsync": (os, "fsync"),
    "replace": (os, "replace"),
    "link": (os, "link"),
    "mkstemp": (tempfile, "mkstemp"),
    "encode": (msgspec.json, "encode"),
    "unlink": (os, "unlink"),
}


def interrupt_at(owner: Any, name: str, k: int, signum: int = signal.SIGINT) -> None:
    real: Callable[..., Any] = getattr(owner, name)
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == k:
            os.kill(os.getpid(), signum)
        return real(*args, **kwargs)

    setattr(owner, name, wrapper)


def interrupt_at_import(k: int) -> None:
    """SIGINT at the k-th module import: Ctrl-C while coach is still starting."""
    imports = 0

    def hook(event: str, args: tuple[Any, ...]) -> None:
        nonlocal imports
        if event == "import":
            imports += 1
            if imports == k:
                os.kill(os.getpid(), signal.SIGINT)

    sys.addaudithook(hook)


def main() -> None:
    function, k, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    from coachcli.__main__ import main as coach

    if function == "import":
        interrupt_at_import(k)
    else:
        kill, _, function = function.rpartition(":")
        owner, name = TARGETS[function]
        interrupt_at(owner, name, k, signal.SIGKILL if kill == "kill" else signal.SIGINT)
    sys.argv = ["coach", *args]
    coach()


if __name__ == "__main__":
    main()

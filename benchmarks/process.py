"""One whole `coach` process, timed: the helper the benchmark scripts share (run as scripts,
they import it as a sibling module)."""

from __future__ import annotations

import os
import time


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak MiB (the child's max RSS) and exit code of `args`, output discarded."""
    began = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execvpe(args[0], args, env)
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - began, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)

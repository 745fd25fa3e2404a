"""The `coach …` hints for errors core raises as data: the CLI skin's words, not core's.

`app.report` asks `hint_for` when an error carries no hint of its own.
"""

from __future__ import annotations

from coachcli.errors import CoachError, NotFound


def hint_for(exc: CoachError) -> str | None:
    if isinstance(exc, NotFound):
        return _not_found(exc)
    return None


def _not_found(exc: NotFound) -> str:
    if exc.matches:
        return "type more of the name" if exc.kind == "rep" else "type more of the id"
    if exc.kind == "rep":
        if exc.close:
            return f"did you mean: {', '.join(exc.close)}?"
        if exc.known:
            return f"known reps: {', '.join(exc.known[:15])}"
        return "add reps with `coach rep add NAME` or `coach rep import FILE`"
    if exc.kind == "bank":
        if exc.skipped is not None:
            return "fix it; `coach bank validate PATH` lists every problem"
        return "see `coach bank list`"
    if exc.kind == "commitment":
        return "see the ids with `coach commit list --status all`"
    return f"list them with `coach {exc.kind} list`"

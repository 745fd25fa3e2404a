"""The `coach …` hints for errors core raises as data: the CLI skin's words, not core's.

`app.report` asks `hint_for` when an error carries no hint of its own.
"""

from __future__ import annotations

from coachcli.errors import CoachError, DamagedDraft, Exists, Interrupted, NotFound


def hint_for(exc: CoachError) -> str | None:
    if isinstance(exc, NotFound):
        return _not_found(exc)
    if isinstance(exc, Interrupted) and exc.paused:
        return f"continue with `coach session resume {exc.paused}`"
    if isinstance(exc, DamagedDraft):
        return f"discard it with `coach session discard {exc.rep}`"
    if isinstance(exc, Exists):
        if exc.kind == "rep":
            return "use `coach rep edit` to change them, or pick a different name"
        return "see its history with `coach commit list --status all --json`"
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

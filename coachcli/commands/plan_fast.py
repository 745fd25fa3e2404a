"""The body of `coach plan week`, importable without Typer, plus the fast path that runs it.

`plan week` is the Monday command and must answer in a blink on a store with years of
sessions. Typer builds pydantic adapters for every option it parses, which costs more than the
whole budget, so `coachcli.__main__` hands plain `plan week` command lines to `fast_main`: it
parses the few options itself and returns None (Typer takes over, with its help and usage
errors) for anything else. Both paths run `run_week`, so they cannot drift apart. For the same
reason config.yaml is read by a plain reader when it holds only simple values (see
`plain_config`), and by the full pydantic loader otherwise.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachcli.errors import CoachError, ExitCode
from coachcli.state import GLOBALS

if TYPE_CHECKING:
    from datetime import tzinfo

    from coachcli.core.scheduler import WorkWeek
    from coachcli.store.repository import Repository


class Settings:
    """What the plan commands take from config.yaml."""

    def __init__(self, ww: WorkWeek, timezone: str | None, manager: str) -> None:
        self.ww = ww
        self.timezone = timezone
        self.manager = manager

    def zone(self) -> tzinfo | None:
        """The manager's zone: config.timezone, else None (this machine's local zone)."""
        if not self.timezone:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CoachError(
                f"unknown time zone {self.timezone!r} in config.yaml",
                hint="use an IANA name like Europe/Berlin, or remove the timezone line",
            ) from None


def load_settings() -> Settings:
    """The settings from config.yaml: the plain reader when it can, else the full loader."""
    from coachcli.core.scheduler import work_week

    home = GLOBALS.home()
    plain = plain_config(home / "config.yaml")
    if plain is not None:
        return Settings(work_week(**plain["week"]), plain["timezone"], plain["manager"])
    from coachcli.config import load_config

    config = load_config(home)
    ww = work_week(
        working_days=config.working_days,
        working_hours=(config.working_hours.start, config.working_hours.end),
        lunch=(config.lunch.start, config.lunch.end) if config.lunch else None,
        session_minutes=config.session_minutes,
        max_sessions_per_day=config.max_sessions_per_day,
    )
    return Settings(ww, config.timezone, config.manager)


# The plain config reader --------------------------------------------------------------------
# config.yaml as `coach init` writes it is flat `key: value` lines. Loading it through PyYAML
# and pydantic costs a third of plan week's time budget, so a file made only of such lines,
# with values that pass the same checks as `coachcli.config.Config`, is read here. Anything
# else (nesting, anchors, escapes, YAML booleans or numbers where text is expected, unknown or
# repeated keys, an invalid value) returns None and goes to the full loader, which accepts or
# reports it exactly as every other command does.

_LINE = re.compile(r"^([a-z_]+):[ \t]*(.*?)[ \t]*$")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _/+.\-]*$")
_WORD = re.compile(r"^[a-z][a-z0-9_\-]*$", re.IGNORECASE)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MISSING = object()


def _strip_comment(value: str) -> str:
    if value.startswith(("'", '"')):
        end = value.find(value[0], 1)
        if end < 0:
            return value
        rest = value[end + 1 :].strip()
        return value[: end + 1] if not rest or rest.startswith("#") else value + "\0"
    cut = value.find(" #")
    return (value[:cut] if cut >= 0 else value).rstrip()


def _scalar(value: str) -> Any:
    """A str, int or None for the simple YAML scalars; _MISSING for anything else."""
    if value in ("", "~", "null"):
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"' and not re.search(r'[\\"]', value[1:-1]):
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1]:
        return value[1:-1]
    if re.fullmatch(r"[1-9][0-9]{0,3}", value):
        return int(value)
    if re.fullmatch(r"\d{1,2}:\d{2}-\d{1,2}:\d{2}", value):
        return value
    if _PLAIN.match(value) and value.lower() not in _YAML_WORDS and ":" not in value:
        return value
    return _MISSING


def _list(value: str) -> list[str] | None:
    if not (value.startswith("[") and value.endswith("]")):
        return None
    items = [item.strip() for item in value[1:-1].split(",")]
    if not all(_WORD.match(item) and item.lower() not in _YAML_WORDS for item in items):
        return None
    return items


def _span(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str) or value.count("-") != 1:
        return None
    start, end = (part.strip() for part in value.split("-"))
    a, b = _HHMM.match(start), _HHMM.match(end)
    if not a or not b:
        return None
    first, last = (int(a[1]), int(a[2])), (int(b[1]), int(b[2]))
    return (
        (f"{first[0]:02d}:{first[1]:02d}", f"{last[0]:02d}:{last[1]:02d}") if first < last else None
    )


def plain_config(path: Path) -> dict[str, Any] | None:
    """The plan settings of a simple, valid config.yaml; None when the full loader must decide.

    A missing file gives the defaults, as `coachcli.config.load_config` does.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    except OSError:
        return None
    if len(raw) > 20_000:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    values: dict[str, Any] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == "---" or line[0] in " \t":
            return None
        match = _LINE.match(line)
        if not match or match[1] in values:
            return None
        values[match[1]] = _strip_comment(match[2])
    return _plain_values(values)


def _plain_values(values: dict[str, str]) -> dict[str, Any] | None:
    known = {
        "manager",
        "working_days",
        "working_hours",
        "lunch",
        "session_minutes",
        "max_sessions_per_day",
        "week_start",
        "timezone",
        "funnel",
    }
    if set(values) - known:
        return None
    manager = _scalar(values.get("manager", '""'))
    timezone = _scalar(values["timezone"]) if "timezone" in values else None
    if not isinstance(manager, str) or not (timezone is None or isinstance(timezone, str)):
        return None
    days = _list(values.get("working_days", "[mon, tue, wed, thu, fri]"))
    if not days or any(d.lower()[:3] not in _DAYS for d in days):
        return None
    hours = _span(_scalar(values.get("working_hours", '"09:00-17:00"')))
    lunch_raw = _scalar(values.get("lunch", '"12:00-13:00"'))
    lunch = None if lunch_raw is None else _span(lunch_raw)
    minutes = _scalar(values.get("session_minutes", "30"))
    per_day = _scalar(values.get("max_sessions_per_day", "3"))
    if hours is None or (lunch_raw is not None and lunch is None):
        return None
    if not isinstance(minutes, int) or not 10 <= minutes <= 120:
        return None
    if not isinstance(per_day, int) or not 1 <= per_day <= 20:
        return None
    week_start = _scalar(values.get("week_start", "mon"))
    if not isinstance(week_start, str) or week_start.strip().lower()[:3] not in _DAYS:
        return None
    funnel = _list(values.get("funnel", "[calls, conversations]"))
    if not funnel or len(funnel) < 2 or len({f.lower() for f in funnel}) != len(funnel):
        return None
    return {
        "manager": manager,
        "timezone": timezone,
        "week": {
            "working_days": sorted({d.lower()[:3] for d in days}, key=_DAYS.index),
            "working_hours": hours,
            "lunch": lunch,
            "session_minutes": minutes,
            "max_sessions_per_day": per_day,
        },
    }


def _week(week: str | None, next_: bool, day: date) -> str:
    from coachcli.core import weeks

    if week and next_:
        raise CoachError("give either --week or --next, not both")
    if week:
        return weeks.parse_week(week)
    if next_:
        return weeks.shift(weeks.week_of(day), 1)
    return weeks.default_week(day)


def now_of(flag: str | None, day: date) -> datetime:
    """The moment statuses are judged at: the start of --today, else the real clock."""
    if flag:
        return datetime.combine(day, time())
    return datetime.now().replace(second=0, microsecond=0)


def _build(
    repo: Repository,
    week: str,
    settings: Settings,
    *,
    day: date,
    now: datetime,
    busy: list[tuple[datetime, datetime]],
    replan: bool,
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    from coachcli.core.scheduler import gather, plan_week, weakest_banks

    reps = repo.reps.all()
    existing = repo.plans.where(lambda d: d.get("week") == week)
    wanted = [r for r in reps if r.active] + [
        r for r in reps if not r.active and any(s.rep == r.slug for s in existing)
    ]
    histories = gather(repo, week, day, now, wanted)
    plan = plan_week(
        week,
        reps,
        existing,
        histories,
        settings.ww,
        today=day,
        now=now,
        busy=busy,
        replan=replan,
        weakest=lambda slugs: weakest_banks(repo, slugs, day),
    )
    return plan, {r.slug: r for r in reps}, histories


def run_week(
    week: str | None,
    next_: bool,
    today_: str | None,
    json_: bool,
    ics: Path | None,
    busy: Path | None,
    replan: bool,
) -> None:
    """Plan, save (only when something changed), export and show the week."""
    from coachcli.core import weeks
    from coachcli.store.repository import Store

    day = _parse_today(today_) if today_ else date.today()
    now = now_of(today_, day)
    wk = _week(week, next_, day)
    settings = load_settings()
    intervals: list[tuple[datetime, datetime]] = []
    if busy is not None:
        from coachcli.core.busy import read_busy

        monday = weeks.monday(wk)
        intervals = read_busy(busy, monday, monday + timedelta(days=6), settings.zone())
    args: dict[str, Any] = {"day": day, "now": now, "busy": intervals, "replan": replan}
    store = Store(GLOBALS.home())
    plan, reps, histories = _build(store.read(), wk, settings, **args)
    if plan.changed:
        with store.write() as repo:
            plan, reps, histories = _build(repo, wk, settings, **args)
            for key in plan.removed:
                repo.plans.delete(key)
            for slot in plan.added:
                repo.plans.put(slot)
    if ics is not None:
        _write_ics(ics, wk, plan.slots, reps, settings, day)
    _show(plan, reps, histories, day=day, now=now, json_=json_)


def _parse_today(value: str) -> date:
    # Same rule and message as commands._common.parse_date, which imports Typer.
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CoachError(f"invalid --today {value!r}: use YYYY-MM-DD, like 2026-11-30") from None


def _show(
    plan: Any,
    reps: dict[str, Any],
    histories: dict[str, Any],
    *,
    day: date,
    now: datetime,
    json_: bool,
) -> None:
    from coachcli.core import scheduler, weeks
    from coachcli.core.plans import plan_status
    from coachcli.render import message, print_json, print_lines, print_table, warn

    shown = [s for s in plan.slots if reps[s.rep].active]
    if json_:
        print_json(
            [
                scheduler.slot_json(s, reps[s.rep], histories[s.rep], today=day, now=now)
                for s in shown
            ]
        )
    elif not shown and not plan.unplaced:
        message(
            "no active reps to plan: add them with `coach rep add NAME` or `coach rep import FILE`"
        )
    else:
        rows = []
        for slot in shown:
            start, end = weeks.parse_minute(slot.start), weeks.parse_minute(slot.end)
            hist = histories[slot.rep]
            since = hist.days_since(day)
            open_text = str(hist.open_commitments) + (
                f" ({hist.overdue} overdue)" if hist.overdue else ""
            )
            rows.append(
                [
                    start.strftime("%a %d %b"),
                    f"{start:%H:%M}-{end:%H:%M}",
                    reps[slot.rep].name,
                    slot.focus or "",
                    open_text,
                    "never" if since is None else str(since),
                    plan_status(slot, now),
                ]
            )
        monday = weeks.monday(plan.week)
        sunday = monday + timedelta(days=6)
        title = f"Coaching plan {plan.week} ({monday:%a %d %b} - {sunday:%a %d %b %Y})"
        print_table(
            ["Day", "Time", "Rep", "Focus", "Open commitments", "Days since last", "Status"],
            rows,
            title=title,
        )
        count, minutes = scheduler.coaching_time(shown)
        when = "this week" if plan.week == weeks.week_of(day) else f"in {plan.week}"
        print_lines(
            [f"{count} session{'s' if count != 1 else ''}, {_duration(minutes)} of coaching {when}"]
        )
    if plan.unplaced:
        names = ", ".join(r.name for r in plan.unplaced)
        warn(
            f"no free slot in {plan.week} for {names}: free some time, raise "
            "max_sessions_per_day in config.yaml, or use `coach plan move REP WHEN`"
        )
    for slot in plan.conflicts:
        start = weeks.parse_minute(slot.start)
        warn(
            f"{reps[slot.rep].name}'s session {start:%a %H:%M} overlaps a busy event: "
            f"use `coach plan move {slot.rep} WHEN` or --replan"
        )
    late = scheduler.out_of_cadence([reps[s.rep] for s in shown] + plan.unplaced, histories, day)
    if late:
        warn(
            "out of cadence (no session in more than 7 days): "
            + ", ".join(f"{rep.name} ({days} days)" for rep, days in late)
        )


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


def _write_ics(
    path: Path, week: str, slots: list[Any], reps: dict[str, Any], settings: Settings, day: date
) -> None:
    """Write the calendar, refusing to clobber a file that is not an earlier coach export."""

    from coachcli.export.ics import MARKER, plan_calendar
    from coachcli.render import message
    from coachcli.store.files import atomic_write

    if path.is_dir():
        raise CoachError(f"{path} is a directory", hint="give a file name like coaching.ics")
    if path.exists():
        try:
            head = path.read_bytes()[:4096]
        except OSError as exc:
            raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
        if head.strip() and MARKER.encode() not in head:
            raise CoachError(
                f"refusing to overwrite {path}: it is not a calendar exported by coach",
                hint="choose another file name",
            )
    sessions = [(s, reps[s.rep]) for s in slots if reps[s.rep].active]
    stamp = datetime.combine(day, time(), tzinfo=UTC)
    text = plan_calendar(
        week, sessions, stamp=stamp, zone=settings.zone(), manager=settings.manager
    )
    atomic_write(path, text.encode("utf-8"))
    count = sum(1 for s, _ in sessions if not s.skipped)
    message(f"wrote {count} event{'s' if count != 1 else ''} to {path}")


# The fast path ------------------------------------------------------------------------------

_GLOBAL_VALUE = ("--home",)
_GLOBAL_FLAGS = ("--debug",)
_VALUE = ("--week", "--today", "--ics", "--busy")
_FLAGS = ("--next", "--json", "--replan")


def parse_argv(argv: list[str]) -> dict[str, Any] | None:
    """The options of `[--home DIR] [--debug] plan week [options]`, or None for any other
    command line (Typer then handles it, with its help and usage errors)."""
    found: dict[str, Any] = {name: None for name in _GLOBAL_VALUE + _VALUE}
    found |= {name: False for name in _GLOBAL_FLAGS + _FLAGS}
    values, flags = _GLOBAL_VALUE, _GLOBAL_FLAGS
    stage = 0  # 0: global options, 1: after `plan`, 2: after `week`
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=")
        if stage == 0 and token == "plan":
            stage = 1
        elif stage == 1:
            if token != "week":
                return None
            stage, values, flags = 2, _VALUE, _FLAGS
        elif name in values and found[name] is None:
            if eq:
                found[name] = inline
            elif i + 1 < len(argv) and not argv[i + 1].startswith("-"):
                i += 1
                found[name] = argv[i]
            else:
                return None
        elif token in flags:
            found[token] = True
        else:
            return None
        i += 1
    return found if stage == 2 else None


def fast_main(argv: list[str]) -> int | None:
    """Run `coach plan week` without Typer; the exit code, or None when Typer must handle it.

    Failures are reported exactly as `coachcli.app.CoachGroup` reports them.
    """
    options = parse_argv(argv)
    if options is None:
        return None
    GLOBALS.home_flag = options["--home"]
    GLOBALS.debug = options["--debug"]
    try:
        run_week(
            options["--week"],
            options["--next"],
            options["--today"],
            options["--json"],
            Path(options["--ics"]) if options["--ics"] is not None else None,
            Path(options["--busy"]) if options["--busy"] is not None else None,
            options["--replan"],
        )
    except CoachError as exc:
        from coachcli.render import safe

        hint = f"; {safe(exc.hint)}" if exc.hint else ""
        sys.stderr.write(f"coach: error: {safe(exc.message)}{hint}\n")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\ncoach: interrupted\n")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        if GLOBALS.debug or os.environ.get("COACH_DEBUG"):
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"coach: internal error ({type(exc).__name__}); nothing more was written. "
            "Run again with --debug for the traceback and report it.\n"
        )
        return int(ExitCode.INTERNAL)
    return 0

"""Acceptance: the contract's "Truth, fit and reach" points, tried as a script would try them:
a fresh home, `coach ...` commands, exit codes, one-line errors, `--json` keys, real files.

Points that already have their own acceptance test elsewhere are not repeated here (calls:
test_call_remove, test_call_kinds, test_call_figures, test_call_speakers; ratios:
test_ratio_samples; prep binding: test_prep_binding; forget: test_rep_forget; commit export:
test_commit_export; install: test_install_extras; docs: test_manual, test_cli_help)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fails, ok

# Every command whose result depends on the date: each takes `--today` (the contract names
# plan, remind, stats, session start and metrics import; the rest act on "today" too).
DATE_DEPENDENT = [
    ("rep", "add"),
    ("rep", "import"),
    ("plan", "week"),
    ("plan", "move"),
    ("plan", "skip"),
    ("session", "start"),
    ("session", "preview"),
    ("session", "resume"),
    ("remind",),
    ("stats",),
    ("metrics", "import"),
    ("metrics", "show"),
    ("goal", "set"),
    ("goal", "list"),
    ("commit", "add"),
    ("commit", "list"),
    ("commit", "done"),
    ("commit", "export"),
    ("call", "add"),
    ("prep", "form"),
    ("score", "rate"),
    ("org", "stats"),
    ("report",),
]

NEW_BANKS = [
    "deal-review",
    "discovery",
    "forecast-review",
    "competitive-positioning",
    "top-performer-stretch",
]


@pytest.mark.parametrize("command", DATE_DEPENDENT, ids=" ".join)
def test_every_date_dependent_command_takes_today(command: tuple[str, ...]) -> None:
    assert "--today" in ok(*command, "--help").stdout


@pytest.mark.parametrize(
    ("added", "expected"), [("2026-12-14", "new-rep-ramp"), ("2026-06-01", "weekly-checkin")]
)
def test_a_reps_tenure_counts_from_the_today_they_were_added_not_the_real_date(
    coach_home: Path, tmp_path: Path, added: str, expected: str
) -> None:
    ok("rep", "add", "Jo New", "--tier", "developing", "--today", added)
    team = tmp_path / "team.yaml"
    team.write_text("reps:\n  - name: Kim Also\n    tier: developing\n")
    ok("rep", "import", str(team), "--today", added)
    plan = ok("plan", "week", "--today", "2026-12-21", "--json").json()
    assert [slot["focus"] for slot in plan] == [expected, expected]


def _metrics_csv(tmp_path: Path, week: str) -> Path:
    path = tmp_path / "metrics.csv"
    path.write_text(f"rep,week,calls,conversations\nDana Lee,{week},120,30\n")
    return path


def test_metrics_import_refuses_a_week_ahead_of_today_and_takes_it_once_today_reaches_it(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Dana Lee")
    csv = _metrics_csv(tmp_path, "2026-W50")
    early = fails(1, "metrics", "import", str(csv), "--today", "2026-11-23")
    assert "nothing was imported" in early.stderr and "Traceback" not in early.stderr
    shown = ok("metrics", "show", "--today", "2026-12-07", "--weeks", "1", "--json").json()
    assert shown["reps"] == [] or all(r["totals"].get("calls", 0) == 0 for r in shown["reps"])

    ok("metrics", "import", str(csv), "--today", "2026-12-07")
    shown = ok("metrics", "show", "dana", "--today", "2026-12-07", "--weeks", "1", "--json").json()
    assert shown["reps"][0]["totals"]["calls"] == 120


def test_an_invalid_today_for_metrics_import_is_a_one_line_user_error(
    coach_home: Path, tmp_path: Path
) -> None:
    ok("rep", "add", "Dana Lee")
    result = fails(1, "metrics", "import", str(_metrics_csv(tmp_path, "2026-W48")), "--today", "x")
    assert len(result.stderr.strip().splitlines()) == 1 and "--today" in result.stderr


def test_the_new_shipped_banks_are_listed_shown_and_ask_questions(coach_home: Path) -> None:
    listed = {b["id"]: b for b in ok("bank", "list", "--json").json()}
    for bank_id in NEW_BANKS:
        assert listed[bank_id]["source"] == "shipped"
        shown = ok("bank", "show", bank_id, "--json").json()
        asks = [q["ask"] for q in shown["questions"]]
        assert asks and all(ask.rstrip().endswith("?") for ask in asks), bank_id


def _user_bank(home: Path, bank_id: str, *header: str) -> None:
    steps = "".join(
        f"  - id: step-{i:02d}\n    ask: What is step {i} of your call plan?\n"
        for i in range(1, 13)
    )
    banks = home / "banks"
    banks.mkdir(parents=True, exist_ok=True)
    text = f"id: {bank_id}\ntitle: Twelve steps\nsummary: A long bank.\n"
    text += "".join(line + "\n" for line in header) + f"questions:\n{steps}"
    (banks / f"{bank_id}.yaml").write_text(text)


def _previewed(bank_id: str) -> list[str]:
    doc = ok("session", "preview", "dana", "--bank", bank_id, "--today", "2026-12-07", "--json")
    # The bank's own questions (the session may add its closing question after them).
    return [q["id"] for q in doc.json()["questions"] if q["id"].startswith("step-")]


def test_a_user_bank_that_declares_ask_all_is_asked_whole_and_in_order(coach_home: Path) -> None:
    ok("rep", "add", "Dana Lee")
    _user_bank(coach_home, "twelve-checklist", "ask: all", "focus: [calls->conversations]")
    _user_bank(coach_home, "twelve-selection")
    ok("bank", "validate", str(coach_home / "banks" / "twelve-checklist.yaml"))

    listed = {b["id"]: b for b in ok("bank", "list", "--json").json()}
    assert listed["twelve-checklist"]["ask"] == "all"
    assert _previewed("twelve-checklist") == [f"step-{i:02d}" for i in range(1, 13)]
    # Without `ask: all` the same twelve questions are a selection, not all of them.
    assert len(_previewed("twelve-selection")) < 12


def _org_export(tmp_path: Path, manager: str, rep: str, out: Path) -> None:
    home = tmp_path / manager.replace(" ", "-")
    ok("--home", str(home), "init")
    config = home / "config.yaml"
    config.write_text(config.read_text().replace('manager: ""', f'manager: "{manager}"'))
    ok("--home", str(home), "rep", "add", rep)
    for day, useful in (("2026-11-10", 4), ("2026-11-24", 5), ("2026-12-01", 3)):
        answers = tmp_path / "answers.yaml"
        answers.write_text(f"bank: weekly-checkin\nanswers: {{}}\nfeedback: {{useful: {useful}}}\n")
        ok("--home", str(home), "session", "start", rep, "--answers", str(answers), "--today", day)
    ok("--home", str(home), "export", "--format", "jsonl", "--audience", "org", "-o", str(out))


def _numbers(value: object, path: str = "") -> dict[str, float]:
    """Every number of a JSON document by its path: keys joined by `.`, list items by index."""
    found: dict[str, float] = {}
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[path] = float(value)
        return found
    for key, item in items:
        found |= _numbers(item, f"{path}.{key}" if path else key)
    return found


def test_org_sql_for_a_glob_and_a_window_leaves_every_org_stats_figure_in_org_figures(
    tmp_path: Path,
) -> None:
    import duckdb

    exports = tmp_path / "exports"
    exports.mkdir()
    _org_export(tmp_path, "Ana Org", "Dana Lee", exports / "ana.jsonl")
    _org_export(tmp_path, "Ben Org", "Sam Roe", exports / "ben.jsonl")
    window = ("--today", "2026-12-08", "--weeks", "4")
    glob = str(exports / "*.jsonl")

    script = ok("org", "sql", "--dialect", "duckdb", "--data", glob, *window).stdout
    connection = duckdb.connect()
    connection.execute(script)
    table = dict(connection.execute("SELECT path, value FROM org_figures").fetchall())

    stats = ok("org", "stats", glob, *window, "--json").json()
    expected = _numbers(stats)
    assert expected and set(expected) <= set(table)
    assert table["total.sessions.held"] == 4  # the window: the 10 Nov sessions are outside it
    for path, number in expected.items():
        assert table[path] == pytest.approx(number, abs=1e-4), path


def test_the_org_export_is_dated_by_today(team: Path, tmp_path: Path) -> None:
    (team / "config.yaml").write_text('manager: "Sam Boss"\n')
    out = ok("export", "--format", "jsonl", "--audience", "org", "--today", "2026-12-01").stdout
    header = json.loads(out.splitlines()[0])
    assert header.get("exported") == "2026-12-01", header

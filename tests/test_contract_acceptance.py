"""Acceptance checks of the public command-line contract (the manual documents it), run the
way an outside script runs coach: commands, options, exit codes, JSON keys, id formats and
file formats.

Each test names the contract section it checks. They go through the CLI only (CliRunner, in
process), on a fresh home per test, with `--today` for reproducible dates.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, fails, ok
from tests.helpers.jsonout import as_object, as_objects

ANSWERS = """\
banks: [early-pipeline]
minutes: 28
reviews:
  - commitment: {review}
    status: done
    note: Booked 4 of 3 meetings.
answers:
  curious-deals: Acme, run a discovery workshop with their ops lead.
  readiness: 4
tells:
  - Bring the ops lead's numbers to the workshop.
observations:
  - You named the buyer's problem first.
commitments:
  - text: Book the Acme discovery workshop
    due: 2026-12-04
    measure: Invite accepted
notes: Private manager notes.
"""

TEAMS_VTT = """\
WEBVTT

a1b2-1
00:00:00.000 --> 00:00:10.000
<v Alex Kim>How did the call go? What did you learn?</v>

a1b2-2
00:00:10.000 --> 00:00:40.000
<v Dana Lee>It went well. They asked about pricing.

a1b2-3
00:00:40.000 --> 00:00:50.000
<v Dana Lee>I think we have a next step.</v>
"""


def objects(*args: str) -> list[dict[str, Any]]:
    return as_objects(ok(*args, "--json").json())


def obj(*args: str) -> dict[str, Any]:
    return as_object(ok(*args, "--json").json())


def one_line_error(result: Any) -> str:
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("coach: error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def set_manager(home: Path, name: str = "Alex Kim") -> None:
    ok("init")  # keeps the store, writes config.yaml if missing
    config = home / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^manager: .*$", f'manager: "{name}"', text), encoding="utf-8")


def record_session(tmp_path: Path, rep: str = "dana-lee", today: str = "2026-11-24") -> str:
    """A session from the contract's answers file, reviewing a commitment added first."""
    review = ok("commit", "add", rep, "Call three prospects", "--due", "2026-11-27").stdout
    answers = tmp_path / f"answers-{today}.yaml"
    answers.write_text(ANSWERS.format(review=review.strip()[:5]), encoding="utf-8")
    sid = ok("session", "start", rep, "--answers", str(answers), "--today", today).stdout.strip()
    assert re.fullmatch(r"s-[0-9a-f]{6}", sid), sid
    return sid


# --- Everywhere -------------------------------------------------------------------------------


def test_init_makes_a_private_home_and_is_idempotent(coach_home: Path) -> None:
    ok("init")
    assert stat.S_IMODE(coach_home.stat().st_mode) == 0o700
    assert stat.S_IMODE((coach_home / "coach.json").stat().st_mode) == 0o600
    assert (coach_home / "config.yaml").is_file()
    ok("rep", "add", "Dana Lee")
    ok("init")
    assert [r["slug"] for r in objects("rep", "list")] == ["dana-lee"]
    assert re.fullmatch(r"coach \S+\n", ok("--version").stdout)


def test_home_option_overrides_coach_home(coach_home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    ok("--home", str(other), "rep", "add", "Dana Lee")
    assert (other / "coach.json").is_file()
    assert not (coach_home / "coach.json").exists()


def test_usage_errors_exit_2_and_user_errors_exit_1_in_one_line(team: Path) -> None:
    fails(2, "--no-such-option")
    fails(2, "rep", "add")
    fails(2, "plan", "week", "--today")
    one_line_error(fails(1, "rep", "show", "nobody"))
    one_line_error(fails(1, "plan", "week", "--today", "2026-13-01"))


def test_a_corrupt_store_exits_3_and_is_left_untouched(coach_home: Path) -> None:
    ok("init")
    (coach_home / "coach.json").write_text("{not json", encoding="utf-8")
    one_line_error(fails(3, "rep", "list"))
    one_line_error(fails(3, "rep", "add", "Dana Lee"))
    assert (coach_home / "coach.json").read_text(encoding="utf-8") == "{not json"


@pytest.mark.parametrize("below", ["", "sub"])
def test_a_home_that_is_a_file_exits_3_in_one_line(tmp_path: Path, below: str) -> None:
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x", encoding="utf-8")
    home = str(a_file / below) if below else str(a_file)
    report = str(tmp_path / "report.html")
    for args in (
        ("rep", "list"),
        ("session", "list"),
        ("rep", "add", "Dana Lee"),
        ("init",),
        ("report", "-o", report),
    ):
        one_line_error(fails(3, "--home", home, *args))
    assert a_file.read_text(encoding="utf-8") == "x"


def test_reps_by_name_slug_or_prefix_any_case_and_unknown_or_ambiguous_list_candidates(
    team: Path,
) -> None:
    for ref in ("Dana Lee", "DANA LEE", "dana-lee", "Dana", "DAN", "josé álvarez", "jose"):
        assert obj("rep", "show", ref)["slug"] in {"dana-lee", "jose-alvarez"}
    ok("rep", "add", "Dana Smith")
    ambiguous = one_line_error(fails(1, "rep", "show", "dana"))
    assert "dana-lee" in ambiguous and "dana-smith" in ambiguous
    unknown = one_line_error(fails(1, "session", "list", "zed"))
    assert "marco-rossi" in unknown


def test_json_goes_alone_to_stdout_without_colour(
    team: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NO_COLOR")
    record_session(tmp_path)
    for args in (
        ("rep", "list"),
        ("plan", "week", "--today", "2026-11-30", "--busy", str(EXAMPLES / "busy.ics")),
        ("session", "list"),
        ("commit", "list", "--status", "all"),
        ("remind", "--today", "2026-12-08"),
        ("bank", "list"),
        ("stats", "--today", "2026-12-08"),
        ("session", "preview", "dana", "--today", "2026-12-01"),
    ):
        result = ok(*args, "--json")
        json.loads(result.stdout)
        assert "\x1b[" not in result.stdout
    assert "\x1b[" not in ok("rep", "list").stdout


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "week", "--today", "3000-01-01"),
        ("plan", "week", "--today", "1899-12-31"),
        ("plan", "week", "--week", "3000-W01"),
        ("plan", "week", "--week", "1899-W52"),
        ("plan", "move", "dana", "3000-01-01T10:00"),
        ("plan", "move", "dana", "1899-12-31T10:00"),
        ("plan", "move", "dana", "wed 10:00", "--week", "3000-W01"),
        ("plan", "skip", "dana", "--week", "1899-W01"),
        ("commit", "add", "dana", "Call", "--due", "3000-01-01"),
        ("commit", "add", "dana", "Call", "--due", "1899-12-31"),
        ("remind", "--today", "3000-01-01"),
        ("stats", "--today", "1899-12-31"),
        ("session", "preview", "dana", "--today", "3000-01-01"),
    ],
)
def test_dates_outside_1900_to_2999_are_user_errors(team: Path, args: tuple[str, ...]) -> None:
    assert "1900 to 2999" in one_line_error(fails(1, *args))


# --- Roster -----------------------------------------------------------------------------------


def test_rep_add_show_edit_alias_archive(coach_home: Path, tmp_path: Path) -> None:
    ok(
        "rep", "add", "Dana Lee", "--tier", "top", "--slot", "tue 10:00",
        "--email", "dana@example.com", "--focus", "early-pipeline",
    )  # fmt: skip
    one_line_error(fails(1, "rep", "add", "dana lee"))
    one_line_error(fails(1, "rep", "add", "Zed", "--tier", "boss"))
    rep = obj("rep", "show", "dana")
    assert {"name", "slug", "tier", "slot", "focus", "active"} <= set(rep)
    assert (rep["slug"], rep["tier"], rep["slot"], rep["focus"], rep["active"]) == (
        "dana-lee", "top", "tue 10:00", "early-pipeline", True,
    )  # fmt: skip
    ok("rep", "edit", "dana", "--tier", "core", "--alias", "D. Lee")
    assert obj("rep", "show", "dana")["tier"] == "core"
    ok("rep", "archive", "dana")
    assert objects("rep", "list") == []
    [archived] = objects("rep", "list", "--all")
    assert archived["active"] is False
    team_csv = tmp_path / "team.csv"
    team_csv.write_text("name,tier,slot\nMarco Rossi,top,mon 14:00\n", encoding="utf-8")
    ok("rep", "import", str(team_csv))
    assert obj("rep", "show", "marco")["slot"] == "mon 14:00"


def test_a_bad_team_csv_names_each_cell_by_line_column_and_header(
    coach_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "team.csv"
    bad.write_text("name,tier,email\nX Y,boss,x@y.com\nZ W,core,nope\n", encoding="utf-8")
    result = fails(1, "rep", "import", str(bad))
    assert f"{bad}:2:2: tier: invalid tier 'boss'" in result.stderr
    assert f"{bad}:3:3: email: " in result.stderr
    assert objects("rep", "list", "--all") == []


# --- Planning ---------------------------------------------------------------------------------


def test_plan_week_json_keys_ics_and_a_saved_plan(team: Path, tmp_path: Path) -> None:
    ics = tmp_path / "week.ics"
    args = ("plan", "week", "--today", "2026-11-30", "--busy", str(EXAMPLES / "busy.ics"))
    first = as_objects(ok(*args, "--ics", str(ics), "--json").json())
    assert len(first) == 7
    for slot in first:
        assert {"rep", "name", "start", "end", "focus", "status"} <= set(slot)
        assert re.fullmatch(r"2026-(11-30|12-0[1-6])T\d\d:\d\d", slot["start"])
        assert slot["status"] == "planned"
    assert ics.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 7
    assert objects(*args) == first  # re-running shows the same plan
    nxt = objects("plan", "week", "--next", "--today", "2026-11-30")
    assert all(s["start"] >= "2026-12-07" for s in nxt)
    assert objects("plan", "week", "--week", "2026-W50", "--today", "2026-11-30") == nxt
    assert len(objects(*args, "--replan")) == 7


def test_plan_move_and_skip_with_a_busy_calendar(team: Path) -> None:
    busy = str(EXAMPLES / "busy.ics")
    ok("plan", "week", "--today", "2026-11-30", "--busy", busy)
    # The stand-up (09:00-09:15 London time, every weekday): refused, then forced.
    one_line_error(fails(1, "plan", "move", "dana", "2026-12-02T09:00", "--week", "2026-W49"))
    ok("plan", "move", "dana", "wed 09:00", "--force", "--week", "2026-W49")
    ok("plan", "move", "dana", "2026-12-03T15:00")
    ok("plan", "skip", "marco", "--reason", "on leave", "--week", "2026-W49")
    plan = {s["rep"]: s for s in objects("plan", "week", "--today", "2026-11-30")}
    assert plan["dana-lee"]["start"] == "2026-12-03T15:00"
    assert plan["marco-rossi"]["status"] == "skipped"


# --- Sessions ---------------------------------------------------------------------------------


def test_answers_file_with_every_contract_field(team: Path, tmp_path: Path) -> None:
    sid = record_session(tmp_path)
    [listed] = objects("session", "list", "dana")
    assert {"id", "rep", "date", "minutes", "banks"} <= set(listed)
    assert (listed["id"], listed["rep"], listed["date"], listed["minutes"]) == (
        sid, "dana-lee", "2026-11-24", 28,
    )  # fmt: skip
    assert listed["banks"] == ["early-pipeline"]
    shown = obj("session", "show", sid)
    for key in ("answers", "tells", "reviews", "commitments", "notes"):
        assert key in shown
    answers = {a["question_id"]: a for a in shown["answers"]}
    assert answers["readiness"]["answer"] == 4
    assert answers["curious-deals"]["ask"].endswith("?")
    assert shown["tells"] == ["Bring the ops lead's numbers to the workshop."]
    assert shown["observations"] == ["You named the buyer's problem first."]
    assert shown["reviews"][0]["status"] == "done"
    assert shown["commitments"][0]["due"] == "2026-12-04"
    assert shown["notes"] == "Private manager notes."
    # Any unique prefix, with or without the s-.
    assert obj("session", "show", sid[2:5])["id"] == sid
    assert obj("session", "show", sid[:4].upper())["id"] == sid


def test_a_bad_answers_file_names_each_field_and_saves_nothing(team: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: early-pipeline\n"
        "reviews:\n  - commitment: c-ffffff\n    status: done\n"
        "answers:\n  no-such-question: x\n  readiness: nine\n",
        encoding="utf-8",
    )
    result = fails(1, "session", "start", "dana", "--answers", str(bad), "--today", "2026-11-24")
    assert "Traceback" not in result.stderr
    for field in ("reviews[0].commitment", "answers.no-such-question", "answers.readiness"):
        assert f"{bad}:" in result.stderr and field in result.stderr
    assert objects("session", "list") == []


def test_session_preview_lists_the_selected_questions(team: Path) -> None:
    preview = obj("session", "preview", "dana", "--bank", "early-pipeline", "--today", "2026-12-01")
    questions = preview["questions"]
    assert questions and all({"bank", "id", "ask"} <= set(q) for q in questions)
    bank = next(b for b in objects("bank", "list") if b["id"] == "early-pipeline")
    assert len(questions) < bank["questions"]  # a selection, not all of it
    assert objects("session", "list") == []  # read-only


# --- Commitments and reminders ----------------------------------------------------------------


def test_commitments_ids_statuses_edit_and_history(team: Path) -> None:
    cid = ok("commit", "add", "dana", "Book 3 calls", "--due", "2026-12-04", "--measure", "3")
    cid_text = cid.stdout.strip()
    assert re.fullmatch(r"c-[0-9a-f]{6}", cid_text)
    [item] = objects("commit", "list", "dana")
    assert {"id", "rep", "text", "due", "measure", "status", "history"} <= set(item)
    ok("commit", "edit", cid_text[2:5], "--text", "Book 4 calls", "--due", "2026-12-05")
    ok("commit", "done", cid_text, "--note", "Booked 5")
    assert objects("commit", "list", "dana") == []
    [done] = objects("commit", "list", "--status", "done")
    assert (done["text"], done["due"], done["status"]) == ("Book 4 calls", "2026-12-05", "done")
    assert len(done["history"]) >= 2
    other = ok("commit", "add", "marco", "Send recap").stdout.strip()
    ok("commit", "miss", other[:7])
    third = ok("commit", "add", "marco", "Prospect").stdout.strip()
    ok("commit", "drop", third[2:])
    statuses = {c["status"] for c in objects("commit", "list", "--status", "all")}
    assert statuses == {"done", "missed", "dropped"}
    fails(1, "commit", "list", "--status", "someday")


def test_remind_json_is_an_object_of_six_lists(team: Path) -> None:
    ok("commit", "add", "dana", "Book 3 calls", "--due", "2026-11-20")
    ok("plan", "week", "--today", "2026-11-30")
    reminders = obj("remind", "--today", "2026-11-30", "--days", "3")
    sections = ("sessions", "overdue", "due_soon", "out_of_cadence", "habit_checks", "recognition")
    assert set(sections) <= set(reminders)
    assert all(isinstance(reminders[key], list) for key in sections)
    assert [c["rep"] for c in reminders["overdue"]] == ["dana-lee"]
    assert reminders["sessions"]


# --- Export -----------------------------------------------------------------------------------


def test_export_markdown_jsonl_dirs_and_audiences(
    team: Path, tmp_path: Path, coach_home: Path
) -> None:
    sid = record_session(tmp_path)
    doc = ok("export", "dana").stdout
    assert doc.startswith("---\n") and "Private manager notes." in doc
    assert sid in ok("export", "--session", sid[2:], "-o", "-").stdout
    assert "Private manager notes." not in ok("export", "dana", "--audience", "rep").stdout
    [line] = ok("export", "--format", "jsonl").stdout.splitlines()
    assert json.loads(line)["id"] == sid
    out = tmp_path / "notes"
    ok("export", "-o", str(out))
    assert len(list(out.glob("*.md"))) == 1
    ok("export", "-o", str(out), "--skip-existing")
    fails(1, "export", "--format", "jsonl", "--audience", "org")  # manager: not set
    set_manager(coach_home)
    org = ok("export", "--format", "jsonl", "--audience", "org", "--pseudonymize").stdout
    for typed in ("Acme", "ops lead", "Private", "Booked", "Invite accepted", "buyer's problem"):
        assert typed not in org
    assert "dana" not in org.lower()
    records = [json.loads(line) for line in org.splitlines()]
    assert all(r["manager"] == "Alex Kim" for r in records)


# --- Banks, stats, metrics --------------------------------------------------------------------


def test_bank_list_sources_and_validate(
    coach_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "banks"
    mine.mkdir()
    (mine / "w.yaml").write_text(
        "id: weekly-checkin\ntitle: Mine\nquestions:\n"
        "  - id: only\n    ask: Only one?\n    type: text\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COACH_BANKS", str(mine))
    banks = {b["id"]: b for b in objects("bank", "list")}
    assert all({"id", "title", "questions", "source"} <= set(b) for b in banks.values())
    assert banks["early-pipeline"]["source"] == "shipped"
    assert banks["weekly-checkin"]["source"] == str(mine / "w.yaml")
    assert banks["weekly-checkin"]["questions"] == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad\ntitle: x\nquestions:\n  - id: a\n    ask: No question\n")
    result = fails(1, "bank", "validate", str(bad))
    assert f"{bad}:5:" in result.stderr and "ask" in result.stderr


def test_stats_and_metrics_print_plain_numbers(team: Path, tmp_path: Path) -> None:
    record_session(tmp_path)
    ok("metrics", "import", str(EXAMPLES / "metrics.csv"))
    ok("goal", "set", "dana", "meetings", "5")
    stats = obj("stats", "--today", "2026-12-01", "--weeks", "4")
    metrics = obj("metrics", "show", "dana", "--weeks", "4")

    def no_percent_strings(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                no_percent_strings(item)
        elif isinstance(value, list):
            for item in value:
                no_percent_strings(item)
        elif isinstance(value, str):
            assert not re.fullmatch(r"-?[\d.]+ ?%", value), value

    no_percent_strings(stats)
    no_percent_strings(metrics)
    other = tmp_path / "other-home"
    ok("--home", str(other), "rep", "add", "Zed Zero")
    rolled = obj("stats", "--store", str(Path(str(team))), "--store", str(other))
    assert len(rolled["stores"]) == 2 and "total" in rolled


# --- Calls and the CRM ------------------------------------------------------------------------


def test_call_add_list_show_keys_and_ids(team: Path, tmp_path: Path, coach_home: Path) -> None:
    set_manager(coach_home)
    teams = tmp_path / "teams.vtt"
    teams.write_text(TEAMS_VTT, encoding="utf-8")
    call = obj("call", "add", "dana", str(teams), "--date", "2026-11-25")
    assert re.fullmatch(r"k-[0-9a-f]{6}", call["id"])
    keys = {"id", "rep", "date", "kind", "session", "minutes", "speakers", "manager_share"}
    assert keys | {"rep_share", "other_share", "manager_role"} <= set(call)
    assert (call["kind"], call["session"], call["manager_role"]) == ("coaching", None, None)
    speakers = {s["name"]: s for s in call["speakers"]}
    for speaker in speakers.values():
        assert {"name", "role", "seconds", "share", "longest_monologue", "questions"} <= set(
            speaker
        )
    assert (speakers["Alex Kim"]["role"], speakers["Alex Kim"]["questions"]) == ("manager", 2)
    assert (speakers["Dana Lee"]["seconds"], speakers["Dana Lee"]["share"]) == (40.0, 0.8)
    joint = obj("call", "add", "dana", str(EXAMPLES / "joint-call.vtt"), "--manager", "Chris Patel")
    assert joint["kind"] == "joint" and joint["manager_role"] in {
        "lead", "passive participant", "silent observer",
    }  # fmt: skip
    listed = objects("call", "list", "dana")
    assert [c["date"] for c in listed] == sorted((c["date"] for c in listed), reverse=True)
    # Prefixes long enough that the other call's random id cannot share them (1 in 2**20).
    assert obj("call", "show", call["id"][2:7])["id"] == call["id"]
    assert obj("call", "show", call["id"][:7].upper())["id"] == call["id"]
    nobody = tmp_path / "nobody.srt"
    nobody.write_text("1\n00:00:00,000 --> 00:00:05,000\nZed: hi\n", encoding="utf-8")
    assert "Zed" in one_line_error(fails(1, "call", "add", "dana", str(nobody)))


def test_crm_import_and_mappings(team: Path) -> None:
    mappings = objects("crm", "mappings")
    assert "salesforce-activities" in {m["id"] for m in mappings}
    export = str(EXAMPLES / "salesforce-activities.csv")
    dry = obj("crm", "import", export, "--dry-run")
    assert dry["mapping"] == "salesforce-activities"
    ok("crm", "import", export)
    ok("crm", "import", export, "--mapping", "salesforce-activities")


# --- The rep's side ---------------------------------------------------------------------------


def test_recap_never_holds_private_notes_and_eml_goes_to_the_rep(
    team: Path, tmp_path: Path
) -> None:
    sid = record_session(tmp_path)
    for fmt in ("md", "txt", "eml"):
        text = ok("recap", sid, "--format", fmt).stdout
        assert "Private manager notes" not in text
    eml = ok("recap", sid[2:], "--format", "eml").stdout
    assert re.search(r"(?m)^To: .*dana\.lee@example\.com", eml)
    assert "utf-8" in eml.lower()
    ok("rep", "add", "No Mail")
    nomail = record_session(tmp_path, rep="no-mail", today="2026-11-25")
    fails(1, "recap", nomail, "--format", "eml")
    ok("recap", nomail, "--format", "eml", "-o", str(tmp_path / "recap.eml"))


def test_score_scorecard_and_show_history(team: Path, tmp_path: Path) -> None:
    cards = objects("scorecard", "list")
    assert "sales" in {c["id"] for c in cards}
    card = obj("scorecard", "show", "sales")
    skill = card["skills"][0]["id"]
    for day, value in (("2026-11-01", 2), ("2026-12-01", 4)):
        ratings = tmp_path / f"ratings-{day}.yaml"
        ratings.write_text(f"scorecard: sales\nratings: {{{skill}: {value}}}\n", encoding="utf-8")
        ok("score", "dana", "--ratings", str(ratings), "--today", day)
    [shown] = obj("score", "show", "dana")["skills"]
    assert {"id", "name", "history", "latest", "change"} <= set(shown)
    assert shown["history"] == [
        {"date": "2026-11-01", "score": 2},
        {"date": "2026-12-01", "score": 4},
    ]
    assert (shown["latest"], shown["change"]) == (4, 2)


def test_rep_export_data_and_forget(team: Path, tmp_path: Path, coach_home: Path) -> None:
    record_session(tmp_path)
    out = tmp_path / "dana.json"
    ok("rep", "export-data", "dana", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Private manager notes." in json.dumps(data)
    fails(1, "rep", "forget", "dana")
    ok("rep", "forget", "dana", "--yes")
    fails(1, "rep", "show", "dana-lee")
    for path in coach_home.rglob("*"):
        if path.is_file():
            assert "Private manager notes" not in path.read_text(encoding="utf-8", errors="ignore")


# --- The organisation's view ------------------------------------------------------------------


def test_org_stats_equal_stats_and_report_is_offline(
    team: Path, tmp_path: Path, coach_home: Path
) -> None:
    set_manager(coach_home)
    record_session(tmp_path)
    org_dir = tmp_path / "org"
    org_dir.mkdir()
    ok("export", "--format", "jsonl", "--audience", "org", "-o", str(org_dir / "alex.jsonl"))
    window = ("--today", "2026-12-01", "--weeks", "4")
    org = obj("org", "stats", str(org_dir), *window)
    assert {"managers", "total"} <= set(org)
    [manager] = org["managers"]
    mine = obj("stats", "--store", str(coach_home), *window)["stores"][0]
    for key in ("sessions", "minutes", "ask_tell", "observations", "commitments", "roles"):
        assert manager[key] == mine[key], key
    ok("org", "load", str(org_dir / "alex.jsonl"), "--db", str(tmp_path / "org.duckdb"))
    assert obj("org", "stats", "--db", str(tmp_path / "org.duckdb"), *window)["total"]
    for dialect in ("duckdb", "spark", "bigquery", "snowflake", "postgres"):
        assert "select" in ok("org", "sql", "--dialect", dialect).stdout.lower()
    page = tmp_path / "report.html"
    ok("report", "-o", str(page), *window, "--org", str(org_dir))
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", html)


def test_stats_reports_the_reps_average_usefulness_like_org_stats(team: Path) -> None:
    from datetime import date

    from coachcli.core import stats as core_stats
    from coachcli.core.stats_report import report

    sessions = [
        {"rep": "ann", "date": "2026-11-24", "minutes": 30, "useful": 4},
        {"rep": "ann", "date": "2026-11-25", "minutes": 30, "useful": 5},
        {"rep": "ann", "date": "2026-11-26", "minutes": 30},  # the rep skipped the step
    ]
    window = core_stats.window_for(date(2026, 11, 30), 2)
    one = core_stats.gather(
        reps=[{"slug": "ann", "name": "Ann", "tier": "core"}],
        sessions=sessions,
        commitments=[],
        plans=[],
        metrics=[],
        window=window,
        focus={},
    )
    ann = {"rated": 2, "average": 4.5, "trend": 1.0}  # trend: later half minus earlier half
    assert report(one, window)["usefulness"] == ann | {"reps": [{"rep": "ann", **ann}]}
    both = core_stats.Tally()
    both.add(one)
    both.add(one)
    assert report(both, window, per_rep=False)["usefulness"] == ann | {"rated": 4}
    # The key is there, as in `org stats --json`, before any rep rated a session.
    empty = {"rated": 0, "average": None, "trend": None, "reps": []}
    assert obj("stats", "--today", "2026-11-30")["usefulness"] == empty
    assert "usefulness" in obj("stats", "--store", str(team))["total"]


# --- The rep's side: prep, feedback, scores in an answers file --------------------------------


def test_prep_form_round_trip_reaches_the_next_session(team: Path, tmp_path: Path) -> None:
    cid = ok("commit", "add", "dana", "Call three prospects", "--due", "2026-12-04").stdout.strip()
    form = tmp_path / "prep.md"
    ok("prep", "dana", "-o", str(form), "--today", "2026-12-01")
    text = form.read_text(encoding="utf-8")
    assert ok("prep", "dana", "--today", "2026-12-01").stdout.strip() == text.strip()
    front = text.split("---\n")[1]
    assert re.search(r"(?m)^type: \"?coach-prep\"?$", front)
    assert re.search(r"(?m)^rep: \"?dana-lee\"?$", front)
    assert "\n## Commitments\n" in text
    assert re.search(rf"(?m)^### {cid}", text)
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    question = next(h for h in headings if h != "Commitments")
    filled = text.replace(f"## {question}\n", f"## {question}\nAcme is moving. <!-- x -->\n", 1)
    # What a script would do: the first `status: open` in the file is the commitment's.
    filled = filled.replace("status: open", "status: done", 1)
    filled = re.sub(r"(?m)^note: ?$", "note: Booked them all", filled, count=1)
    form.write_text(filled, encoding="utf-8")
    ok("prep", "import", str(form))
    assert obj("session", "preview", "dana", "--today", "2026-12-02")["prep"]
    answers = tmp_path / "a.yaml"
    answers.write_text("bank: weekly-checkin\nanswers: {}\n", encoding="utf-8")
    sid = ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-12-02")
    prep = json.dumps(obj("session", "show", sid.stdout.strip())["prep"])
    assert "Acme is moving." in prep and "<!--" not in prep
    assert '"done"' in prep and "Booked them all" in prep


def test_answers_file_feedback_and_scores(team: Path, tmp_path: Path) -> None:
    skill = obj("scorecard", "show", "sales")["skills"][0]["id"]
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "bank: weekly-checkin\nanswers: {}\n"
        'feedback: {useful: 4, comment: "Good one"}\n'
        f"scorecard: sales\nscores: {{{skill}: 3}}\n",
        encoding="utf-8",
    )
    sid = ok("session", "start", "dana", "--answers", str(answers), "--today", "2026-11-24")
    feedback = obj("session", "show", sid.stdout.strip())["feedback"]
    assert (feedback["useful"], feedback["comment"]) == (4, "Good one")
    [shown] = obj("score", "show", "dana")["skills"]
    assert (shown["id"], shown["latest"]) == (skill, 3)
    usefulness = obj("stats", "--today", "2026-11-30", "--weeks", "4")["usefulness"]
    one = {"rated": 1, "average": 4.0, "trend": None}  # a trend needs 2 ratings
    assert usefulness == one | {"reps": [{"rep": "dana-lee", **one}]}

"""`coach report`: one self-contained HTML page of SVG charts, escaped, offline, printable; and
opened in a real headless chromium (.ci/run installs it)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from coachcli.core.models import Call, Rep, Score
from coachcli.store.repository import Store
from tests.conftest import fails, ok
from tests.helpers import browser
from tests.helpers.bench import load_generator

generate = load_generator()
END = date(2026, 11, 23)
TODAY = "2026-11-20"
CHARTS = (
    "cadence",
    "minutes",
    "talk",
    "follow_through",
    "conversion",
    "skills",
    "talk_share",
)
EVIL = '<script>alert("x")</script> & $x$ "Bo"'


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("report") / "home"
    generate.generate_home(home, reps=4, weeks=20, seed=5, end=END)
    with Store(home).write() as repo:
        repo.reps.put(Rep(name=EVIL, slug="evil", tier="top"))
        for i, day in enumerate(("2026-10-05", "2026-10-19", "2026-11-02")):
            repo.scores.put(
                Score(rep="evil", date=day, scorecard="sales", ratings={"a": 2 + i, "b": 3})
            )
            repo.calls.put(
                Call(id=f"k-00000{i}", rep="evil", date=day, kind="coaching", manager_share=0.3)
            )
    return home


def _charts(html: str) -> dict[str, bool]:
    """chart key -> has an SVG (False: "no data yet")."""
    found = re.findall(r'data-chart="([a-z_]+)" data-empty="(true|false)"', html)
    return {key: empty == "false" for key, empty in found}


def test_report_is_one_offline_page_with_every_chart_escaped(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    ok("--home", str(team), "report", "-o", str(out), "--today", TODAY, "--weeks", "8")
    html = out.read_text()
    assert _charts(html) == dict.fromkeys(CHARTS, True)
    assert html.count("<svg") == len(CHARTS)
    # Offline and script-free: no script element, no external reference of any kind.
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html.replace("url(#", "")
    assert "@media print" in html
    assert "&lt;script&gt;alert" in html  # the rep's name, escaped, in the heatmap's labels
    assert "$x$" in html  # no math parsing of names
    fails(1, "--home", str(team), "report", "-o", str(out))  # exists: --force to replace


def test_report_says_no_data_yet_and_org_is_side_by_side(team: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "config.yaml").write_text("manager: Nobody\n")
    out = tmp_path / "e.html"
    ok("--home", str(empty), "report", "-o", str(out), "--today", TODAY)
    html = out.read_text()
    assert _charts(html) == dict.fromkeys(CHARTS, False)
    assert html.count("no data yet") == len(CHARTS)

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.jsonl").write_text(ok("--home", str(team), "export", "--audience", "org").stdout)
    other = tmp_path / "other"
    generate.generate_home(other, reps=3, weeks=10, seed=9, end=END)
    (exports / "b.jsonl").write_text(
        ok("--home", str(other), "export", "--audience", "org", "--pseudonymize").stdout
    )
    org = tmp_path / "org.html"
    ok("report", "-o", str(org), "--today", TODAY, "--org", str(exports))
    html = org.read_text()
    assert html.count('data-chart="cadence"') == 2  # one panel per manager
    assert "&lt;script&gt;alert" in html and "<script>" not in html
    assert "no org export" in fails(1, "report", "-o", str(org), "--org", "nope*.jsonl").stderr
    fails(1, "report", "-o", str(tmp_path / "w.html"), "--weeks", "0")


@pytest.mark.slow
def test_report_opens_in_a_real_headless_browser(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    ok("--home", str(team), "report", "-o", str(out), "--today", TODAY)
    profile = tmp_path / "profile"
    dom = browser.dump_dom(out, profile)  # no chromium: fails, does not skip
    assert dom.count("<svg") == len(CHARTS), dom[:500]
    assert _charts(dom) == dict.fromkeys(CHARTS, True)
    image = browser.screenshot(out, tmp_path / "shot.png", profile, 1000, 1400)
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, "the screenshot is blank"
    dark = sum(count for count, value in colours if value < 128)
    assert dark > image.width * image.height * 0.01  # charts and text drawn


def _panels(html: str, chart: str) -> list[str]:
    return re.findall(rf'data-chart="{chart}" data-empty="false">(.*?)</figure>', html, re.S)


def _y_ticks(svg: str) -> list[str]:
    """The value axis' tick labels of one panel (matplotlib keeps them as text)."""
    return re.findall(r'<g id="ytick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)


def test_org_report_panels_share_one_value_axis_and_ask_tell_is_per_session(
    team: Path, tmp_path: Path
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.jsonl").write_text(ok("--home", str(team), "export", "--audience", "org").stdout)
    other = tmp_path / "other"
    generate.generate_home(other, reps=2, weeks=10, seed=9, end=END)
    (exports / "b.jsonl").write_text(ok("--home", str(other), "export", "--audience", "org").stdout)
    out = tmp_path / "org.html"
    ok("report", "-o", str(out), "--today", TODAY, "--org", str(exports))
    html = out.read_text()
    for chart in ("minutes", "talk"):
        first, second = _panels(html, chart)
        assert _y_ticks(first) == _y_ticks(second) != [], chart  # one scale to compare on
    talk = _panels(html, "talk")[0]
    assert "per session" in talk and "per week" not in talk
    # panels side by side are all one size, an odd last one too (grid columns, no stretching)
    assert "grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr))" in html
    assert "flex: 1 1" not in html


def test_report_opens_with_the_headline_numbers_and_their_counts(
    team: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    ok("--home", str(team), "report", "-o", str(out), "--today", TODAY, "--weeks", "8")
    html = out.read_text()
    figures = ok("--home", str(team), "stats", "--today", TODAY, "--weeks", "8", "--json").json()
    assert isinstance(figures, dict)
    head = html[html.index('<section id="headline">') : html.index('<section id="cadence">')]
    assert html.index('id="headline"') < html.index('data-chart="cadence"')  # numbers first
    for label in ("Consistency", "Follow-through", "Usefulness", "Talk share"):
        assert f"<th>{label}</th>" in head
    sessions, commitments = figures["sessions"], figures["commitments"]
    assert f"{sessions['held_as_planned']} of {sessions['planned']} planned held" in head
    assert f"{commitments['done']} of {commitments['due']} due done" in head
    calls = figures["coaching_calls"]["measured"]
    assert f"{calls} coaching calls measured (small sample: under 20)" in head  # 3 calls
    assert 'class="small"' in head


def test_a_time_axis_spans_the_reports_weeks_even_for_one_point() -> None:
    from coachcli.ui.charts import skills, talk_share

    weeks = ["2026-W40", "2026-W41", "2026-W46", "2026-W47"]
    for svg in (
        talk_share([("2026-11-02", 0.3)], weeks),
        skills({"Dana": [("2026-11-02", 3.0)]}, weeks),
    ):
        assert svg is not None
        ticks = re.findall(r'<g id="xtick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
        assert ticks and all("2026-09-28" <= t <= "2026-11-22" for t in ticks), ticks


def test_conversion_bars_show_their_counts_and_small_samples_are_faint() -> None:
    from coachcli.ui.charts import conversion

    def item(name: str, before: tuple[int, int], after: tuple[int, int]) -> dict[str, object]:
        return {
            "name": name,
            "transition": "calls->meetings",
            "before": before[0] / before[1],
            "after": after[0] / after[1],
            "before_numerator": before[0],
            "before_denominator": before[1],
            "after_numerator": after[0],
            "after_denominator": after[1],
            "enough": min(before[1], after[1]) >= 20,
        }

    svg = conversion([item("Dana", (2, 10), (6, 12)), item("Sam", (30, 100), (41, 120))], [])
    assert svg is not None
    for counts in ("2 of 10", "6 of 12", "30 of 100", "41 of 120"):
        assert counts in svg
    assert "Dana: calls-&gt;meetings (small sample)" in svg
    assert "Sam: calls-&gt;meetings (small sample)" not in svg
    assert svg.count("opacity: 0.35") == 2  # Dana's two bars, and only those

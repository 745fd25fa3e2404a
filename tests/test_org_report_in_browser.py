"""`coach report --org` as a VP sees it: three managers' real org exports (one with a small
sample), the page opened and photographed in a real headless chromium.

What a reader notices: the headline numbers open the page above the fold, each with its
counts, a small sample drawn faint; every panel has a drawing; panels side by side are one
size, the odd last one too; the time axes of panels side by side span the same weeks; nothing
runs off the side of a 1000 px window.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from coachcli.core.models import Call, Score
from coachcli.store.repository import Store
from tests.conftest import ok
from tests.helpers import browser
from tests.helpers.bench import load_generator

generate = load_generator()
END = date(2026, 11, 23)
TODAY = "2026-11-20"
# (reps, weeks of history, coaching calls and ratings): seeds 5, 6, 7 are three managers;
# the last one started three weeks ago and has a small sample of everything.
MANAGERS = ((4, 20, 24), (3, 12, 21), (1, 3, 2))
SMALL = "Jordan Reyes"
TIME_AXES = ("talk", "follow_through")  # weeks as categories, one tick per week


def _measure(home: Path, count: int) -> None:
    """`count` measured coaching calls, skill scores and usefulness ratings, spread over the
    last weeks, as `coach call add`, `coach score` and `coach feedback` would leave them."""
    with Store(home).write() as repo:
        slugs = sorted(rep.slug for rep in repo.reps.all())
        newest = sorted(repo.sessions.all(), key=lambda s: (s.date, s.id))[-count:]
        for i in range(count):
            day = (END - timedelta(days=3 + 3 * i)).isoformat()
            rep = slugs[i % len(slugs)]
            share = 0.35 + (i % 5) * 0.06
            repo.calls.put(
                Call(id=f"k-{i:06x}", rep=rep, date=day, kind="coaching", manager_share=share)
            )
            ratings = {"discovery": 2 + i % 3, "next-steps": 3 + i % 2}
            repo.scores.put(Score(rep=rep, date=day, scorecard="sales", ratings=ratings))
        for i, held in enumerate(newest):
            session = repo.load_session(held.id)
            assert session is not None
            repo.save_session(replace(session, useful=3 + i % 3))


@pytest.fixture(scope="module")
def org_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("org-report")
    exports = root / "exports"
    exports.mkdir()
    for i, (reps, weeks, measured) in enumerate(MANAGERS):
        home = root / f"home{i}"
        generate.generate_home(home, reps=reps, weeks=weeks, seed=5 + i, end=END)
        _measure(home, measured)
        export = ok("--home", str(home), "export", "--audience", "org", "--today", TODAY)
        (exports / f"manager{i}.jsonl").write_text(export.stdout)
    page = root / "org.html"
    ok("report", "-o", str(page), "--today", TODAY, "--org", str(exports))
    return page


def _x_ticks(svg: str) -> list[str]:
    return re.findall(r'<g id="xtick_\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)


def test_org_report_panels_side_by_side_span_the_same_weeks(org_page: Path) -> None:
    html = org_page.read_text()
    for chart in TIME_AXES:
        panels = re.findall(
            rf'data-chart="{chart}" data-empty="false"><h3>([^<]*)</h3>(.*?)</figure>',
            html,
            re.S,
        )
        assert len(panels) == len(MANAGERS), chart
        ticks = {name: _x_ticks(svg) for name, svg in panels}
        # the report's 12 weeks for everyone: a manager three weeks in does not get a panel
        # whose three weeks stretch across the width his neighbours give to twelve
        assert all(t == ticks["Alex Morgan"] for t in ticks.values()), (chart, ticks)
        assert len(ticks[SMALL]) == 12 and ticks[SMALL][-1] == "W47", ticks


@pytest.mark.slow
def test_org_report_reads_in_a_real_headless_browser(org_page: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    dom = browser.dump_dom(org_page, profile)  # the real page, its script-free policy on
    assert dom.count("<svg") == len(MANAGERS) * 7, dom[:500]

    # At 1000 px: nothing runs off the side, whatever the names and labels.
    narrow = browser.layout(org_page, profile, 1000)
    width = narrow["viewport"][0]
    assert width == 1000 and narrow["page"][0] <= width, narrow["wider"]
    assert narrow["wider"] == []

    # At 1280 px the panels sit two by two: one size each, the odd third one included.
    wide = browser.layout(org_page, profile, 1280)
    panels = wide["panels"]
    assert len(panels) == len(MANAGERS) * 7
    assert len({round(p["box"][0]) for p in panels}) == 2  # two columns
    assert len({round(p["box"][2]) for p in panels}) == 1, [p["box"] for p in panels]
    for chart in {p["chart"] for p in panels}:
        first, _, last = (p for p in panels if p["chart"] == chart)
        assert last["box"][1] > first["box"][1]  # the odd one on a row of its own
        assert last["box"][2] == first["box"][2]  # ... not stretched across the page
    for chart in TIME_AXES:
        ticks = [p["ticks"] for p in panels if p["chart"] == chart]
        assert ticks[0] == ticks[1] == ticks[2] != [], chart  # one time axis to compare on

    # The headline numbers open the page, above the fold, before any chart.
    headline = wide["headline"]
    top, bottom = headline[1], headline[1] + headline[3]
    assert top < 200 and bottom <= wide["viewport"][1], headline
    assert all(p["box"][1] > bottom for p in panels)
    rows = {row["manager"]: row["cells"] for row in wide["rows"]}
    assert sorted(rows) == ["Alex Morgan", SMALL, "Sam Whitaker"]
    counts = (  # consistency, follow-through, usefulness, talk share: each with its count
        r"^\d+% ?\d+ of \d+ planned held",
        r"^\d+% ?\d+ of \d+ due done",
        r"^\d\.\d / 5 ?\d+ sessions rated",
        r"^\d+% ?\d+ coaching calls measured",
    )
    for cells in rows.values():
        assert len(cells) == len(counts)
        for cell, pattern in zip(cells, counts, strict=True):
            assert re.search(pattern, cell["text"]), (cell["text"], pattern)
    assert all(c["opacity"] < 0.6 for c in rows[SMALL])  # every one a small sample
    assert all("small sample" in c["text"] for c in rows[SMALL])
    assert all(c["opacity"] == 1 for c in rows["Alex Morgan"])

    shot = browser.screenshot(org_page, tmp_path / "shot.png", profile, 1280, wide["page"][1] + 100)
    colours = shot.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, "the screenshot is blank"
    assert browser.inked(shot, headline) > 0.01  # the numbers are there to read
    regular, faint = rows["Alex Morgan"][0]["box"], rows[SMALL][0]["box"]
    assert browser.darkest(shot, regular) < 80 < 110 < browser.darkest(shot, faint)
    for panel in panels:  # every panel drawn: axes, labels, bars or lines, not paper
        assert panel["svg"] is not None and panel["svg"][3] > 80, panel["name"]
        assert browser.inked(shot, panel["svg"]) > 0.005, (panel["chart"], panel["name"])

"""Open a `coach report` page in a real headless chromium (.ci/run installs Debian's): the DOM
after load, a screenshot, and the rendered layout.

A missing chromium fails the test, it does not skip: the browser is a real component of what
the report promises (a page that reads). The layout is measured on a copy of the page with a
small script appended (the report's own policy forbids scripts, so the copy drops it); the
copy is otherwise the same text, so its layout is the report's.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')

# Records what a reader sees into the DOM, for --dump-dom: the viewport, how wide the page
# really is, the headline's box, and per panel its box, its drawing's box and its headline
# cells' opacity. Boxes are [left, top, width, height] in CSS pixels from the page's top.
MEASURE = """<script>
const box = e => { const b = e.getBoundingClientRect();
  return [b.left + scrollX, b.top + scrollY, b.width, b.height]; };
const root = document.documentElement;
const out = {
  viewport: [root.clientWidth, innerHeight],
  page: [root.scrollWidth, root.scrollHeight],
  headline: document.getElementById("headline") && box(document.getElementById("headline")),
  rows: [...document.querySelectorAll("#headline tr")].slice(1).map(tr => ({
    manager: tr.querySelector("th").textContent,
    cells: [...tr.querySelectorAll("td")].map(td => ({
      text: td.textContent, box: box(td.querySelector("b")),
      opacity: parseFloat(getComputedStyle(td).opacity)})),
  })),
  panels: [...document.querySelectorAll("figure.chart")].map(f => ({
    chart: f.dataset.chart, name: f.querySelector("h3").textContent, box: box(f),
    svg: f.querySelector("svg") && box(f.querySelector("svg")),
    ticks: [...f.querySelectorAll("svg g[id^=xtick_] text")].map(t => t.textContent)})),
  wider: [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")).slice(0, 10),
};
const pre = document.createElement("pre");
pre.id = "measured";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def chromium() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "no chromium on this machine: .ci/run installs Debian's chromium"
    return browser


def _run(profile: Path, width: int, height: int, *args: str) -> str:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return done.stdout


def dump_dom(page: Path, profile: Path, width: int = 1000, height: int = 1400) -> str:
    """The page's DOM after chromium loaded it."""
    return _run(profile, width, height, "--dump-dom", page.as_uri())


def screenshot(page: Path, shot: Path, profile: Path, width: int, height: int) -> Any:
    """A PIL greyscale image of the page in a window of width x height."""
    _run(profile, width, height, f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), "chromium wrote no screenshot"
    from PIL import Image  # matplotlib's own dependency: the report already needs it

    return Image.open(shot).convert("L")


def layout(page: Path, profile: Path, width: int, height: int = 1400) -> dict[str, Any]:
    """What MEASURE records of the page laid out in a window `width` pixels wide."""
    probe = page.with_name(f"{page.stem}-measured-{width}.html")
    text = POLICY.sub("", page.read_text(encoding="utf-8"), count=1)
    probe.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = dump_dom(probe, profile, width, height)
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, f"the measuring script did not run: {dom[:300]!r}"
    measured: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return measured


def inked(image: Any, box: list[float], below: int = 128) -> float:
    """The share of the box's pixels darker than `below` (text, lines, bars: not paper)."""
    left, top, width, height = (round(v) for v in box)
    region = image.crop((left, top, left + width, top + height))
    colours = region.getcolors(maxcolors=1 << 20) or []
    total = sum(count for count, _ in colours)
    return sum(count for count, value in colours if value < below) / max(total, 1)


def darkest(image: Any, box: list[float]) -> int:
    """The darkest grey in the box (0 black, 255 white)."""
    left, top, width, height = (round(v) for v in box)
    low, _ = image.crop((left, top, left + width, top + height)).getextrema()
    return int(low)

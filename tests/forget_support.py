"""Homes for `rep forget` tests: two reps with a record of every kind, one of them (Zed)
carrying distinctive strings that must be gone after a forget."""

from __future__ import annotations

from pathlib import Path

from coachcli.store.repository import Store
from tests.conftest import ok
from tests.helpers.drafts import write_draft
from tests.session_support import add_slot

SECRETS = ["Quux-Zed", "zed-quux", "ANSWER-q7", "TELL-q7", "NOTE-q7", "COMMIT-q7", "MEASURE-q7"]
SECRETS += ["REVIEW-q7", "REPNOTE-q7", "DRAFT-q7", "zed@quux.example"]

ANSWERS = """\
bank: early-pipeline
answers:
  curious-deals: {answer}
tells: [{tell}]
commitments:
  - text: {commit}
    measure: {measure}
notes: {note}
"""


def _session(tmp_path: Path, rep: str, tag: str, day: str) -> str:
    path = tmp_path / f"{rep}-{day}.yaml"
    path.write_text(
        ANSWERS.format(
            answer=f"ANSWER-{tag}",
            tell=f"TELL-{tag}",
            commit=f"COMMIT-{tag}",
            measure=f"MEASURE-{tag}",
            note=f"NOTE-{tag}",
        )
    )
    return ok("session", "start", rep, "--answers", str(path), "--today", day).stdout.strip()


def fill(home: Path, tmp_path: Path) -> None:
    """Two reps with a record of every kind; Zed's carry distinctive strings."""
    ok("rep", "add", "Zed Quux-Zed", "--email", "zed@quux.example", "--notes", "REPNOTE-q7")
    ok("rep", "add", "Marco Rossi", "--notes", "MARCO-keep")
    for rep, tag in (("zed-quux-zed", "q7"), ("marco-rossi", "m1")):
        _session(tmp_path, rep, tag, "2026-11-17")
        add_slot(home, "2026-W48", rep, "2026-11-24T10:00")
        ok("goal", "set", rep, "calls", "40")
        ratings = tmp_path / "r.yaml"
        ratings.write_text("scorecard: sales\nratings: {discovery: 3}\n")
        ok("score", rep, "--ratings", str(ratings), "--today", "2026-11-20")
    csv = tmp_path / "metrics.csv"
    csv.write_text("rep,week,calls\nzed-quux-zed,2026-W47,31\nmarco-rossi,2026-W47,52\n")
    ok("metrics", "import", str(csv))
    (cid,) = [c.id for c in Store(home).read().commitments.all() if c.rep == "zed-quux-zed"]
    review = tmp_path / "review.yaml"
    review.write_text(
        f"bank: early-pipeline\nreviews:\n  - commitment: {cid}\n    status: done\n"
        "    note: REVIEW-q7\nanswers: {}\n"
    )
    ok("session", "start", "zed", "--answers", str(review), "--today", "2026-11-24")
    write_draft(home, "zed-quux-zed", {"rep": "zed-quux-zed", "notes": "DRAFT-q7"})
    _calls(home, tmp_path)


MANAGER = "Sam Rivera"


def _vtt(tmp_path: Path, name: str, speakers: list[str]) -> Path:
    """A transcript where each speaker talks 20 s in turn, twice."""
    lines = ["WEBVTT", ""]
    for i, who in enumerate(speakers * 2):
        lines += [
            f"00:{i // 3:02d}:{i % 3 * 20:02d}.000 --> 00:{i // 3:02d}:{i % 3 * 20 + 19:02d}.000"
        ]
        lines += [f"{who}: Shall we look at the plan for next week?", ""]
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _calls(home: Path, tmp_path: Path) -> None:
    """Zed's own joint call, and Marco's joint call in which Zed speaks too."""
    (home / "config.yaml").write_text(f"manager: {MANAGER}\n")
    own = _vtt(tmp_path, "zed.vtt", [MANAGER, "Zed Quux-Zed", "Buyer One"])
    ok("call", "add", "zed", str(own), "--date", "2026-11-24")
    joint = _vtt(tmp_path, "marco.vtt", [MANAGER, "Marco Rossi", "Zed Quux-Zed"])
    ok("call", "add", "marco", str(joint), "--date", "2026-11-25")


def everything(home: Path) -> str:
    texts = []
    for path in home.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)
